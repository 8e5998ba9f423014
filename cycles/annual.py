"""Read side of the yearly loop of autonomous groups: which year of certification a group is in, which
improvement requirements fall due that year, and whether a year's cycle may be opened.

The page, the services and the tests ask these same questions, so a refusal reads the same everywhere.
"""

from dataclasses import dataclass, field
from datetime import date, timedelta

from django.core.exceptions import ValidationError
from django.db.models import Min
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from producers.models import ProducerGroup
from standards.models import Certificate, Level, Requirement, Standard

from .models import AnnualCycle, AnnualStep, AnnualStepRecord, Trajectory, TrajectoryStatus

AUTONOMOUS_PHASE = "autonomous"

# A step of a year's cycle may be dated up to this many months after the year ends: the external audit or the
# renewal of a year often closes in the first quarter of the next.
GRACE_MONTHS = 3


def initial_certificate_year(group: ProducerGroup) -> int | None:
    """The year of the group's earliest certificate (any standard, any status); None if it has none."""
    first: date | None = Certificate.objects.filter(group=group).aggregate(first=Min("valid_from"))["first"]
    return first.year if first else None


@dataclass
class StandardDue:
    """The improvement requirements of one standard that fall due in a year."""

    standard: Standard
    requirements: list[Requirement] = field(default_factory=list)


@dataclass
class RequirementsDue:
    """What a year of certification adds: the improvement requirements that start to apply, per standard."""

    year: int
    initial_year: int | None
    # Improvement requirements of earlier years of certification: they apply already.
    in_force: int = 0
    standards: list[StandardDue] = field(default_factory=list)

    @property
    def certification_year(self) -> int | None:
        """Years since the initial certificate: 0 in the year it was issued."""
        return None if self.initial_year is None else self.year - self.initial_year

    @property
    def count(self) -> int:
        return sum(len(s.requirements) for s in self.standards)


def requirements_due(*, group: ProducerGroup, year: int) -> RequirementsDue:
    """The improvement requirements of the group's chosen standards whose `applies_from_year` is this year of
    certification, grouped per standard (by name) in code order, and the number already in force.

    Three queries, whatever the number of standards and requirements.
    """
    result = RequirementsDue(year=year, initial_year=initial_certificate_year(group))
    offset = result.certification_year
    if offset is None or offset < 0:
        return result
    improvement = Requirement.objects.filter(standard__group_choices__group=group, level=Level.IMPROVEMENT)
    by_standard: dict[int, StandardDue] = {}
    for requirement in (
        improvement.filter(applies_from_year=offset).select_related("standard").order_by("standard__name", "code")
    ):
        by_standard.setdefault(requirement.standard_id, StandardDue(standard=requirement.standard))
        by_standard[requirement.standard_id].requirements.append(requirement)
    result.standards = list(by_standard.values())
    result.in_force = improvement.filter(applies_from_year__lt=offset).count()
    return result


def step_window(year: int) -> tuple[date, date]:
    """The dates a step of this year's cycle may carry: the year itself and the first months of the next."""
    return date(year, 1, 1), date(year + 1, GRACE_MONTHS + 1, 1) - timedelta(days=1)


def autonomy_refusal(trajectory: Trajectory | None) -> ValidationError | None:
    """Why this group cannot run its yearly cycle now, or None if it can: it must stand, active, in the
    autonomous phase."""
    if trajectory is None:
        return ValidationError(
            _("This group has not started the inner cycle: the yearly cycle comes after the initial certificate."),
            code="not_started",
        )
    if trajectory.phase.code != AUTONOMOUS_PHASE:
        return ValidationError(
            _(
                "The yearly cycle is for groups in the autonomous phase, after the initial certificate; "
                "this group stands in “%(phase)s”."
            )
            % {"phase": trajectory.phase.name},
            code="not_autonomous",
        )
    if trajectory.status == TrajectoryStatus.ON_HOLD:
        return ValidationError(_("The group is on hold: resume it first."), code="on_hold")
    if trajectory.status == TrajectoryStatus.WITHDRAWN:
        return ValidationError(_("The group has withdrawn from the inner cycle."), code="withdrawn")
    return None


def open_refusal(
    *, trajectory: Trajectory | None, year: int, initial_year: int | None, today: date
) -> ValidationError | None:
    """Why this year's cycle cannot be opened, or None if it can."""
    refusal = autonomy_refusal(trajectory)
    if refusal is not None:
        return refusal
    if initial_year is None:
        return ValidationError(
            _(
                "No certificate is recorded for this group. Record its initial certificate first: the years of "
                "the cycle are counted from it."
            ),
            code="no_certificate",
        )
    if year > today.year:
        return ValidationError(
            _("%(year)s has not begun yet: a year's cycle is opened in that year.") % {"year": year},
            code="future_year",
        )
    if year < initial_year:
        return ValidationError(
            _("The group's initial certificate dates from %(initial)s: its yearly cycles start in that year.")
            % {"initial": initial_year},
            code="before_initial_certificate",
        )
    return None


def step_date_refusal(*, year: int, done_on: date, today: date) -> ValidationError | None:
    """Why a step of this year's cycle cannot carry this date, or None if it can."""
    if done_on > today:
        return ValidationError(
            _("A step is recorded once it is done: the date cannot be in the future."), code="future_date"
        )
    start, end = step_window(year)
    if not start <= done_on <= end:
        return ValidationError(
            _("A step of the %(year)s cycle is dated between %(start)s and %(end)s.")
            % {"year": year, "start": date_format(start, "j F Y"), "end": date_format(end, "j F Y")},
            code="outside_cycle_year",
        )
    return None


@dataclass
class ChecklistRow:
    step: AnnualStep
    record: AnnualStepRecord | None

    @property
    def done(self) -> bool:
        return self.record is not None


def annual_checklist(cycle: AnnualCycle | None) -> list[ChecklistRow]:
    """The five steps in the order the loop runs, each with its record if done. One query."""
    records: dict[str, AnnualStepRecord] = {}
    if cycle is not None:
        records = {record.step: record for record in cycle.steps.select_related("recorded_by")}
    return [ChecklistRow(step=step, record=records.get(step.value)) for step in AnnualStep]
