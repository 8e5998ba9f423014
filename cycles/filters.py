"""The filters of the portfolio page (django-filter): country, commodity, standard, phase, stuck; and the sort."""

from typing import Any

import django_filters
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _
from django_countries import countries

from producers.models import ProducerGroup
from producers.models.organisations import Commodity
from standards.models import Standard

from .models import Phase

NOT_STARTED = "not-started"

SORTS = [
    ("phase", _("Phase")),
    ("name", _("Name")),
    ("-days", _("Longest in phase")),
    ("-unmet", _("Most unmet criteria")),
]


class PortfolioFilter(django_filters.FilterSet):
    country = django_filters.ChoiceFilter(label=_("Country"), field_name="organisation__country", choices=[])
    commodity = django_filters.ChoiceFilter(label=_("Commodity"), choices=Commodity.choices)
    standard = django_filters.ModelChoiceFilter(
        label=_("Standard"),
        field_name="chosen_standards__standard",
        queryset=Standard.objects.order_by("short_name"),
        distinct=True,
    )
    phase = django_filters.ChoiceFilter(label=_("Phase"), method="filter_phase", choices=[])
    # Stuck and the sort need the gates and the time in phase: the selector applies them after this filter.
    stuck = django_filters.BooleanFilter(
        label=_("Only stuck groups"), method="keep_all", widget=django_filters.widgets.BooleanWidget()
    )
    sort = django_filters.ChoiceFilter(label=_("Sort by"), method="keep_all", choices=SORTS, empty_label=None)

    class Meta:
        model = ProducerGroup
        fields: list[str] = []

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        codes = ProducerGroup.objects.values_list("organisation__country", flat=True).distinct()
        self.filters["country"].extra["choices"] = sorted(
            ((code, countries.name(code)) for code in codes), key=lambda c: str(c[1])
        )
        self.filters["phase"].extra["choices"] = [
            *((p.code, p.label) for p in Phase.objects.order_by("order")),
            (NOT_STARTED, _("Not started")),
        ]
        for field in self.form.fields.values():
            field.widget.attrs.setdefault("class", "form-select form-select-sm")

    def filter_phase(self, queryset: QuerySet[ProducerGroup], name: str, value: str) -> QuerySet[ProducerGroup]:
        if value == NOT_STARTED:
            return queryset.filter(trajectory__isnull=True)
        return queryset.filter(trajectory__phase__code=value)

    def keep_all(self, queryset: QuerySet[ProducerGroup], name: str, value: Any) -> QuerySet[ProducerGroup]:
        return queryset
