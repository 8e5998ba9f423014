"""Writing an import: every member, plot and status change in bulk inside one transaction, or nothing when a single
row is wrong.
"""

import functools
from datetime import datetime
from typing import Any

from django.core.exceptions import ValidationError
from django.db import IntegrityError, connection, models, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from ..models import Member, MemberStatusChange, Plot, ProducerGroup, User
from ..records_version import records_changed
from ..services import require_change
from .checking import import_check
from .columns import BATCH, MEMBER_VALUE_FIELDS, PG_MAX_PARAMS, STATEMENTS_PER_CALL
from .plan import ImportPlan, ImportRefused

# Columns whose values go to the database as they are; the others (dates, times, decimals) are prepared by
# their field, as Django would.
_PLAIN_FIELDS = (models.CharField, models.TextField, models.IntegerField, models.ForeignKey)


def _preparer(connection_: Any) -> Any:
    """Values as the database takes them: dates, times and decimals prepared by their field (remembered, since an
    import repeats them), everything else as it is."""
    prepared: dict[tuple[str, Any], Any] = {}

    def prepare(f: "models.Field[Any, Any]", value: Any) -> Any:
        if isinstance(f, _PLAIN_FIELDS) or value is None:
            return value
        key = (f.attname, value)
        if key not in prepared:
            prepared[key] = f.get_db_prep_save(value, connection_)
        return prepared[key]

    return prepare


def _execute_many(sql: str, values: list[tuple[Any, ...]], *, rows: str = "") -> None:
    """Run `sql` for every tuple of values, in few round trips to the database.

    psycopg2's executemany sends one statement per row and waits for each: the 50,000 rows an import of 10,000
    members writes took 12 s on PostgreSQL, nearly all of it waiting. There, an INSERT gets many rows a statement
    (`rows` is the VALUES tuple, repeated) and other statements go many to a call, joined by semicolons. SQLite
    runs in this process: its executemany is as fast.
    """
    with connection.cursor() as cursor:
        if connection.vendor != "postgresql":
            for start in range(0, len(values), BATCH):
                cursor.executemany(sql, values[start : start + BATCH])
            return
        per_row = max(len(values[0]), 1) if values else 1
        size = max(1, min(BATCH if rows else STATEMENTS_PER_CALL, PG_MAX_PARAMS // per_row))
        for start in range(0, len(values), size):
            chunk = values[start : start + size]
            many = ", ".join([sql] + [rows] * (len(chunk) - 1)) if rows else "; ".join([sql] * len(chunk))
            cursor.execute(many, [value for row in chunk for value in row])


def _insert_many(model: type[models.Model], rows: list[dict[str, Any]]) -> None:
    """Insert rows (every column by attribute name), many a statement.

    bulk_create builds SQL for every value and costs seconds for 10,000 rows of many columns; here the driver
    gets the values as they are (see `_execute_many`). No instances are built and no ids come back.
    """
    if not rows:
        return
    fields = _fields(model)
    quote = connection.ops.quote_name
    placeholders = "({})".format(", ".join(["%s"] * len(fields)))
    sql = "INSERT INTO {} ({}) VALUES {}".format(
        quote(model._meta.db_table), ", ".join(quote(str(f.column)) for f in fields), placeholders
    )
    prepare = _preparer(connection)
    _execute_many(sql, [tuple(prepare(f, row[f.attname]) for f in fields) for row in rows], rows=placeholders)


def _update_many(objects: list[Any], names: list[str]) -> None:
    """Save these fields of these records with one UPDATE per record, sent many at a time (bulk_update's CASE
    expressions grow with the number of records and take long for thousands)."""
    if not objects:
        return
    meta = objects[0]._meta
    fields = [meta.get_field(name) for name in names]
    quote = connection.ops.quote_name
    sql = "UPDATE {} SET {} WHERE {} = %s".format(
        quote(meta.db_table), ", ".join(f"{quote(f.column)} = %s" for f in fields), quote(meta.pk.column)
    )
    prepare = _preparer(connection)
    _execute_many(sql, [(*(prepare(f, getattr(obj, f.attname)) for f in fields), obj.pk) for obj in objects])


@functools.cache
def _fields(model: type[models.Model]) -> tuple[Any, ...]:
    # Asked once per row written: the model's fields do not change while the process runs.
    return tuple(f for f in model._meta.concrete_fields if not isinstance(f, models.AutoField))


def _new_row(model: type[models.Model], values: dict[str, Any], *, now: datetime) -> dict[str, Any]:
    """A new record's columns: the values given, the fields' defaults for the rest, `now` for the timestamps."""
    row = {}
    for f in _fields(model):
        stamped = getattr(f, "auto_now", False) or getattr(f, "auto_now_add", False)
        row[f.attname] = now if stamped else f.get_default()
    row.update(values)
    return row


def _write_history(
    model: type[models.Model], records: list[dict[str, Any]], *, kind: str, by: User, reason: str, at: datetime
) -> None:
    """The rows django-simple-history writes for these saved records: their values, who, when, why.

    The library's `bulk_history_create` writes the same rows through bulk_create, which SQLite limits to 999
    parameters a statement (hundreds of queries for 10,000 members); `_insert_many` writes them in a few."""
    history_model = model.history.model  # type: ignore[attr-defined]
    tracked = [f.attname for f in history_model.tracked_fields]
    extra = {"history_date": at, "history_change_reason": reason, "history_type": kind, "history_user_id": by.pk}
    _insert_many(history_model, [{**{name: record[name] for name in tracked}, **extra} for record in records])


def _saved(objects: list[Any]) -> list[dict[str, Any]]:
    return [{f.attname: getattr(obj, f.attname) for f in obj._meta.concrete_fields} for obj in objects]


@transaction.atomic
def _write(*, group: ProducerGroup, by: User, data: bytes, file_name: str) -> ImportPlan:
    # One import into a group at a time: a second one waits for the first, then finds its members.
    ProducerGroup.objects.select_for_update().filter(pk=group.pk).first()
    # Checked again inside the transaction, on locked rows: the register may have changed since the preview.
    plan = import_check(group=group, data=data, file_name=file_name, lock=True)
    if not plan.ok:
        raise ImportRefused(plan)
    now = timezone.now()
    reason = _("Imported from %(file)s.") % {"file": plan.file_name}
    history: dict[str, Any] = {"by": by, "reason": reason, "at": now}

    new_members = [_new_row(Member, {"group_id": group.pk, **values}, now=now) for values in plan.new_members]
    _insert_many(Member, new_members)
    ids = dict(Member.objects.filter(group=group).values_list("member_number", "pk"))
    for member_row in new_members:
        member_row["id"] = ids[member_row["member_number"]]
    if plan.changed_members:
        fields = [*MEMBER_VALUE_FIELDS, "status", "version", "updated_at"]
        _update_many(plan.changed_members, fields)
    _write_history(Member, new_members, kind="+", **history)
    _write_history(Member, _saved(plan.changed_members), kind="~", **history)

    # The new plots' ids, for their history: the group's plots above the highest id before the insert.
    last_plot = Plot.objects.order_by("-pk").values_list("pk", flat=True).first() or 0
    new_plots = [
        _new_row(Plot, {"member_id": ids[plot.pop("member_number")], **plot}, now=now)
        for plot in (dict(values) for values in plan.new_plots)
    ]
    _insert_many(Plot, new_plots)
    plot_ids = {
        (member_id, name): pk
        for pk, member_id, name in Plot.objects.filter(member__group=group, pk__gt=last_plot)
        .order_by("pk")
        .values_list("pk", "member_id", "name")
    }
    for plot_row in new_plots:
        plot_row["id"] = plot_ids[(plot_row["member_id"], plot_row["name"])]
    if plan.changed_plots:
        _update_many(plan.changed_plots, ["area_ha", "crop", "version"])
    _write_history(Plot, new_plots, kind="+", **history)
    _write_history(Plot, _saved(plan.changed_plots), kind="~", **history)

    _insert_many(
        MemberStatusChange,
        [
            {
                "member_id": ids[number],
                "from_status": from_status,
                "to_status": to_status,
                "changed_on": changed_on,
                "changed_at": now,
                "changed_by_id": by.pk,
                "reason": reason,
            }
            for number, from_status, to_status, changed_on in plan.status_moves
        ],
    )
    records_changed([group.pk])
    return plan


def import_apply(*, group: ProducerGroup, by: User, data: bytes, file_name: str) -> ImportPlan:
    """Import the file in one transaction: every row, or nothing when one is wrong (ImportRefused)."""
    require_change(by, group)
    try:
        return _write(group=group, by=by, data=data, file_name=file_name)
    except IntegrityError:
        # Someone added a member with one of the file's numbers between the check and the write.
        raise ValidationError(
            _("The register changed while the file was imported, so nothing was imported. Upload the file again."),
            code="changed_meanwhile",
        ) from None
