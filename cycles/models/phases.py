from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

# The inner cycle has five phases (the services name them by their stable codes); coordinators edit their names.
PHASE_COUNT = 5


def phase_position(order: int) -> str:
    """Where a phase stands in the cycle, in words: "Phase 3 of 5"."""
    return gettext("Phase %(order)d of %(count)d") % {"order": order, "count": PHASE_COUNT}


def phase_label(order: int, name: str) -> str:
    """The one way every page, report and chart names a phase: its position in words, then its name."""
    return gettext("%(position)s · %(name)s") % {"position": phase_position(order), "name": name}


class Phase(models.Model):
    """One of the five inner-cycle phases. Reference data: shipped by a migration, edited by coordinators."""

    code = models.SlugField(_("code"), max_length=40, unique=True)
    order = models.PositiveSmallIntegerField(_("order"), unique=True)
    name = models.CharField(_("name"), max_length=120)
    description = models.TextField(_("description"), blank=True)
    stuck_after_days = models.PositiveIntegerField(
        _("stuck after (days)"), help_text=_("A group longer than this in the phase is flagged as stuck.")
    )

    class Meta:
        ordering = ["order"]
        verbose_name = _("phase")
        verbose_name_plural = _("phases")

    def __str__(self) -> str:
        return self.name

    @property
    def position(self) -> str:
        """Where the phase stands in the cycle, in words: "Phase 3 of 5"."""
        return phase_position(self.order)

    @property
    def label(self) -> str:
        """The one way every page names a phase: its position in words, then its name.

        The shipped names carry HIVOS's own numbering of the planning phases ("Planning phase 2"); a bare position
        beside them ("3/5", "3.") reads as a second numbering of the same thing.
        """
        return phase_label(self.order, self.name)


class CriterionKind(models.TextChoices):
    MANUAL = "manual", _("Manual: answered with evidence")
    COMPUTED = "computed", _("Computed from the records")


class Criterion(models.Model):
    """A condition a group must meet before it leaves a phase.

    A computed criterion names an evaluation function registered in code (`evaluator`) and keeps that
    function's parameters here, so a coordinator can tune a threshold without a release.
    """

    phase = models.ForeignKey(Phase, on_delete=models.CASCADE, related_name="criteria", verbose_name=_("phase"))
    code = models.SlugField(_("code"), max_length=60)
    order = models.PositiveSmallIntegerField(_("order"), default=0)
    text = models.CharField(_("criterion"), max_length=300)
    guidance = models.TextField(_("guidance"), blank=True, help_text=_("What counts as evidence."))
    kind = models.CharField(_("kind"), max_length=16, choices=CriterionKind.choices)
    evaluator = models.CharField(_("evaluation function"), max_length=60, blank=True)
    parameters = models.JSONField(_("parameters"), default=dict, blank=True)
    mandatory = models.BooleanField(_("mandatory"), default=True)
    # Retired criteria stay, so the answers and decisions made against them keep their meaning.
    active = models.BooleanField(_("active"), default=True)
    version = models.PositiveIntegerField(_("version"), default=1)

    class Meta:
        ordering = ["phase__order", "order"]
        verbose_name = _("criterion")
        verbose_name_plural = _("criteria")
        constraints = [
            models.UniqueConstraint(fields=["phase", "code"], name="criterion_code_unique_in_phase"),
            models.CheckConstraint(
                condition=(models.Q(kind="manual") & models.Q(evaluator=""))
                | (models.Q(kind="computed") & ~models.Q(evaluator="")),
                name="criterion_computed_names_evaluator",
            ),
        ]

    def __str__(self) -> str:
        return self.text

    def clean(self) -> None:
        if self.kind == CriterionKind.COMPUTED and not self.evaluator:
            raise ValidationError(
                {
                    "evaluator": ValidationError(
                        _("A computed criterion names the function that evaluates it."), code="evaluator_missing"
                    )
                }
            )
        if self.kind == CriterionKind.MANUAL and self.evaluator:
            raise ValidationError(
                {
                    "evaluator": ValidationError(
                        _("A manual criterion is answered by a person; leave the function empty."),
                        code="evaluator_on_manual",
                    )
                }
            )


class CriterionRevision(models.Model):
    """A criterion as it stood at one version: who changed it, when and why. Written by the criterion services."""

    criterion = models.ForeignKey(
        Criterion, on_delete=models.CASCADE, related_name="revisions", verbose_name=_("criterion")
    )
    version = models.PositiveIntegerField(_("version"))
    text = models.CharField(_("criterion"), max_length=300)
    guidance = models.TextField(_("guidance"), blank=True)
    kind = models.CharField(_("kind"), max_length=16, choices=CriterionKind.choices)
    evaluator = models.CharField(_("evaluation function"), max_length=60, blank=True)
    parameters = models.JSONField(_("parameters"), default=dict, blank=True)
    mandatory = models.BooleanField(_("mandatory"))
    active = models.BooleanField(_("active"))
    order = models.PositiveIntegerField(_("position in the phase"), default=0)
    changed_at = models.DateTimeField(_("changed at"))
    changed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("changed by"),
    )
    reason = models.TextField(_("reason"), blank=True)

    class Meta:
        ordering = ["criterion", "-version"]
        verbose_name = _("criterion revision")
        verbose_name_plural = _("criterion revisions")
        constraints = [
            models.UniqueConstraint(fields=["criterion", "version"], name="criterion_revision_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.criterion.code} v{self.version}"
