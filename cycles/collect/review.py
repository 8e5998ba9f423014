"""The review queue: a submission that could not be recorded waits, with its reason, for the group's field officer
(or manager, or a coordinator), who tries it again once the cause is fixed, records it with corrections, or
rejects it with a note. Every decision says who and when; the submission itself is never deleted."""

from datetime import date

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from producers.models import Member, User

from ..models import InspectionRound, Inspector, Submission, SubmissionStatus
from ..services.inspections import inspection_record
from ..services.permissions import require_change
from .answers import read_location
from .parse import parse_submission
from .receive import link_photos, process


def _claim(submission: Submission) -> Submission:
    """The submission, locked, while it still waits: two reviewers cannot both decide it."""
    locked = Submission.objects.select_for_update(of=("self",)).select_related("group").get(pk=submission.pk)
    if locked.status != SubmissionStatus.QUEUED:
        raise ValidationError(
            _("This submission was already decided (%(status)s).") % {"status": locked.get_status_display()},
            code="decided",
        )
    return locked


@transaction.atomic
def submission_retry(*, submission: Submission, by: User) -> Submission:
    """Try the submission again as it was sent (after the round was opened, an inspector's record fixed, …)."""
    require_change(by, submission.group)
    locked = _claim(submission)
    done = process(locked, by=by)
    if done.status == SubmissionStatus.ACCEPTED:
        Submission.objects.filter(pk=done.pk).update(decided_at=timezone.now(), decided_by=by)
    return done


@transaction.atomic
def submission_accept_corrected(
    *,
    submission: Submission,
    by: User,
    member: Member,
    inspector: Inspector,
    inspected_on: date,
    answers: dict[str, tuple[str, str]],
    severities: dict[str, str],
    notes: str,
    note: str,
) -> Submission:
    """Record the submission's inspection with the reviewer's corrections (another member chosen by mistake, a
    question the old form version did not ask), through the inspection service like any other."""
    require_change(by, submission.group)
    locked = _claim(submission)
    parsed = parse_submission(locked.xml.encode())
    inspection_round = InspectionRound.objects.filter(group=locked.group, year=parsed.year).first()
    if inspection_round is None:
        raise ValidationError(_("Open the round of %(year)s first.") % {"year": parsed.year}, code="round_missing")
    try:
        location = read_location(parsed.fields.get("location", ""))
    except ValidationError:
        location = None  # an unreadable GPS point is no reason to lose the inspection
    inspection = inspection_record(
        round=inspection_round,
        member=member,
        inspector=inspector,
        by=by,
        inspected_on=inspected_on,
        answers=answers,
        severities=severities,
        notes=notes,
        location=location,
    )
    locked.round = inspection_round
    locked.inspection = inspection
    locked.status = SubmissionStatus.ACCEPTED
    locked.decided_at = timezone.now()
    locked.decided_by = by
    locked.decision_note = note.strip() or _("Recorded with corrections.")
    locked.version += 1
    locked.save()
    link_photos(locked)
    return locked


@transaction.atomic
def submission_reject(*, submission: Submission, by: User, note: str) -> Submission:
    """Set the submission aside for good (a test form, a visit recorded twice): it stays on record, with the note."""
    require_change(by, submission.group)
    if not note.strip():
        raise ValidationError(_("Say why the submission is rejected."), code="note_required")
    locked = _claim(submission)
    locked.status = SubmissionStatus.REJECTED
    locked.decided_at = timezone.now()
    locked.decided_by = by
    locked.decision_note = note.strip()
    locked.version += 1
    locked.save()
    return locked
