"""The two small forms of the indicators page: measuring now, and entering an indicator the records cannot give."""

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from ..models import Indicator
from ..services.indicators import NOTE_MAX_LENGTH


class MeasureForm(forms.Form):
    period = forms.ChoiceField(
        label=_("Period"),
        help_text=_(
            "A year measures the yearly indicators and a one-year season; a season such as 2025/26 measures "
            "production and income only."
        ),
    )

    def __init__(self, *args: Any, periods: list[str], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["period"]
        assert isinstance(field, forms.ChoiceField)
        field.choices = [(period, period) for period in periods]
        if periods:
            field.initial = periods[0]


class IndicatorChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: Indicator) -> str:
        return f"{obj.name} ({obj.unit})"


class MeasurementForm(forms.Form):
    indicator = IndicatorChoiceField(
        label=_("Indicator"),
        queryset=Indicator.objects.filter(computation="").order_by("order", "name"),
        empty_label=_("Choose an indicator"),
    )
    period = forms.CharField(label=_("Period"), max_length=9, help_text=_("A year (2026) or a season (2025/26)."))
    value = forms.DecimalField(
        label=_("Value"),
        max_digits=16,
        decimal_places=4,
        widget=forms.NumberInput(attrs={"step": "any", "inputmode": "decimal"}),
    )
    note = forms.CharField(
        label=_("Source"),
        required=False,
        max_length=NOTE_MAX_LENGTH,
        help_text=_("Where the figure comes from: the buyer's grading report, the audit invoice."),
    )
