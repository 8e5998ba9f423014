"""A group's production and sales in figures, one season at a time, as the production page shows them to everyone
who sees the group (donors included): the season's totals, never a member's own record.

The records themselves name members and stay at /groups/{id}/production/ for those who see the register, as on the
page (cycles/views/production.py).
"""

from typing import Any

from django.utils.translation import gettext_lazy as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import generics, serializers
from rest_framework.exceptions import ValidationError
from rest_framework.request import Request
from rest_framework.response import Response

from producers.api.views import person
from producers.currencies import local_currency
from producers.selectors import group_get_for_user

from ..indicators import is_season
from ..selectors.production import default_season, season_totals, seasons_recorded

# The figures of cycles.selectors.production.SeasonTotals that the page shows.
TOTALS = [
    "records",
    "flagged",
    "members_without_record",
    "estimated_kg",
    "harvested_kg",
    "sold_certified_kg",
    "sold_conventional_kg",
    "sold_kg",
    "income",
    "average_price",
]


class SeasonTotalsSerializer(serializers.Serializer[Any]):
    group = serializers.IntegerField()
    season = serializers.CharField()
    seasons = serializers.ListField(child=serializers.CharField(), help_text=_("The seasons recorded, latest first."))
    records = serializers.IntegerField()
    flagged = serializers.IntegerField(help_text=_("Records with more sold as certified than the estimated yield."))
    members_without_record = serializers.IntegerField()
    estimated_kg = serializers.DecimalField(max_digits=16, decimal_places=2)
    harvested_kg = serializers.DecimalField(max_digits=16, decimal_places=2)
    sold_certified_kg = serializers.DecimalField(max_digits=16, decimal_places=2)
    sold_conventional_kg = serializers.DecimalField(max_digits=16, decimal_places=2)
    sold_kg = serializers.DecimalField(max_digits=16, decimal_places=2)
    income = serializers.DecimalField(max_digits=16, decimal_places=2)
    average_price = serializers.DecimalField(max_digits=16, decimal_places=2, allow_null=True)
    currency = serializers.CharField()


class GroupProductionTotals(generics.RetrieveAPIView[Any]):
    """A season's production and sales of the group in figures: every role that sees the group."""

    serializer_class = SeasonTotalsSerializer

    @extend_schema(
        parameters=[
            OpenApiParameter(
                "season",
                OpenApiTypes.STR,
                description=_("A year ('2026') or a split season ('2025/26'); the latest recorded when not given."),
                pattern=r"^\d{4}(/\d{2})?$",
            )
        ]
    )
    def get(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        return super().get(request, *args, **kwargs)

    def retrieve(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        group = group_get_for_user(user=person(request), pk=self.kwargs["pk"])
        asked = request.query_params.get("season", "").strip()
        if asked and not is_season(asked):
            raise ValidationError({"season": [_("Give a year (2026) or a season across two years (2025/26).")]})
        recorded = seasons_recorded(group)
        season = asked or default_season(recorded)
        totals = season_totals(group=group, season=season)
        body: dict[str, Any] = {
            "group": group.pk,
            "season": season,
            "seasons": recorded,
            **{name: getattr(totals, name) for name in TOTALS},
            "currency": local_currency(group.organisation.country),
        }
        return Response(SeasonTotalsSerializer(body).data)
