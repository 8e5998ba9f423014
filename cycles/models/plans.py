from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from producers.models import ProducerGroup
from standards.models import Requirement

from .indicators import Indicator


class PlanStatus(models.TextChoices):
    PLANNED = "planned", _("Planned")
    IN_PROGRESS = "in_progress", _("In progress")
    DONE = "done", _("Done")
    DROPPED = "dropped", _("Dropped")


class PlanAction(models.Model):
    """An action of a group's improvement plan: what gap it closes, who does it, by when, which indicator it moves."""

    group = models.ForeignKey(
        ProducerGroup, on_delete=models.CASCADE, related_name="plan_actions", verbose_name=_("group")
    )
    title = models.CharField(_("action"), max_length=200)
    requirement = models.ForeignKey(
        Requirement,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="plan_actions",
        verbose_name=_("requirement"),
    )
    gap = models.TextField(_("gap"), blank=True, help_text=_("The gap it closes, when it is not a requirement."))
    owner = models.CharField(_("owner"), max_length=120)
    deadline = models.DateField(_("deadline"))
    status = models.CharField(_("status"), max_length=16, choices=PlanStatus.choices, default=PlanStatus.PLANNED)
    indicator = models.ForeignKey(
        Indicator,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="plan_actions",
        verbose_name=_("indicator it should move"),
    )
    version = models.PositiveIntegerField(default=1, editable=False)
    history = HistoricalRecords()

    class Meta:
        ordering = ["group", "deadline", "pk"]
        verbose_name = _("improvement plan action")
        verbose_name_plural = _("improvement plan actions")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(requirement__isnull=False) | ~models.Q(gap=""), name="plan_action_names_a_gap"
            ),
        ]

    def __str__(self) -> str:
        return self.title
