"""Recording an internal inspection through the services: its refusals, the answers and non-conformities it
writes, the decision it proposes, and a round's coverage."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from cycles.models import (
    Compliance,
    Decision,
    Inspection,
    InspectionAnswer,
    NCSource,
    NCStatus,
    NonConformity,
    Severity,
)
from cycles.selectors.inspections import (
    inspection_answer_rows,
    propose_decision,
    round_coverage,
    round_members,
    round_summaries,
)
from cycles.services.inspections import conflict_declare, inspection_record, inspection_round_open
from producers.history import history_entries
from producers.models.members import MemberStatus

from ..factories import MemberFactory
from ..factories_inspections import InspectorFactory, all_compliant, inspect
from .clock_fixtures import TODAY
from .clock_fixtures import frozen as frozen  # a fixture
from .inspections_fixtures import grace as grace  # a fixture
from .inspections_fixtures import standards as standards  # a fixture


@pytest.fixture
def inspection_round(scope, standards):
    return inspection_round_open(group=scope.group, year=2026, by=scope.group_manager)


def _record(scope, inspection_round, inspector, **overrides):
    arguments = {
        "round": inspection_round,
        "member": scope.member,
        "inspector": inspector,
        "by": scope.group_manager,
        "inspected_on": datetime.date(2026, 6, 10),
        "answers": all_compliant(scope.group, 2026),
        "notes": "",
    }
    arguments.update(overrides)
    return inspection_record(**arguments)


# --- Recording an inspection: refusals ---------------------------------------------------------------------------


def test_an_inspector_may_not_inspect_their_own_farm(scope, standards, inspection_round, grace):
    with pytest.raises(ValidationError) as error:
        _record(scope, inspection_round, grace, member=grace.member)
    assert error.value.code == "own_farm"
    assert error.value.messages == ["Grace Wambui may not inspect their own farm."]
    assert not Inspection.objects.exists()


def test_an_inspector_may_not_inspect_a_farm_where_they_declared_a_conflict(scope, standards, inspection_round, grace):
    conflict_declare(
        inspector=grace,
        member=scope.member,
        by=scope.group_manager,
        declared_on=datetime.date(2026, 3, 3),
        reason="Her sister-in-law",
    )
    with pytest.raises(ValidationError) as error:
        _record(scope, inspection_round, grace)
    assert error.value.code == "conflict_of_interest"
    assert error.value.messages == [
        "Grace Wambui declared a conflict of interest with Wanjiru Kamau on 3 March 2026: Her sister-in-law"
    ]
    assert not Inspection.objects.exists()
    assert not NonConformity.objects.exists()


def test_the_same_inspector_may_inspect_other_farms(scope, standards, inspection_round, grace):
    conflict_declare(inspector=grace, member=scope.member, by=scope.coordinator, declared_on=TODAY, reason="Debt")
    neighbour = MemberFactory.create(group=scope.group)
    assert _record(scope, inspection_round, grace, member=neighbour).inspector == grace


def _refusal(scope, inspection_round, grace, change: str):
    if change == "member_elsewhere":
        return {"member": scope.other_member}
    if change == "member_left":
        scope.member.status = MemberStatus.LEFT
        scope.member.save()
        return {}
    if change == "inspector_elsewhere":
        return {"inspector": InspectorFactory.create(group=scope.other_group)}
    if change == "inspector_inactive":
        grace.active = False
        grace.save()
        return {}
    if change == "already_inspected":
        _record(scope, inspection_round, grace)
        return {}
    if change == "future_date":
        return {"inspected_on": datetime.date(2026, 6, 16)}
    if change == "outside_round_year":
        return {"inspected_on": datetime.date(2025, 12, 31)}
    answers = all_compliant(scope.group, 2026)
    first = next(iter(answers))
    if change == "unanswered":
        del answers[first]
    elif change == "unknown_question":
        answers["r999999"] = (Compliance.COMPLIANT, "")
    elif change == "invalid_answer":
        answers[first] = ("maybe", "")
    elif change == "finding_notes_required":
        answers[first] = (Compliance.NOT_COMPLIANT, "  ")
    elif change == "severity":
        answers[first] = (Compliance.NOT_COMPLIANT, "No register")
        return {"answers": answers, "severities": {first: "catastrophic"}}
    return {"answers": answers}


REFUSALS = [
    "member_elsewhere",
    "member_left",
    "inspector_elsewhere",
    "inspector_inactive",
    "already_inspected",
    "future_date",
    "outside_round_year",
    "unanswered",
    "unknown_question",
    "invalid_answer",
    "finding_notes_required",
    "severity",
]


@pytest.mark.parametrize("code", REFUSALS)
def test_an_inspection_is_refused_with_a_reason_and_nothing_is_written(scope, standards, inspection_round, grace, code):
    overrides = _refusal(scope, inspection_round, grace, code)
    before = (Inspection.objects.count(), InspectionAnswer.objects.count(), NonConformity.objects.count())
    with pytest.raises(ValidationError) as error:
        _record(scope, inspection_round, overrides.pop("inspector", grace), **overrides)
    assert error.value.code == code
    assert error.value.messages[0]
    assert (Inspection.objects.count(), InspectionAnswer.objects.count(), NonConformity.objects.count()) == before


def test_an_unanswered_question_is_named(scope, standards, inspection_round, grace):
    answers = all_compliant(scope.group, 2026)
    del answers[f"r{standards['A-E-01'].pk}"]
    with pytest.raises(ValidationError) as error:
        _record(scope, inspection_round, grace, answers=answers)
    assert error.value.messages == ["Answer every question: “Requirement A-E-01” (A-E-01) is unanswered."]


def test_an_inspection_needs_questions_to_ask(scope, grace):
    empty_round = inspection_round_open(group=scope.group, year=2026, by=scope.coordinator)
    with pytest.raises(ValidationError) as error:
        _record(scope, empty_round, grace, answers={})
    assert error.value.code == "no_questions"


@pytest.mark.parametrize("role", ["donor", "outsider"])
def test_donors_and_outsiders_cannot_record_an_inspection(scope, standards, inspection_round, grace, role):
    with pytest.raises(PermissionDenied):
        _record(scope, inspection_round, grace, by=scope.users()[role])
    assert not Inspection.objects.exists()


# --- Recording an inspection: what it writes ---------------------------------------------------------------------


def test_an_inspection_stores_an_answer_per_requirement_and_the_crosswalk_answer_counts_for_each(
    scope, standards, inspection_round, grace
):
    answers = all_compliant(scope.group, 2026)
    answers[f"t{standards['topic'].pk}"] = (Compliance.COMPLIANT, "Register seen, 65 members")
    answers[f"r{standards['B-S-01'].pk}"] = (Compliance.NOT_APPLICABLE, "No hired workers")
    inspection = _record(scope, inspection_round, grace, answers=answers, notes="  Visited with the chair.  ")
    stored = {a.requirement.code: a for a in inspection.answers.select_related("requirement")}
    assert sorted(stored) == ["A-E-01", "A-M-01", "A-Q-01", "B-M-01", "B-S-01"]
    for code in ("A-M-01", "B-M-01"):
        assert (stored[code].crosswalk_topic, stored[code].notes) == (standards["topic"], "Register seen, 65 members")
    assert stored["A-E-01"].crosswalk_topic is None
    assert stored["B-S-01"].answer == Compliance.NOT_APPLICABLE
    assert (inspection.notes, inspection.recorded_by, inspection.recorded_at) == (
        "Visited with the chair.",
        scope.group_manager,
        timezone.now(),
    )
    assert inspection.proposed_decision == Decision.APPROVE
    assert history_entries(inspection)[0].by == scope.group_manager
    rows = inspection_answer_rows(inspection)
    assert [[r.code for r in row.requirements] for row in rows] == [
        ["A-M-01", "B-M-01"],
        ["A-Q-01"],
        ["A-E-01"],
        ["B-S-01"],
    ]


def test_a_failed_answer_without_a_chosen_severity_is_refused_and_nothing_is_written(
    scope, standards, inspection_round, grace
):
    register = f"t{standards['topic'].pk}"
    with pytest.raises(ValidationError) as refused:
        _record(
            scope,
            inspection_round,
            grace,
            answers={
                **all_compliant(scope.group, 2026),
                register: (Compliance.NOT_COMPLIANT, "Register two years old"),
            },
        )
    assert refused.value.code == "severity"
    assert "Member register kept" in refused.value.messages[0]
    assert not Inspection.objects.exists()
    assert not NonConformity.objects.exists()


def test_each_failed_answer_becomes_one_nonconformity_with_its_severity_and_notes(
    scope, standards, inspection_round, grace
):
    register, environment = f"t{standards['topic'].pk}", f"r{standards['A-E-01'].pk}"
    inspection = _record(
        scope,
        inspection_round,
        grace,
        answers={
            **all_compliant(scope.group, 2026),
            register: (Compliance.NOT_COMPLIANT, "Register two years old"),
            environment: (Compliance.NOT_COMPLIANT, "Empty pesticide cans in the river"),
        },
        severities={register: Severity.MINOR, environment: Severity.MAJOR},
    )
    findings = {nc.requirement.code: nc for nc in NonConformity.objects.select_related("requirement")}
    # One finding per question, even where the question counts for two standards.
    assert sorted(findings) == ["A-E-01", "A-M-01"]
    register_nc, environment_nc = findings["A-M-01"], findings["A-E-01"]
    assert (register_nc.severity, register_nc.description) == (Severity.MINOR, "Register two years old")
    assert (environment_nc.severity, environment_nc.description) == (
        Severity.MAJOR,
        "Empty pesticide cans in the river",
    )
    for finding in findings.values():
        assert (finding.source, finding.member, finding.inspection, finding.group) == (
            NCSource.INTERNAL,
            scope.member,
            inspection,
            scope.group,
        )
        assert (finding.status, finding.found_on) == (NCStatus.OPEN, datetime.date(2026, 6, 10))
    assert inspection.proposed_decision == Decision.SANCTION


@pytest.mark.parametrize(
    ("severities", "decision"),
    [
        ([], Decision.APPROVE),
        (["minor"], Decision.APPROVE_WITH_CONDITIONS),
        (["minor", "minor"], Decision.APPROVE_WITH_CONDITIONS),
        (["minor", "major"], Decision.SANCTION),
        (["major", "critical", "minor"], Decision.EXCLUDE),
    ],
)
def test_the_proposed_decision_follows_the_severest_finding(severities, decision):
    assert propose_decision(severities) == decision


@pytest.mark.parametrize(
    ("severity", "decision"),
    [(Severity.MINOR, Decision.APPROVE_WITH_CONDITIONS), (Severity.CRITICAL, Decision.EXCLUDE)],
)
def test_the_inspection_stores_its_proposal_but_leaves_the_members_status_alone(
    scope, standards, inspection_round, grace, severity, decision
):
    key = f"r{standards['A-Q-01'].pk}"
    inspection = _record(
        scope,
        inspection_round,
        grace,
        answers={**all_compliant(scope.group, 2026), key: (Compliance.NOT_COMPLIANT, "No contract signed")},
        severities={key: severity},
    )
    assert inspection.proposed_decision == decision
    scope.member.refresh_from_db()
    assert scope.member.status == MemberStatus.APPROVED
    assert not scope.member.status_changes.exists()


def test_answering_not_applicable_everywhere_proposes_approval(scope, standards, inspection_round, grace):
    answers = dict.fromkeys(all_compliant(scope.group, 2026), (Compliance.NOT_APPLICABLE, ""))
    assert _record(scope, inspection_round, grace, answers=answers).proposed_decision == Decision.APPROVE


# --- Coverage ----------------------------------------------------------------------------------------------------


def test_coverage_counts_inspected_against_members_who_have_not_left(scope, standards, inspection_round, grace):
    left = MemberFactory.create(group=scope.group, status=MemberStatus.LEFT)
    inspected_then_left = MemberFactory.create(group=scope.group)
    applicant = MemberFactory.create(group=scope.group, status=MemberStatus.APPLICANT)
    MemberFactory.create(group=scope.other_group)
    _record(scope, inspection_round, grace)
    _record(scope, inspection_round, grace, member=inspected_then_left)
    inspected_then_left.status = MemberStatus.LEFT
    inspected_then_left.save()
    coverage = round_coverage(round=inspection_round)
    # Due: Wanjiru, Grace (a member too) and the applicant; inspected of them: Wanjiru.
    assert (coverage.due, coverage.inspected, coverage.remaining, coverage.percent) == (3, 1, 2, 33)
    assert not coverage.complete
    [summary] = round_summaries(group=scope.group)
    assert (summary.coverage.due, summary.coverage.inspected) == (3, 1)
    due = list(round_members(round=inspection_round, show="due"))
    assert {m.pk for m in due} == {grace.member_id, applicant.pk}
    listed = list(round_members(round=inspection_round))
    assert left not in listed
    assert inspected_then_left in listed  # still shown with their inspection
    assert [getattr(m, "inspected", None) for m in listed] == [False, False, True, True]  # the ones still due first


def test_round_members_are_searched_by_name_number_or_village(scope, standards, inspection_round):
    MemberFactory.create(group=scope.group, first_name="Njeri", village="Othaya", member_number="GK-7")
    assert [m.first_name for m in round_members(round=inspection_round, query="othaya")] == ["Njeri"]
    assert [m.first_name for m in round_members(round=inspection_round, query="gk-7")] == ["Njeri"]
    assert [m.first_name for m in round_members(round=inspection_round, query="kamau")] == ["Wanjiru"]


def test_a_round_of_every_member_inspected_is_complete(scope, standards, inspection_round):
    inspector = InspectorFactory.create(group=scope.group)
    inspect(member=scope.member, inspector=inspector, by=scope.coordinator)
    coverage = round_coverage(round=inspection_round)
    assert (coverage.due, coverage.inspected, coverage.percent, coverage.complete) == (1, 1, 100, True)
