"""Internal inspection pages through the test client: each role and an outsider, the rounds and their
coverage, the inspection form with its refusals, and an inspection read back."""

import datetime

import pytest
from django.urls import reverse

from cycles.models import (
    Compliance,
    ConflictOfInterest,
    Decision,
    Inspection,
    InspectionRound,
    Inspector,
    NonConformity,
    Severity,
)
from cycles.selectors.inspections import inspection_questions
from cycles.services.inspections import conflict_declare
from producers.models.members import MemberStatus

from ..factories import MemberFactory
from ..helpers import RECORD_KEEPERS, flash_messages, form_error_codes, page_text
from .clock_fixtures import frozen as frozen  # a fixture
from .inspections_pages_fixtures import _form_url
from .inspections_pages_fixtures import world as world  # a fixture

ROLES = ["coordinator", "field_officer", "group_manager", "donor", "outsider"]
EDITORS = set(RECORD_KEEPERS)


def _answers(world, member=None, **changes) -> dict[str, str]:
    """A complete POST of the inspection form: every question compliant unless changed, no severity chosen (as an
    untouched form sends it)."""
    scope = world["scope"]
    data = {"inspector": str(world["grace"].pk), "inspected_on": "2026-06-14", "notes": "Visited with the chair."}
    for question in inspection_questions(group=scope.group, year=2026):
        data[f"{question.key}-answer"] = Compliance.COMPLIANT
        data[f"{question.key}-notes"] = ""
        data[f"{question.key}-severity"] = ""
    data.update(changes)
    return data


# --- Permissions, every role and an outsider ---------------------------------------------------------------------

READ_PAGES = {
    "rounds": (lambda w: reverse("cycles:inspection_rounds", args=[w["scope"].group.pk]), EDITORS | {"donor"}),
    "round": (lambda w: reverse("cycles:inspection_round", args=[w["scope"].group.pk, 2026]), EDITORS),
    "form": (_form_url, EDITORS),
    "detail": (lambda w: reverse("cycles:inspection_detail", args=[w["inspection"].pk]), EDITORS),
    "inspectors": (lambda w: reverse("cycles:inspectors", args=[w["scope"].group.pk]), EDITORS),
    "inspector": (lambda w: reverse("cycles:inspector_update", args=[w["grace"].pk]), EDITORS),
    "conflict": (lambda w: reverse("cycles:conflict_create", args=[w["grace"].pk]), EDITORS),
}


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("page", sorted(READ_PAGES))
def test_each_page_is_served_to_the_roles_that_need_it(world, login, page, role):
    url, allowed = READ_PAGES[page]
    status = login(world["scope"].users()[role]).get(url(world)).status_code
    if role in allowed:
        assert status == 200
    elif role == "donor":
        assert status == 403  # the donor sees the group, not its people
    else:
        assert status == 404


@pytest.mark.parametrize("role", ROLES)
def test_only_those_who_keep_the_records_record_an_inspection(world, login, role):
    response = login(world["scope"].users()[role]).post(_form_url(world), _answers(world))
    recorded = Inspection.objects.filter(member=world["due"]).first()
    if role in EDITORS:
        assert response.status_code == 302
        assert recorded is not None
        assert recorded.recorded_by == world["scope"].users()[role]
    else:
        assert response.status_code == (403 if role == "donor" else 404)
        assert recorded is None


@pytest.mark.parametrize("role", ROLES)
def test_only_those_who_keep_the_records_open_a_round_add_inspectors_and_declare_conflicts(world, login, role):
    scope = world["scope"]
    client = login(scope.users()[role])
    responses = [
        client.post(reverse("cycles:inspection_round_open", args=[scope.group.pk]), {"year": "2025"}),
        client.post(reverse("cycles:inspectors", args=[scope.group.pk]), {"name": "Peter Kariuki", "active": "on"}),
        client.post(
            reverse("cycles:conflict_create", args=[world["grace"].pk]),
            {"member": world["due"].pk, "declared_on": "2026-06-01", "reason": "Neighbours"},
        ),
        client.post(
            reverse("cycles:inspector_update", args=[world["grace"].pk]),
            {"name": "Grace N. Wambui", "member": world["grace"].member_id, "active": "on", "version": "1"},
        ),
    ]
    written = [
        InspectionRound.objects.filter(year=2025).exists(),
        Inspector.objects.filter(name="Peter Kariuki").exists(),
        ConflictOfInterest.objects.exists(),
        Inspector.objects.filter(name="Grace N. Wambui").exists(),
    ]
    if role in EDITORS:
        assert [r.status_code for r in responses] == [302] * 4
        assert all(written)
    else:
        assert {r.status_code for r in responses} == {403 if role == "donor" else 404}
        assert not any(written)


def test_a_donor_sees_the_rounds_coverage_but_no_names_and_no_way_in(world, login):
    text = page_text(
        login(world["scope"].donor).get(reverse("cycles:inspection_rounds", args=[world["scope"].group.pk]))
    )
    assert "Round 2026" in text
    assert "1 of 3 inspected (33%)" in text
    for name in ("Wanjiru", "Grace", "Njeri"):
        assert name not in text
    assert reverse("cycles:inspection_round", args=[world["scope"].group.pk, 2026]) not in text
    assert reverse("cycles:inspectors", args=[world["scope"].group.pk]) not in text
    assert 'data-testid="open-round"' not in text


# --- Rounds ------------------------------------------------------------------------------------------------------


def test_the_rounds_page_says_what_to_do_when_there_is_no_round(scope, login):
    text = page_text(login(scope.group_manager).get(reverse("cycles:inspection_rounds", args=[scope.group.pk])))
    assert 'data-testid="empty-state"' in text
    assert "Open the round of 2026" in text


def test_opening_this_years_round_leads_to_it(scope, login):
    response = login(scope.field_officer).post(
        reverse("cycles:inspection_round_open", args=[scope.group.pk]), {"year": "2026"}
    )
    assert response["Location"] == reverse("cycles:inspection_round", args=[scope.group.pk, 2026])
    assert InspectionRound.objects.get(group=scope.group).opened_by == scope.field_officer
    assert flash_messages(response) == ["The round of 2026 is open: every member who has not left is due."]


def test_a_round_of_a_year_not_begun_is_refused_with_the_reason(scope, login):
    response = login(scope.group_manager).post(
        reverse("cycles:inspection_round_open", args=[scope.group.pk]), {"year": "2027"}
    )
    assert response["Location"] == reverse("cycles:inspection_rounds", args=[scope.group.pk])
    assert flash_messages(response) == ["2027 has not begun yet: a round is opened in its own year."]
    assert not InspectionRound.objects.exists()


def test_a_round_not_open_offers_to_open_it(scope, login):
    text = page_text(login(scope.group_manager).get(reverse("cycles:inspection_round", args=[scope.group.pk, 2025])))
    assert 'data-testid="not-open"' in text
    assert "Open the round of 2025" in text


def test_the_round_page_shows_coverage_and_who_is_still_due_first(world, login):
    scope = world["scope"]
    MemberFactory.create(group=scope.group, first_name="Gone", status=MemberStatus.LEFT)
    response = login(scope.group_manager).get(reverse("cycles:inspection_round", args=[scope.group.pk, 2026]))
    text = page_text(response)
    assert 'data-testid="inspected">1<' in text
    assert "of 3 members inspected" in text
    assert "2 members are still due." in text
    rows = [(member.first_name, inspection is not None) for member, inspection in response.context["rows"]]
    assert rows == [("Njeri", False), ("Grace", False), ("Wanjiru", True)]  # by number, GK-0042 first
    assert _form_url(world) in text
    assert reverse("cycles:inspection_detail", args=[world["inspection"].pk]) in text
    assert "Gone" not in text


@pytest.mark.parametrize(
    ("query", "names"),
    [("?show=due", ["Njeri", "Grace"]), ("?show=inspected", ["Wanjiru"]), ("?q=gk-0042", ["Njeri"])],
)
def test_the_round_page_filters_and_searches(world, login, query, names):
    scope = world["scope"]
    url = reverse("cycles:inspection_round", args=[scope.group.pk, 2026]) + query
    response = login(scope.field_officer).get(url)
    assert [member.first_name for member, _ in response.context["rows"]] == names


def test_the_round_page_is_paginated(world, login, settings):
    scope = world["scope"]
    MemberFactory.create_batch(settings.PAGE_SIZE, group=scope.group)
    url = reverse("cycles:inspection_round", args=[scope.group.pk, 2026])
    first = login(scope.field_officer).get(url)
    second = login(scope.field_officer).get(url + "?page=2")
    assert len(first.context["rows"]) == settings.PAGE_SIZE
    assert len(second.context["rows"]) == 3
    assert 'rel="next"' in page_text(first)


# --- The inspection form -----------------------------------------------------------------------------------------


def test_the_form_asks_each_question_once_in_a_card(world, login):
    text = page_text(login(world["scope"].group_manager).get(_form_url(world)))
    assert text.count('data-testid="question"') == 3
    assert f'data-key="t{world["topic"].pk}"' in text
    assert "Counts for 2 standards" in text
    assert "Member register kept" in text
    assert 'value="not_compliant"' in text


def test_saving_the_form_records_the_inspection_its_findings_and_the_proposal(world, login):
    scope = world["scope"]
    key = f"r{world['environment'].pk}"
    response = login(scope.group_manager).post(
        _form_url(world),
        _answers(
            world,
            **{
                f"{key}-answer": Compliance.NOT_COMPLIANT,
                f"{key}-notes": "Spraying without gloves",
                f"{key}-severity": Severity.CRITICAL,
            },
        ),
    )
    inspection = Inspection.objects.get(member=world["due"])
    assert response["Location"] == reverse("cycles:inspection_detail", args=[inspection.pk])
    assert inspection.proposed_decision == Decision.EXCLUDE
    assert inspection.notes == "Visited with the chair."
    finding = NonConformity.objects.get(inspection=inspection)
    assert (finding.severity, finding.description) == (Severity.CRITICAL, "Spraying without gloves")
    assert flash_messages(response) == [
        "Inspection of Njeri Mwangi recorded. Proposed decision: Do not approve. 1 non-conformity recorded."
    ]


def test_the_severity_of_a_finding_is_never_assumed(world, login):
    scope = world["scope"]
    key = f"r{world['environment'].pk}"
    client = login(scope.group_manager)
    form = client.get(_form_url(world)).context["form"]
    assert form[f"{key}-severity"].value() in (None, "")
    assert 'value="minor" selected' not in page_text(client.get(_form_url(world)))
    response = client.post(
        _form_url(world),
        _answers(world, **{f"{key}-answer": Compliance.NOT_COMPLIANT, f"{key}-notes": "Spraying without gloves"}),
    )
    assert response.status_code == 400
    assert form_error_codes(response.context["form"]) == {f"{key}-severity": ["finding_severity_required"]}
    text = page_text(response)
    assert "Choose how serious the finding is: minor, major or critical." in text
    assert "Spraying without gloves" in text
    assert not Inspection.objects.filter(member=world["due"]).exists()


def test_the_form_refuses_an_inspector_on_their_own_farm_and_keeps_what_was_typed(world, login):
    grace = world["grace"]
    response = login(world["scope"].group_manager).post(
        _form_url(world, grace.member), _answers(world, notes="Typed on the farm")
    )
    assert response.status_code == 400
    text = page_text(response)
    assert "Grace Wambui may not inspect their own farm." in text
    assert "Typed on the farm" in text
    assert not Inspection.objects.filter(member=grace.member).exists()


def test_the_form_refuses_an_inspector_with_a_declared_conflict_and_says_why(world, login):
    scope = world["scope"]
    conflict_declare(
        inspector=world["grace"],
        member=world["due"],
        by=scope.group_manager,
        declared_on=datetime.date(2026, 3, 3),
        reason="Her sister-in-law",
    )
    response = login(scope.field_officer).post(_form_url(world), _answers(world))
    assert response.status_code == 400
    assert (
        "Grace Wambui declared a conflict of interest with Njeri Mwangi on 3 March 2026: Her sister-in-law"
        in page_text(response)
    )
    assert not Inspection.objects.filter(member=world["due"]).exists()


def test_a_failed_answer_needs_to_say_what_was_found(world, login):
    key = f"r{world['environment'].pk}"
    response = login(world["scope"].group_manager).post(
        _form_url(world), _answers(world, **{f"{key}-answer": Compliance.NOT_COMPLIANT})
    )
    assert response.status_code == 400
    assert "Say what was found: it becomes the non-conformity." in page_text(response)
    assert not Inspection.objects.filter(member=world["due"]).exists()


def test_an_unanswered_question_is_marked(world, login):
    data = _answers(world)
    del data[f"r{world['environment'].pk}-answer"]
    response = login(world["scope"].group_manager).post(_form_url(world), data)
    assert response.status_code == 400
    assert "Answer this question." in page_text(response)


def test_a_member_already_inspected_leads_to_the_inspection(world, login):
    response = login(world["scope"].group_manager).get(_form_url(world, world["scope"].member))
    assert response["Location"] == reverse("cycles:inspection_detail", args=[world["inspection"].pk])


def test_a_member_who_left_is_not_inspected(world, login):
    world["due"].status = MemberStatus.LEFT
    world["due"].save()
    response = login(world["scope"].group_manager).get(_form_url(world))
    assert response["Location"] == reverse("cycles:inspection_round", args=[world["scope"].group.pk, 2026])
    assert flash_messages(response) == ["Njeri Mwangi has left the group: only members are inspected."]


def test_a_member_of_another_group_is_not_found(world, login):
    response = login(world["scope"].coordinator).get(_form_url(world, world["scope"].other_member))
    assert response.status_code == 404


def test_the_form_waits_for_the_round_to_be_opened(world, login):
    scope = world["scope"]
    url = reverse("cycles:inspection_create", args=[scope.group.pk, 2025, world["due"].pk])
    response = login(scope.group_manager).get(url)
    assert response["Location"] == reverse("cycles:inspection_round", args=[scope.group.pk, 2025])
    assert flash_messages(response) == ["Open the round of 2025 first."]


# --- An inspection read back -------------------------------------------------------------------------------------


def test_the_inspection_page_shows_answers_findings_the_proposal_and_history(world, login):
    inspection = world["inspection"]
    text = page_text(login(world["scope"].field_officer).get(reverse("cycles:inspection_detail", args=[inspection.pk])))
    assert 'data-decision="sanction"' in text
    assert reverse("producers:member_detail", args=[world["scope"].member.pk]) in text
    assert "The approval committee decides" in text
    assert "Empty pesticide cans by the river" in text
    finding = NonConformity.objects.get(inspection=inspection)
    assert reverse("cycles:nc_detail", args=[finding.pk]) in text
    assert text.count('data-testid="answer"') == 3
    assert 'data-testid="history"' in text
    assert str(world["scope"].group_manager) in text
