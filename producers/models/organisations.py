from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _
from django_countries.fields import CountryField


class InterestGroup(models.TextChoices):
    PRODUCER_GROUP = "producer_group", _("Producer group")
    BUYER = "buyer", _("Buyer")
    QUALITY_PROFESSIONAL = "quality_professional", _("Quality professional")
    CIVIL_SOCIETY = "civil_society", _("Civil society and funder")


class OrganisationKind(models.TextChoices):
    COOPERATIVE = "cooperative", _("Cooperative")
    ASSOCIATION = "association", _("Farmers' association")
    EXPORTER = "exporter", _("Exporter")
    TRADER = "trader", _("Trader")
    RETAILER = "retailer", _("Retailer")
    PROCESSOR = "processor", _("Processor")
    TRAINER = "trainer", _("Trainer")
    EXTENSION_SERVICE = "extension_service", _("Extension service")
    CERTIFICATION_BODY = "certification_body", _("Certification body")
    STANDARDS_BODY = "standards_body", _("Standards body")
    NGO = "ngo", _("NGO")
    DONOR = "donor", _("Donor")
    GOVERNMENT = "government", _("Government agency")


# Which kinds belong to which interest group: an exporter is never a "quality professional".
KINDS_BY_INTEREST_GROUP: dict[str, set[str]] = {
    InterestGroup.PRODUCER_GROUP: {OrganisationKind.COOPERATIVE, OrganisationKind.ASSOCIATION},
    InterestGroup.BUYER: {
        OrganisationKind.EXPORTER,
        OrganisationKind.TRADER,
        OrganisationKind.RETAILER,
        OrganisationKind.PROCESSOR,
    },
    InterestGroup.QUALITY_PROFESSIONAL: {
        OrganisationKind.TRAINER,
        OrganisationKind.EXTENSION_SERVICE,
        OrganisationKind.CERTIFICATION_BODY,
        OrganisationKind.STANDARDS_BODY,
    },
    InterestGroup.CIVIL_SOCIETY: {OrganisationKind.NGO, OrganisationKind.DONOR, OrganisationKind.GOVERNMENT},
}


class Organisation(models.Model):
    name = models.CharField(_("name"), max_length=200, unique=True)
    country = CountryField(_("country"))
    interest_group = models.CharField(_("interest group"), max_length=32, choices=InterestGroup.choices)
    kind = models.CharField(_("kind"), max_length=32, choices=OrganisationKind.choices)
    website = models.URLField(_("website"), blank=True)
    # The organisation's identifier in IATI's registry (e.g. "NL-KVK-41197520" for Hivos): what the programmes'
    # IATI export names it by.
    iati_identifier = models.CharField(
        _("IATI organisation identifier"),
        max_length=100,
        blank=True,
        help_text=_("As registered with IATI, e.g. NL-KVK-41197520: the agency prefix, then the registration number."),
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        ordering = ["name"]
        verbose_name = _("organisation")
        verbose_name_plural = _("organisations")

    def __str__(self) -> str:
        return self.name

    def clean(self) -> None:
        allowed = KINDS_BY_INTEREST_GROUP.get(self.interest_group, set())
        if self.kind and self.kind not in allowed:
            raise ValidationError(
                {
                    "kind": ValidationError(
                        _("“%(kind)s” does not belong to the interest group “%(group)s”."),
                        code="kind_outside_interest_group",
                        params={"kind": self.get_kind_display(), "group": self.get_interest_group_display()},
                    )
                }
            )


class Commodity(models.TextChoices):
    COFFEE = "coffee", _("Coffee")
    TEA = "tea", _("Tea")
    COCOA = "cocoa", _("Cocoa")
    VEGETABLES = "vegetables", _("Vegetables")
    FRUIT = "fruit", _("Fruit")
    MACADAMIA = "macadamia", _("Macadamia")
    ROOIBOS = "rooibos", _("Rooibos")
    COTTON = "cotton", _("Cotton")


class LegalForm(models.TextChoices):
    COOPERATIVE_SOCIETY = "cooperative_society", _("Registered cooperative society")
    ASSOCIATION = "association", _("Registered association")
    COMPANY = "company", _("Company owned by members")
    INFORMAL = "informal", _("Informal group, registration under way")


class ProducerGroup(models.Model):
    """The producer-group side of an organisation: what makes it a group of farmers."""

    organisation = models.OneToOneField(
        Organisation,
        on_delete=models.PROTECT,
        related_name="producer_group",
        verbose_name=_("organisation"),
        limit_choices_to={"interest_group": InterestGroup.PRODUCER_GROUP},
    )
    commodity = models.CharField(_("commodity"), max_length=32, choices=Commodity.choices)
    region = models.CharField(_("region"), max_length=120, help_text=_("County, province or district."))
    legal_form = models.CharField(_("legal form"), max_length=32, choices=LegalForm.choices)
    founded = models.PositiveSmallIntegerField(
        _("founded (year)"),
        null=True,
        blank=True,
        validators=[MinValueValidator(1900), MaxValueValidator(2100)],
    )

    class Meta:
        ordering = ["organisation__name"]
        verbose_name = _("producer group")
        verbose_name_plural = _("producer groups")

    def __str__(self) -> str:
        return self.organisation.name

    @property
    def name(self) -> str:
        return self.organisation.name

    def clean(self) -> None:
        if self.organisation_id and self.organisation.interest_group != InterestGroup.PRODUCER_GROUP:
            raise ValidationError(
                {
                    "organisation": ValidationError(
                        _("Only an organisation in the producer-group interest group can be a group."),
                        code="not_a_producer_organisation",
                    )
                }
            )
