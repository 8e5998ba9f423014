from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from producers.models import ProducerGroup, Programme


class JobStatus(models.TextChoices):
    QUEUED = "queued", _("Waiting")
    RUNNING = "running", _("Being made")
    DONE = "done", _("Ready")
    FAILED = "failed", _("Failed")


class ReportJob(models.Model):
    """A progress report being made in the background: who asked, for what, how far it is, and the file."""

    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="report_jobs", verbose_name=_("asked by")
    )
    group = models.ForeignKey(
        ProducerGroup,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="report_jobs",
        verbose_name=_("group"),
    )
    programme = models.ForeignKey(
        Programme,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="report_jobs",
        verbose_name=_("programme"),
    )
    period_start = models.DateField(_("from"))
    period_end = models.DateField(_("to"))
    status = models.CharField(_("status"), max_length=16, choices=JobStatus.choices, default=JobStatus.QUEUED)
    progress = models.PositiveSmallIntegerField(_("progress (%)"), default=0)
    file = models.FileField(_("file"), upload_to="reports/", blank=True)
    error = models.TextField(_("error"), blank=True)
    attempts = models.PositiveSmallIntegerField(_("attempts"), default=0)
    created_at = models.DateTimeField(_("asked at"))
    started_at = models.DateTimeField(_("started at"), null=True, blank=True)
    # The delivery of the task that claimed the row (Celery's task id). A delivery that comes again with the same id
    # means the run holding it was lost (its worker killed): it may take the row over at once.
    attempt = models.CharField(_("attempt"), max_length=64, blank=True)
    finished_at = models.DateTimeField(_("finished at"), null=True, blank=True)
    expires_at = models.DateTimeField(_("expires at"), null=True, blank=True)
    # The fingerprint of the records the file was made from (`cycles.reports.progress.digest`): the file is
    # handed out again only while the records still give the same one.
    records_digest = models.CharField(_("records fingerprint"), max_length=64, blank=True)
    # The language of the person who asked, taken when they asked: the file is made in it, whoever downloads it.
    language = models.CharField(_("language"), max_length=10, default=settings.LANGUAGE_CODE)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("report job")
        verbose_name_plural = _("report jobs")
        constraints = [
            models.CheckConstraint(
                condition=(models.Q(group__isnull=False) & models.Q(programme__isnull=True))
                | (models.Q(group__isnull=True) & models.Q(programme__isnull=False)),
                name="report_job_one_subject",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.group or self.programme} {self.period_start}–{self.period_end}"
