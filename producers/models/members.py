from decimal import Decimal

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from .organisations import ProducerGroup


class Gender(models.TextChoices):
    FEMALE = "female", _("Female")
    MALE = "male", _("Male")
    OTHER = "other", _("Other")
    UNDISCLOSED = "undisclosed", _("Prefers not to say")


class MemberStatus(models.TextChoices):
    APPLICANT = "applicant", _("Applicant")
    APPROVED = "approved", _("Approved")
    SANCTIONED = "sanctioned", _("Sanctioned")
    SUSPENDED = "suspended", _("Suspended")
    LEFT = "left", _("Left")


class Member(models.Model):
    """One farmer in a group's register. Personal data: only roles that work with the register see it."""

    group = models.ForeignKey(ProducerGroup, on_delete=models.CASCADE, related_name="members", verbose_name=_("group"))
    member_number = models.CharField(_("member number"), max_length=32)
    first_name = models.CharField(_("first name"), max_length=100)
    last_name = models.CharField(_("last name"), max_length=100)
    gender = models.CharField(_("gender"), max_length=16, choices=Gender.choices)
    year_of_birth = models.PositiveSmallIntegerField(
        _("year of birth"), null=True, blank=True, validators=[MinValueValidator(1900), MaxValueValidator(2100)]
    )
    phone = models.CharField(_("phone"), max_length=32, blank=True)
    village = models.CharField(_("village"), max_length=120, blank=True)
    joined_on = models.DateField(_("joined on"), null=True, blank=True)
    status = models.CharField(_("status"), max_length=16, choices=MemberStatus.choices, default=MemberStatus.APPLICANT)
    consent_given_on = models.DateField(
        _("consent given on"),
        null=True,
        blank=True,
        help_text=_("The date the farmer agreed that the group keeps and shares their data."),
    )
    consent_recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("consent recorded by"),
    )
    # Set when the farmer's personal data was erased on their request: the row stays, anonymised, so that the counts
    # reports and indicators read do not change.
    erased_at = models.DateTimeField(_("personal data erased at"), null=True, blank=True)
    erased_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("personal data erased by"),
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)
    # Optimistic locking: an edit made on a stale copy is refused instead of silently overwriting.
    version = models.PositiveIntegerField(default=1, editable=False)
    history = HistoricalRecords(excluded_fields=["updated_at"])

    class Meta:
        ordering = ["group", "member_number"]
        verbose_name = _("member")
        verbose_name_plural = _("members")
        constraints = [
            models.UniqueConstraint(fields=["group", "member_number"], name="member_number_unique_in_group"),
        ]
        indexes = [
            models.Index(fields=["group", "status"]),
            models.Index(fields=["group", "last_name", "first_name"]),
        ]

    def __str__(self) -> str:
        return f"{self.member_number} {self.full_name}"

    def get_absolute_url(self) -> str:
        return reverse("producers:member_detail", kwargs={"pk": self.pk})

    @property
    def full_name(self) -> str:
        if self.erased_at is not None:
            return str(_("Erased member"))
        return f"{self.first_name} {self.last_name}"

    def clean(self) -> None:
        if self.consent_recorded_by_id and not self.consent_given_on:
            raise ValidationError(
                {
                    "consent_given_on": ValidationError(
                        _("Give the date of consent when you record who took it."), code="consent_date_missing"
                    )
                }
            )


class ConversionStatus(models.TextChoices):
    NOT_APPLICABLE = "not_applicable", _("Not applicable")
    CONVENTIONAL = "conventional", _("Conventional")
    CONVERSION_1 = "conversion_1", _("In conversion, year 1")
    CONVERSION_2 = "conversion_2", _("In conversion, year 2")
    CONVERSION_3 = "conversion_3", _("In conversion, year 3")
    ORGANIC = "organic", _("Organic")


class Plot(models.Model):
    member = models.ForeignKey(Member, on_delete=models.CASCADE, related_name="plots", verbose_name=_("member"))
    name = models.CharField(_("name"), max_length=120)
    area_ha = models.DecimalField(
        _("area (ha)"), max_digits=8, decimal_places=3, validators=[MinValueValidator(Decimal("0.001"))]
    )
    certified_area_ha = models.DecimalField(
        _("certified area (ha)"),
        max_digits=8,
        decimal_places=3,
        default=Decimal("0"),
        validators=[MinValueValidator(Decimal("0"))],
    )
    crop = models.CharField(_("crop"), max_length=80)
    # A point is enough for most standards; no GIS database needed, so SQLite keeps working.
    latitude = models.DecimalField(
        _("latitude"),
        max_digits=9,
        decimal_places=6,
        null=True,
        blank=True,
        validators=[MinValueValidator(Decimal("-90")), MaxValueValidator(Decimal("90"))],
    )
    longitude = models.DecimalField(
        _("longitude"),
        max_digits=9,
        decimal_places=6,
        null=True,
        blank=True,
        validators=[MinValueValidator(Decimal("-180")), MaxValueValidator(Decimal("180"))],
    )
    conversion_status = models.CharField(
        _("conversion status"),
        max_length=16,
        choices=ConversionStatus.choices,
        default=ConversionStatus.NOT_APPLICABLE,
        help_text=_("Only for organic certification."),
    )
    version = models.PositiveIntegerField(default=1, editable=False)
    history = HistoricalRecords()

    class Meta:
        ordering = ["member", "name"]
        verbose_name = _("plot")
        verbose_name_plural = _("plots")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(certified_area_ha__lte=models.F("area_ha")),
                name="plot_certified_area_within_area",
            ),
            models.CheckConstraint(
                condition=(models.Q(latitude__isnull=True) & models.Q(longitude__isnull=True))
                | (models.Q(latitude__isnull=False) & models.Q(longitude__isnull=False)),
                name="plot_gps_point_complete",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.name} ({self.area_ha} ha)"

    @property
    def has_gps(self) -> bool:
        return self.latitude is not None and self.longitude is not None

    def clean(self) -> None:
        errors: dict[str, ValidationError] = {}
        if self.area_ha is not None and self.certified_area_ha is not None and self.certified_area_ha > self.area_ha:
            errors["certified_area_ha"] = ValidationError(
                _("The certified area cannot be larger than the plot."), code="certified_area_too_large"
            )
        if (self.latitude is None) != (self.longitude is None):
            errors["longitude" if self.longitude is None else "latitude"] = ValidationError(
                _("A GPS point needs both latitude and longitude."), code="gps_point_incomplete"
            )
        if errors:
            raise ValidationError(errors)


class MemberStatusChange(models.Model):
    """One move of a member's status: approved, sanctioned, suspended, left. Written by the member services."""

    member = models.ForeignKey(
        Member, on_delete=models.CASCADE, related_name="status_changes", verbose_name=_("member")
    )
    from_status = models.CharField(_("from"), max_length=16, choices=MemberStatus.choices, blank=True)
    to_status = models.CharField(_("to"), max_length=16, choices=MemberStatus.choices)
    changed_on = models.DateField(_("changed on"))
    changed_at = models.DateTimeField(_("recorded at"))
    changed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name=_("recorded by")
    )
    reason = models.TextField(_("reason"), blank=True)

    class Meta:
        ordering = ["member", "-changed_at", "-pk"]
        verbose_name = _("member status change")
        verbose_name_plural = _("member status changes")

    def __str__(self) -> str:
        return f"{self.member}: {self.from_status or '—'} → {self.to_status}"
