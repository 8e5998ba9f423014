"""The group assessment through the test client, and the member inspection form that no longer asks about the group
as a whole: each role and an outsider, recording, reading back, and the query budget."""

import pytest
from django.urls import reverse

from cycles.models import Compliance, Inspection, InspectionKind, NonConformity, Severity
from cycles.selectors.inspections import inspection_questions
from cycles.services.inspections import inspection_round_open
from standards.models import Requirement

from ..factories import MemberFactory
from ..factories_inspections import InspectorFactory, grow_standards
from ..factories_nonconformities import choose
from ..helpers import RECORD_KEEPERS, flash_messages, page_query_count, page_text
from .clock_fixtures import frozen as frozen  # a fixture

ROLES = ["coordinator", "field_officer", "group_manager", "donor", "outsider"]

# Texts of group-level requirements of the demo's Gikoe group (Fairtrade SPO and EU Organic), and of farm-level ones.
GROUP_LEVEL = ("The group has its own legal personality", "Hold a general assembly every year", "at most 2,000 members")
FARM_LEVEL = ("Use no prohibited (red-list) pesticides", "Use no GMOs and no irradiation")


@pytest.fixture
def gikoe(scope):
    """The scope's group with the standards of the demo's Gikoe group, the round of 2026 open, an inspector."""
    for code in ("fairtrade-spo", "eu-organic-group"):
        choose(scope.group, code)
    inspection_round_open(group=scope.group, year=2026, by=scope.group_manager)
    return {
        "scope": scope,
        "inspector": InspectorFactory.create(group=scope.group),
        "due": MemberFactory.create(group=scope.group),
    }


def _assessment_url(scope) -> str:
    return reverse("cycles:group_assessment", kwargs={"pk": scope.group.pk, "year": 2026})


def _post(scope, **changes) -> dict[str, str]:
    data = {"assessed_on": "2026-06-12", "notes": "With the chair and the ICS manager."}
    for question in inspection_questions(group=scope.group, year=2026, kind=InspectionKind.GROUP):
        data[f"{question.key}-answer"] = Compliance.COMPLIANT
        data[f"{question.key}-notes"] = ""
        data[f"{question.key}-severity"] = ""
    data.update(changes)
    return data


def test_the_member_inspection_form_asks_about_the_farm_not_the_group(gikoe, login):
    scope = gikoe["scope"]
    url = reverse("cycles:inspection_create", kwargs={"pk": scope.group.pk, "year": 2026, "member_pk": gikoe["due"].pk})
    text = page_text(login(scope.group_manager).get(url))
    for farm in FARM_LEVEL:
        assert farm in text
    for group in GROUP_LEVEL:
        assert group not in text


def test_the_group_assessment_form_asks_about_the_group(gikoe, login):
    text = page_text(login(gikoe["scope"].group_manager).get(_assessment_url(gikoe["scope"])))
    for group in GROUP_LEVEL:
        assert group in text
    for farm in FARM_LEVEL:
        assert farm not in text


@pytest.mark.parametrize("role", ROLES)
def test_those_who_keep_the_records_assess_the_group_and_others_may_not(gikoe, login, role):
    scope = gikoe["scope"]
    client = login(scope.users()[role])
    status = client.get(_assessment_url(scope)).status_code
    response = client.post(_assessment_url(scope), _post(scope))
    recorded = Inspection.objects.filter(kind=InspectionKind.GROUP).first()
    if role in RECORD_KEEPERS:
        assert status == 200
        assert response.status_code == 302
        assert recorded is not None
        assert recorded.recorded_by == scope.users()[role]
    else:
        assert status == response.status_code == (403 if role == "donor" else 404)
        assert recorded is None


def test_a_failed_group_answer_becomes_a_group_nonconformity_read_back_on_the_assessment(gikoe, login):
    scope = gikoe["scope"]
    client = login(scope.field_officer)
    assembly = Requirement.objects.get(standard__code="fairtrade-spo", code="FT-M-05")
    key = f"r{assembly.pk}"
    response = client.post(
        _assessment_url(scope),
        _post(scope, **{f"{key}-answer": Compliance.NOT_COMPLIANT, f"{key}-notes": "No assembly in 2025"}),
    )
    assert response.status_code == 400  # no severity chosen
    assert not Inspection.objects.filter(kind=InspectionKind.GROUP).exists()
    response = client.post(
        _assessment_url(scope),
        _post(
            scope,
            **{
                f"{key}-answer": Compliance.NOT_COMPLIANT,
                f"{key}-notes": "No assembly in 2025",
                f"{key}-severity": Severity.MAJOR,
            },
        ),
    )
    assessment = Inspection.objects.get(kind=InspectionKind.GROUP)
    assert response.url == reverse("cycles:inspection_detail", args=[assessment.pk])
    assert "1 non-conformity of the group recorded." in " ".join(flash_messages(response))
    finding = NonConformity.objects.get(inspection=assessment)
    assert (finding.member, finding.requirement, finding.severity) == (None, assembly, Severity.MAJOR)
    text = page_text(client.get(response.url))
    assert "Group assessment 2026" in text
    assert "No assembly in 2025" in text
    assert "Proposed decision" not in text
    # Once recorded, the form leads to the answers; the round shows the assessment.
    assert client.get(_assessment_url(scope)).url == response.url
    round_page = page_text(client.get(reverse("cycles:inspection_round", args=[scope.group.pk, 2026])))
    assert reverse("cycles:inspection_detail", args=[assessment.pk]) in round_page
    nc_page = page_text(client.get(reverse("cycles:nc_detail", args=[finding.pk])))
    assert "Group assessment of 12 Jun 2026" in nc_page


def test_the_round_page_offers_the_group_assessment(gikoe, login):
    scope = gikoe["scope"]
    text = page_text(login(scope.group_manager).get(reverse("cycles:inspection_round", args=[scope.group.pk, 2026])))
    assert _assessment_url(scope) in text


def test_the_assessment_form_makes_as_many_queries_for_many_requirements_as_for_few(gikoe, login):
    client = login(gikoe["scope"].group_manager)
    small = page_query_count(client, _assessment_url(gikoe["scope"]))
    grow_standards(gikoe["scope"].group, 80)
    for item in Requirement.objects.filter(code__startswith="X80-"):
        item.scope = "group"
        item.save()
    assert len(inspection_questions(group=gikoe["scope"].group, year=2026, kind=InspectionKind.GROUP)) > 80
    large = page_query_count(client, _assessment_url(gikoe["scope"]))
    assert large == small, f"{small} queries for few requirements, {large} for many"
    assert large <= 25
