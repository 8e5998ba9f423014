from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from producers.models import ProducerGroup


class AnnualStep(models.TextChoices):
    """The yearly loop of an autonomous group, in the order it runs."""

    MANAGEMENT_REVIEW = "management_review", _("Management review")
    PLAN_UPDATE = "plan_update", _("Improvement plan updated")
    INSPECTION_ROUND = "inspection_round", _("Internal inspection round")
    EXTERNAL_AUDIT = "external_audit", _("External audit")
    RENEWAL = "renewal", _("Certificate renewed or confirmed")


class AnnualCycle(models.Model):
    """One year of an autonomous group's improvement loop."""

    group = models.ForeignKey(
        ProducerGroup, on_delete=models.CASCADE, related_name="annual_cycles", verbose_name=_("group")
    )
    year = models.PositiveSmallIntegerField(_("year"))
    opened_at = models.DateTimeField(_("opened at"))
    opened_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name=_("opened by")
    )

    class Meta:
        ordering = ["group", "-year"]
        verbose_name = _("annual cycle")
        verbose_name_plural = _("annual cycles")
        constraints = [models.UniqueConstraint(fields=["group", "year"], name="annual_cycle_unique")]

    def __str__(self) -> str:
        return f"{self.group} {self.year}"


class AnnualStepRecord(models.Model):
    """A step of the yearly loop, done: when, by whom, with what note."""

    cycle = models.ForeignKey(AnnualCycle, on_delete=models.CASCADE, related_name="steps", verbose_name=_("cycle"))
    step = models.CharField(_("step"), max_length=24, choices=AnnualStep.choices)
    done_on = models.DateField(_("done on"))
    note = models.TextField(_("note"), blank=True)
    recorded_at = models.DateTimeField(_("recorded at"))
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name=_("recorded by")
    )

    class Meta:
        ordering = ["cycle", "done_on"]
        verbose_name = _("annual step")
        verbose_name_plural = _("annual steps")
        constraints = [models.UniqueConstraint(fields=["cycle", "step"], name="annual_step_unique")]

    def __str__(self) -> str:
        return f"{self.cycle}: {self.get_step_display()}"
