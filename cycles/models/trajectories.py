from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from producers.models import ProducerGroup

from .phases import Phase


class TrajectoryStatus(models.TextChoices):
    ACTIVE = "active", _("Active")
    ON_HOLD = "on_hold", _("On hold")
    WITHDRAWN = "withdrawn", _("Withdrawn")


class Trajectory(models.Model):
    """A group's path through the inner cycle: where it stands now. The story is in its PhaseMove rows."""

    group = models.OneToOneField(
        ProducerGroup, on_delete=models.CASCADE, related_name="trajectory", verbose_name=_("group")
    )
    phase = models.ForeignKey(Phase, on_delete=models.PROTECT, related_name="trajectories", verbose_name=_("phase"))
    phase_since = models.DateTimeField(_("in this phase since"))
    status = models.CharField(
        _("status"), max_length=16, choices=TrajectoryStatus.choices, default=TrajectoryStatus.ACTIVE
    )
    started_at = models.DateTimeField(_("started at"))

    class Meta:
        ordering = ["group"]
        verbose_name = _("trajectory")
        verbose_name_plural = _("trajectories")

    def __str__(self) -> str:
        return f"{self.group} – {self.phase}"

    @property
    def days_in_phase(self) -> int:
        return (timezone.now() - self.phase_since).days


class MoveKind(models.TextChoices):
    START = "start", _("Started")
    ADVANCE = "advance", _("Advanced")
    OVERRIDE = "override", _("Advanced by override")
    BACK = "back", _("Moved back")
    HOLD = "hold", _("Put on hold")
    RESUME = "resume", _("Resumed")
    SUSPEND = "suspend", _("Certificate suspended")
    WITHDRAW = "withdraw", _("Withdrawn")


class PhaseMove(models.Model):
    """One event in a group's trajectory. Written once by a service, never changed."""

    trajectory = models.ForeignKey(
        Trajectory, on_delete=models.CASCADE, related_name="moves", verbose_name=_("trajectory")
    )
    kind = models.CharField(_("kind"), max_length=16, choices=MoveKind.choices)
    from_phase = models.ForeignKey(
        Phase, on_delete=models.PROTECT, null=True, blank=True, related_name="+", verbose_name=_("from")
    )
    to_phase = models.ForeignKey(Phase, on_delete=models.PROTECT, related_name="+", verbose_name=_("to"))
    moved_at = models.DateTimeField(_("moved at"))
    moved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("moved by"),
    )
    reason = models.TextField(_("reason"), blank=True)
    # The criteria as they stood and were evaluated when the decision was taken, so an old decision keeps
    # showing what it was made against after the criteria are edited: a list of cycles.gates.CriterionResult.
    gate_snapshot = models.JSONField(_("criteria at the time"), default=list, blank=True)

    class Meta:
        ordering = ["trajectory", "moved_at", "pk"]
        verbose_name = _("phase move")
        verbose_name_plural = _("phase moves")
        indexes = [models.Index(fields=["moved_at"])]

    def __str__(self) -> str:
        return f"{self.get_kind_display()}: {self.from_phase or '—'} → {self.to_phase}"
