"""The services that record a group's moves through the inner cycle."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from cycles.models import MoveKind, Phase, PhaseMove, TrajectoryStatus
from cycles.services import phase_move_record, trajectory_start

from ..factories import ProducerGroupFactory, UserFactory


def _phase(code: str) -> Phase:
    return Phase.objects.get(code=code)


@pytest.fixture
def group(db):
    return ProducerGroupFactory.create()


def test_starting_puts_the_group_in_preconditions_and_records_who_and_when(group):
    officer = UserFactory.create()
    at = timezone.now() - datetime.timedelta(days=30)
    trajectory = trajectory_start(group=group, by=officer, at=at)
    assert trajectory.phase.code == "preconditions"
    assert trajectory.phase_since == at
    move = PhaseMove.objects.get(trajectory=trajectory)
    assert (move.kind, move.from_phase, move.moved_by, move.moved_at) == (MoveKind.START, None, officer, at)


def test_a_group_starts_only_once(group):
    trajectory_start(group=group, by=None)
    with pytest.raises(ValidationError) as error:
        trajectory_start(group=group, by=None)
    assert error.value.code == "already_started"


def test_advancing_moves_one_phase_and_keeps_the_history(group):
    start = timezone.now() - datetime.timedelta(days=100)
    trajectory_start(group=group, by=None, at=start)
    phase_move_record(group=group, kind=MoveKind.ADVANCE, to_phase=_phase("planning-1"), by=None)
    group.trajectory.refresh_from_db()
    assert group.trajectory.phase.code == "planning-1"
    assert [m.kind for m in PhaseMove.objects.filter(trajectory__group=group)] == [MoveKind.START, MoveKind.ADVANCE]


def test_a_group_cannot_skip_a_phase(group):
    trajectory_start(group=group, by=None)
    with pytest.raises(ValidationError) as error:
        phase_move_record(group=group, kind=MoveKind.ADVANCE, to_phase=_phase("planning-2"), by=None)
    assert error.value.code == "advance_skips_phase"
    assert PhaseMove.objects.filter(trajectory__group=group).count() == 1


@pytest.mark.parametrize("kind", [MoveKind.OVERRIDE, MoveKind.BACK, MoveKind.HOLD, MoveKind.SUSPEND, MoveKind.WITHDRAW])
def test_moves_against_the_plan_need_a_reason(group, kind):
    trajectory_start(group=group, by=None)
    with pytest.raises(ValidationError) as error:
        phase_move_record(group=group, kind=kind, to_phase=_phase("preconditions"), by=None, reason="   ")
    assert error.value.code == "reason_required"


def test_a_suspended_certificate_sends_the_group_back(group):
    start = timezone.now() - datetime.timedelta(days=900)
    trajectory_start(group=group, by=None, at=start)
    for code in ["planning-1", "planning-2", "initial-certificate"]:
        phase_move_record(group=group, kind=MoveKind.ADVANCE, to_phase=_phase(code), by=None, at=start)
    phase_move_record(
        group=group, kind=MoveKind.SUSPEND, to_phase=_phase("planning-2"), by=None, reason="Certificate suspended."
    )
    group.trajectory.refresh_from_db()
    assert group.trajectory.phase.code == "planning-2"


def test_moving_back_must_go_to_an_earlier_phase(group):
    trajectory_start(group=group, by=None)
    with pytest.raises(ValidationError) as error:
        phase_move_record(group=group, kind=MoveKind.BACK, to_phase=_phase("planning-1"), by=None, reason="why")
    assert error.value.code == "back_not_earlier"


def test_hold_and_withdraw_change_the_status_and_a_withdrawn_group_stays_put(group):
    trajectory_start(group=group, by=None)
    preconditions = _phase("preconditions")
    phase_move_record(group=group, kind=MoveKind.HOLD, to_phase=preconditions, by=None, reason="Drought year.")
    group.trajectory.refresh_from_db()
    assert group.trajectory.status == TrajectoryStatus.ON_HOLD
    phase_move_record(group=group, kind=MoveKind.WITHDRAW, to_phase=preconditions, by=None, reason="Dissolved.")
    with pytest.raises(ValidationError) as error:
        phase_move_record(group=group, kind=MoveKind.RESUME, to_phase=preconditions, by=None)
    assert error.value.code == "withdrawn"


def test_a_move_cannot_be_dated_before_the_last_one(group):
    trajectory_start(group=group, by=None)
    with pytest.raises(ValidationError) as error:
        phase_move_record(
            group=group,
            kind=MoveKind.ADVANCE,
            to_phase=_phase("planning-1"),
            by=None,
            at=timezone.now() - datetime.timedelta(days=1),
        )
    assert error.value.code == "move_out_of_order"
