"""The progress report's forms: the period a report page shows, and what a PDF report is about."""

from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from producers.forms import DateInput
from producers.models import ProducerGroup, Programme, User
from producers.selectors import groups_visible_to

from ..selectors.reports import programmes_reportable_by
from ..services.reports import check_period


class PeriodForm(forms.Form):
    start = forms.DateField(label=gettext_lazy("From"), widget=DateInput())
    end = forms.DateField(label=gettext_lazy("To"), widget=DateInput())

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        start, end = cleaned.get("start"), cleaned.get("end")
        if start and end:
            try:
                check_period(period_start=start, period_end=end)
            except ValidationError as error:
                raise ValidationError(error.messages[0], code=error.code) from None
        return cleaned


class ReportForm(PeriodForm):
    """What a report is about and over which period. The choices are the groups the user sees and the programmes
    whose every group they see; a subject given in the address is fixed and hidden."""

    group = forms.ModelChoiceField(label=gettext_lazy("Group"), queryset=ProducerGroup.objects.none(), required=False)
    programme = forms.ModelChoiceField(
        label=gettext_lazy("Programme"),
        queryset=Programme.objects.none(),
        required=False,
        help_text=gettext_lazy("Or, instead of one group, a whole programme with all its groups."),
    )
    field_order = ["group", "programme", "start", "end"]

    def __init__(self, *args: Any, user: User, fixed: bool = False, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        group_field = self.fields["group"]
        programme_field = self.fields["programme"]
        assert isinstance(group_field, forms.ModelChoiceField)
        assert isinstance(programme_field, forms.ModelChoiceField)
        group_field.queryset = groups_visible_to(user).order_by("organisation__name")
        programme_field.queryset = programmes_reportable_by(user).order_by("name")
        if fixed:
            group_field.widget = forms.HiddenInput()
            programme_field.widget = forms.HiddenInput()

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean()
        if bool(cleaned.get("group")) == bool(cleaned.get("programme")):
            raise ValidationError(_("Choose one group or one programme."), code="subject")
        return cleaned
