from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _

from .organisations import Organisation, OrganisationKind, ProducerGroup


class Programme(models.Model):
    """A support programme: who funds it, who implements it, which groups it supports, and when.

    It lives here rather than in `cycles` because it decides what a donor may see; the logical framework
    and the services delivered under it belong to the outer cycle and point to it.
    """

    name = models.CharField(_("name"), max_length=200, unique=True)
    funder = models.ForeignKey(
        Organisation,
        on_delete=models.PROTECT,
        related_name="funded_programmes",
        verbose_name=_("funder"),
        limit_choices_to={"kind": OrganisationKind.DONOR},
    )
    implementers = models.ManyToManyField(
        Organisation, related_name="implemented_programmes", blank=True, verbose_name=_("implementing organisations")
    )
    groups = models.ManyToManyField(
        ProducerGroup, related_name="programmes", blank=True, verbose_name=_("supported groups")
    )
    starts_on = models.DateField(_("starts on"))
    ends_on = models.DateField(_("ends on"))
    description = models.TextField(_("description"), blank=True)
    # For the IATI export: the activity's own part of its identifier (after the funder's organisation identifier),
    # and the funder's budget where it was entered.
    iati_activity_id = models.CharField(
        _("IATI activity identifier"),
        max_length=100,
        blank=True,
        help_text=_("The funder's own code for this programme; the export puts the funder's identifier before it."),
    )
    budget = models.DecimalField(_("budget"), max_digits=16, decimal_places=2, null=True, blank=True)
    budget_currency = models.CharField(_("budget currency"), max_length=3, blank=True)

    class Meta:
        ordering = ["-starts_on", "name"]
        verbose_name = _("programme")
        verbose_name_plural = _("programmes")
        constraints = [
            models.CheckConstraint(condition=models.Q(ends_on__gt=models.F("starts_on")), name="programme_period"),
        ]

    def __str__(self) -> str:
        return self.name

    def clean(self) -> None:
        if self.starts_on and self.ends_on and self.ends_on <= self.starts_on:
            raise ValidationError(
                {"ends_on": ValidationError(_("A programme ends after it starts."), code="period_reversed")}
            )
        if self.funder_id and self.funder.kind != OrganisationKind.DONOR:
            raise ValidationError(
                {
                    "funder": ValidationError(
                        _("The funder must be an organisation of the kind donor."), code="funder_not_donor"
                    )
                }
            )
