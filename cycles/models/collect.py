"""Field capture with ODK Collect or KoboCollect: the keys a phone signs in with, the submissions it sends (kept
whole, with the reason when one could not be accepted), their attachments, and the photos an inspection keeps as
evidence."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from producers.models import ProducerGroup

from .inspections import Inspection, InspectionRound


class CollectKey(models.Model):
    """A key one person's phone uses to talk to the server: it lives in the server URL that Collect is set up with
    (as ODK Central's app users do), so nobody types a web password into a shared phone. Only its SHA-256 is kept:
    the key itself is shown once, as a QR code."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="collect_keys", verbose_name=_("person")
    )
    label = models.CharField(_("device"), max_length=80, help_text=_("Which phone: 'Tecno of the Gikoe office'."))
    digest = models.CharField(max_length=64, unique=True, editable=False)
    created_at = models.DateTimeField(_("created at"))
    expires_at = models.DateTimeField(_("expires at"))
    last_used_at = models.DateTimeField(_("last used at"), null=True, blank=True)
    revoked_at = models.DateTimeField(_("revoked at"), null=True, blank=True)
    revoked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("revoked by"),
    )

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("field capture key")
        verbose_name_plural = _("field capture keys")

    def __str__(self) -> str:
        return f"{self.label} ({self.user_id})"


class SubmissionStatus(models.TextChoices):
    ACCEPTED = "accepted", _("Accepted")
    QUEUED = "queued", _("Waiting for review")
    REJECTED = "rejected", _("Rejected")
    REPLACED = "replaced", _("Replaced by an edit")


class Submission(models.Model):
    """One filled form as a phone (or an import) sent it: the XML is kept whole, so that a submission that could not
    be accepted is never lost, and an edited one keeps its predecessor."""

    instance_id = models.CharField(_("instance ID"), max_length=100, unique=True)
    deprecated_id = models.CharField(_("replaces"), max_length=100, blank=True)
    group = models.ForeignKey(
        ProducerGroup, on_delete=models.CASCADE, related_name="submissions", verbose_name=_("group")
    )
    round = models.ForeignKey(
        InspectionRound,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="submissions",
        verbose_name=_("round"),
    )
    form_id = models.CharField(_("form"), max_length=100)
    form_version = models.CharField(_("form version"), max_length=40, blank=True)
    xml = models.TextField(_("submission"))
    digest = models.CharField(max_length=64, editable=False)
    channel = models.CharField(_("received through"), max_length=16, default="collect")
    key = models.ForeignKey(
        CollectKey, on_delete=models.SET_NULL, null=True, blank=True, related_name="+", verbose_name=_("key")
    )
    received_at = models.DateTimeField(_("received at"))
    received_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name=_("sent by")
    )
    status = models.CharField(_("status"), max_length=16, choices=SubmissionStatus.choices)
    reason_code = models.CharField(_("reason"), max_length=40, blank=True)
    reason = models.TextField(_("why it waits"), blank=True)
    inspection = models.ForeignKey(
        Inspection,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="submissions",
        verbose_name=_("inspection"),
    )
    decided_at = models.DateTimeField(_("decided at"), null=True, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("decided by"),
    )
    decision_note = models.TextField(_("decision note"), blank=True)
    version = models.PositiveIntegerField(default=1, editable=False)

    class Meta:
        ordering = ["-received_at", "-pk"]
        verbose_name = _("field submission")
        verbose_name_plural = _("field submissions")
        indexes = [models.Index(fields=["group", "status", "received_at"], name="submission_queue")]

    def __str__(self) -> str:
        return self.instance_id


COLLECT_FOLDER = "collect"


def attachment_path(instance: "SubmissionAttachment", filename: str) -> str:
    # `filename` is made by the service (a random id and the extension of the detected type), never the phone's.
    return f"{COLLECT_FOLDER}/group-{instance.submission.group_id}/{filename}"


class SubmissionAttachment(models.Model):
    """A file sent with a submission (a photo taken as evidence), checked by its content like uploaded evidence."""

    submission = models.ForeignKey(
        Submission, on_delete=models.CASCADE, related_name="attachments", verbose_name=_("submission")
    )
    name = models.CharField(_("name in the form"), max_length=200)
    file = models.FileField(_("file"), upload_to=attachment_path, max_length=200)
    content_type = models.CharField(_("type"), max_length=40)
    size = models.PositiveIntegerField(_("size (bytes)"))

    class Meta:
        ordering = ["submission", "name"]
        verbose_name = _("submission attachment")
        verbose_name_plural = _("submission attachments")
        constraints = [models.UniqueConstraint(fields=["submission", "name"], name="attachment_once")]

    def __str__(self) -> str:
        return self.name


class InspectionPhoto(models.Model):
    """A photo taken on the farm for one question of an inspection: the evidence behind its answer."""

    inspection = models.ForeignKey(
        Inspection, on_delete=models.CASCADE, related_name="photos", verbose_name=_("inspection")
    )
    question_key = models.CharField(_("question"), max_length=20)
    attachment = models.ForeignKey(
        SubmissionAttachment, on_delete=models.CASCADE, related_name="photos", verbose_name=_("file")
    )

    class Meta:
        ordering = ["inspection", "question_key"]
        verbose_name = _("inspection photo")
        verbose_name_plural = _("inspection photos")
        constraints = [models.UniqueConstraint(fields=["inspection", "question_key"], name="photo_once_per_question")]

    def __str__(self) -> str:
        return f"{self.inspection_id}/{self.question_key}"
