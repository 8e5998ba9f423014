"""The form of the yearly cycle page: recording a step as done."""

from typing import Any

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from producers.forms import DateInput

from ..annual import step_window
from ..models import AnnualStep


class AnnualStepForm(forms.Form):
    """One step of the year's loop, done on a date. The dates allowed are checked by the service; the form
    only tells the browser the same window, so a phone's date picker offers the right days."""

    step = forms.ChoiceField(choices=AnnualStep.choices, widget=forms.HiddenInput)
    done_on = forms.DateField(label=_("Done on"), widget=DateInput())
    note = forms.CharField(
        label=_("Note"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("What was done, by whom; where the minutes or the report are kept."),
    )

    def __init__(self, *args: Any, year: int, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        start, end = step_window(year)
        self.fields["done_on"].widget.attrs.update(
            {"min": start.isoformat(), "max": min(end, timezone.localdate()).isoformat()}
        )
