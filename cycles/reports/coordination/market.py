"""Findings from production and sales: certified supply against what was sold as certified, and the stability of
income per member.
"""

import statistics
from typing import Any

from django.db.models import (
    Avg,
    Count,
    Q,
    Sum,
)

from producers.models import ProducerGroup
from producers.models.organisations import Commodity
from standards.models import Certificate

from ...indicators import seasons_beginning_in
from ...models import (
    ProductionRecord,
)
from .context import INCOME_SEASONS, Context
from .functions import rounded, share


def certified_supply(ctx: Context) -> list[dict[str, Any]]:
    """Per commodity: the harvest of members of groups holding a valid certificate in the period (the certified
    supply), what was sold as certified, and the share; plus any volume sold as certified without a certificate."""
    certificates = Certificate.objects.standing().covering(ctx.parameters.period_start, ctx.parameters.period_end)
    if ctx.parameters.standard:
        certificates = certificates.filter(standard__code=ctx.parameters.standard)
    certified = Q(member__group__in=certificates.values("group"))
    rows = (
        ctx.scoped(ProductionRecord.objects.all(), "member__group")
        .filter(seasons_beginning_in(ctx.parameters.period_start.year, ctx.parameters.period_end.year))
        .values("member__group__commodity")
        .annotate(
            supply=Sum("harvested_kg", filter=certified),
            sold_certified=Sum("sold_certified_kg", filter=certified),
            sold_uncertified=Sum("sold_certified_kg", filter=~certified),
            harvest=Sum("harvested_kg"),
        )
        .order_by("member__group__commodity")
    )
    groups = ProducerGroup.objects.all() if ctx.groups is None else ctx.groups
    certified_groups = dict(
        groups.filter(pk__in=certificates.values("group"))
        .values("commodity")
        .annotate(n=Count("pk"))
        .values_list("commodity", "n")
        .order_by()
    )
    labels = dict(Commodity.choices)
    return [
        {
            "commodity": row["member__group__commodity"],
            "label": str(labels.get(row["member__group__commodity"], row["member__group__commodity"])),
            "certified_groups": certified_groups.get(row["member__group__commodity"], 0),
            "harvest_kg": rounded(row["harvest"]),
            "supply_kg": rounded(row["supply"]) or 0.0,
            "sold_certified_kg": rounded(row["sold_certified"]) or 0.0,
            "share": share(rounded(row["sold_certified"]), rounded(row["supply"])),
            "sold_certified_without_certificate_kg": rounded(row["sold_uncertified"]) or 0.0,
        }
        for row in rows
    ]


def income(ctx: Context) -> list[dict[str, Any]]:
    """Per commodity and country (one currency): the mean income per member in each of the last seasons, the
    level of the latest season, and stability as the coefficient of variation of the seasons' means."""
    last = ctx.as_of_date.year
    rows = (
        ctx.scoped(ProductionRecord.objects.all(), "member__group")
        .filter(seasons_beginning_in(last - INCOME_SEASONS + 1, last))
        .values("member__group__commodity", "member__group__organisation__country", "season")
        .annotate(
            # One record per member and season (a unique constraint): counting rows counts members. No distinct
            # count of groups: it would make the database sort every record (seconds at the field's scale).
            mean=Avg("income"),
            members=Count("pk"),
        )
        .order_by("member__group__commodity", "member__group__organisation__country", "season")
    )
    labels = dict(Commodity.choices)
    series: dict[tuple[str, str], list[dict[str, Any]]] = {}
    for row in rows:  # at most commodities x countries x five seasons
        key = (row["member__group__commodity"], str(row["member__group__organisation__country"]))
        series.setdefault(key, []).append(
            {"season": row["season"], "mean": rounded(row["mean"]), "members": row["members"]}
        )
    result = []
    for (commodity, country), seasons in series.items():
        means = [season["mean"] or 0.0 for season in seasons]
        average = statistics.fmean(means)
        cv = statistics.pstdev(means) / average if len(means) >= 2 and average else None
        result.append(
            {
                "commodity": commodity,
                "label": str(labels.get(commodity, commodity)),
                "country": country,
                "seasons": seasons,
                "level": seasons[-1]["mean"],
                "latest_season": seasons[-1]["season"],
                "mean": round(average, 2),
                "cv": None if cv is None else round(cv, 4),
            }
        )
    return result
