"""The form that asks for a coordination report."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from django import forms
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django_countries import countries

from producers.forms import DateInput
from producers.models import Programme, User
from producers.models.organisations import Commodity
from producers.selectors import groups_visible_to, programmes_visible_to, roles_of
from standards.models import Standard


class CoordinationRequestForm(forms.Form):
    """A period and the optional filters, their choices scoped to the user. The period and the filters are checked
    by `coordination_request`, whose errors the view shows on this form."""

    period_start = forms.DateField(label=gettext_lazy("From"), widget=DateInput())
    period_end = forms.DateField(label=gettext_lazy("To"), widget=DateInput())
    country = forms.ChoiceField(label=gettext_lazy("Country"), required=False)
    commodity = forms.ChoiceField(label=gettext_lazy("Commodity"), required=False)
    standard: forms.ModelChoiceField[Standard] = forms.ModelChoiceField(
        label=gettext_lazy("Chosen standard"),
        queryset=Standard.objects.order_by("name"),
        to_field_name="code",
        required=False,
        empty_label=gettext_lazy("Any"),
    )
    programme = forms.ModelChoiceField(
        label=gettext_lazy("Programme"), queryset=Programme.objects.none(), required=False, empty_label=None
    )

    def __init__(self, *args: Any, user: User, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        today = timezone.localdate()
        self.fields["period_start"].initial = today.replace(day=1) - timedelta(days=365)
        self.fields["period_end"].initial = today
        present = groups_visible_to(user).order_by().values_list("organisation__country", flat=True).distinct()
        codes = {str(code) for code in present}
        named = sorted(((code, countries.name(code)) for code in codes), key=lambda choice: str(choice[1]))
        country, commodity = self.fields["country"], self.fields["commodity"]
        assert isinstance(country, forms.ChoiceField)
        assert isinstance(commodity, forms.ChoiceField)
        country.choices = [("", _("Any")), *named]
        commodity.choices = [("", _("Any")), *Commodity.choices]
        programme = self.fields["programme"]
        assert isinstance(programme, forms.ModelChoiceField)
        programme.queryset = programmes_visible_to(user).order_by("name")
        if roles_of(user).coordinator:
            programme.required = False
            programme.empty_label = _("Any")
        else:
            # A donor reads the report of their own programmes only.
            programme.required = True

    def filters(self) -> dict[str, Any]:
        data = self.cleaned_data
        return {
            "country": data.get("country") or "",
            "commodity": data.get("commodity") or "",
            "standard": data["standard"].code if data.get("standard") else "",
            "programme": data["programme"].pk if data.get("programme") else None,
        }
