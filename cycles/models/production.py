from decimal import Decimal

from django.core.validators import MinValueValidator, RegexValidator
from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from producers.models import Member, ProducerGroup

ZERO = Decimal("0")


class ProductionRecord(models.Model):
    """One member's production and sales in one season: what traceability and income indicators are made of."""

    member = models.ForeignKey(Member, on_delete=models.CASCADE, related_name="production", verbose_name=_("member"))
    season = models.CharField(
        _("season"),
        max_length=9,
        validators=[RegexValidator(r"^\d{4}(/\d{2})?$", _("Write the season as 2026 or 2025/26."))],
    )
    estimated_kg = models.DecimalField(
        _("estimated yield (kg)"), max_digits=12, decimal_places=2, validators=[MinValueValidator(ZERO)]
    )
    harvested_kg = models.DecimalField(
        _("harvested (kg)"), max_digits=12, decimal_places=2, default=ZERO, validators=[MinValueValidator(ZERO)]
    )
    sold_certified_kg = models.DecimalField(
        _("sold as certified (kg)"), max_digits=12, decimal_places=2, default=ZERO, validators=[MinValueValidator(ZERO)]
    )
    sold_conventional_kg = models.DecimalField(
        _("sold conventional (kg)"), max_digits=12, decimal_places=2, default=ZERO, validators=[MinValueValidator(ZERO)]
    )
    price_per_kg = models.DecimalField(
        _("average price per kg"), max_digits=10, decimal_places=2, default=ZERO, validators=[MinValueValidator(ZERO)]
    )
    income = models.DecimalField(
        _("income"), max_digits=14, decimal_places=2, default=ZERO, validators=[MinValueValidator(ZERO)]
    )
    version = models.PositiveIntegerField(default=1, editable=False)
    history = HistoricalRecords()

    class Meta:
        ordering = ["member", "-season"]
        verbose_name = _("production record")
        verbose_name_plural = _("production records")
        constraints = [models.UniqueConstraint(fields=["member", "season"], name="production_once_per_season")]

    def __str__(self) -> str:
        return f"{self.member} {self.season}"

    @property
    def sold_kg(self) -> Decimal:
        return self.sold_certified_kg + self.sold_conventional_kg

    @property
    def beyond_estimate(self) -> bool:
        """Traceability: more sold as certified than the member can have grown is a red flag."""
        return self.sold_certified_kg > self.estimated_kg


class ProductionTotal(models.Model):
    """A group's production records of one season, summed: what the coordination report reads for the whole field
    (a few thousand rows) instead of millions of records. Written only by the production services, in the
    transaction of the record they change (`cycles.services.production_totals`); `manage.py
    rebuild_production_totals` makes them again from the records. Never edited by hand."""

    group = models.ForeignKey(ProducerGroup, on_delete=models.CASCADE, related_name="+", verbose_name=_("group"))
    season = models.CharField(_("season"), max_length=9)
    records = models.PositiveIntegerField(_("records"), default=0)
    harvested_kg = models.DecimalField(_("harvested (kg)"), max_digits=18, decimal_places=2, default=ZERO)
    sold_certified_kg = models.DecimalField(_("sold as certified (kg)"), max_digits=18, decimal_places=2, default=ZERO)
    income = models.DecimalField(_("income"), max_digits=20, decimal_places=2, default=ZERO)

    class Meta:
        ordering = ["group", "season"]
        verbose_name = _("production total")
        verbose_name_plural = _("production totals")
        constraints = [models.UniqueConstraint(fields=["group", "season"], name="production_total_once_per_season")]

    def __str__(self) -> str:
        return f"{self.group_id} {self.season}"
