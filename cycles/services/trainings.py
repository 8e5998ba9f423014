"""Trainings: a session with its topic, trainer, date, the requirements it addresses, who attended and which
internal inspectors were trained. Every save is a version in the training's history, attendance included."""

from collections.abc import Iterable
from datetime import date

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from producers.history import StaleRecord, save_versioned, stamp
from producers.models import Member, Organisation, ProducerGroup, User
from producers.models.members import MemberStatus
from producers.records_version import changes_records
from standards.models import Requirement

from ..models import Inspector, Training
from ..models.trainings import TRAINER_INTEREST_GROUPS
from .permissions import require_change
from .reasons import clean_reason

TOPIC_MAX_LENGTH = 200


def _check(
    *,
    group: ProducerGroup,
    topic: str,
    trainer: Organisation | None,
    held_on: date,
    requirements: list[Requirement],
    attendees: list[Member],
    inspectors: list[Inspector],
    already_attending: set[int],
) -> None:
    if not topic.strip():
        raise ValidationError(_("Give the training a topic."), code="topic_required")
    if len(topic.strip()) > TOPIC_MAX_LENGTH:
        raise ValidationError(
            _("Keep the topic within %(max)d characters.") % {"max": TOPIC_MAX_LENGTH}, code="topic_too_long"
        )
    if held_on > timezone.localdate():
        raise ValidationError(
            _("A training is recorded once it has been held: the date cannot be in the future."), code="future_date"
        )
    if trainer is not None and trainer.interest_group not in TRAINER_INTEREST_GROUPS:
        raise ValidationError(
            _(
                "The trainer must be a quality professional (trainer, extension service) or a civil-society "
                "organisation."
            ),
            code="trainer_kind",
        )
    chosen = set(group.chosen_standards.values_list("standard_id", flat=True))
    if any(requirement.standard_id not in chosen for requirement in requirements):
        raise ValidationError(
            _("A training addresses requirements of the standards the group has chosen only."),
            code="requirement_not_chosen",
        )
    if any(member.group_id != group.pk for member in attendees):
        raise ValidationError(_("Only members of this group can be on the attendance list."), code="member_elsewhere")
    # Somebody who has left since the training stays on its list; nobody who has left is added to it. The register
    # is asked, not the objects passed in: a status may have changed since they were read.
    newcomers = {member.pk for member in attendees} - already_attending
    if newcomers and Member.objects.filter(pk__in=newcomers, status=MemberStatus.LEFT).exists():
        raise ValidationError(
            _("A member who has left the group cannot be added to the attendance."), code="member_left"
        )
    if any(inspector.group_id != group.pk for inspector in inspectors):
        raise ValidationError(
            _("Only this group's internal inspectors can be trained here."), code="inspector_elsewhere"
        )


def _set_relations(
    training: Training,
    *,
    requirements: Iterable[Requirement],
    attendees: Iterable[Member],
    inspectors: Iterable[Inspector],
) -> None:
    """Set the lists without a history row per list change: the save that follows records them in one version."""
    training.skip_history_when_saving = True  # type: ignore[attr-defined]
    try:
        training.requirements.set(requirements)
        training.attendees.set(attendees)
        training.inspectors.set(inspectors)
    finally:
        del training.skip_history_when_saving  # type: ignore[attr-defined]


def _record_lists_in_latest_version(training: Training) -> None:
    """The creation's history row was written before the lists existed: give it the lists now."""
    latest = training.history.order_by("-history_id").first()
    for name in ("attendees", "requirements", "inspectors"):
        history_model = getattr(latest, name).model
        through = getattr(Training, name).through
        columns = [f.attname for f in through._meta.concrete_fields]
        history_model.objects.bulk_create(
            history_model(history=latest, **{column: getattr(row, column) for column in columns})
            for row in through.objects.filter(training=training)
        )


@changes_records
@transaction.atomic
def training_create(
    *,
    group: ProducerGroup,
    by: User,
    topic: str,
    held_on: date,
    trainer: Organisation | None = None,
    requirements: Iterable[Requirement] = (),
    attendees: Iterable[Member] = (),
    inspectors: Iterable[Inspector] = (),
    notes: str = "",
) -> Training:
    """Record a training held for the group, with its attendance."""
    require_change(by, group)
    requirements, attendees, inspectors = list(requirements), list(attendees), list(inspectors)
    _check(
        group=group,
        topic=topic,
        trainer=trainer,
        held_on=held_on,
        requirements=requirements,
        attendees=attendees,
        inspectors=inspectors,
        already_attending=set(),
    )
    training = Training(group=group, topic=topic.strip(), trainer=trainer, held_on=held_on, notes=notes.strip())
    training.full_clean()
    stamp(training, by=by)
    training.save()
    _set_relations(training, requirements=requirements, attendees=attendees, inspectors=inspectors)
    _record_lists_in_latest_version(training)
    return training


@changes_records
@transaction.atomic
def training_update(
    *,
    training: Training,
    by: User,
    expected_version: int,
    topic: str,
    held_on: date,
    trainer: Organisation | None,
    requirements: Iterable[Requirement],
    attendees: Iterable[Member],
    inspectors: Iterable[Inspector],
    notes: str = "",
    reason: str = "",
) -> Training:
    """Change a training if nobody saved it since `expected_version` was read (StaleRecord otherwise, and nothing
    is written). The lists and the fields are saved as one new version."""
    require_change(by, training.group)
    reason = clean_reason(reason)
    requirements, attendees, inspectors = list(requirements), list(attendees), list(inspectors)
    # Lock first and compare versions: the lists are written before the fields, and a stale edit writes nothing.
    current = Training.objects.select_for_update().get(pk=training.pk)
    if current.version != expected_version:
        raise StaleRecord(current)
    _check(
        group=training.group,
        topic=topic,
        trainer=trainer,
        held_on=held_on,
        requirements=requirements,
        attendees=attendees,
        inspectors=inspectors,
        already_attending=set(current.attendees.values_list("pk", flat=True)),
    )
    _set_relations(current, requirements=requirements, attendees=attendees, inspectors=inspectors)
    saved = save_versioned(
        current,
        expected_version=expected_version,
        by=by,
        changes={"topic": topic.strip(), "held_on": held_on, "trainer": trainer, "notes": notes.strip()},
        reason=reason,
    )
    assert isinstance(saved, Training)
    return saved
