"""The per-group, per-season sums of the production records (`ProductionTotal`) that the coordination report reads
at the size of the whole field. They change only here, called by the services that write production records, in
the same transaction as the record, so that a committed record and its group's total never disagree; and they can
be made again from the records at any time (`production_totals_rebuild`, `manage.py rebuild_production_totals`).

A test compares the report computed from these totals with the one computed from the records after every kind of
write (tests/cycles/test_coordination_fast_equals_raw.py).
"""

from collections.abc import Iterable
from decimal import Decimal

from django.db import IntegrityError, connection, transaction
from django.db.models import Count, F, Sum

from ..models import ProductionRecord, ProductionTotal

BATCH = 5000


def _figures(record: ProductionRecord) -> tuple[Decimal, Decimal, Decimal]:
    return (Decimal(record.harvested_kg), Decimal(record.sold_certified_kg), Decimal(record.income))


def _apply(*, group_id: int, season: str, records: int, figures: tuple[Decimal, Decimal, Decimal]) -> None:
    """Add `records` records with these sums (negative to take them away) to the group's total for the season."""
    harvested, sold_certified, income = figures
    change = {
        "records": F("records") + records,
        "harvested_kg": F("harvested_kg") + harvested,
        "sold_certified_kg": F("sold_certified_kg") + sold_certified,
        "income": F("income") + income,
    }
    # One conditional UPDATE: concurrent writers to the same total queue on its row, none overwrites another.
    if ProductionTotal.objects.filter(group_id=group_id, season=season).update(**change):
        return
    try:
        with transaction.atomic():  # a savepoint: another transaction may create the same total first
            ProductionTotal.objects.create(
                group_id=group_id,
                season=season,
                records=records,
                harvested_kg=harvested,
                sold_certified_kg=sold_certified,
                income=income,
            )
    except IntegrityError:
        ProductionTotal.objects.filter(group_id=group_id, season=season).update(**change)


def production_totals_record_added(*, record: ProductionRecord) -> None:
    """A record was created: count it in its group's total."""
    _apply(group_id=record.member.group_id, season=record.season, records=1, figures=_figures(record))


def production_totals_record_changed(*, before: ProductionRecord, after: ProductionRecord) -> None:
    """A record's figures changed (`before` as it was stored, `after` as saved; the member and the season stay, as
    `production_record_update` keeps them): move its group's total by the difference."""
    old, new = _figures(before), _figures(after)
    difference = (new[0] - old[0], new[1] - old[1], new[2] - old[2])
    _apply(group_id=before.member.group_id, season=before.season, records=0, figures=difference)


@transaction.atomic
def production_totals_rebuild(*, group_ids: Iterable[int] | None = None) -> int:
    """Make the totals again from the records: every group's, or only these groups'. Returns the number of totals.

    On PostgreSQL the records are locked against writes (SHARE mode: readers go on) until the totals are made, so
    that no record is written between reading them and storing their sums."""
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute(f"LOCK TABLE {connection.ops.quote_name(ProductionRecord._meta.db_table)} IN SHARE MODE")
    totals = ProductionTotal.objects.all()
    records = ProductionRecord.objects.all()
    if group_ids is not None:
        chosen = list(group_ids)
        totals = totals.filter(group_id__in=chosen)
        records = records.filter(member__group_id__in=chosen)
    totals.delete()
    sums = (
        records.values("member__group_id", "season")
        .annotate(
            n=Count("pk"),
            harvested=Sum("harvested_kg"),
            sold_certified=Sum("sold_certified_kg"),
            income_sum=Sum("income"),
        )
        .order_by()
    )
    made = ProductionTotal.objects.bulk_create(
        (
            ProductionTotal(
                group_id=row["member__group_id"],
                season=row["season"],
                records=row["n"],
                harvested_kg=row["harvested"],
                sold_certified_kg=row["sold_certified"],
                income=row["income_sum"],
            )
            for row in sums.iterator(chunk_size=BATCH)
        ),
        batch_size=BATCH,
    )
    return len(made)


__all__ = [
    "production_totals_rebuild",
    "production_totals_record_added",
    "production_totals_record_changed",
]
