"""A submission from the field becomes an inspection through the inspection services, exactly as a web inspection
does; or, when it cannot, it is kept with the reason for the group's field officer to review. A day's work is never
thrown away, and nothing is recorded twice.

Idempotent by instance ID: the same submission sent again (Collect retries after a dropped connection, and sends
large attachments in several posts) changes nothing but the attachments it completes; a different submission with
an instance ID already known is refused (409). An edited submission (`deprecatedID`) replaces its predecessor's
answers, which keeps the predecessor and the inspection's history.
"""

import hashlib
import uuid
from dataclasses import dataclass
from datetime import datetime

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from producers.models import ProducerGroup, User
from producers.selectors import groups_editable_by
from producers.storage import files_sweep

from ..models import (
    CollectKey,
    Inspection,
    InspectionPhoto,
    InspectionRound,
    Submission,
    SubmissionAttachment,
    SubmissionStatus,
)
from ..models.collect import COLLECT_FOLDER
from ..services.answers import EVIDENCE_ORPHAN_AFTER, evidence_check
from ..services.inspections import inspection_record, inspection_replace
from .answers import InspectionFields, read_fields
from .parse import ParsedSubmission, RefusedSubmission, parse_submission
from .xlsform import round_form

PHOTO_TYPES = {"image/jpeg": "jpg", "image/png": "png"}


@dataclass(frozen=True)
class Receipt:
    submission: Submission
    created: bool

    @property
    def message(self) -> str:
        if not self.created:
            return _("Already received: nothing changed.")
        if self.submission.status == SubmissionStatus.ACCEPTED:
            return _("Received and recorded.")
        return _("Received: it waits for the field officer's review (%(reason)s).") % {"reason": self.submission.reason}


def _digest(xml: bytes) -> str:
    return hashlib.sha256(xml).hexdigest()


def _group_for(by: User, parsed: ParsedSubmission) -> ProducerGroup:
    group = groups_editable_by(by).filter(pk=parsed.group_id).first()
    if group is None:
        # The same answer whether the group exists or not: a key tells nothing about groups outside its scope.
        raise RefusedSubmission(
            _("You cannot send inspections for this group."), status=403, code="group_outside_scope"
        )
    return group


def _check_photos(files: dict[str, UploadedFile], wanted: set[str]) -> dict[str, tuple[UploadedFile, str]]:
    """The attachments the form names, each checked by its content like uploaded evidence; the others are not kept."""
    checked: dict[str, tuple[UploadedFile, str]] = {}
    for name, upload in files.items():
        if name not in wanted:
            continue
        try:
            content_type = evidence_check(upload)
        except ValidationError as error:
            raise RefusedSubmission(" ".join(error.messages), status=400, code=error.code or "attachment") from None
        if content_type not in PHOTO_TYPES:
            raise RefusedSubmission(
                _("“%(name)s” is not a JPEG or PNG photo (judged by its content).") % {"name": name[:100]},
                status=400,
                code="attachment_type",
            )
        checked[name] = (upload, content_type)
    return checked


def _store_photos(submission: Submission, photos: dict[str, tuple[UploadedFile, str]]) -> None:
    have = set(submission.attachments.values_list("name", flat=True))
    for name, (upload, content_type) in photos.items():
        if name in have:
            continue
        attachment = SubmissionAttachment(
            submission=submission, name=name[:200], content_type=content_type, size=upload.size or 0
        )
        attachment.file.save(f"{uuid.uuid4().hex}.{PHOTO_TYPES[content_type]}", upload, save=False)
        # Written before its row: if the transaction rolls back, the file sweep removes it (`COLLECT_FOLDER`).
        attachment.save()


def link_photos(submission: Submission) -> None:
    """The photos of an accepted submission, attached to its inspection's questions (again when a later post of a
    split submission brings the rest)."""
    if submission.inspection_id is None:
        return
    parsed = parse_submission(submission.xml.encode())
    wanted = {name: key for key, name in _photo_names(parsed).items()}
    linked = set(
        InspectionPhoto.objects.filter(inspection_id=submission.inspection_id).values_list("question_key", flat=True)
    )
    for attachment in submission.attachments.all():
        key = wanted.get(attachment.name)
        if key is not None and key not in linked:
            InspectionPhoto.objects.create(
                inspection_id=submission.inspection_id, question_key=key, attachment=attachment
            )


def _photo_names(parsed: ParsedSubmission) -> dict[str, str]:
    """Question key -> attachment name, for the photo fields the submission fills (q_<key>_photo)."""
    return {
        name[2 : -len("_photo")]: value
        for name, value in parsed.fields.items()
        if name.startswith("q_") and name.endswith("_photo") and value
    }


def _queue(submission: Submission, error: ValidationError | PermissionDenied, default_code: str) -> None:
    code = getattr(error, "code", None) or default_code
    messages = error.messages if isinstance(error, ValidationError) else [str(error)]
    submission.status = SubmissionStatus.QUEUED
    submission.reason_code = str(code)[:40]
    submission.reason = " ".join(messages)
    submission.save(update_fields=["status", "reason_code", "reason"])


def _record(
    *, submission: Submission, parsed: ParsedSubmission, round: InspectionRound, fields: InspectionFields, by: User
) -> Inspection:
    """The inspection the submission records: a new one, or the predecessor's, corrected."""
    predecessor = None
    if parsed.deprecated_id:
        predecessor = (
            Submission.objects.select_for_update()
            .filter(instance_id=parsed.deprecated_id, group=submission.group)
            .first()
        )
    if predecessor is not None and predecessor.inspection_id is not None:
        assert predecessor.inspection is not None
        inspection = inspection_replace(
            inspection=predecessor.inspection,
            by=by,
            inspector=fields.inspector,
            inspected_on=fields.inspected_on,
            answers=fields.answers,
            severities=fields.severities,
            notes=fields.notes,
            location=fields.location,
            reason=_("Edited on the phone: replaces submission %(id)s.") % {"id": predecessor.instance_id},
        )
    else:
        inspection = inspection_record(
            round=round,
            member=fields.member,
            inspector=fields.inspector,
            by=by,
            inspected_on=fields.inspected_on,
            answers=fields.answers,
            severities=fields.severities,
            notes=fields.notes,
            location=fields.location,
        )
    if predecessor is not None:
        Submission.objects.filter(pk=predecessor.pk).exclude(status=SubmissionStatus.REJECTED).update(
            status=SubmissionStatus.REPLACED, decided_at=timezone.now(), decided_by=by
        )
    return inspection


def process(submission: Submission, *, by: User) -> Submission:
    """Try to record the submission's inspection; keep it for review, with the reason, when the service refuses."""
    parsed = parse_submission(submission.xml.encode())
    inspection_round = InspectionRound.objects.filter(group=submission.group, year=parsed.year).first()
    if inspection_round is None:
        _queue(
            submission,
            ValidationError(_("The round of %(year)s is not open.") % {"year": parsed.year}, code="round_missing"),
            "round_missing",
        )
        return submission
    submission.round = inspection_round
    form = round_form(inspection_round)
    if parsed.version != form.version:
        error = ValidationError(
            _("The form on the phone (version %(sent)s) asks other questions than the round's form (%(current)s).")
            % {"sent": parsed.version or "?", "current": form.version},
            code="form_version",
        )
        submission.save(update_fields=["round"])
        _queue(submission, error, "form_version")
        return submission
    try:
        with transaction.atomic():
            fields = read_fields(group=submission.group, fields=parsed.fields, questions=form.questions)
            inspection = _record(submission=submission, parsed=parsed, round=inspection_round, fields=fields, by=by)
    except (ValidationError, PermissionDenied) as error:
        submission.save(update_fields=["round"])
        _queue(submission, error, "refused")
        return submission
    submission.inspection = inspection
    submission.status = SubmissionStatus.ACCEPTED
    submission.reason_code = submission.reason = ""
    submission.save(update_fields=["round", "inspection", "status", "reason_code", "reason"])
    link_photos(submission)
    return submission


def _existing(instance_id: str, *, group: ProducerGroup, digest: str) -> Submission | None:
    existing = Submission.objects.select_for_update().filter(instance_id=instance_id).first()
    if existing is not None and (existing.group_id != group.pk or existing.digest != digest):
        raise RefusedSubmission(
            _("A different submission with this instance ID was already received: refused."),
            status=409,
            code="instance_id_taken",
        )
    return existing


def submission_receive(
    *,
    xml: bytes,
    files: dict[str, UploadedFile],
    by: User,
    key: CollectKey | None = None,
    channel: str = "collect",
) -> Receipt:
    """Receive one submission (its XML and the files sent with it) from `by`: recorded, kept for review, or, when
    sent before, left as it is. `RefusedSubmission` when it is refused as a whole, with nothing written."""
    if len(xml) > settings.MAX_REQUEST_BODY_BYTES:
        raise RefusedSubmission(_("The submission is too large."), status=413, code="too_large")
    parsed = parse_submission(xml)
    group = _group_for(by, parsed)
    photos = _check_photos(files, set(_photo_names(parsed).values()))
    digest = _digest(xml)
    with transaction.atomic():
        existing = _existing(parsed.instance_id, group=group, digest=digest)
        if existing is None:
            try:
                with transaction.atomic():
                    submission = Submission.objects.create(
                        instance_id=parsed.instance_id,
                        deprecated_id=parsed.deprecated_id,
                        group=group,
                        form_id=parsed.form_id,
                        form_version=parsed.version,
                        xml=xml.decode("utf-8", errors="replace"),
                        digest=digest,
                        channel=channel,
                        key=key,
                        received_at=timezone.now(),
                        received_by=by,
                        status=SubmissionStatus.QUEUED,
                    )
            except IntegrityError:
                # The same submission arriving twice at the same moment (a retry while the first was in flight).
                existing = _existing(parsed.instance_id, group=group, digest=digest)
        if existing is not None:
            _store_photos(existing, photos)
            link_photos(existing)
            return Receipt(submission=existing, created=False)
        _store_photos(submission, photos)
        return Receipt(submission=process(submission, by=by), created=True)


def collect_files_sweep(*, now: datetime | None = None) -> int:
    """Remove the photos of submissions that no attachment row names (a receipt that rolled back after the file was
    written). Returns how many were removed."""
    return files_sweep(
        COLLECT_FOLDER,
        older_than=EVIDENCE_ORPHAN_AFTER,
        referenced=lambda names: set(
            SubmissionAttachment.objects.filter(file__in=names).values_list("file", flat=True)
        ),
        now=now,
    )
