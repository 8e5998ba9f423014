"""Where the synthetic field's big tables go (members, inspections, their answers, production records): PostgreSQL's
`COPY … FROM STDIN` from an in-memory buffer flushed every few hundred thousand rows, or `bulk_create` on any other
database (SQLite in the tests). The generator hands both the same rows, tuples in the order of `columns`, with
ids it asked the sink for, so that the rows that point at them (answers at inspections, records at members) can be
written without reading anything back.
"""

import io
from collections.abc import Iterable, Sequence
from datetime import date, datetime
from typing import Any, Protocol

from django.db import connection
from django.db.models import Max, Model

FLUSH_ROWS = 200_000  # rows per COPY: a few tens of MB of text at most, so memory stays flat
BATCH = 5000  # rows per INSERT where there is no COPY

# The columns the generator gives, in its order.
MEMBER_COLUMNS = (
    "id", "group_id", "member_number", "first_name", "last_name", "gender", "year_of_birth", "phone", "village",
    "joined_on", "status", "created_at", "updated_at", "version",
)  # fmt: skip
INSPECTION_COLUMNS = (
    "id", "round_id", "kind", "member_id", "inspector_id", "inspected_on", "notes", "proposed_decision",
    "recorded_at", "recorded_by_id", "version",
)  # fmt: skip
ANSWER_COLUMNS = ("inspection_id", "requirement_id", "crosswalk_topic_id", "answer", "notes")
PRODUCTION_COLUMNS = (
    "member_id", "season", "estimated_kg", "harvested_kg", "sold_certified_kg", "sold_conventional_kg",
    "price_per_kg", "income", "version",
)  # fmt: skip


def _text(value: Any) -> str:
    """One value in COPY's text format. The generated values hold no tab, newline or backslash."""
    if value is None:
        return "\\N"
    if isinstance(value, datetime | date):
        return value.isoformat()
    return str(value)


class Sink(Protocol):
    """Writes rows given as tuples in the order of `columns` (attribute names: `group_id`, not `group`)."""

    def ids(self, model: type[Model], count: int) -> list[int]: ...

    def write(self, model: type[Model], columns: Sequence[str], rows: Iterable[tuple[Any, ...]]) -> int: ...


class CopySink:
    """PostgreSQL: ids drawn from the table's own identity sequence (so later inserts never collide), rows sent
    with COPY."""

    def ids(self, model: type[Model], count: int) -> list[int]:
        if not count:
            return []
        table = model._meta.db_table
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT nextval(pg_get_serial_sequence(%s, 'id')) FROM generate_series(1, %s)", [table, count]
            )
            return [row[0] for row in cursor.fetchall()]

    def write(self, model: type[Model], columns: Sequence[str], rows: Iterable[tuple[Any, ...]]) -> int:
        opts = model._meta
        by_attname = {field.attname: str(field.column) for field in opts.concrete_fields}
        names = ", ".join(connection.ops.quote_name(by_attname[column]) for column in columns)
        statement = f"COPY {connection.ops.quote_name(opts.db_table)} ({names}) FROM STDIN"
        written = 0
        buffer = io.StringIO()
        pending = 0
        with connection.cursor() as cursor:
            for row in rows:
                buffer.write("\t".join(map(_text, row)))
                buffer.write("\n")
                pending += 1
                if pending >= FLUSH_ROWS:
                    written += self._send(cursor, statement, buffer)
                    buffer, pending = io.StringIO(), 0
            if pending:
                written += self._send(cursor, statement, buffer)
        return written

    def _send(self, cursor: Any, statement: str, buffer: io.StringIO) -> int:
        buffer.seek(0)
        cursor.copy_expert(statement, buffer)  # psycopg2's cursor, reached through Django's wrapper
        return int(cursor.rowcount)


class BulkSink:
    """Any other database: ids counted on from the largest one in use (the generator writes alone), rows with
    bulk_create."""

    def __init__(self) -> None:
        self.next_id: dict[type[Model], int] = {}

    def ids(self, model: type[Model], count: int) -> list[int]:
        if model not in self.next_id:
            self.next_id[model] = (model._default_manager.aggregate(top=Max("pk"))["top"] or 0) + 1
        first = self.next_id[model]
        self.next_id[model] = first + count
        return list(range(first, first + count))

    def write(self, model: type[Model], columns: Sequence[str], rows: Iterable[tuple[Any, ...]]) -> int:
        objects = [model(**dict(zip(columns, row, strict=True))) for row in rows]
        model._default_manager.bulk_create(objects, batch_size=BATCH)
        return len(objects)


def sink_for_connection() -> Sink:
    return CopySink() if connection.vendor == "postgresql" else BulkSink()
