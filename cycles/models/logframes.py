from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from producers.models import Programme

from .indicators import Indicator


class LogframeLevel(models.TextChoices):
    GOAL = "goal", _("Goal")
    PURPOSE = "purpose", _("Purpose")
    OUTPUT = "output", _("Output")


class LogframeRow(models.Model):
    """A row of a programme's logical framework: its goal, its purpose, or one of its outputs."""

    programme = models.ForeignKey(
        Programme, on_delete=models.CASCADE, related_name="logframe_rows", verbose_name=_("programme")
    )
    level = models.CharField(_("level"), max_length=16, choices=LogframeLevel.choices)
    order = models.PositiveSmallIntegerField(_("order"), default=0)
    statement = models.TextField(_("statement"))
    assumptions = models.TextField(_("assumptions"), blank=True)

    class Meta:
        ordering = ["programme", "order", "pk"]
        verbose_name = _("logical framework row")
        verbose_name_plural = _("logical framework rows")

    def __str__(self) -> str:
        return f"{self.get_level_display()}: {self.statement[:60]}"


class Aggregation(models.TextChoices):
    MEAN = "mean", _("Mean of the groups")
    SUM = "sum", _("Sum over the groups")


class LogframeIndicator(models.Model):
    """An indicator of a logframe row, with its baseline and means of verification. When it names a measured
    indicator, its actual values come from the groups' measurements; otherwise they are entered."""

    row = models.ForeignKey(LogframeRow, on_delete=models.CASCADE, related_name="indicators", verbose_name=_("row"))
    name = models.CharField(_("indicator"), max_length=200)
    indicator = models.ForeignKey(
        Indicator,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="logframe_uses",
        verbose_name=_("measured indicator"),
    )
    aggregation = models.CharField(
        _("across groups"), max_length=8, choices=Aggregation.choices, default=Aggregation.MEAN
    )
    unit = models.CharField(_("unit"), max_length=40, blank=True)
    baseline = models.DecimalField(_("baseline"), max_digits=16, decimal_places=4, null=True, blank=True)
    baseline_period = models.CharField(_("baseline period"), max_length=9, blank=True)
    means_of_verification = models.TextField(_("means of verification"), blank=True)

    class Meta:
        ordering = ["row", "pk"]
        verbose_name = _("logical framework indicator")
        verbose_name_plural = _("logical framework indicators")

    def __str__(self) -> str:
        return self.name


class LogframeTarget(models.Model):
    indicator = models.ForeignKey(
        LogframeIndicator, on_delete=models.CASCADE, related_name="targets", verbose_name=_("indicator")
    )
    period = models.CharField(_("period"), max_length=9)
    value = models.DecimalField(_("target"), max_digits=16, decimal_places=4)

    class Meta:
        ordering = ["indicator", "period"]
        verbose_name = _("target")
        verbose_name_plural = _("targets")
        constraints = [models.UniqueConstraint(fields=["indicator", "period"], name="logframe_target_unique")]

    def __str__(self) -> str:
        return f"{self.indicator} {self.period}: {self.value}"


class LogframeActual(models.Model):
    """An actual value entered by hand, for an indicator that no measurement covers."""

    indicator = models.ForeignKey(
        LogframeIndicator, on_delete=models.CASCADE, related_name="actuals", verbose_name=_("indicator")
    )
    period = models.CharField(_("period"), max_length=9)
    value = models.DecimalField(_("actual"), max_digits=16, decimal_places=4)
    note = models.CharField(_("source"), max_length=300, blank=True)
    entered_at = models.DateTimeField(_("entered at"))
    entered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name=_("entered by")
    )

    class Meta:
        ordering = ["indicator", "period"]
        verbose_name = _("actual value")
        verbose_name_plural = _("actual values")
        constraints = [models.UniqueConstraint(fields=["indicator", "period"], name="logframe_actual_unique")]

    def __str__(self) -> str:
        return f"{self.indicator} {self.period}: {self.value}"
