"""Internal inspections, the services and selectors: the questions an inspection asks (cross-walk asked once,
improvement requirements by year), inspectors and their conflicts of interest, rounds, recording an inspection
with its refusals, the non-conformities it creates, the decision it proposes, and a round's coverage."""

import datetime
from zoneinfo import ZoneInfo

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from cycles.models import (
    Compliance,
    ConflictOfInterest,
    Decision,
    Inspection,
    InspectionAnswer,
    InspectionRound,
    Inspector,
    NCSource,
    NCStatus,
    NonConformity,
    Severity,
)
from cycles.selectors.inspections import (
    group_year,
    inspection_answer_rows,
    inspection_questions,
    propose_decision,
    round_coverage,
    round_members,
    round_summaries,
)
from cycles.services.inspections import (
    conflict_declare,
    inspection_record,
    inspection_round_open,
    inspector_create,
    inspector_update,
)
from producers.history import StaleRecord, history_entries
from producers.models.members import MemberStatus
from standards.models import Domain, Level

from ..factories import CertificateFactory, MemberFactory, UserFactory
from ..factories_inspections import InspectorFactory, all_compliant, inspect, requirement, standard, topic
from ..factories_nonconformities import choose

NAIROBI = ZoneInfo("Africa/Nairobi")
TODAY = datetime.date(2026, 6, 15)
EDITORS = ["coordinator", "field_officer", "group_manager"]


@pytest.fixture(autouse=True)
def frozen(time_machine):
    time_machine.move_to(datetime.datetime(2026, 6, 15, 10, 0, tzinfo=NAIROBI), tick=False)


@pytest.fixture
def standards(scope):
    """Two standards chosen by the scope's group; their register requirements are equivalent in the cross-walk."""
    alpha, beta = standard("alpha", "Alpha Standard"), standard("beta", "Beta Standard")
    register = topic("test-member-register", "Member register kept")
    for chosen in (alpha, beta):
        choose(scope.group, chosen.code)
    return {
        "alpha": alpha,
        "beta": beta,
        "topic": register,
        "A-M-01": requirement(alpha, "A-M-01", topic=register),
        "B-M-01": requirement(beta, "B-M-01", topic=register),
        "A-Q-01": requirement(alpha, "A-Q-01", level=Level.ENTRY, domain=Domain.QUALITY),
        "A-E-01": requirement(alpha, "A-E-01", domain=Domain.ENVIRONMENT),
        "B-S-01": requirement(beta, "B-S-01", domain=Domain.SOCIAL),
        "A-M-02": requirement(alpha, "A-M-02", level=Level.IMPROVEMENT, year=3),
    }


@pytest.fixture
def grace(scope):
    """A member of the group who is also one of its inspectors."""
    member = MemberFactory.create(group=scope.group, first_name="Grace", last_name="Wambui")
    return InspectorFactory.create(group=scope.group, name="Grace Wambui", member=member)


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


def _codes(questions) -> list[list[str]]:
    return [[r.code for r in q.requirements] for q in questions]


def _flat(questions) -> list[str]:
    return [r.code for q in questions for r in q.requirements]


# --- The questions -----------------------------------------------------------------------------------------------


def test_requirements_the_crosswalk_makes_equivalent_are_asked_once_naming_each_standard(scope, standards):
    questions = inspection_questions(group=scope.group, year=2026)
    register = [q for q in questions if q.topic is not None]
    assert len(register) == 1
    assert register[0].key == f"t{standards['topic'].pk}"
    assert register[0].title == "Member register kept"
    assert [s.name for s in register[0].standards] == ["Alpha Standard", "Beta Standard"]
    assert sum(1 for q in questions for r in q.requirements if r.crosswalk_topic_id) == 2


def test_questions_are_ordered_by_domain_then_code_and_asked_per_standard_without_a_topic(scope, standards):
    questions = inspection_questions(group=scope.group, year=2026)
    assert _codes(questions) == [["A-M-01", "B-M-01"], ["A-Q-01"], ["A-E-01"], ["B-S-01"]]
    assert [q.key for q in questions[1:]] == [f"r{standards[c].pk}" for c in ("A-Q-01", "A-E-01", "B-S-01")]


def test_an_improvement_requirement_not_yet_due_is_not_asked(scope, standards):
    assert "A-M-02" not in _flat(inspection_questions(group=scope.group, year=2026))
    CertificateFactory.create(group=scope.group, valid_from=datetime.date(2024, 3, 1))
    # 2026 is the group's year 2: the year-3 requirement is not due yet.
    assert group_year(group=scope.group, year=2026) == 2
    assert "A-M-02" not in _flat(inspection_questions(group=scope.group, year=2026))


def test_an_improvement_requirement_is_asked_from_its_year(scope, standards):
    CertificateFactory.create(group=scope.group, valid_from=datetime.date(2023, 3, 1))
    CertificateFactory.create(group=scope.group, valid_from=datetime.date(2025, 3, 1))  # the earliest counts
    assert group_year(group=scope.group, year=2026) == 3
    assert _codes(inspection_questions(group=scope.group, year=2026))[:2] == [["A-M-01", "B-M-01"], ["A-M-02"]]


def test_a_core_requirement_of_a_later_year_waits_for_it_too(scope, standards):
    later = requirement(standards["alpha"], "A-H-01", level=Level.CORE, year=1, domain=Domain.HEALTH_SAFETY)
    assert later.code not in _flat(inspection_questions(group=scope.group, year=2026))
    CertificateFactory.create(group=scope.group, valid_from=datetime.date(2025, 3, 1))
    assert later.code in _flat(inspection_questions(group=scope.group, year=2026))


def test_a_group_without_a_certificate_or_before_it_stands_at_year_zero(scope):
    assert group_year(group=scope.group, year=2026) == 0
    CertificateFactory.create(group=scope.group, valid_from=datetime.date(2026, 3, 1))
    assert group_year(group=scope.group, year=2025) == 0


def test_a_topic_asks_only_the_equivalent_requirements_that_apply_this_year(scope, standards):
    requirement(standards["beta"], "B-M-09", level=Level.IMPROVEMENT, year=3)
    later_topic = topic("test-risk")
    requirement(standards["alpha"], "A-M-05", topic=later_topic)
    requirement(standards["beta"], "B-M-05", level=Level.IMPROVEMENT, year=3, topic=later_topic)
    question = next(q for q in inspection_questions(group=scope.group, year=2026) if q.topic == later_topic)
    assert [r.code for r in question.requirements] == ["A-M-05"]


def test_only_the_groups_chosen_standards_are_asked(scope, standards):
    elsewhere = standard("gamma")
    requirement(elsewhere, "G-M-01", topic=standards["topic"])
    requirement(elsewhere, "G-M-02")
    codes = _flat(inspection_questions(group=scope.group, year=2026))
    assert not [code for code in codes if code.startswith("G-")]


def test_the_questions_take_a_fixed_number_of_queries(scope, standards):
    with CaptureQueriesContext(connection) as few:
        inspection_questions(group=scope.group, year=2026)
    choose(scope.group, "fairtrade-spo")
    choose(scope.group, "rainforest-2020")
    with CaptureQueriesContext(connection) as many:
        questions = inspection_questions(group=scope.group, year=2026)
    assert len(questions) > 40
    assert len(many) == len(few) == 2


def test_shipped_standards_share_their_crosswalk_questions(scope):
    choose(scope.group, "fairtrade-spo")
    choose(scope.group, "eu-organic-group")
    questions = inspection_questions(group=scope.group, year=2026)
    register = next(q for q in questions if q.topic is not None and q.topic.code == "member-register")
    assert {s.code for s in register.standards} == {"fairtrade-spo", "eu-organic-group"}
    keys = [q.key for q in questions]
    assert len(keys) == len(set(keys))


# --- Inspectors and conflicts of interest ------------------------------------------------------------------------


@pytest.mark.parametrize("role", EDITORS)
def test_those_who_keep_the_records_add_an_inspector_named_after_the_member(scope, role):
    user = scope.users()[role]
    inspector = inspector_create(group=scope.group, by=user, member=scope.member, trained_on=datetime.date(2026, 2, 2))
    assert (inspector.name, inspector.member, inspector.active, inspector.version) == (
        "Wanjiru Kamau",
        scope.member,
        True,
        1,
    )
    assert history_entries(inspector)[0].by == user


@pytest.mark.parametrize("role", ["donor", "outsider"])
def test_donors_and_outsiders_cannot_add_an_inspector(scope, role):
    with pytest.raises(PermissionDenied):
        inspector_create(group=scope.group, by=scope.users()[role], name="Somebody")
    assert not Inspector.objects.exists()


@pytest.mark.parametrize(
    ("change", "code"),
    [
        ({"member": "other"}, "member_elsewhere"),
        ({"user": "stranger"}, "login_elsewhere"),
        ({"trained_on": datetime.date(2026, 6, 16)}, "future_date"),
        ({"name": "   "}, "name_required"),
    ],
)
def test_an_inspector_is_refused_with_a_reason(scope, change, code):
    arguments = {"group": scope.group, "by": scope.coordinator, "name": "Peter Mwangi"}
    replacements = {"other": scope.other_member, "stranger": UserFactory.create()}
    arguments.update({key: replacements.get(value, value) for key, value in change.items()})
    with pytest.raises(ValidationError) as error:
        inspector_create(**arguments)
    assert error.value.code == code
    assert not Inspector.objects.exists()


def test_an_inspector_may_have_the_login_of_the_groups_manager_or_field_officer(scope):
    for user in (scope.group_manager, scope.field_officer):
        assert inspector_create(group=scope.group, by=scope.coordinator, name="Staff", user=user).user == user


def test_a_member_is_an_inspector_of_the_group_once(scope):
    inspector_create(group=scope.group, by=scope.coordinator, member=scope.member)
    with pytest.raises(ValidationError) as error:
        inspector_create(group=scope.group, by=scope.coordinator, member=scope.member, name="Again")
    assert error.value.code == "already_inspector"


def test_an_inspector_is_edited_with_a_version_and_the_history_names_who(scope, grace):
    changed = inspector_update(
        inspector=grace,
        by=scope.field_officer,
        expected_version=1,
        name="Grace W. Wambui",
        member=grace.member,
        user=None,
        trained_on=datetime.date(2026, 1, 20),
        active=False,
    )
    assert (changed.name, changed.active, changed.version) == ("Grace W. Wambui", False, 2)
    latest = history_entries(changed)[0]
    assert latest.by == scope.field_officer
    assert {c.field for c in latest.changes} == {"name", "trained on", "active"}


def test_a_stale_edit_of_an_inspector_is_refused_and_nothing_is_written(scope, grace):
    arguments = {"member": grace.member, "user": None, "trained_on": None, "active": True}
    inspector_update(inspector=grace, by=scope.coordinator, expected_version=1, name="First", **arguments)
    with pytest.raises(StaleRecord) as stale:
        inspector_update(inspector=grace, by=scope.group_manager, expected_version=1, name="Second", **arguments)
    assert getattr(stale.value.current, "name", None) == "First"
    grace.refresh_from_db()
    assert (grace.name, grace.version) == ("First", 2)


def test_a_conflict_of_interest_is_declared_with_its_reason(scope, grace):
    conflict = conflict_declare(
        inspector=grace,
        member=scope.member,
        by=scope.group_manager,
        declared_on=datetime.date(2026, 3, 3),
        reason="  Her sister-in-law  ",
    )
    assert (conflict.reason, conflict.declared_on) == ("Her sister-in-law", datetime.date(2026, 3, 3))
    assert history_entries(conflict)[0].by == scope.group_manager


@pytest.mark.parametrize(
    ("change", "code"),
    [
        ({"member": "other"}, "member_elsewhere"),
        ({"member": "self"}, "own_farm"),
        ({"declared_on": datetime.date(2026, 6, 16)}, "future_date"),
        ({"reason": " "}, "reason_required"),
    ],
)
def test_a_conflict_of_interest_is_refused_with_a_reason(scope, grace, change, code):
    arguments = {
        "inspector": grace,
        "member": scope.member,
        "by": scope.coordinator,
        "declared_on": TODAY,
        "reason": "Neighbours",
    }
    replacements = {"other": scope.other_member, "self": grace.member}
    arguments.update({key: replacements.get(value, value) for key, value in change.items()})
    with pytest.raises(ValidationError) as error:
        conflict_declare(**arguments)
    assert error.value.code == code
    assert not ConflictOfInterest.objects.exists()


def test_a_conflict_declared_twice_says_when_it_was_first_declared(scope, grace):
    conflict_declare(
        inspector=grace, member=scope.member, by=scope.coordinator, declared_on=datetime.date(2026, 3, 3), reason="Debt"
    )
    with pytest.raises(ValidationError) as error:
        conflict_declare(inspector=grace, member=scope.member, by=scope.coordinator, declared_on=TODAY, reason="x")
    assert error.value.code == "conflict_exists"
    assert error.value.messages == [
        "Grace Wambui already declared a conflict of interest with Wanjiru Kamau on 3 March 2026: Debt"
    ]


def test_donors_cannot_declare_a_conflict(scope, grace):
    with pytest.raises(PermissionDenied):
        conflict_declare(inspector=grace, member=scope.member, by=scope.donor, declared_on=TODAY, reason="x")


# --- Rounds ------------------------------------------------------------------------------------------------------


def test_a_round_is_opened_once_per_year(scope):
    first = inspection_round_open(group=scope.group, year=2026, by=scope.group_manager)
    again = inspection_round_open(group=scope.group, year=2026, by=scope.coordinator)
    assert again.pk == first.pk
    assert (again.opened_by, again.opened_at) == (scope.group_manager, timezone.now())
    assert inspection_round_open(group=scope.group, year=2024, by=scope.coordinator).year == 2024
    assert InspectionRound.objects.count() == 2


def test_a_round_cannot_be_opened_for_a_year_that_has_not_begun(scope):
    with pytest.raises(ValidationError) as error:
        inspection_round_open(group=scope.group, year=2027, by=scope.coordinator)
    assert error.value.code == "future_year"
    assert not InspectionRound.objects.exists()


@pytest.mark.parametrize("role", ["donor", "outsider"])
def test_donors_and_outsiders_cannot_open_a_round(scope, role):
    with pytest.raises(PermissionDenied):
        inspection_round_open(group=scope.group, year=2026, by=scope.users()[role])


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
        severities={environment: Severity.MAJOR},
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
