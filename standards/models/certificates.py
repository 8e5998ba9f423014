from datetime import date

from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from producers.models import Organisation, ProducerGroup
from producers.models.organisations import OrganisationKind

from .requirements import Standard


class GroupStandard(models.Model):
    """A standard a group aims for or holds, chosen with its buyer (planning phase 1)."""

    group = models.ForeignKey(
        ProducerGroup, on_delete=models.CASCADE, related_name="chosen_standards", verbose_name=_("group")
    )
    standard = models.ForeignKey(
        Standard, on_delete=models.PROTECT, related_name="group_choices", verbose_name=_("standard")
    )
    chosen_on = models.DateField(_("chosen on"))

    class Meta:
        ordering = ["group", "standard"]
        verbose_name = _("chosen standard")
        verbose_name_plural = _("chosen standards")
        constraints = [models.UniqueConstraint(fields=["group", "standard"], name="group_standard_unique")]

    def __str__(self) -> str:
        return f"{self.group} – {self.standard}"


class CertificateStatus(models.TextChoices):
    ACTIVE = "active", _("Active")
    SUSPENDED = "suspended", _("Suspended")
    WITHDRAWN = "withdrawn", _("Withdrawn")
    EXPIRED = "expired", _("Expired")


class CertificateQuerySet(models.QuerySet["Certificate"]):
    def standing(self) -> "CertificateQuerySet":
        """The certificates a group may sell under: neither suspended nor withdrawn.

        An expired certificate stood for its dates (it ran its term, or a renewal replaced it), so it counts for
        the seasons it covered. The status holds no dates: a certificate suspended today no longer counts for
        any season, past ones included. Every report and indicator that says "certified" reads this one rule.
        """
        return self.exclude(status__in=[CertificateStatus.SUSPENDED, CertificateStatus.WITHDRAWN])

    def covering(self, start: date, end: date) -> "CertificateQuerySet":
        """Those valid on at least one day from `start` to `end` (both included)."""
        return self.filter(valid_from__lte=end, valid_to__gte=start)


class Certificate(models.Model):
    group = models.ForeignKey(
        ProducerGroup, on_delete=models.CASCADE, related_name="certificates", verbose_name=_("group")
    )
    standard = models.ForeignKey(
        Standard, on_delete=models.PROTECT, related_name="certificates", verbose_name=_("standard")
    )
    certification_body = models.ForeignKey(
        Organisation,
        on_delete=models.PROTECT,
        related_name="certificates_issued",
        verbose_name=_("certification body"),
        limit_choices_to={"kind": OrganisationKind.CERTIFICATION_BODY},
    )
    number = models.CharField(_("certificate number"), max_length=60)
    scope = models.CharField(_("scope"), max_length=200, blank=True)
    valid_from = models.DateField(_("valid from"))
    valid_to = models.DateField(_("valid to"))
    status = models.CharField(
        _("status"), max_length=16, choices=CertificateStatus.choices, default=CertificateStatus.ACTIVE
    )
    # The audit that led to this certificate being issued or renewed, where it was recorded here.
    audit = models.ForeignKey(
        "standards.Audit",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="certificates",
        verbose_name=_("audit"),
    )
    history = HistoricalRecords()

    objects = CertificateQuerySet.as_manager()

    class Meta:
        ordering = ["group", "-valid_from"]
        verbose_name = _("certificate")
        verbose_name_plural = _("certificates")
        constraints = [
            models.UniqueConstraint(fields=["certification_body", "number"], name="certificate_number_unique"),
            models.CheckConstraint(condition=models.Q(valid_to__gt=models.F("valid_from")), name="certificate_period"),
        ]

    def __str__(self) -> str:
        return f"{self.standard} {self.number}"

    def clean(self) -> None:
        if self.valid_from and self.valid_to and self.valid_to <= self.valid_from:
            raise ValidationError(
                {"valid_to": ValidationError(_("A certificate ends after it starts."), code="period_reversed")}
            )
        if self.certification_body_id and self.certification_body.kind != OrganisationKind.CERTIFICATION_BODY:
            raise ValidationError(
                {
                    "certification_body": ValidationError(
                        _("Choose an organisation of the kind certification body."), code="not_a_certification_body"
                    )
                }
            )
