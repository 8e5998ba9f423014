from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from producers.models import Organisation, ProducerGroup, Programme
from producers.models.organisations import InterestGroup

from .jobs import JobStatus
from .phases import Phase


class ServiceType(models.Model):
    """A kind of support a group can receive (reference data): training, ICS coaching, audit, pre-finance, …"""

    code = models.SlugField(_("code"), max_length=40, unique=True)
    name = models.CharField(_("name"), max_length=120)
    description = models.TextField(_("description"), blank=True)
    order = models.PositiveSmallIntegerField(_("order"), default=0)

    class Meta:
        ordering = ["order"]
        verbose_name = _("service type")
        verbose_name_plural = _("service types")

    def __str__(self) -> str:
        return self.name


class InteractionPoint(models.Model):
    """Reference data: a service a group is expected to receive while in a phase, and from which interest group."""

    phase = models.ForeignKey(
        Phase, on_delete=models.CASCADE, related_name="interaction_points", verbose_name=_("phase")
    )
    service_type = models.ForeignKey(
        ServiceType, on_delete=models.CASCADE, related_name="interaction_points", verbose_name=_("service")
    )
    provider_interest_group = models.CharField(
        _("expected from"), max_length=32, choices=InterestGroup.choices, blank=True
    )
    description = models.CharField(_("why"), max_length=300, blank=True)

    class Meta:
        ordering = ["phase__order", "service_type__order"]
        verbose_name = _("interaction point")
        verbose_name_plural = _("interaction points")
        constraints = [
            models.UniqueConstraint(fields=["phase", "service_type"], name="interaction_point_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.phase}: {self.service_type}"


class Service(models.Model):
    """Support delivered to a group by an outer-cycle organisation."""

    group = models.ForeignKey(ProducerGroup, on_delete=models.CASCADE, related_name="services", verbose_name=_("group"))
    service_type = models.ForeignKey(
        ServiceType, on_delete=models.PROTECT, related_name="services", verbose_name=_("service")
    )
    provider = models.ForeignKey(
        Organisation, on_delete=models.PROTECT, related_name="services_provided", verbose_name=_("provider")
    )
    delivered_on = models.DateField(_("delivered on"))
    phase = models.ForeignKey(
        Phase,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="services",
        verbose_name=_("group's phase at the time"),
    )
    cost = models.DecimalField(_("cost"), max_digits=14, decimal_places=2, null=True, blank=True)
    currency = models.CharField(_("currency"), max_length=3, blank=True)
    paid_by = models.ForeignKey(
        Organisation,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="services_paid",
        verbose_name=_("paid by"),
    )
    programme = models.ForeignKey(
        Programme,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="services",
        verbose_name=_("programme"),
    )
    description = models.TextField(_("description"), blank=True)
    recorded_at = models.DateTimeField(_("recorded at"))
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name=_("recorded by")
    )

    class Meta:
        ordering = ["group", "-delivered_on"]
        verbose_name = _("service")
        verbose_name_plural = _("services")
        indexes = [
            models.Index(fields=["delivered_on"]),
            models.Index(fields=["group", "service_type", "delivered_on"]),
        ]

    def __str__(self) -> str:
        return f"{self.service_type} → {self.group} ({self.delivered_on:%Y-%m-%d})"


class CoordinationRun(models.Model):
    """One run of the coordination report: its parameters, status and results. A finished run never changes."""

    key = models.CharField(_("key"), max_length=64, db_index=True)
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="coordination_runs",
        verbose_name=_("asked by"),
        help_text=_("Empty for the monthly run."),
    )
    period_start = models.DateField(_("from"))
    period_end = models.DateField(_("to"))
    filters = models.JSONField(_("filters"), default=dict, blank=True)
    programme = models.ForeignKey(
        Programme,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="coordination_runs",
        verbose_name=_("programme"),
    )
    status = models.CharField(_("status"), max_length=16, choices=JobStatus.choices, default=JobStatus.QUEUED)
    results = models.JSONField(_("results"), default=dict, blank=True)
    # The language of the person who asked (the app's for the monthly run): the findings' words and the downloads.
    language = models.CharField(_("language"), max_length=10, default=settings.LANGUAGE_CODE)
    error = models.TextField(_("error"), blank=True)
    created_at = models.DateTimeField(_("asked at"))
    started_at = models.DateTimeField(_("started at"), null=True, blank=True)
    # The delivery of the task that claimed the row (Celery's task id). A delivery that comes again with the same id
    # means the run holding it was lost (its worker killed): it may take the row over at once.
    attempt = models.CharField(_("attempt"), max_length=64, blank=True)
    finished_at = models.DateTimeField(_("finished at"), null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("coordination report run")
        verbose_name_plural = _("coordination report runs")

    def __str__(self) -> str:
        return f"{self.period_start}–{self.period_end} ({self.get_status_display()})"
