from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from producers.models import ProducerGroup


class Indicator(models.Model):
    """An indicator definition (reference data). `computation` names a function in cycles.indicators that computes
    it from the records; empty means it is entered by hand."""

    code = models.SlugField(_("code"), max_length=60, unique=True)
    name = models.CharField(_("name"), max_length=200)
    unit = models.CharField(_("unit"), max_length=40)
    description = models.TextField(_("description"), blank=True)
    computation = models.CharField(_("computed by"), max_length=60, blank=True)
    higher_is_better = models.BooleanField(_("higher is better"), default=True)
    order = models.PositiveSmallIntegerField(_("order"), default=0)

    class Meta:
        ordering = ["order", "name"]
        verbose_name = _("indicator")
        verbose_name_plural = _("indicators")

    def __str__(self) -> str:
        return self.name


class MeasurementSource(models.TextChoices):
    COMPUTED = "computed", _("Computed from the records")
    ENTERED = "entered", _("Entered by hand")


class Measurement(models.Model):
    """An indicator's value for one group and one period (a year, or a season)."""

    group = models.ForeignKey(
        ProducerGroup, on_delete=models.CASCADE, related_name="measurements", verbose_name=_("group")
    )
    indicator = models.ForeignKey(
        Indicator, on_delete=models.PROTECT, related_name="measurements", verbose_name=_("indicator")
    )
    period = models.CharField(_("period"), max_length=9)
    value = models.DecimalField(_("value"), max_digits=16, decimal_places=4, null=True, blank=True)
    source = models.CharField(_("source"), max_length=16, choices=MeasurementSource.choices)
    note = models.CharField(_("note"), max_length=300, blank=True)
    measured_at = models.DateTimeField(_("measured at"))
    measured_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("measured by"),
    )

    class Meta:
        ordering = ["group", "indicator", "period"]
        verbose_name = _("measurement")
        verbose_name_plural = _("measurements")
        constraints = [
            models.UniqueConstraint(fields=["group", "indicator", "period"], name="measurement_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.indicator} {self.period}: {self.value}"
