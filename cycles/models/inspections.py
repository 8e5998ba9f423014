from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from producers.models import Member, ProducerGroup
from standards.models import CrosswalkTopic, Requirement


class Inspector(models.Model):
    """An internal inspector of a group: often a trained member, sometimes staff with a login."""

    group = models.ForeignKey(
        ProducerGroup, on_delete=models.CASCADE, related_name="inspectors", verbose_name=_("group")
    )
    name = models.CharField(_("name"), max_length=120)
    member = models.ForeignKey(
        Member,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="inspector_roles",
        verbose_name=_("member"),
        help_text=_("When the inspector is a member: they may never inspect their own farm."),
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="inspector_roles",
        verbose_name=_("login"),
    )
    trained_on = models.DateField(_("trained on"), null=True, blank=True)
    active = models.BooleanField(_("active"), default=True)
    version = models.PositiveIntegerField(default=1, editable=False)
    history = HistoricalRecords()

    class Meta:
        ordering = ["group", "name"]
        verbose_name = _("internal inspector")
        verbose_name_plural = _("internal inspectors")

    def __str__(self) -> str:
        return self.name


class ConflictOfInterest(models.Model):
    """A declared tie between an inspector and a member (family, neighbour, debt): not theirs to inspect."""

    inspector = models.ForeignKey(
        Inspector, on_delete=models.CASCADE, related_name="conflicts", verbose_name=_("inspector")
    )
    member = models.ForeignKey(Member, on_delete=models.CASCADE, related_name="conflicts", verbose_name=_("member"))
    declared_on = models.DateField(_("declared on"))
    reason = models.CharField(_("reason"), max_length=200)
    history = HistoricalRecords()

    class Meta:
        ordering = ["inspector", "member"]
        verbose_name = _("conflict of interest")
        verbose_name_plural = _("conflicts of interest")
        constraints = [models.UniqueConstraint(fields=["inspector", "member"], name="conflict_unique")]

    def __str__(self) -> str:
        return f"{self.inspector} ↔ {self.member}"


class InspectionRound(models.Model):
    """A group's yearly round of internal inspections: every member is due once."""

    group = models.ForeignKey(
        ProducerGroup, on_delete=models.CASCADE, related_name="inspection_rounds", verbose_name=_("group")
    )
    year = models.PositiveSmallIntegerField(_("year"))
    opened_at = models.DateTimeField(_("opened at"))
    opened_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name=_("opened by")
    )

    class Meta:
        ordering = ["group", "-year"]
        verbose_name = _("inspection round")
        verbose_name_plural = _("inspection rounds")
        constraints = [models.UniqueConstraint(fields=["group", "year"], name="inspection_round_unique")]

    def __str__(self) -> str:
        return f"{self.group} {self.year}"


class Decision(models.TextChoices):
    APPROVE = "approve", _("Approve")
    APPROVE_WITH_CONDITIONS = "conditions", _("Approve with conditions")
    SANCTION = "sanction", _("Sanction")
    EXCLUDE = "exclude", _("Do not approve")


class InspectionKind(models.TextChoices):
    MEMBER = "member", _("Member inspection")
    GROUP = "group", _("Group assessment")


class Inspection(models.Model):
    """One answered set of questions in a round: a member's internal inspection (one inspector, the farm-level
    questions), or the group's own yearly assessment (no member, no inspector: the group-level questions, answered
    by the group's manager, field officer or ICS manager who records it).

    Both kinds share the answers, the non-conformities and the compliance scores, so that a requirement is scored
    and followed up in one way whatever its scope.
    """

    round = models.ForeignKey(
        InspectionRound, on_delete=models.CASCADE, related_name="inspections", verbose_name=_("round")
    )
    kind = models.CharField(_("kind"), max_length=8, choices=InspectionKind.choices, default=InspectionKind.MEMBER)
    member = models.ForeignKey(
        Member, on_delete=models.PROTECT, null=True, blank=True, related_name="inspections", verbose_name=_("member")
    )
    inspector = models.ForeignKey(
        Inspector,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="inspections",
        verbose_name=_("inspector"),
    )
    inspected_on = models.DateField(_("inspected on"))
    notes = models.TextField(_("notes"), blank=True)
    # Where the inspector stood, when the inspection came from a phone with a GPS fix (ODK Collect's geopoint).
    latitude = models.DecimalField(_("latitude"), max_digits=9, decimal_places=6, null=True, blank=True)
    longitude = models.DecimalField(_("longitude"), max_digits=9, decimal_places=6, null=True, blank=True)
    gps_accuracy = models.DecimalField(_("GPS accuracy (m)"), max_digits=8, decimal_places=1, null=True, blank=True)
    proposed_decision = models.CharField(_("proposed decision"), max_length=16, choices=Decision.choices, blank=True)
    recorded_at = models.DateTimeField(_("recorded at"))
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name=_("recorded by")
    )
    version = models.PositiveIntegerField(default=1, editable=False)
    history = HistoricalRecords()

    class Meta:
        ordering = ["round", "member"]
        verbose_name = _("internal inspection")
        verbose_name_plural = _("internal inspections")
        constraints = [
            models.UniqueConstraint(fields=["round", "member"], name="inspection_once_per_round"),
            models.UniqueConstraint(
                fields=["round"], condition=models.Q(kind="group"), name="group_assessment_once_per_round"
            ),
            # A member inspection names its member, its inspector and the decision it proposes; a group
            # assessment concerns no member, and there is no member's approval to propose.
            models.CheckConstraint(
                condition=(
                    models.Q(kind="member", member__isnull=False, inspector__isnull=False)
                    & ~models.Q(proposed_decision="")
                )
                | models.Q(kind="group", member__isnull=True, inspector__isnull=True, proposed_decision=""),
                name="inspection_kind_matches_member",
            ),
        ]

    def __str__(self) -> str:
        if self.member is None:
            return f"{self.round} {self.get_kind_display()}"
        return f"{self.member} {self.inspected_on:%Y-%m-%d}"

    @property
    def is_group_assessment(self) -> bool:
        return self.kind == InspectionKind.GROUP


class Compliance(models.TextChoices):
    COMPLIANT = "compliant", _("Compliant")
    NOT_COMPLIANT = "not_compliant", _("Not compliant")
    NOT_APPLICABLE = "not_applicable", _("Not applicable")


class InspectionAnswer(models.Model):
    """The answer to one question of an inspection. Where the cross-walk makes requirements equivalent, one question
    stands for the topic, and the answer counts for every chosen standard that asks it."""

    inspection = models.ForeignKey(
        Inspection, on_delete=models.CASCADE, related_name="answers", verbose_name=_("inspection")
    )
    requirement = models.ForeignKey(
        Requirement, on_delete=models.PROTECT, related_name="inspection_answers", verbose_name=_("requirement")
    )
    crosswalk_topic = models.ForeignKey(
        CrosswalkTopic,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="inspection_answers",
        verbose_name=_("cross-walk topic"),
    )
    answer = models.CharField(_("answer"), max_length=16, choices=Compliance.choices)
    notes = models.TextField(_("notes"), blank=True)

    class Meta:
        ordering = ["inspection", "requirement__code"]
        verbose_name = _("inspection answer")
        verbose_name_plural = _("inspection answers")
        constraints = [
            models.UniqueConstraint(fields=["inspection", "requirement"], name="inspection_answer_unique"),
        ]
        indexes = [
            # The coordination report counts the failed answers per requirement: a small share of the field's
            # tens of millions of answers. This index holds only those, with the columns the count needs (the
            # topic for a report on one standard), so the report reads them without scanning the rest (an
            # index-only scan on PostgreSQL; SQLite keeps the partial index without the included column).
            models.Index(
                fields=["requirement", "inspection"],
                include=["crosswalk_topic"],
                condition=models.Q(answer=Compliance.NOT_COMPLIANT),
                name="answer_not_compliant_idx",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.requirement.code}: {self.answer}"
