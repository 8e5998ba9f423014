"""The form of a production record: one member, one season, the figures. The member is chosen from this group's
register only; a changed record keeps its member and season."""

from decimal import Decimal
from typing import Any

from django import forms
from django.utils.text import format_lazy
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from producers.currencies import local_currency
from producers.models import Member, ProducerGroup

from ..models import ProductionRecord
from ..selectors.production import member_choices
from ..services.production import Amounts, kg
from ..services.reasons import REASON_MAX_LENGTH
from .fields import MemberChoiceField

ZERO = Decimal("0")


def _kg(label: Any, **kwargs: Any) -> forms.DecimalField:
    return forms.DecimalField(
        label=label,
        min_value=ZERO,
        max_digits=12,
        decimal_places=2,
        widget=forms.NumberInput(attrs={"step": "0.01", "inputmode": "decimal"}),
        **kwargs,
    )


class ProductionRecordForm(forms.Form):
    member = MemberChoiceField(
        label=gettext_lazy("Member"), queryset=Member.objects.none(), empty_label=gettext_lazy("Choose a member")
    )
    season = forms.CharField(
        label=gettext_lazy("Season"),
        max_length=9,
        help_text=gettext_lazy("A year (2026), or two years for a season across them (2025/26)."),
    )
    estimated_kg = _kg(
        gettext_lazy("Estimated yield (kg)"),
        help_text=gettext_lazy("What the member's plots can give this season: certified sales are checked against it."),
    )
    harvested_kg = _kg(gettext_lazy("Harvested (kg)"), initial=ZERO)
    sold_certified_kg = _kg(gettext_lazy("Sold as certified (kg)"), initial=ZERO)
    sold_conventional_kg = _kg(gettext_lazy("Sold conventional (kg)"), initial=ZERO)
    price_per_kg = forms.DecimalField(
        label=gettext_lazy("Average price per kg"),
        min_value=ZERO,
        max_digits=10,
        decimal_places=2,
        initial=ZERO,
        widget=forms.NumberInput(attrs={"step": "0.01", "inputmode": "decimal"}),
    )
    income = forms.DecimalField(
        label=gettext_lazy("Income"),
        required=False,
        min_value=ZERO,
        max_digits=14,
        decimal_places=2,
        widget=forms.NumberInput(attrs={"step": "0.01", "inputmode": "decimal"}),
        help_text=gettext_lazy("Leave empty to count it as the volume sold × the price."),
    )
    reason = forms.CharField(
        label=gettext_lazy("Reason for the change (optional)"),
        required=False,
        max_length=REASON_MAX_LENGTH,
        help_text=gettext_lazy("Kept in the history with this version."),
    )
    expected_version = forms.IntegerField(widget=forms.HiddenInput, min_value=1)

    def __init__(self, *args: Any, group: ProducerGroup, record: ProductionRecord | None = None, **kwargs: Any) -> None:
        if record is not None:
            # An income that is just sold times price is left empty, so that changed figures count it again.
            computed = (record.sold_kg * record.price_per_kg).quantize(Decimal("0.01")) == record.income
            kwargs.setdefault(
                "initial",
                {
                    "estimated_kg": record.estimated_kg,
                    "harvested_kg": record.harvested_kg,
                    "sold_certified_kg": record.sold_certified_kg,
                    "sold_conventional_kg": record.sold_conventional_kg,
                    "price_per_kg": record.price_per_kg,
                    "income": None if computed else record.income,
                    "expected_version": record.version,
                },
            )
        super().__init__(*args, **kwargs)
        currency = local_currency(group.organisation.country)
        if currency:
            # Name the money a figure is in where the person types it, as the list shows it.
            self.fields["price_per_kg"].label = format_lazy("{} ({})", gettext_lazy("Average price per kg"), currency)
            self.fields["income"].label = format_lazy("{} ({})", gettext_lazy("Income"), currency)
        if record is None:
            field = self.fields["member"]
            assert isinstance(field, forms.ModelChoiceField)
            field.queryset = member_choices(group)
            del self.fields["reason"]
            del self.fields["expected_version"]
        else:
            del self.fields["member"]
            del self.fields["season"]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        harvested: Decimal | None = data.get("harvested_kg")
        certified: Decimal | None = data.get("sold_certified_kg")
        conventional: Decimal | None = data.get("sold_conventional_kg")
        if harvested is None or certified is None or conventional is None:
            return data
        if certified + conventional > harvested:
            self.add_error(
                "harvested_kg",
                forms.ValidationError(
                    _("Less was harvested than sold (%(sold)s kg): check the figures.")
                    % {"sold": kg(certified + conventional)},
                    code="sold_above_harvest",
                ),
            )
        return data

    def amounts(self) -> Amounts:
        data = self.cleaned_data
        return Amounts(
            estimated_kg=data["estimated_kg"],
            harvested_kg=data["harvested_kg"],
            sold_certified_kg=data["sold_certified_kg"],
            sold_conventional_kg=data["sold_conventional_kg"],
            price_per_kg=data["price_per_kg"],
            income=data.get("income"),
        )
