"""The yearly loop of autonomous groups: opening a year's cycle and recording its steps."""

from datetime import date

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from producers.models import ProducerGroup, User

from ..annual import autonomy_refusal, initial_certificate_year, open_refusal, step_date_refusal
from ..models import AnnualCycle, AnnualStep, AnnualStepRecord, Trajectory
from .permissions import require_change


def _locked_trajectory(group: ProducerGroup) -> Trajectory | None:
    # Locked so that a phase move cannot slip between the check and the write.
    return Trajectory.objects.select_for_update().select_related("phase").filter(group=group).first()


@transaction.atomic
def annual_cycle_open(*, group: ProducerGroup, year: int, by: User) -> AnnualCycle:
    """Open the group's cycle of `year`; opening a year already open returns it unchanged.

    Only for a group active in the autonomous phase, for a year from its initial certificate's to this one.
    """
    require_change(by, group)
    trajectory = _locked_trajectory(group)
    existing = AnnualCycle.objects.filter(group=group, year=year).first()
    if existing is not None:
        return existing
    refusal = open_refusal(
        trajectory=trajectory,
        year=year,
        initial_year=initial_certificate_year(group),
        today=timezone.localdate(),
    )
    if refusal is not None:
        raise refusal
    # get_or_create: a second person pressing the button at the same moment gets the same cycle.
    cycle, _created = AnnualCycle.objects.get_or_create(
        group=group, year=year, defaults={"opened_at": timezone.now(), "opened_by": by}
    )
    return cycle


@transaction.atomic
def annual_step_record(*, cycle: AnnualCycle, step: str, by: User, done_on: date, note: str = "") -> AnnualStepRecord:
    """Record that a step of the year's loop was done.

    Recording a step again replaces the earlier record (a wrong date is corrected this way): the new record
    carries the new date, note, and who recorded it when.
    """
    group = cycle.group
    require_change(by, group)
    if step not in AnnualStep.values:
        raise ValidationError(_("Unknown step of the yearly cycle."), code="unknown_step")
    refusal = autonomy_refusal(_locked_trajectory(group)) or step_date_refusal(
        year=cycle.year, done_on=done_on, today=timezone.localdate()
    )
    if refusal is not None:
        raise refusal
    record, _created = AnnualStepRecord.objects.update_or_create(
        cycle=cycle,
        step=step,
        defaults={"done_on": done_on, "note": note.strip(), "recorded_at": timezone.now(), "recorded_by": by},
    )
    return record
