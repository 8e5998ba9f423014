"""Coordinators edit the phases' criteria through the services: every change is a new version with its reason,
what is refused and why, retiring and restoring, and that only a coordinator may."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction

from cycles.gates import evaluate_gate
from cycles.models import Criterion, CriterionKind, CriterionRevision, Phase
from cycles.services import trajectory_start
from cycles.services.criteria import criterion_restore, criterion_retire, criterion_update

from ..conftest import Scope
from ..helpers import error_codes
from .criteria_fixtures import _new
from .criteria_fixtures import computed as computed  # a fixture
from .criteria_fixtures import manual as manual  # a fixture
from .criteria_fixtures import phase as phase  # a fixture

# --- Services -------------------------------------------------------------------------------------------------


def test_creating_a_criterion_makes_version_1_at_the_end_of_the_phase_with_a_revision(scope: Scope, phase: Phase):
    last = max(Criterion.objects.filter(phase=phase).values_list("order", flat=True))
    criterion = _new(phase, scope.coordinator, reason="Asked by the pilot groups.")
    assert (criterion.version, criterion.order, criterion.active) == (1, last + 1, True)
    revision = CriterionRevision.objects.get(criterion=criterion)
    assert revision.version == 1
    assert revision.text == criterion.text
    assert revision.kind == CriterionKind.MANUAL
    assert revision.active is True
    assert revision.changed_by == scope.coordinator
    assert revision.reason == "Asked by the pilot groups."


def test_a_computed_criterion_is_stored_with_its_parameters_cleaned(scope: Scope, phase: Phase):
    criterion = _new(
        phase,
        scope.coordinator,
        kind=CriterionKind.COMPUTED,
        evaluator="member_count_at_least",
        parameters={"minimum": "25"},
    )
    assert criterion.parameters == {"minimum": 25}
    defaults = _new(
        phase, scope.coordinator, code="register", kind=CriterionKind.COMPUTED, evaluator="register_complete"
    )
    assert defaults.parameters == {"share": 1.0}


@pytest.mark.parametrize(
    ("overrides", "code"),
    [
        ({"code": "buyer-interested"}, "code_taken"),
        ({"code": "not a slug!"}, "invalid_code"),
        ({"code": ""}, "required"),
        ({"text": "   "}, "required"),
        ({"text": "x" * 301}, "text_too_long"),
        ({"kind": "guessed"}, "invalid_kind"),
        ({"kind": CriterionKind.COMPUTED, "evaluator": ""}, "evaluator_missing"),
        ({"kind": CriterionKind.COMPUTED, "evaluator": "rain_last_week"}, "unknown_evaluator"),
        (
            {"kind": CriterionKind.COMPUTED, "evaluator": "register_complete", "parameters": {"share": 1.5}},
            "invalid_parameters",
        ),
        (
            {"kind": CriterionKind.COMPUTED, "evaluator": "register_complete", "parameters": {"sahre": 0.5}},
            "invalid_parameters",
        ),
        (
            {"kind": CriterionKind.COMPUTED, "evaluator": "member_count_at_least", "parameters": {"minimum": "ten"}},
            "invalid_parameters",
        ),
        ({"kind": CriterionKind.MANUAL, "evaluator": "register_complete"}, "evaluator_on_manual"),
        ({"kind": CriterionKind.MANUAL, "parameters": {"share": 0.5}}, "parameters_on_manual"),
    ],
)
def test_an_invalid_new_criterion_is_refused_and_nothing_is_saved(scope: Scope, phase: Phase, overrides, code):
    before = (Criterion.objects.count(), CriterionRevision.objects.count())
    with pytest.raises(ValidationError) as error:
        _new(phase, scope.coordinator, **overrides)
    assert code in error_codes(error.value)
    assert (Criterion.objects.count(), CriterionRevision.objects.count()) == before


def test_the_database_itself_forbids_a_manual_criterion_with_an_evaluator(phase: Phase):
    with pytest.raises(IntegrityError), transaction.atomic():
        Criterion.objects.create(
            phase=phase, code="sneaky", text="Sneaky", kind="manual", evaluator="register_complete"
        )


def test_updating_bumps_the_version_and_records_who_when_and_why(scope: Scope, manual: Criterion):
    updated = criterion_update(
        criterion=manual,
        by=scope.coordinator,
        expected_version=1,
        reason="Buyers now send e-mails rather than letters.",
        text="A buyer has said in writing (a letter or an e-mail) that it wants the group's certified produce.",
        mandatory=False,
    )
    assert updated.version == 2
    manual.refresh_from_db()
    assert manual.version == 2
    assert manual.mandatory is False
    assert "e-mail" in manual.text
    revisions = list(manual.revisions.order_by("version"))
    assert [r.version for r in revisions] == [1, 2]
    assert revisions[0].text == "A buyer has said in writing that it wants the group's certified produce."
    assert (revisions[1].text, revisions[1].mandatory, revisions[1].changed_by) == (
        manual.text,
        False,
        scope.coordinator,
    )
    assert revisions[1].reason == "Buyers now send e-mails rather than letters."


def test_a_stale_expected_version_is_refused_and_nothing_is_saved(scope: Scope, manual: Criterion):
    criterion_update(criterion=manual, by=scope.coordinator, expected_version=1, reason="First", text="First edit.")
    stale = Criterion.objects.get(pk=manual.pk)
    with pytest.raises(ValidationError) as error:
        criterion_update(criterion=stale, by=scope.coordinator, expected_version=1, reason="Second", text="Lost edit.")
    assert error.value.code == "edited_meanwhile"
    assert "version 2" in error.value.messages[0]
    manual.refresh_from_db()
    assert (manual.version, manual.text) == (2, "First edit.")
    assert manual.revisions.count() == 2


def test_an_update_that_changes_nothing_is_refused(scope: Scope, manual: Criterion, computed: Criterion):
    with pytest.raises(ValidationError) as error:
        criterion_update(criterion=manual, by=scope.coordinator, expected_version=1, reason="Why not", text=manual.text)
    assert error.value.code == "nothing_changed"
    # Defaults the evaluator would fill in anyway are no change either.
    with pytest.raises(ValidationError) as error:
        criterion_update(
            criterion=computed, by=scope.coordinator, expected_version=1, reason="Same", parameters={"minimum": 10}
        )
    assert error.value.code == "nothing_changed"
    assert manual.revisions.count() == computed.revisions.count() == 1


def test_a_coordinator_tunes_a_threshold_and_the_gate_uses_it(scope: Scope, computed: Criterion):
    trajectory_start(group=scope.group, by=None)
    criterion_update(
        criterion=computed, by=scope.coordinator, expected_version=1, reason="Small groups", parameters={"minimum": 1}
    )
    result = next(r for r in evaluate_gate(scope.group).results if r.criterion_id == computed.pk)
    assert (result.status, result.version) == ("met", 2)


@pytest.mark.parametrize(
    ("changes", "code"),
    [
        ({"evaluator": "rain_last_week"}, "unknown_evaluator"),
        ({"parameters": {"minimum": -3}}, "invalid_parameters"),
        ({"kind": CriterionKind.MANUAL}, "evaluator_on_manual"),
        ({"kind": CriterionKind.MANUAL, "evaluator": ""}, "parameters_on_manual"),
        ({"text": ""}, "required"),
        ({"order": -1}, "invalid_order"),
    ],
)
def test_an_invalid_update_is_refused_and_nothing_is_saved(scope: Scope, computed: Criterion, changes, code):
    with pytest.raises(ValidationError) as error:
        criterion_update(criterion=computed, by=scope.coordinator, expected_version=1, reason="Try", **changes)
    assert code in error_codes(error.value)
    computed.refresh_from_db()
    assert (computed.version, computed.evaluator, computed.parameters) == (1, "member_count_at_least", {"minimum": 10})


def test_a_computed_criterion_becomes_manual_when_its_function_and_parameters_are_cleared(
    scope: Scope, computed: Criterion
):
    updated = criterion_update(
        criterion=computed,
        by=scope.coordinator,
        expected_version=1,
        reason="Counted by hand for now.",
        kind=CriterionKind.MANUAL,
        evaluator="",
        parameters={},
    )
    assert (updated.kind, updated.evaluator, updated.parameters, updated.version) == ("manual", "", {}, 2)


def test_retiring_keeps_the_row_and_takes_it_out_of_the_gate(scope: Scope, manual: Criterion):
    trajectory_start(group=scope.group, by=None)
    assert manual.pk in [r.criterion_id for r in evaluate_gate(scope.group).results]
    retired = criterion_retire(criterion=manual, by=scope.coordinator, reason="Buyers are found later now.")
    assert (retired.active, retired.version) == (False, 2)
    assert Criterion.objects.filter(pk=manual.pk, active=False).exists()
    revision = manual.revisions.get(version=2)
    assert (revision.active, revision.reason) == (False, "Buyers are found later now.")
    assert manual.pk not in [r.criterion_id for r in evaluate_gate(scope.group).results]

    restored = criterion_restore(criterion=manual, by=scope.coordinator, reason="Buyers asked for it again.")
    assert (restored.active, restored.version) == (True, 3)
    assert manual.revisions.count() == 3


def test_retiring_twice_or_restoring_an_active_criterion_is_refused(scope: Scope, manual: Criterion):
    with pytest.raises(ValidationError) as error:
        criterion_restore(criterion=manual, by=scope.coordinator, reason="Again")
    assert error.value.code == "not_retired"
    criterion_retire(criterion=manual, by=scope.coordinator, reason="Gone")
    with pytest.raises(ValidationError) as error:
        criterion_retire(criterion=manual, by=scope.coordinator, reason="Gone again")
    assert error.value.code == "already_retired"


def test_a_retired_criterion_is_restored_before_it_is_changed(scope: Scope, manual: Criterion):
    criterion_retire(criterion=manual, by=scope.coordinator, reason="Gone")
    with pytest.raises(ValidationError) as error:
        criterion_update(criterion=manual, by=scope.coordinator, expected_version=2, reason="Edit", text="New text.")
    assert error.value.code == "retired"


@pytest.mark.parametrize("action", ["update", "retire", "restore"])
@pytest.mark.parametrize("reason", ["", "   "])
def test_changes_need_a_reason(scope: Scope, manual: Criterion, action: str, reason: str):
    if action == "restore":
        criterion_retire(criterion=manual, by=scope.coordinator, reason="Gone")
    version = Criterion.objects.get(pk=manual.pk).version
    attempts = {
        "update": lambda: criterion_update(
            criterion=manual, by=scope.coordinator, expected_version=1, reason=reason, text="New."
        ),
        "retire": lambda: criterion_retire(criterion=manual, by=scope.coordinator, reason=reason),
        "restore": lambda: criterion_restore(criterion=manual, by=scope.coordinator, reason=reason),
    }
    with pytest.raises(ValidationError) as error:
        attempts[action]()
    assert error_codes(error.value) == {"reason_required"}
    assert Criterion.objects.get(pk=manual.pk).version == version


@pytest.mark.parametrize("role", ["field_officer", "group_manager", "donor", "outsider"])
def test_only_a_coordinator_may_change_criteria(scope: Scope, phase: Phase, manual: Criterion, role: str):
    user = scope.users()[role]
    with pytest.raises(PermissionDenied):
        _new(phase, user)
    with pytest.raises(PermissionDenied):
        criterion_update(criterion=manual, by=user, expected_version=1, reason="Mine", text="Changed.")
    with pytest.raises(PermissionDenied):
        criterion_retire(criterion=manual, by=user, reason="Mine")
    with pytest.raises(PermissionDenied):
        criterion_restore(criterion=manual, by=user, reason="Mine")
    assert Criterion.objects.get(pk=manual.pk).version == 1
