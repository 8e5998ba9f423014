from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from producers.models import Member, ProducerGroup
from producers.models.members import MemberStatus
from standards.models import Audit, Requirement

from .inspections import Inspection


class Severity(models.TextChoices):
    MINOR = "minor", _("Minor")
    MAJOR = "major", _("Major")
    CRITICAL = "critical", _("Critical")


class NCSource(models.TextChoices):
    INTERNAL = "internal", _("Internal inspection")
    EXTERNAL = "external", _("External audit")


class NCStatus(models.TextChoices):
    OPEN = "open", _("Open")
    ACTION_PLANNED = "action_planned", _("Action planned")
    IMPLEMENTED = "implemented", _("Implemented")
    CLOSED = "closed", _("Verified and closed")


class NonConformity(models.Model):
    """Something found not to comply: by an internal inspection (of a member) or an external audit (of the group)."""

    group = models.ForeignKey(
        ProducerGroup, on_delete=models.CASCADE, related_name="nonconformities", verbose_name=_("group")
    )
    member = models.ForeignKey(
        Member,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="nonconformities",
        verbose_name=_("member"),
    )
    source = models.CharField(_("source"), max_length=16, choices=NCSource.choices)
    inspection = models.ForeignKey(
        Inspection,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="nonconformities",
        verbose_name=_("inspection"),
    )
    audit = models.ForeignKey(
        Audit, on_delete=models.CASCADE, null=True, blank=True, related_name="findings", verbose_name=_("audit")
    )
    requirement = models.ForeignKey(
        Requirement, on_delete=models.PROTECT, related_name="nonconformities", verbose_name=_("requirement")
    )
    # Every requirement the finding counts against: the one above and, for an answer to a cross-walk question, the
    # equivalent requirement of each other chosen standard that the answer served. Counts per standard read these.
    requirements = models.ManyToManyField(
        Requirement, related_name="counted_nonconformities", verbose_name=_("counts against")
    )
    severity = models.CharField(_("severity"), max_length=16, choices=Severity.choices)
    description = models.TextField(_("what was found"))
    found_on = models.DateField(_("found on"))
    status = models.CharField(_("status"), max_length=16, choices=NCStatus.choices, default=NCStatus.OPEN)
    closed_on = models.DateField(_("closed on"), null=True, blank=True)
    version = models.PositiveIntegerField(default=1, editable=False)
    history = HistoricalRecords()

    class Meta:
        ordering = ["group", "-found_on", "pk"]
        verbose_name = _("non-conformity")
        verbose_name_plural = _("non-conformities")
        indexes = [models.Index(fields=["group", "status"])]
        constraints = [
            models.CheckConstraint(
                condition=(models.Q(source="internal") & models.Q(audit__isnull=True))
                | (models.Q(source="external") & models.Q(inspection__isnull=True)),
                name="nonconformity_source_matches_origin",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.requirement.code} ({self.get_severity_display()})"


class NCStatusChange(models.Model):
    nonconformity = models.ForeignKey(
        NonConformity, on_delete=models.CASCADE, related_name="status_changes", verbose_name=_("non-conformity")
    )
    from_status = models.CharField(_("from"), max_length=16, choices=NCStatus.choices, blank=True)
    to_status = models.CharField(_("to"), max_length=16, choices=NCStatus.choices)
    changed_at = models.DateTimeField(_("changed at"))
    changed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name=_("changed by")
    )
    note = models.TextField(_("note"), blank=True)

    class Meta:
        ordering = ["nonconformity", "changed_at", "pk"]
        verbose_name = _("non-conformity status change")
        verbose_name_plural = _("non-conformity status changes")

    def __str__(self) -> str:
        return f"{self.nonconformity_id}: {self.from_status or '—'} → {self.to_status}"


class CorrectiveAction(models.Model):
    nonconformity = models.ForeignKey(
        NonConformity, on_delete=models.CASCADE, related_name="actions", verbose_name=_("non-conformity")
    )
    description = models.TextField(_("action"))
    owner = models.CharField(_("owner"), max_length=120)
    due_on = models.DateField(_("due on"))
    done_on = models.DateField(_("done on"), null=True, blank=True)
    # Who reported the action done: the verification of the non-conformity needs someone else.
    done_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("reported done by"),
    )
    version = models.PositiveIntegerField(default=1, editable=False)
    history = HistoricalRecords()

    class Meta:
        ordering = ["nonconformity", "due_on", "pk"]
        verbose_name = _("corrective action")
        verbose_name_plural = _("corrective actions")

    def __str__(self) -> str:
        return self.description[:60]


class VerificationRule(models.Model):
    """Who may verify and close a non-conformity of one severity (reference data a coordinator may change).

    The standards' group rules want the internal control system to check its own corrections: the ICS manager or an
    internal inspector verifies, and never the person who reported the corrective actions done.
    """

    severity = models.CharField(_("severity"), max_length=16, choices=Severity.choices, unique=True)
    not_by_implementer = models.BooleanField(
        _("not by who reported the actions done"),
        default=True,
        help_text=_("The one who verifies did not mark a corrective action done nor the non-conformity implemented."),
    )
    not_by_finder = models.BooleanField(
        _("not by who recorded the finding"),
        default=False,
        help_text=_("The one who verifies did not record the non-conformity."),
    )
    by_ics_manager = models.BooleanField(_("the group's ICS manager may verify"), default=True)
    by_internal_inspector = models.BooleanField(
        _("the group's internal inspectors may verify"),
        default=True,
        help_text=_("Active inspectors of the group with a login."),
    )
    by_field_officer = models.BooleanField(_("the group's field officer may verify"), default=False)
    by_coordinator = models.BooleanField(_("a coordinator may verify"), default=False)
    # Who loosened or tightened the rule, and when: an auditor asks before trusting the closings it allowed.
    history = HistoricalRecords()

    class Meta:
        ordering = ["severity"]
        verbose_name = _("verification rule")
        verbose_name_plural = _("verification rules")

    def __str__(self) -> str:
        return str(_("Verification of %(severity)s non-conformities") % {"severity": self.get_severity_display()})


class SanctionType(models.Model):
    """The catalogue of measures for non-compliance (reference data): what each does to the member's status."""

    code = models.SlugField(_("code"), max_length=40, unique=True)
    name = models.CharField(_("name"), max_length=120)
    description = models.TextField(_("description"), blank=True)
    order = models.PositiveSmallIntegerField(_("order"), default=0)
    member_status = models.CharField(_("member status while it applies"), max_length=16, choices=MemberStatus.choices)

    class Meta:
        ordering = ["order"]
        verbose_name = _("sanction type")
        verbose_name_plural = _("sanction types")

    def __str__(self) -> str:
        return self.name


class Sanction(models.Model):
    member = models.ForeignKey(Member, on_delete=models.CASCADE, related_name="sanctions", verbose_name=_("member"))
    sanction_type = models.ForeignKey(
        SanctionType, on_delete=models.PROTECT, related_name="sanctions", verbose_name=_("sanction")
    )
    nonconformity = models.ForeignKey(
        NonConformity,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="sanctions",
        verbose_name=_("non-conformity"),
    )
    applied_on = models.DateField(_("applied on"))
    reason = models.TextField(_("reason"))
    applied_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name=_("applied by")
    )
    lifted_on = models.DateField(_("lifted on"), null=True, blank=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["member", "-applied_on"]
        verbose_name = _("sanction")
        verbose_name_plural = _("sanctions")

    def __str__(self) -> str:
        return f"{self.sanction_type} – {self.member}"
