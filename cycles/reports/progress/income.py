"""The report's money sections: production, sales and income per member by season and currency, the support services,
and the certified groups.
"""

from collections import defaultdict
from datetime import date
from decimal import Decimal

from django.db.models import Count, QuerySet, Sum

from producers.languages import localized
from producers.models import ProducerGroup
from standards.models import Certificate

from ...indicators import season_span
from ...models import (
    ProductionRecord,
    Service,
)
from .figures import (
    ZERO,
    GroupIncome,
    GroupLine,
    IncomeFigure,
    Period,
    ProductionSection,
    SeasonLine,
    ServiceLine,
    ServicesSection,
    ServiceTypeTotal,
)


def build_production(groups: QuerySet[ProducerGroup], lines: list[GroupLine], period: Period) -> ProductionSection:
    """Volumes, certified sales and income per season, per currency and per group. Two queries."""
    rows = (
        ProductionRecord.objects.filter(member__group__in=groups)
        .filter(period.season_filter())
        .values("member__group_id", "season")
        .annotate(
            members=Count("pk"),
            harvested=Sum("harvested_kg"),
            sold_certified=Sum("sold_certified_kg"),
            sold_conventional=Sum("sold_conventional_kg"),
            income=Sum("income"),
        )
        .order_by()
    )
    certificates: dict[int, list[tuple[date, date]]] = defaultdict(list)
    for group_id, valid_from, valid_to in (
        Certificate.objects.standing().filter(group__in=groups).values_list("group_id", "valid_from", "valid_to")
    ):
        certificates[group_id].append((valid_from, valid_to))
    by_pk = {line.pk: line for line in lines}
    seasons: dict[tuple[str, str], SeasonLine] = {}
    per_group: dict[int, dict[str, SeasonLine]] = defaultdict(dict)
    for row in rows:
        group = by_pk[row["member__group_id"]]
        season = row["season"]
        start, end = season_span(season)
        certified = any(valid_from <= end and valid_to >= start for valid_from, valid_to in certificates[group.pk])
        harvested = Decimal(row["harvested"] or 0)
        figures = SeasonLine(
            currency=group.currency,
            season=season,
            members=row["members"],
            harvested=harvested,
            sold_certified=Decimal(row["sold_certified"] or 0),
            sold_conventional=Decimal(row["sold_conventional"] or 0),
            certified_supply=harvested if certified else ZERO,
            supply_sold_certified=Decimal(row["sold_certified"] or 0) if certified else ZERO,
            income=Decimal(row["income"] or 0),
        )
        per_group[group.pk][season] = figures
        total = seasons.setdefault((group.currency, season), SeasonLine(currency=group.currency, season=season))
        total.members += figures.members
        total.harvested += figures.harvested
        total.sold_certified += figures.sold_certified
        total.sold_conventional += figures.sold_conventional
        total.certified_supply += figures.certified_supply
        total.supply_sold_certified += figures.supply_sold_certified
        total.income += figures.income
    ordered = sorted(seasons.values(), key=lambda line: (line.currency, line.season))
    group_incomes = []
    for line in lines:
        recorded = per_group.get(line.pk)
        if recorded:
            latest = max(recorded)
            group_incomes.append(GroupIncome(group=line, season=latest, line=recorded[latest]))
    return ProductionSection(
        currencies=sorted({line.currency for line in ordered}),
        seasons=ordered,
        groups=group_incomes,
    )


def build_services(groups: QuerySet[ProducerGroup], period: Period) -> ServicesSection:
    """Services delivered in the period, by type and provider, with their cost per currency. Three queries."""
    # The service type's name in the report's language, English where it has no translation.
    services = Service.objects.filter(
        group__in=groups, delivered_on__gte=period.start, delivered_on__lte=period.end
    ).annotate(service_name=localized("service_type__name"))
    order = ("service_type__order", "service_name", "provider__name")
    pairs = (
        services.values("service_name", "provider__name", "service_type__order")
        .annotate(count=Count("pk"), groups=Count("group", distinct=True))
        .order_by(*order)
    )
    costs: dict[tuple[str, str], list[tuple[str, Decimal]]] = defaultdict(list)
    for row in (
        services.filter(cost__isnull=False)
        .values("service_name", "provider__name", "currency")
        .annotate(total=Sum("cost"))
        .order_by("currency")
    ):
        costs[(row["service_name"], row["provider__name"])].append((row["currency"] or "", Decimal(row["total"] or 0)))
    lines = [
        ServiceLine(
            service_type=row["service_name"],
            provider=row["provider__name"],
            count=row["count"],
            groups=row["groups"],
            costs=costs.get((row["service_name"], row["provider__name"]), []),
        )
        for row in pairs
    ]
    types = [
        ServiceTypeTotal(service_type=row["service_name"], count=row["count"], groups=row["groups"])
        for row in services.values("service_name", "service_type__order")
        .annotate(count=Count("pk"), groups=Count("group", distinct=True))
        .order_by("service_type__order", "service_name")
    ]
    return ServicesSection(lines=lines, types=types)


def count_certified_groups(groups: QuerySet[ProducerGroup], period: Period) -> int:
    return (
        Certificate.objects.standing()
        .filter(group__in=groups)
        .covering(period.as_of, period.as_of)
        .values("group_id")
        .distinct()
        .count()
    )


def latest_income(production: ProductionSection) -> list[IncomeFigure]:
    """Per currency, the income per member of the latest season that is recorded for at least half as many members
    as the best-recorded season: a season just begun, with a handful of records, says little about a group."""
    figures = []
    for currency in production.currencies:
        seasons = production.for_currency(currency)
        enough = max(line.members for line in seasons) / 2
        latest = [line for line in seasons if line.members >= enough][-1]
        figures.append(IncomeFigure(currency, latest.season, latest.income_per_member, latest.members))
    return figures
