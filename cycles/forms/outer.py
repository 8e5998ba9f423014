"""Forms of the outer cycle's services: recording one, narrowing a list, and deleting one with a reason.

The choices are scoped (providers from the support structure, programmes that support the group); the service
decides what a valid service is.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django import forms
from django.utils import timezone
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from producers.currencies import local_currency
from producers.forms import DateInput
from producers.models import Organisation, ProducerGroup

from ..models import ServiceType
from ..selectors.outer import ServiceFilter, programme_choices, provider_choices, service_type_choices
from ..services.outer import REASON_MAX_LENGTH

# Offered in the currency field's list; any three letters are accepted.
COMMON_CURRENCIES = ("KES", "ZAR", "EUR", "USD", "GBP", "UGX", "TZS", "ETB", "RWF")


class ObjectChoiceField(forms.ChoiceField):
    """A choice among objects read once: two fields can share one query, and the choices can be grouped.

    The cleaned value is the object itself (or None when nothing is chosen); an id that is not offered is refused
    as an invalid choice.
    """

    def __init__(self, *, empty_label: str | Promise = "---------", **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.empty_label = empty_label
        self.objects: dict[str, Any] = {}

    def offer(self, objects: list[Any], *, group_by: Callable[[Any], str] | None = None) -> None:
        self.objects = {str(obj.pk): obj for obj in objects}
        empty: list[Any] = [("", self.empty_label)]
        if group_by is None:
            self.choices = empty + [(str(obj.pk), str(obj)) for obj in objects]
            return
        groups: dict[str, list[tuple[str, str]]] = {}
        for obj in objects:
            groups.setdefault(group_by(obj), []).append((str(obj.pk), str(obj)))
        self.choices = empty + list(groups.items())

    def clean(self, value: Any) -> Any:
        value = super().clean(value)
        return self.objects.get(value) if value else None


def _interest_group(organisation: Organisation) -> str:
    return str(organisation.get_interest_group_display())


class ServiceForm(forms.Form):
    service_type: forms.ModelChoiceField[ServiceType] = forms.ModelChoiceField(
        label=_("Service"), queryset=ServiceType.objects.none()
    )
    provider = ObjectChoiceField(label=_("Delivered by"))
    delivered_on = forms.DateField(label=_("Delivered on"), widget=DateInput())
    cost = forms.DecimalField(
        label=_("Cost"),
        required=False,
        min_value=0,
        max_digits=14,
        decimal_places=2,
        widget=forms.NumberInput(attrs={"step": "0.01", "inputmode": "decimal"}),
    )
    currency = forms.CharField(
        label=_("Currency"),
        required=False,
        max_length=3,
        widget=forms.TextInput(attrs={"list": "currencies", "autocapitalize": "characters", "size": 4}),
        help_text=_("Three letters: KES, ZAR, EUR…"),
    )
    paid_by = ObjectChoiceField(
        label=_("Paid by"), required=False, empty_label=_("— not known, or the provider itself —")
    )
    programme = ObjectChoiceField(label=_("Under the programme"), required=False, empty_label=_("— none —"))
    description = forms.CharField(
        label=_("What was delivered"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )

    def __init__(self, *args: Any, group: ProducerGroup, **kwargs: Any) -> None:
        # The currency a group most likely pays in, proposed before a cost is typed.
        currency = local_currency(group.organisation.country)
        kwargs.setdefault("initial", {"currency": currency, "delivered_on": timezone.localdate()})
        super().__init__(*args, **kwargs)
        service_type = self.fields["service_type"]
        assert isinstance(service_type, forms.ModelChoiceField)
        service_type.queryset = service_type_choices()
        # One query for both lists of organisations, grouped by interest group.
        organisations = list(provider_choices())
        self._objects("provider").offer(organisations, group_by=_interest_group)
        self._objects("paid_by").offer(organisations, group_by=_interest_group)
        programmes = list(programme_choices(group))
        if programmes:
            self._objects("programme").offer(programmes)
        else:
            del self.fields["programme"]
        self.fields["delivered_on"].widget.attrs["max"] = timezone.localdate().isoformat()
        self.common_currencies = COMMON_CURRENCIES

    def _objects(self, name: str) -> ObjectChoiceField:
        field = self.fields[name]
        assert isinstance(field, ObjectChoiceField)
        return field

    def clean_currency(self) -> str:
        return str(self.cleaned_data["currency"]).strip().upper()

    def values(self) -> dict[str, Any]:
        """The cleaned values as `service_record` takes them."""
        names = ("service_type", "provider", "delivered_on", "cost", "currency", "paid_by", "description")
        return {name: self.cleaned_data[name] for name in names} | {"programme": self.cleaned_data.get("programme")}


class ServiceFilterForm(forms.Form):
    """The filters of a list, read from the query string; a value that is not offered is ignored."""

    type = forms.ChoiceField(label=_("Service"), required=False)
    year = forms.TypedChoiceField(label=_("Year"), required=False, coerce=int, empty_value=None)

    def __init__(self, *args: Any, types: list[ServiceType], years: list[int], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        type_field = self.fields["type"]
        year_field = self.fields["year"]
        assert isinstance(type_field, forms.ChoiceField)
        assert isinstance(year_field, forms.ChoiceField)
        type_field.choices = [("", _("All services")), *((t.code, t.name) for t in types)]
        year_field.choices = [("", _("All years")), *((str(year), str(year)) for year in years)]

    def filters(self) -> ServiceFilter:
        self.is_valid()  # a value that is not offered drops out of cleaned_data; the other filter still applies
        return ServiceFilter(service_type=self.cleaned_data.get("type") or "", year=self.cleaned_data.get("year"))


class ServiceDeleteForm(forms.Form):
    reason = forms.CharField(label=_("Why delete it?"), max_length=REASON_MAX_LENGTH)
