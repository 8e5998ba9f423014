"""Forms of the programme pages: the groups a programme supports, its framework rows and indicators, targets and
entered values. They check what a browser can get wrong; the programme services decide what is valid, and their
errors are shown on these same forms."""

from __future__ import annotations

from typing import Any

from django import forms
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from producers.models import ProducerGroup

from ..models import Aggregation, Indicator, LogframeIndicator, LogframeLevel, LogframeRow
from ..services.programmes import NAME_MAX_LENGTH, NOTE_MAX_LENGTH, UNIT_MAX_LENGTH

# The model's precision: 16 digits, 4 after the point.
MAX_DIGITS = 16
DECIMAL_PLACES = 4
PERIOD_HELP = _("A year (2026) or a season (2025/26).")


def _value_field(label: Any, *, required: bool, help_text: Any = "") -> forms.DecimalField:
    return forms.DecimalField(
        label=label,
        required=required,
        max_digits=MAX_DIGITS,
        decimal_places=DECIMAL_PLACES,
        help_text=help_text,
        widget=forms.NumberInput(attrs={"step": "any", "inputmode": "decimal"}),
    )


class GroupChoiceField(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj: ProducerGroup) -> str:
        return f"{obj.organisation.name} · {obj.get_commodity_display()} · {obj.region}"


class ProgrammeGroupsForm(forms.Form):
    """Which groups the programme supports, among the groups the coordinator sees (every group)."""

    groups = GroupChoiceField(
        label=_("Supported groups"),
        queryset=ProducerGroup.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )

    def __init__(self, *args: Any, groups: QuerySet[ProducerGroup], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["groups"]
        assert isinstance(field, GroupChoiceField)
        field.queryset = groups.select_related("organisation").order_by("organisation__name")


class LogframeRowForm(forms.Form):
    level = forms.ChoiceField(label=_("Level"), choices=LogframeLevel.choices)
    statement = forms.CharField(
        label=_("Statement"),
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("What the programme means to achieve at this level, in one or two sentences."),
    )
    assumptions = forms.CharField(
        label=_("Assumptions"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("What must hold outside the programme's control for this row to lead to the next one up."),
    )
    order = forms.IntegerField(
        label=_("Position"),
        min_value=0,
        max_value=32767,
        required=False,
        help_text=_("Rows of a level are listed from the lowest number. Leave empty to put a new row last."),
    )

    def __init__(self, *args: Any, row: LogframeRow | None = None, **kwargs: Any) -> None:
        if row is not None:
            kwargs.setdefault(
                "initial",
                {"level": row.level, "statement": row.statement, "assumptions": row.assumptions, "order": row.order},
            )
        super().__init__(*args, **kwargs)
        if row is not None:
            self.fields["order"].required = True


class LogframeIndicatorForm(forms.Form):
    name = forms.CharField(label=_("Indicator"), max_length=NAME_MAX_LENGTH)
    indicator: forms.ModelChoiceField[Indicator] = forms.ModelChoiceField(
        label=_("Measured by"),
        queryset=Indicator.objects.order_by("order", "name"),
        required=False,
        empty_label=_("— entered by hand —"),
        help_text=_(
            "Choose a measured indicator to take the actual values from the groups' measurements; leave it to enter "
            "them by hand."
        ),
    )
    aggregation = forms.ChoiceField(
        label=_("Across the groups"),
        choices=Aggregation.choices,
        initial=Aggregation.MEAN,
        help_text=_("Only for a measured indicator: over the groups that have a measurement for the period."),
    )
    unit = forms.CharField(
        label=_("Unit"),
        max_length=UNIT_MAX_LENGTH,
        required=False,
        help_text=_("Leave empty to use the measured indicator's unit."),
    )
    baseline = _value_field(_("Baseline"), required=False)
    baseline_period = forms.CharField(label=_("Baseline period"), max_length=9, required=False, help_text=PERIOD_HELP)
    means_of_verification = forms.CharField(
        label=_("Means of verification"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("Where the figure can be checked: the records, an audit report, a survey."),
    )

    def __init__(self, *args: Any, logframe_indicator: LogframeIndicator | None = None, **kwargs: Any) -> None:
        if logframe_indicator is not None:
            kwargs.setdefault(
                "initial",
                {
                    "name": logframe_indicator.name,
                    "indicator": logframe_indicator.indicator_id,
                    "aggregation": logframe_indicator.aggregation,
                    "unit": logframe_indicator.unit,
                    "baseline": logframe_indicator.baseline,
                    "baseline_period": logframe_indicator.baseline_period,
                    "means_of_verification": logframe_indicator.means_of_verification,
                },
            )
        super().__init__(*args, **kwargs)

    def values(self) -> dict[str, Any]:
        """The cleaned values as the services take them."""
        return dict(self.cleaned_data)


class PeriodValueForm(forms.Form):
    """A target for a period (`logframe_target_set`); an empty value removes it."""

    # The page offers the programme's periods in a datalist of this id; a season such as 2025/26 may be typed too.
    period = forms.CharField(
        label=_("Period"),
        max_length=9,
        help_text=PERIOD_HELP,
        widget=forms.TextInput(attrs={"list": "logframe-periods", "autocomplete": "off"}),
    )
    value = _value_field(_("Target"), required=False, help_text=_("Leave empty to remove the period's target."))


class ActualForm(PeriodValueForm):
    """An actual value entered by hand; an empty value removes it."""

    value = _value_field(_("Actual"), required=False, help_text=_("Leave empty to remove the period's value."))
    note = forms.CharField(
        label=_("Source"),
        max_length=NOTE_MAX_LENGTH,
        required=False,
        help_text=_("Where the figure comes from, such as the certification body's certificate list."),
    )
