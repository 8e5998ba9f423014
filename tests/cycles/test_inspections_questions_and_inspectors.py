"""Internal inspections, the services and selectors before an inspection is recorded: the questions it asks
(cross-walk asked once, improvement requirements by year), inspectors and their conflicts of interest, and
rounds."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from cycles.models import ConflictOfInterest, InspectionKind, InspectionRound, Inspector
from cycles.selectors.inspections import group_year, inspection_questions
from cycles.services.inspections import conflict_declare, inspection_round_open, inspector_create, inspector_update
from producers.history import StaleRecord, history_entries
from standards.models import Domain, Level

from ..factories import CertificateFactory, UserFactory
from ..factories_inspections import requirement, standard, topic
from ..factories_nonconformities import choose
from ..helpers import RECORD_KEEPERS
from .clock_fixtures import TODAY
from .clock_fixtures import frozen as frozen  # a fixture
from .inspections_fixtures import grace as grace  # a fixture
from .inspections_fixtures import standards as standards  # a fixture


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
    assert len(questions) > 20
    assert len(many) == len(few) == 2


def test_shipped_standards_share_their_crosswalk_questions(scope):
    choose(scope.group, "fairtrade-spo")
    choose(scope.group, "eu-organic-group")
    for kind, code in ((InspectionKind.MEMBER, "pesticide-restrictions"), (InspectionKind.GROUP, "member-register")):
        questions = inspection_questions(group=scope.group, year=2026, kind=kind)
        shared = next(q for q in questions if q.topic is not None and q.topic.code == code)
        assert {s.code for s in shared.standards} == {"fairtrade-spo", "eu-organic-group"}
        keys = [q.key for q in questions]
        assert len(keys) == len(set(keys))


# --- Inspectors and conflicts of interest ------------------------------------------------------------------------


@pytest.mark.parametrize("role", RECORD_KEEPERS)
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
