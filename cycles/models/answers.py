from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from producers.models import ProducerGroup

from .phases import Criterion


class AnswerStatus(models.TextChoices):
    MET = "met", _("Met")
    NOT_MET = "not_met", _("Not met")
    NOT_APPLICABLE = "not_applicable", _("Not applicable")


class CriterionAnswer(models.Model):
    """A person's current answer to a manual criterion for one group. Earlier answers are in its history."""

    group = models.ForeignKey(
        ProducerGroup, on_delete=models.CASCADE, related_name="criterion_answers", verbose_name=_("group")
    )
    criterion = models.ForeignKey(
        Criterion, on_delete=models.PROTECT, related_name="answers", verbose_name=_("criterion")
    )
    status = models.CharField(_("answer"), max_length=16, choices=AnswerStatus.choices)
    evidence_note = models.TextField(_("evidence"), blank=True)
    answered_at = models.DateTimeField(_("answered at"))
    answered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name=_("answered by")
    )

    class Meta:
        ordering = ["group", "criterion"]
        verbose_name = _("criterion answer")
        verbose_name_plural = _("criterion answers")
        constraints = [
            models.UniqueConstraint(fields=["group", "criterion"], name="criterion_answer_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.group} – {self.criterion.code}: {self.get_status_display()}"


class CriterionAnswerHistory(models.Model):
    """Every answer ever given, in order: the current one is also the last row here."""

    answer = models.ForeignKey(
        CriterionAnswer, on_delete=models.CASCADE, related_name="history", verbose_name=_("answer")
    )
    status = models.CharField(_("answer"), max_length=16, choices=AnswerStatus.choices)
    evidence_note = models.TextField(_("evidence"), blank=True)
    criterion_version = models.PositiveIntegerField(_("criterion version"))
    answered_at = models.DateTimeField(_("answered at"))
    answered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name=_("answered by")
    )

    class Meta:
        ordering = ["answer", "-answered_at", "-pk"]
        verbose_name = _("earlier answer")
        verbose_name_plural = _("earlier answers")

    def __str__(self) -> str:
        return f"{self.answer_id}: {self.status} at {self.answered_at:%Y-%m-%d}"


EVIDENCE_FOLDER = "evidence"


def evidence_path(instance: "Evidence", filename: str) -> str:
    # `filename` is the one the service makes (a random id and the extension of the detected type): the
    # uploaded name is shown to people, never used as a path.
    return f"{EVIDENCE_FOLDER}/group-{instance.answer.group_id}/{filename}"


class Evidence(models.Model):
    """A file that supports an answer (PDF, JPEG or PNG). Kept outside the static files, served by a view that
    checks the user may see the group."""

    answer = models.ForeignKey(
        CriterionAnswer, on_delete=models.CASCADE, related_name="evidence", verbose_name=_("answer")
    )
    uid = models.CharField(max_length=32, unique=True, editable=False)
    file = models.FileField(_("file"), upload_to=evidence_path, max_length=200)
    original_name = models.CharField(_("file name"), max_length=200)
    content_type = models.CharField(_("type"), max_length=40)
    size = models.PositiveIntegerField(_("size (bytes)"))
    uploaded_at = models.DateTimeField(_("uploaded at"))
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name=_("uploaded by")
    )

    class Meta:
        ordering = ["answer", "uploaded_at"]
        verbose_name = _("evidence file")
        verbose_name_plural = _("evidence files")

    def __str__(self) -> str:
        return self.original_name
