"""Answering manual criteria, with evidence files."""

import uuid
from datetime import datetime, timedelta

import filetype
from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.template.defaultfilters import filesizeformat
from django.utils import timezone
from django.utils.translation import gettext as _

from producers.models import ProducerGroup, User
from producers.records_version import changes_records
from producers.storage import files_sweep

from ..models import AnswerStatus, Criterion, CriterionAnswer, CriterionAnswerHistory, CriterionKind, Evidence
from ..models.answers import EVIDENCE_FOLDER
from ..selectors import can_change


def evidence_check(upload: UploadedFile) -> str:
    """The content type of an acceptable evidence file, read from its first bytes; ValidationError otherwise."""
    if upload.size is None or upload.size == 0:
        raise ValidationError(_("“%(name)s” is empty."), code="evidence_empty", params={"name": upload.name})
    if upload.size > settings.EVIDENCE_MAX_BYTES:
        raise ValidationError(
            _("“%(name)s” is %(size)s; files up to %(limit)s are accepted."),
            code="evidence_too_large",
            params={
                "name": upload.name,
                "size": filesizeformat(upload.size),
                "limit": filesizeformat(settings.EVIDENCE_MAX_BYTES),
            },
        )
    upload.seek(0)
    head = upload.read(512)
    upload.seek(0)
    kind = filetype.guess(head)
    if kind is None or kind.mime not in settings.EVIDENCE_TYPES:
        raise ValidationError(
            _("“%(name)s” is not a PDF, JPEG or PNG file (judged by its content, not its name)."),
            code="evidence_type",
            params={"name": upload.name},
        )
    return str(kind.mime)


@changes_records
@transaction.atomic
def criterion_answer(
    *,
    group: ProducerGroup,
    criterion: Criterion,
    by: User,
    status: str,
    evidence_note: str = "",
    files: list[UploadedFile] | None = None,
) -> CriterionAnswer:
    """Answer a manual criterion for a group (or change the answer), keeping every earlier answer.

    Files are checked before anything is written: one bad file and nothing is saved.
    """
    if not can_change(by, group):
        raise PermissionDenied(_("You cannot answer criteria for this group."))
    if criterion.kind != CriterionKind.MANUAL:
        raise ValidationError(_("A computed criterion is evaluated from the records, not answered."), code="computed")
    if not criterion.active:
        raise ValidationError(_("This criterion has been retired."), code="retired")
    if status not in AnswerStatus.values:
        raise ValidationError(_("Choose met, not met or not applicable."), code="invalid_status")
    evidence_note = evidence_note.strip()
    if status == AnswerStatus.NOT_APPLICABLE and not evidence_note:
        raise ValidationError(
            _("Say why the criterion does not apply to this group."), code="not_applicable_needs_reason"
        )
    files = files or []
    types = [evidence_check(upload) for upload in files]

    now = timezone.now()
    answer, _created = CriterionAnswer.objects.select_for_update().update_or_create(
        group=group,
        criterion=criterion,
        defaults={"status": status, "evidence_note": evidence_note, "answered_at": now, "answered_by": by},
    )
    CriterionAnswerHistory.objects.create(
        answer=answer,
        status=status,
        evidence_note=evidence_note,
        criterion_version=criterion.version,
        answered_at=now,
        answered_by=by,
    )
    # Files are written last, and removed again if a write after them fails: the database rolls back, and no
    # file should stay on disk that no record points to.
    stored: list[Evidence] = []
    try:
        for upload, content_type in zip(files, types, strict=True):
            evidence = Evidence(
                answer=answer,
                uid=uuid.uuid4().hex,
                original_name=(upload.name or "evidence")[:200],
                content_type=content_type,
                size=upload.size or 0,
                uploaded_at=now,
                uploaded_by=by,
            )
            evidence.file.save(f"{evidence.uid}.{settings.EVIDENCE_TYPES[content_type]}", upload, save=False)
            stored.append(evidence)
            evidence.save()
    except BaseException:
        for evidence in stored:
            evidence.file.delete(save=False)
        raise
    return answer


# Left-over evidence files: a file is written before its row, so a transaction that rolls back after the upload
# (the request failing later on) leaves the file with no row. A day is far longer than any request.
EVIDENCE_ORPHAN_AFTER = timedelta(days=1)


def evidence_files_sweep(*, now: datetime | None = None) -> int:
    """Remove the evidence files that no evidence row names. Returns how many were removed."""
    return files_sweep(
        EVIDENCE_FOLDER,
        older_than=EVIDENCE_ORPHAN_AFTER,
        referenced=lambda names: set(Evidence.objects.filter(file__in=names).values_list("file", flat=True)),
        now=now,
    )
