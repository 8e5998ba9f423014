from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from producers.models import Organisation, ProducerGroup
from producers.models.organisations import OrganisationKind

from .requirements import Standard


class AuditType(models.TextChoices):
    INITIAL = "initial", _("Initial")
    SURVEILLANCE = "surveillance", _("Surveillance")
    RENEWAL = "renewal", _("Renewal")
    FOLLOW_UP = "follow_up", _("Follow-up")


class Audit(models.Model):
    """An external audit of a group by a certification body. Its findings are non-conformities (cycles)."""

    group = models.ForeignKey(ProducerGroup, on_delete=models.CASCADE, related_name="audits", verbose_name=_("group"))
    standard = models.ForeignKey(Standard, on_delete=models.PROTECT, related_name="audits", verbose_name=_("standard"))
    certification_body = models.ForeignKey(
        Organisation,
        on_delete=models.PROTECT,
        related_name="audits",
        verbose_name=_("certification body"),
        limit_choices_to={"kind": OrganisationKind.CERTIFICATION_BODY},
    )
    audit_type = models.CharField(_("type"), max_length=16, choices=AuditType.choices)
    audited_on = models.DateField(_("audited on"))
    auditor = models.CharField(_("lead auditor"), max_length=120, blank=True)
    summary = models.TextField(_("summary"), blank=True)
    recorded_at = models.DateTimeField(_("recorded at"))
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name=_("recorded by")
    )
    version = models.PositiveIntegerField(default=1, editable=False)
    history = HistoricalRecords()

    class Meta:
        ordering = ["group", "-audited_on"]
        verbose_name = _("external audit")
        verbose_name_plural = _("external audits")

    def __str__(self) -> str:
        return f"{self.get_audit_type_display()} {self.standard} {self.audited_on:%Y-%m-%d}"

    def clean(self) -> None:
        if self.certification_body_id and self.certification_body.kind != OrganisationKind.CERTIFICATION_BODY:
            raise ValidationError(
                {
                    "certification_body": ValidationError(
                        _("Choose an organisation of the kind certification body."), code="not_a_certification_body"
                    )
                }
            )
