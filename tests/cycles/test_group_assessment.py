"""Requirements about the group as a whole are not asked on every farm: the member inspection asks the farm-level
ones, the group's yearly assessment the group-level ones, and both count in the compliance scores and become
non-conformities in the same way."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from cycles.models import Compliance, Inspection, InspectionKind, NCSource, NonConformity, Severity
from cycles.reports.progress import Period
from cycles.reports.progress.records import build_compliance, build_ics
from cycles.selectors.inspections import group_assessment_of, inspection_questions, round_summaries
from cycles.services.inspections import group_assessment_record, inspection_round_open
from producers.models import ProducerGroup
from standards.models import Requirement, Scope
from standards.reference_data import STANDARDS

from ..factories import UserFactory
from ..factories_inspections import InspectorFactory, all_compliant, inspect, requirement, standard
from ..factories_nonconformities import choose
from .clock_fixtures import frozen as frozen  # a fixture

GIKOE_STANDARDS = ("fairtrade-spo", "eu-organic-group")  # the demo group whose form was 38 questions long


def _codes(questions) -> set[str]:
    return {r.code for q in questions for r in q.requirements}


def _assess(round_, by, *, on: datetime.date = datetime.date(2026, 6, 10), **kwargs):
    kwargs.setdefault("answers", _group_answers(round_.group))
    return group_assessment_record(round=round_, by=by, assessed_on=on, **kwargs)


def _group_answers(group: ProducerGroup, **changes: tuple[str, str]) -> dict[str, tuple[str, str]]:
    answers = all_compliant(group, 2026, kind=InspectionKind.GROUP)
    answers.update(changes)
    return answers


@pytest.fixture
def gikoe(scope):
    for code in GIKOE_STANDARDS:
        choose(scope.group, code)
    return inspection_round_open(group=scope.group, year=2026, by=scope.group_manager)


# --- The reference data ------------------------------------------------------------------------------------------


def test_every_shipped_requirement_has_a_scope_and_a_crosswalk_topic_has_one_scope():
    scopes: dict[str, set[str]] = {}
    for data in STANDARDS:
        for item in data["requirements"]:
            assert item["scope"] in Scope.values, item["code"]
            if item["crosswalk"]:
                scopes.setdefault(item["crosswalk"], set()).add(item["scope"])
    assert {topic: found for topic, found in scopes.items() if len(found) > 1} == {}


@pytest.mark.django_db
def test_migrate_gives_the_shipped_requirements_their_scope():
    assert Requirement.objects.get(standard__code="eu-organic-group", code="EO-M-03").scope == Scope.GROUP
    assert Requirement.objects.get(standard__code="fairtrade-spo", code="FT-M-05").scope == Scope.GROUP
    assert Requirement.objects.get(standard__code="fairtrade-spo", code="FT-E-01").scope == Scope.FARM
    assert Requirement.objects.filter(scope=Scope.GROUP).count() == sum(
        1 for data in STANDARDS for item in data["requirements"] if item["scope"] == Scope.GROUP
    )


# --- The questions -----------------------------------------------------------------------------------------------


def test_the_member_inspection_no_longer_asks_about_the_group_as_a_whole(scope, gikoe):
    questions = inspection_questions(group=scope.group, year=2026)
    codes = _codes(questions)
    # Legal personality, the general assembly, at most 2,000 members: the group's, not the farm's.
    assert not codes & {"EO-M-03", "FT-M-01", "FT-M-05", "EO-M-13"}
    assert {"FT-E-01", "EO-E-02", "FT-S-02"} <= codes
    assert all(r.scope == Scope.FARM for q in questions for r in q.requirements)
    assert len(questions) < 38


def test_the_group_assessment_asks_exactly_the_group_level_questions(scope, gikoe):
    farm = inspection_questions(group=scope.group, year=2026)
    group = inspection_questions(group=scope.group, year=2026, kind=InspectionKind.GROUP)
    assert {"EO-M-03", "FT-M-01", "FT-M-05", "EO-M-13"} <= _codes(group)
    assert all(r.scope == Scope.GROUP for q in group for r in q.requirements)
    # Together they ask everything the standards ask, each once.
    assert not _codes(farm) & _codes(group)
    assert _codes(farm) | _codes(group) == set(
        Requirement.objects.filter(standard__code__in=GIKOE_STANDARDS, applies_from_year=0).values_list(
            "code", flat=True
        )
    )


# --- Recording the group assessment ------------------------------------------------------------------------------


def test_the_group_assessment_records_the_group_answers_and_its_findings_are_group_nonconformities(scope, gikoe):
    general_assembly = Requirement.objects.get(standard__code="fairtrade-spo", code="FT-M-05")
    key = f"r{general_assembly.pk}"
    assessment = group_assessment_record(
        round=gikoe,
        by=scope.group_manager,
        assessed_on=datetime.date(2026, 6, 10),
        answers=_group_answers(scope.group, **{key: (Compliance.NOT_COMPLIANT, "No general assembly since 2024")}),
        severities={key: Severity.MAJOR},
    )
    assert assessment.kind == InspectionKind.GROUP
    assert assessment.member is None
    assert assessment.inspector is None
    assert group_assessment_of(gikoe) == assessment
    assert assessment.answers.count() == sum(
        len(q.requirements) for q in inspection_questions(group=scope.group, year=2026, kind=InspectionKind.GROUP)
    )
    finding = NonConformity.objects.get(inspection=assessment)
    assert (finding.member, finding.source, finding.requirement) == (None, NCSource.INTERNAL, general_assembly)
    assert (finding.severity, finding.description) == (Severity.MAJOR, "No general assembly since 2024")


def test_the_group_is_assessed_once_a_year(scope, gikoe):
    group_assessment_record(
        round=gikoe, by=scope.group_manager, assessed_on=datetime.date(2026, 6, 10), answers=_group_answers(scope.group)
    )
    with pytest.raises(ValidationError) as refused:
        _assess(gikoe, scope.coordinator, on=datetime.date(2026, 6, 11))
    assert refused.value.code == "already_assessed"


def test_the_group_assessment_refuses_a_farm_question_and_an_unanswered_one(scope, gikoe):
    farm_key = inspection_questions(group=scope.group, year=2026)[0].key
    with pytest.raises(ValidationError) as refused:
        group_assessment_record(
            round=gikoe,
            by=scope.group_manager,
            assessed_on=datetime.date(2026, 6, 10),
            answers={**_group_answers(scope.group), farm_key: (Compliance.COMPLIANT, "")},
        )
    assert refused.value.code == "unknown_question"
    answers = _group_answers(scope.group)
    answers.pop(next(iter(answers)))
    with pytest.raises(ValidationError) as refused:
        group_assessment_record(
            round=gikoe, by=scope.group_manager, assessed_on=datetime.date(2026, 6, 10), answers=answers
        )
    assert refused.value.code == "unanswered"
    assert not Inspection.objects.filter(kind=InspectionKind.GROUP).exists()


def test_only_those_who_keep_the_records_assess_the_group(scope, gikoe):
    with pytest.raises(PermissionDenied):
        group_assessment_record(
            round=gikoe, by=scope.donor, assessed_on=datetime.date(2026, 6, 10), answers=_group_answers(scope.group)
        )
    with pytest.raises(PermissionDenied):
        _assess(gikoe, UserFactory.create())


def test_a_group_without_group_level_requirements_has_nothing_to_assess(scope):
    farm_only = standard("farm-only")
    requirement(farm_only, "F-E-01")
    choose(scope.group, farm_only.code)
    round_ = inspection_round_open(group=scope.group, year=2026, by=scope.group_manager)
    with pytest.raises(ValidationError) as refused:
        _assess(round_, scope.group_manager, answers={})
    assert refused.value.code == "no_questions"


# --- Both feed the scores, and the assessment is not a member inspected -------------------------------------------


def test_compliance_scores_count_the_farm_answers_and_the_group_answers(scope, gikoe):
    inspector = InspectorFactory.create(group=scope.group)
    inspect(member=scope.member, inspector=inspector, by=scope.group_manager, on=datetime.date(2026, 6, 2))
    fairtrade = Requirement.objects.filter(standard__code="fairtrade-spo", applies_from_year=0)
    period = Period(start=datetime.date(2026, 1, 1), end=datetime.date(2026, 12, 31))
    groups = ProducerGroup.objects.filter(pk=scope.group.pk)

    def fairtrade_2026():
        section = build_compliance(groups, period)
        return next(s for s in section.standards if s.name == "Fairtrade SPO").years[0].overall

    farm_only = fairtrade_2026()
    assert (farm_only.done, farm_only.total) == (fairtrade.filter(scope=Scope.FARM).count(),) * 2
    general_assembly = fairtrade.get(code="FT-M-05")
    key = f"r{general_assembly.pk}"
    group_assessment_record(
        round=gikoe,
        by=scope.group_manager,
        assessed_on=datetime.date(2026, 6, 10),
        answers=_group_answers(scope.group, **{key: (Compliance.NOT_COMPLIANT, "No assembly")}),
        severities={key: Severity.MINOR},
    )
    both = fairtrade_2026()
    assert both.total == fairtrade.count()
    assert both.done == fairtrade.count() - 1
    section = build_compliance(groups, period)
    assert [(f.code, f.failures) for f in section.most_failed] == [("FT-M-05", 1)]


def test_the_group_assessment_is_not_counted_as_a_member_inspected(scope, gikoe):
    group_assessment_record(
        round=gikoe, by=scope.group_manager, assessed_on=datetime.date(2026, 6, 10), answers=_group_answers(scope.group)
    )
    [summary] = round_summaries(group=scope.group)
    assert summary.coverage.inspected == 0
    period = Period(start=datetime.date(2026, 1, 1), end=datetime.date(2026, 12, 31))
    groups = ProducerGroup.objects.filter(pk=scope.group.pk)
    assert build_ics(groups, [], period).coverage_by_year == []
