"""Findings from production and sales: certified supply against what was sold as certified, and the stability of
income per member.
"""

import statistics
from decimal import Decimal
from typing import Any

from django.db.models import (
    Avg,
    Count,
    F,
    Q,
    QuerySet,
    Sum,
)

from producers.models import ProducerGroup
from producers.models.organisations import Commodity
from standards.models import Certificate

from ...indicators import seasons_beginning_in
from ...models import (
    ProductionRecord,
    ProductionTotal,
)
from .context import FAST, INCOME_SEASONS, RAW, Context
from .functions import rounded, share


def _production(ctx: Context, source: str) -> tuple[QuerySet[Any], str, dict[str, str]]:
    """Where the production figures are read: the records themselves (`raw`), or the per-group, per-season totals
    the production services keep (`fast`, a few thousand rows for the whole field). Returns the rows scoped to the
    report's groups, the path from a row to its group, and the names of the summed figures."""
    # The totals name their sums as the records name their figures; only the number of records differs.
    figures = {"harvested": "harvested_kg", "sold_certified": "sold_certified_kg", "income": "income"}
    if source == RAW:
        return ctx.scoped(ProductionRecord.objects.all(), "member__group"), "member__group", figures | {"records": "pk"}
    totals = ProductionTotal.objects.filter(records__gt=0)  # a total whose records were all taken away is none
    return ctx.scoped(totals, "group"), "group", figures | {"records": "records"}


def _count(source: str, field: str) -> Count | Sum:
    """The number of records: counted (records) or summed (totals)."""
    return Count(field) if source == RAW else Sum(field)


def certified_supply(ctx: Context, source: str = FAST) -> list[dict[str, Any]]:
    """Per commodity: the harvest of members of groups holding a valid certificate in the period (the certified
    supply), what was sold as certified, and the share; plus any volume sold as certified without a certificate."""
    certificates = Certificate.objects.standing().covering(ctx.parameters.period_start, ctx.parameters.period_end)
    if ctx.parameters.standard:
        certificates = certificates.filter(standard__code=ctx.parameters.standard)
    production, group, field = _production(ctx, source)
    certified = Q(**{f"{group}__in": certificates.values("group")})
    rows = (
        production.filter(seasons_beginning_in(ctx.parameters.period_start.year, ctx.parameters.period_end.year))
        .values(commodity=F(f"{group}__commodity"))
        .annotate(
            supply=Sum(field["harvested"], filter=certified),
            sold_certified=Sum(field["sold_certified"], filter=certified),
            sold_uncertified=Sum(field["sold_certified"], filter=~certified),
            harvest=Sum(field["harvested"]),
        )
        .order_by("commodity")
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
            "commodity": row["commodity"],
            "label": str(labels.get(row["commodity"], row["commodity"])),
            "certified_groups": certified_groups.get(row["commodity"], 0),
            "harvest_kg": rounded(row["harvest"]),
            "supply_kg": rounded(row["supply"]) or 0.0,
            "sold_certified_kg": rounded(row["sold_certified"]) or 0.0,
            "share": share(rounded(row["sold_certified"]), rounded(row["supply"])),
            "sold_certified_without_certificate_kg": rounded(row["sold_uncertified"]) or 0.0,
        }
        for row in rows
    ]


def _mean(row: dict[str, Any], source: str) -> Decimal | float | None:
    if source == RAW:
        return row["mean"]
    # The totals hold the sum and the count: their quotient is the mean of the records, as AVG computes it.
    return None if not row["members"] else Decimal(row["income_sum"]) / row["members"]


def income(ctx: Context, source: str = FAST) -> list[dict[str, Any]]:
    """Per commodity and country (one currency): the mean income per member in each of the last seasons, the
    level of the latest season, and stability as the coefficient of variation of the seasons' means."""
    last = ctx.as_of_date.year
    production, group, field = _production(ctx, source)
    figures: dict[str, Any] = {"members": _count(source, field["records"])}
    # One record per member and season (a unique constraint): counting records counts members. No distinct count
    # of groups: it would make the database sort every record (seconds at the field's scale).
    figures |= {"mean": Avg(field["income"])} if source == RAW else {"income_sum": Sum(field["income"])}
    rows = (
        production.filter(seasons_beginning_in(last - INCOME_SEASONS + 1, last))
        .values("season", commodity=F(f"{group}__commodity"), country=F(f"{group}__organisation__country"))
        .annotate(**figures)
        .order_by("commodity", "country", "season")
    )
    labels = dict(Commodity.choices)
    series: dict[tuple[str, str], list[dict[str, Any]]] = {}
    for row in rows:  # at most commodities x countries x five seasons
        key = (row["commodity"], str(row["country"]))
        series.setdefault(key, []).append(
            {"season": row["season"], "mean": rounded(_mean(row, source)), "members": row["members"]}
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
