"""A finding counts against every standard its answer served: a "not compliant" answer to a question that two chosen
standards ask (through the cross-walk) is one non-conformity, against the requirement of each; the pages show all
of them and the counts per standard count it under each. An external audit's finding is against its own standard."""

import datetime
import importlib

import pytest
from django.apps import apps
from django.core.exceptions import ValidationError
from django.urls import reverse

from cycles.models import Compliance, NonConformity
from cycles.services.nonconformities import nonconformity_create
from standards.models import CrosswalkTopic, Requirement

from ..factories_inspections import InspectorFactory, inspect
from ..factories_nonconformities import choose, make_nc
from ..helpers import page_text

PESTICIDES = "pesticide-restrictions"


@pytest.fixture
def both(scope):
    """The group pursues Fairtrade SPO and EU Organic; both ask about pesticides (FT-E-01 and EO-E-02)."""
    choose(scope.group, "fairtrade-spo")
    choose(scope.group, "eu-organic-group")
    return InspectorFactory.create(group=scope.group, name="Grace Wambui")


def _inspect_pesticides(scope, inspector, severity="major"):
    key = f"t{CrosswalkTopic.objects.get(code=PESTICIDES).pk}"
    return inspect(
        member=scope.member,
        inspector=inspector,
        by=scope.group_manager,
        answers={key: (Compliance.NOT_COMPLIANT, "A can of paraquat in the store.")},
        severities={key: severity},
    )


def _codes(nc):
    return sorted(nc.requirements.values_list("code", flat=True))


def test_a_finding_on_a_shared_question_counts_against_every_standard_the_answer_served(scope, both):
    inspection = _inspect_pesticides(scope, both)
    (nc,) = NonConformity.objects.filter(inspection=inspection)
    assert _codes(nc) == ["EO-E-02", "FT-E-01"]
    assert nc.requirement.code in _codes(nc)
    assert sorted(nc.requirements.values_list("standard__code", flat=True)) == ["eu-organic-group", "fairtrade-spo"]


def test_a_finding_on_a_question_of_one_standard_counts_against_that_one(scope):
    choose(scope.group, "fairtrade-spo")
    inspector = InspectorFactory.create(group=scope.group, name="Grace Wambui")
    inspection = _inspect_pesticides(scope, inspector)
    (nc,) = NonConformity.objects.filter(inspection=inspection)
    assert _codes(nc) == ["FT-E-01"]


def test_an_audit_finding_counts_against_the_audited_standard_only(scope, both):
    nc = make_nc(scope.group, scope.group_manager)
    assert list(nc.requirements.all()) == [nc.requirement]


def test_a_finding_is_not_counted_against_a_requirement_that_is_not_equivalent(scope, both):
    inspection = _inspect_pesticides(scope, both)
    lead = Requirement.objects.get(code="FT-E-01")
    other = Requirement.objects.filter(standard__code="eu-organic-group").exclude(code="EO-E-02")[0]
    with pytest.raises(ValidationError) as error:
        nonconformity_create(
            group=scope.group,
            by=scope.group_manager,
            requirement=lead,
            requirements=[lead, other],
            severity="minor",
            description="Another finding.",
            found_on=inspection.inspected_on,
            member=scope.member,
            inspection=inspection,
        )
    assert error.value.code == "requirements_not_equivalent"


def test_the_pages_show_every_standard_and_the_list_counts_it_under_each(scope, both, login):
    nc = NonConformity.objects.get(inspection=_inspect_pesticides(scope, both))
    client = login(scope.group_manager)
    detail = page_text(client.get(reverse("cycles:nc_detail", kwargs={"pk": nc.pk})))
    for text in ("EU Organic", "EO-E-02", "Fairtrade", "FT-E-01"):
        assert text in detail
    listing = reverse("cycles:nc_list", kwargs={"pk": scope.group.pk})
    row = page_text(client.get(listing)).split(f'data-nc="{nc.pk}"')[1].split("</tr>")[0]
    assert "EO-E-02" in row
    assert "FT-E-01" in row
    for code in ("fairtrade-spo", "eu-organic-group"):
        response = client.get(listing, {"standard": code})
        assert list(response.context["page"].object_list) == [nc]
    # A standard chosen since: the answer did not serve it.
    choose(scope.group, "globalgap-ifa-opt2")
    assert not client.get(listing, {"standard": "globalgap-ifa-opt2"}).context["page"].object_list


def test_the_progress_report_counts_a_shared_finding_under_each_standard(scope, both):
    from cycles.reports.progress.figures import Period
    from cycles.reports.progress.groups import group_lines
    from cycles.reports.progress.records import build_ics
    from producers.models import ProducerGroup

    nc = NonConformity.objects.get(inspection=_inspect_pesticides(scope, both))
    groups = ProducerGroup.objects.filter(pk=scope.group.pk)
    year = nc.found_on.year
    period = Period(datetime.date(year, 1, 1), datetime.date(year, 12, 31))
    section = build_ics(groups, group_lines(groups), period)
    counts = {line.name: (line.found, line.open) for line in section.standards}
    assert counts["EU Organic"] == (1, 1)
    assert counts["Fairtrade SPO"] == (1, 1)


def test_the_migration_fills_existing_findings_from_their_answers(scope, both):
    nc = NonConformity.objects.get(inspection=_inspect_pesticides(scope, both))
    audit_nc = make_nc(scope.group, scope.group_manager)
    nc.requirements.clear()
    audit_nc.requirements.clear()
    migration = importlib.import_module("cycles.migrations.0011_nc_standards_and_verification")
    migration.fill_requirements(apps, None)
    assert _codes(nc) == ["EO-E-02", "FT-E-01"]
    assert list(audit_nc.requirements.all()) == [audit_nc.requirement]
