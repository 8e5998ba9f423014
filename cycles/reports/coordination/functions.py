"""Database functions the findings share: days between two timestamps and a median that work on PostgreSQL and
SQLite, per-group counts, and rounding.
"""

import statistics
from decimal import Decimal
from typing import Any

from django.db.backends.base.base import BaseDatabaseWrapper
from django.db.models import (
    Aggregate,
    Count,
    FloatField,
    Func,
    IntegerField,
    OuterRef,
    QuerySet,
    Subquery,
)
from django.db.models.functions import Coalesce
from django.db.models.sql.compiler import SQLCompiler


class DaysBetween(Func):
    """Days, with fractions, from the second datetime to the first: computed by the database."""

    output_field = FloatField()
    arity = 2

    def _parts(self, compiler: SQLCompiler) -> tuple[str, str, list[Any]]:
        end, end_params = compiler.compile(self.source_expressions[0])
        start, start_params = compiler.compile(self.source_expressions[1])
        return end, start, [*end_params, *start_params]

    def as_sql(  # type: ignore[override]
        self, compiler: SQLCompiler, connection: BaseDatabaseWrapper, **extra_context: Any
    ) -> tuple[str, list[Any]]:
        end, start, params = self._parts(compiler)
        return f"(CAST(EXTRACT(EPOCH FROM ({end} - {start})) AS double precision) / 86400.0)", params

    def as_sqlite(
        self, compiler: SQLCompiler, connection: BaseDatabaseWrapper, **extra_context: Any
    ) -> tuple[str, tuple[Any, ...]]:
        end, start, params = self._parts(compiler)
        return f"(julianday({end}) - julianday({start}))", tuple(params)


class _SQLiteMedian:
    """The median for SQLite, which has none built in (PostgreSQL uses percentile_cont)."""

    def __init__(self) -> None:
        self.values: list[float] = []

    def step(self, value: float | None) -> None:
        if value is not None:
            self.values.append(value)

    def finalize(self) -> float | None:
        return statistics.median(self.values) if self.values else None


class Median(Aggregate):
    function = "PERCENTILE_CONT"
    name = "Median"
    output_field = FloatField()
    template = "%(function)s(0.5) WITHIN GROUP (ORDER BY %(expressions)s)"

    def as_sqlite(
        self, compiler: SQLCompiler, connection: BaseDatabaseWrapper, **extra_context: Any
    ) -> tuple[str, Any]:
        connection.ensure_connection()
        connection.connection.create_aggregate("HIVOS_MEDIAN", 1, _SQLiteMedian)
        return super().as_sql(
            compiler, connection, function="HIVOS_MEDIAN", template="%(function)s(%(expressions)s)", **extra_context
        )


def count_per_group(queryset: QuerySet[Any], field: str = "pk", *, distinct: bool = False) -> Coalesce:
    """A correlated count of `queryset`'s rows for the outer group (`group=OuterRef("pk")`), 0 when none."""
    counted = (
        queryset.filter(group=OuterRef("pk"))
        .order_by()
        .values("group")
        .annotate(n=Count(field, distinct=distinct))
        .values("n")
    )
    return Coalesce(Subquery(counted, output_field=IntegerField()), 0)


def rounded(value: Decimal | float | None, places: int = 2) -> float | None:
    return None if value is None else round(float(value), places)


def share(part: float | None, whole: float | None) -> float | None:
    return None if not whole else round((part or 0) / whole, 4)
