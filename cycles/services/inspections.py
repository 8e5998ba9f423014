"""Internal inspections: the group's inspectors and their conflicts of interest, the yearly rounds, recording one
member's inspection, with the non-conformities it finds and the approval decision it proposes, and recording the
group's own yearly assessment of the requirements about the group as a whole."""

from datetime import date
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from producers.history import save_versioned, stamp
from producers.models import Member, ProducerGroup, User
from producers.models.members import MemberStatus
from producers.records_version import changes_records

from ..models import (
    ConflictOfInterest,
    CorrectiveAction,
    Inspection,
    InspectionAnswer,
    InspectionKind,
    InspectionRound,
    Inspector,
    NCStatus,
    NonConformity,
    Sanction,
)
from ..selectors.inspections import (
    inspection_questions,
    inspector_refusal,
    login_choices,
    propose_decision,
)
from .answer_sheets import answers_check, answers_save, failed_questions
from .permissions import require_change

# Years before this are typing mistakes, not rounds of inspections.
FIRST_ROUND_YEAR = 1990


def _day(value: date) -> str:
    return date_format(value, "j F Y")


# --- Inspectors --------------------------------------------------------------------------------------------------


def _inspector_fields(
    *, group: ProducerGroup, name: str, member: Member | None, user: User | None, trained_on: date | None
) -> str:
    """Check an inspector's details against the group; return the name to store."""
    if member is not None and member.group_id != group.pk:
        raise ValidationError(
            _("%(member)s is a member of another group.") % {"member": member}, code="member_elsewhere"
        )
    if user is not None and not login_choices(group).filter(pk=user.pk).exists():
        raise ValidationError(
            _("The login %(user)s belongs neither to this group nor to its field officers.") % {"user": user.username},
            code="login_elsewhere",
        )
    if trained_on is not None and trained_on > timezone.localdate():
        raise ValidationError(_("A training date cannot be in the future."), code="future_date")
    name = name.strip() or (member.full_name if member is not None else "")
    if not name:
        raise ValidationError(_("Give the inspector's name."), code="name_required")
    return name


def _refuse_second_role(*, group: ProducerGroup, member: Member | None, exclude: int | None = None) -> None:
    if member is None:
        return
    others = Inspector.objects.filter(group=group, member=member)
    if exclude is not None:
        others = others.exclude(pk=exclude)
    if others.exists():
        raise ValidationError(
            _("%(member)s is already recorded as an inspector of this group.") % {"member": member.full_name},
            code="already_inspector",
        )


@changes_records
@transaction.atomic
def inspector_create(
    *,
    group: ProducerGroup,
    by: User,
    name: str = "",
    member: Member | None = None,
    user: User | None = None,
    trained_on: date | None = None,
    active: bool = True,
) -> Inspector:
    """Record an internal inspector of the group: a trained member (who never inspects their own farm) or staff,
    with a login where they use the application. Without a name, a member inspector is named after the member."""
    require_change(by, group)
    name = _inspector_fields(group=group, name=name, member=member, user=user, trained_on=trained_on)
    _refuse_second_role(group=group, member=member)
    inspector = Inspector(group=group, name=name, member=member, user=user, trained_on=trained_on, active=active)
    stamp(inspector, by=by)
    inspector.save()
    return inspector


@changes_records
@transaction.atomic
def inspector_update(
    *,
    inspector: Inspector,
    by: User,
    expected_version: int,
    name: str,
    member: Member | None,
    user: User | None,
    trained_on: date | None,
    active: bool,
    reason: str = "",
) -> Inspector:
    """Change an inspector's details; `StaleRecord` if someone saved them since `expected_version` was read."""
    group = inspector.group
    require_change(by, group)
    name = _inspector_fields(group=group, name=name, member=member, user=user, trained_on=trained_on)
    _refuse_second_role(group=group, member=member, exclude=inspector.pk)
    updated = save_versioned(
        inspector,
        expected_version=expected_version,
        by=by,
        changes={"name": name, "member": member, "user": user, "trained_on": trained_on, "active": active},
        reason=reason,
    )
    assert isinstance(updated, Inspector)
    return updated


@changes_records
@transaction.atomic
def conflict_declare(
    *, inspector: Inspector, member: Member, by: User, declared_on: date, reason: str
) -> ConflictOfInterest:
    """Record that an inspector has a tie to a member (family, neighbour, debt, a trade): they will not be allowed
    to inspect that member's farm."""
    require_change(by, inspector.group)
    if member.group_id != inspector.group_id:
        raise ValidationError(
            _("%(member)s is a member of another group.") % {"member": member.full_name}, code="member_elsewhere"
        )
    if inspector.member_id == member.pk:
        raise ValidationError(
            _("%(inspector)s is this member: nobody inspects their own farm, so there is nothing to declare.")
            % {"inspector": inspector.name},
            code="own_farm",
        )
    if declared_on > timezone.localdate():
        raise ValidationError(_("A declaration cannot be dated in the future."), code="future_date")
    if not reason.strip():
        raise ValidationError(
            _("Say what ties the inspector to the member: family, neighbour, debt, a trade."), code="reason_required"
        )
    existing = ConflictOfInterest.objects.filter(inspector=inspector, member=member).first()
    if existing is not None:
        raise ValidationError(
            _("%(inspector)s already declared a conflict of interest with %(member)s on %(date)s: %(reason)s")
            % {
                "inspector": inspector.name,
                "member": member.full_name,
                "date": _day(existing.declared_on),
                "reason": existing.reason,
            },
            code="conflict_exists",
        )
    conflict = ConflictOfInterest(inspector=inspector, member=member, declared_on=declared_on, reason=reason.strip())
    stamp(conflict, by=by)
    conflict.save()
    return conflict


# --- Rounds ------------------------------------------------------------------------------------------------------


@changes_records
@transaction.atomic
def inspection_round_open(*, group: ProducerGroup, year: int, by: User) -> InspectionRound:
    """Open the group's round of inspections for `year`; opening a year already open returns it unchanged."""
    require_change(by, group)
    existing = InspectionRound.objects.filter(group=group, year=year).first()
    if existing is not None:
        return existing
    if year > timezone.localdate().year:
        raise ValidationError(
            _("%(year)s has not begun yet: a round is opened in its own year.") % {"year": year}, code="future_year"
        )
    if year < FIRST_ROUND_YEAR:
        raise ValidationError(_("%(year)s is not a year of this group's records.") % {"year": year}, code="bad_year")
    # get_or_create: two people pressing the button at the same moment get the same round.
    inspection_round, _created = InspectionRound.objects.get_or_create(
        group=group, year=year, defaults={"opened_at": timezone.now(), "opened_by": by}
    )
    return inspection_round


# --- Recording an inspection -------------------------------------------------------------------------------------


def _check_people(*, group: ProducerGroup, member: Member, inspector: Inspector) -> None:
    if member.group_id != group.pk:
        raise ValidationError(
            _("%(member)s is a member of another group.") % {"member": member.full_name}, code="member_elsewhere"
        )
    if member.status == MemberStatus.LEFT:
        raise ValidationError(
            _("%(member)s has left the group: only members are inspected.") % {"member": member.full_name},
            code="member_left",
        )
    if inspector.group_id != group.pk:
        raise ValidationError(
            _("%(inspector)s is an inspector of another group.") % {"inspector": inspector.name},
            code="inspector_elsewhere",
        )
    if not inspector.active:
        raise ValidationError(
            _("%(inspector)s is no longer an active inspector.") % {"inspector": inspector.name},
            code="inspector_inactive",
        )
    refusal = inspector_refusal(inspector=inspector, member=member)
    if refusal is not None:
        raise refusal


def _check_date(*, year: int, inspected_on: date) -> None:
    if inspected_on > timezone.localdate():
        raise ValidationError(
            _("An inspection is recorded once it is done: the date cannot be in the future."), code="future_date"
        )
    if inspected_on.year != year:
        raise ValidationError(
            _("An inspection of the %(year)s round is dated in %(year)s.") % {"year": year},
            code="outside_round_year",
        )


@changes_records
@transaction.atomic
def inspection_record(
    *,
    round: InspectionRound,
    member: Member,
    inspector: Inspector,
    by: User,
    inspected_on: date,
    answers: dict[str, tuple[str, str]],
    notes: str = "",
    severities: dict[str, str] | None = None,
    location: tuple[Decimal, Decimal, Decimal | None] | None = None,
) -> Inspection:
    """Record a member's inspection in a round.

    `answers` maps each question's key (see `inspection_questions`: the farm-level requirements) to (answer,
    notes); every question must be answered, and a "not compliant" answer says what was found. Each "not compliant"
    answer becomes one non-conformity, counted against the question's requirement in each chosen standard that asks
    it, of the severity the inspector chose in `severities` (never assumed: it decides the approval decision the
    inspection proposes). The inspection proposes an approval decision from its findings; the member's status is
    left to the approval committee. `location` is where the inspector stood (latitude, longitude, accuracy in metres),
    when the inspection came from a phone with a GPS fix.
    """
    group = round.group
    require_change(by, group)
    # Locked so that two people recording the same member at once cannot both pass the check below.
    member = Member.objects.select_for_update().get(pk=member.pk)
    _check_people(group=group, member=member, inspector=inspector)
    _check_date(year=round.year, inspected_on=inspected_on)
    if Inspection.objects.filter(round=round, member=member).exists():
        raise ValidationError(
            _("%(member)s was already inspected in the %(year)s round.")
            % {"member": member.full_name, "year": round.year},
            code="already_inspected",
        )
    questions = inspection_questions(group=group, year=round.year)
    if not questions:
        raise ValidationError(
            _("This group has no chosen standard yet: an inspection has nothing to ask. Choose its standards first."),
            code="no_questions",
        )
    severities = severities or {}
    answers_check(questions=questions, answers=answers, severities=severities)
    inspection = Inspection(
        round=round,
        kind=InspectionKind.MEMBER,
        member=member,
        inspector=inspector,
        inspected_on=inspected_on,
        notes=notes.strip(),
        proposed_decision=propose_decision([severities[q.key] for q in failed_questions(questions, answers)]),
        recorded_at=timezone.now(),
        recorded_by=by,
    )
    if location is not None:
        inspection.latitude, inspection.longitude, inspection.gps_accuracy = location
    stamp(inspection, by=by)
    inspection.save()
    answers_save(inspection=inspection, questions=questions, answers=answers, severities=severities, by=by)
    return inspection


@changes_records
@transaction.atomic
def inspection_replace(
    *,
    inspection: Inspection,
    by: User,
    inspector: Inspector,
    inspected_on: date,
    answers: dict[str, tuple[str, str]],
    notes: str = "",
    severities: dict[str, str] | None = None,
    location: tuple[Decimal, Decimal, Decimal | None] | None = None,
    reason: str,
) -> Inspection:
    """Replace a member inspection's answers with a corrected version of the same visit (an inspector who edited the
    form on the phone after sending it). Checked like `inspection_record`; the earlier answers' findings are
    withdrawn and the new ones found, which is only honest while nobody has acted on them yet: once a finding has a
    corrective action, a sanction or a status past open, the correction is refused. The history keeps the change,
    with `reason`."""
    group = inspection.round.group
    require_change(by, group)
    inspection = (
        Inspection.objects.select_for_update(of=("self",)).select_related("round", "member").get(pk=inspection.pk)
    )
    if inspection.kind != InspectionKind.MEMBER or inspection.member is None:
        raise ValidationError(_("Only a member's inspection is corrected this way."), code="not_member_inspection")
    _check_people(group=group, member=inspection.member, inspector=inspector)
    _check_date(year=inspection.round.year, inspected_on=inspected_on)
    questions = inspection_questions(group=group, year=inspection.round.year)
    severities = severities or {}
    answers_check(questions=questions, answers=answers, severities=severities)
    findings = NonConformity.objects.filter(inspection=inspection)
    if (
        findings.exclude(status=NCStatus.OPEN).exists()
        or CorrectiveAction.objects.filter(nonconformity__inspection=inspection).exists()
        or Sanction.objects.filter(nonconformity__inspection=inspection).exists()
    ):
        raise ValidationError(
            _(
                "The findings of the first version of this inspection are already being followed up: record the "
                "correction as a new finding or a note instead."
            ),
            code="findings_followed_up",
        )
    for finding in findings:
        stamp(finding, by=by, reason=reason)
        finding.delete()
    InspectionAnswer.objects.filter(inspection=inspection).delete()
    inspection.inspector = inspector
    inspection.inspected_on = inspected_on
    inspection.notes = notes.strip()
    if location is not None:
        inspection.latitude, inspection.longitude, inspection.gps_accuracy = location
    inspection.proposed_decision = propose_decision([severities[q.key] for q in failed_questions(questions, answers)])
    inspection.version += 1
    stamp(inspection, by=by, reason=reason)
    inspection.save()
    answers_save(inspection=inspection, questions=questions, answers=answers, severities=severities, by=by)
    return inspection


@changes_records
@transaction.atomic
def group_assessment_record(
    *,
    round: InspectionRound,
    by: User,
    assessed_on: date,
    answers: dict[str, tuple[str, str]],
    notes: str = "",
    severities: dict[str, str] | None = None,
) -> Inspection:
    """Record the group's own assessment of the round's year: the requirements about the group as a whole (its
    statutes, registers, procedures, staff), answered once by whoever keeps its records, not on every farm.

    Answers and findings work as in `inspection_record` (the group-level questions of `inspection_questions`); each
    "not compliant" answer becomes a non-conformity of the group, with no member. No approval decision: there is no
    member to approve.
    """
    group = round.group
    require_change(by, group)
    # Locked so that two people recording the group's assessment at once cannot both pass the check below.
    InspectionRound.objects.select_for_update().get(pk=round.pk)
    _check_date(year=round.year, inspected_on=assessed_on)
    if Inspection.objects.filter(round=round, kind=InspectionKind.GROUP).exists():
        raise ValidationError(
            _("The group was already assessed in the %(year)s round.") % {"year": round.year},
            code="already_assessed",
        )
    questions = inspection_questions(group=group, year=round.year, kind=InspectionKind.GROUP)
    if not questions:
        raise ValidationError(
            _("The group's chosen standards ask nothing about the group as a whole this year: nothing to assess."),
            code="no_questions",
        )
    severities = severities or {}
    answers_check(questions=questions, answers=answers, severities=severities)
    assessment = Inspection(
        round=round,
        kind=InspectionKind.GROUP,
        inspected_on=assessed_on,
        notes=notes.strip(),
        recorded_at=timezone.now(),
        recorded_by=by,
    )
    stamp(assessment, by=by)
    assessment.save()
    answers_save(inspection=assessment, questions=questions, answers=answers, severities=severities, by=by)
    return assessment
