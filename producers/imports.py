"""The register in and out of spreadsheets: bulk import of members (and one plot per row) from CSV or Excel
(.xlsx), and the export in the same columns, so that an exported file imports again without changing anything.

The import runs in two steps. `import_preview` reads and checks the file and compares it with the register: how
many members it would create, update or leave unchanged, and every error with its row and column. It writes
nothing. `import_apply` does the same inside one transaction and writes everything with bulk operations, or
nothing at all when a single row is wrong. The member number is the key: a file imported twice changes nothing
the second time.
"""

import codecs
import csv
import functools
import io
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation
from pathlib import PurePath
from typing import IO, Any

from django.core.exceptions import ValidationError
from django.db import IntegrityError, connection, models, transaction
from django.db.models import Prefetch
from django.utils import timezone
from django.utils.functional import Promise
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext
from openpyxl import Workbook, load_workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Font

from .models import Member, MemberStatusChange, Plot, ProducerGroup, User
from .models.members import Gender, MemberStatus
from .services import require_change, status_refusal

MAX_ROWS = 20_000
MAX_BYTES = 10 * 1024 * 1024
BATCH = 1000
# On PostgreSQL: statements sent in one call, and the parameters one statement may carry.
STATEMENTS_PER_CALL = 200
PG_MAX_PARAMS = 65_535


@dataclass(frozen=True)
class Column:
    name: str
    # A required column must be in the header; `value_required` says whether each row must fill it.
    required: bool
    value_required: bool
    help: Promise


COLUMNS: tuple[Column, ...] = (
    Column(
        "member_number",
        True,
        True,
        gettext_lazy(
            "The member's number in the group: the key. A number already in the register updates that member."
        ),
    ),
    Column("first_name", True, True, gettext_lazy("First name.")),
    Column("last_name", True, True, gettext_lazy("Last name.")),
    Column("gender", True, True, gettext_lazy("female, male, other or undisclosed (F and M are understood as well).")),
    Column("year_of_birth", True, False, gettext_lazy("Four digits, from 1900 to this year; may be empty.")),
    Column("phone", True, False, gettext_lazy("May be empty.")),
    Column("village", True, False, gettext_lazy("May be empty.")),
    Column("joined_on", True, False, gettext_lazy("A date, as 2024-03-31 or 31/03/2024; may be empty.")),
    Column(
        "status",
        True,
        False,
        gettext_lazy(
            "applicant, approved, sanctioned, suspended or left. Empty: a new member is an applicant and an existing "
            "one keeps their status. A change is kept in the member's status history and must be a move that the "
            "status form allows (a member who left comes back as an applicant)."
        ),
    ),
    Column(
        "plot_name",
        False,
        False,
        gettext_lazy(
            "Optional column: one plot per row. The member's plot with this name is updated, or added if there is "
            "none. Plots are never deleted by an import."
        ),
    ),
    Column("plot_area_ha", False, False, gettext_lazy("The plot's area in hectares, such as 0.75.")),
    Column("plot_crop", False, False, gettext_lazy("The plot's main crop.")),
)
COLUMN_NAMES = tuple(column.name for column in COLUMNS)
REQUIRED_COLUMNS = tuple(column.name for column in COLUMNS if column.required)
PLOT_COLUMNS = ("plot_name", "plot_area_ha", "plot_crop")
MEMBER_COLUMNS = tuple(name for name in COLUMN_NAMES if name not in PLOT_COLUMNS)
MEMBER_VALUE_FIELDS = ("first_name", "last_name", "gender", "year_of_birth", "phone", "village", "joined_on")


def _max_length(model: type[models.Model], name: str) -> int:
    field = model._meta.get_field(name)
    assert isinstance(field, models.CharField)
    assert field.max_length is not None
    return field.max_length


# The model's limits: the import writes without full_clean, and PostgreSQL refuses a value that is too long.
MAX_LENGTHS = {
    **{name: _max_length(Member, name) for name in ("member_number", "first_name", "last_name", "phone", "village")},
    "plot_name": _max_length(Plot, "name"),
    "plot_crop": _max_length(Plot, "crop"),
}
ACCEPTED_SUFFIXES = {".csv", ".txt", ".tsv", ".xlsx", ""}
XLSX_MAGIC = b"PK\x03\x04"
OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
BINARY_MAGIC = (b"%PDF", b"\x89PNG", b"\xff\xd8\xff", b"GIF8", b"\x1f\x8b", b"Rar!", b"7z\xbc\xaf")
# Spreadsheet programs run a cell that starts with these as a formula; the CSV export defuses them with a quote.
FORMULA_STARTS = ("=", "@")


# --- Errors ----------------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class RowError:
    row: int
    column: str
    message: str

    def __str__(self) -> str:
        return _("Row %(row)d, %(column)s: %(message)s") % {
            "row": self.row,
            "column": self.column,
            "message": self.message,
        }


class _FileProblem(Exception):
    """The file cannot be read as a register at all."""


class _CellProblem(Exception):
    """One cell is wrong: its message goes into a RowError."""


# --- The plan --------------------------------------------------------------------------------------------------


@dataclass
class MemberChange:
    """An existing member the import changes, with the columns that change (for the preview)."""

    member_number: str
    name: str
    columns: list[str]


@dataclass
class ImportPlan:
    """What the file would do to the register. Nothing in it has been written."""

    file_name: str
    file_errors: list[str] = field(default_factory=list)
    row_errors: list[RowError] = field(default_factory=list)
    rows: int = 0
    unchanged: int = 0
    # New rows are plain values (inserted in bulk, no model instances needed); changed ones are the saved records.
    new_members: list[dict[str, Any]] = field(default_factory=list)
    changed_members: list[Member] = field(default_factory=list)
    changes: list[MemberChange] = field(default_factory=list)
    # Each new plot names its member by number: a new member has no id before it is written.
    new_plots: list[dict[str, Any]] = field(default_factory=list)
    changed_plots: list[Plot] = field(default_factory=list)
    # (member number, from, to, on) for each status the file moves; a new member's first status is from "".
    status_moves: list[tuple[str, str, str, date]] = field(default_factory=list)

    @property
    def created(self) -> int:
        return len(self.new_members)

    @property
    def updated(self) -> int:
        return len(self.changed_members)

    @property
    def plots(self) -> int:
        """Plots added or updated."""
        return len(self.new_plots) + len(self.changed_plots)

    @property
    def errors(self) -> list[str]:
        return self.file_errors + [str(error) for error in self.row_errors]

    @property
    def ok(self) -> bool:
        return not self.file_errors and not self.row_errors

    @property
    def changes_anything(self) -> bool:
        return bool(self.new_members or self.changed_members or self.new_plots or self.changed_plots)


class ImportRefused(ValidationError):
    """The file has errors: nothing was imported. `plan` carries them."""

    def __init__(self, plan: ImportPlan) -> None:
        self.plan = plan
        count = len(plan.errors)
        super().__init__(
            ngettext(
                "Nothing was imported: the file has %(count)d error. Correct it and upload the file again.",
                "Nothing was imported: the file has %(count)d errors. Correct them and upload the file again.",
                count,
            )
            % {"count": count},
            code="import_errors",
        )


# --- Reading the file ------------------------------------------------------------------------------------------


def _not_readable(file_name: str) -> _FileProblem:
    return _FileProblem(
        _("“%(name)s” is neither a CSV file nor an Excel workbook (.xlsx). Save it in one of these formats.")
        % {"name": file_name}
    )


def _blank(values: Iterable[Any]) -> bool:
    return all(value is None or (isinstance(value, str) and not value.strip()) for value in values)


def _collect(rows: Iterable[tuple[int, Iterable[Any]]]) -> list[tuple[int, list[Any]]]:
    """Non-blank rows with their numbers as a spreadsheet shows them; the header plus at most MAX_ROWS."""
    kept: list[tuple[int, list[Any]]] = []
    for number, values in rows:
        cells = list(values)
        if _blank(cells):
            continue
        if len(kept) > MAX_ROWS:
            raise _FileProblem(
                _("The file has more than %(max)s rows. Split it into files of at most %(max)s members.")
                % {"max": f"{MAX_ROWS:,}"}
            )
        kept.append((number, cells))
    return kept


def _read_xlsx(data: bytes, file_name: str) -> list[tuple[int, list[Any]]]:
    try:
        workbook = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except Exception as error:  # openpyxl reports a broken workbook with many kinds of errors
        raise _not_readable(file_name) from error
    try:
        if not workbook.worksheets:
            return []
        # The first sheet holds the register; the template's help sheet comes after it.
        sheet = workbook.worksheets[0]
        return _collect(enumerate(sheet.iter_rows(values_only=True), start=1))
    finally:
        workbook.close()


def _decode(data: bytes, file_name: str) -> str:
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return data.decode("utf-16")
    if b"\x00" in data[:8192] or data.startswith(BINARY_MAGIC):
        raise _not_readable(file_name)
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        # Excel on Windows saves CSV in the Windows code page.
        return data.decode("cp1252", errors="replace")


def _read_csv(data: bytes, file_name: str) -> list[tuple[int, list[Any]]]:
    text = _decode(data, file_name)
    first_line = text.split("\n", 1)[0]
    if sum(1 for char in first_line[:2000] if ord(char) < 32 and char not in "\t\r") > 0:
        raise _not_readable(file_name)
    # Excel writes semicolons where the comma is the decimal separator.
    delimiter = max((",", ";", "\t"), key=first_line.count)
    try:
        return _collect(enumerate(csv.reader(io.StringIO(text, newline=""), delimiter=delimiter), start=1))
    except csv.Error as error:
        raise _not_readable(file_name) from error


def _read(data: bytes, file_name: str) -> list[tuple[int, list[Any]]]:
    suffix = PurePath(file_name).suffix.lower()
    if not data.strip():
        raise _FileProblem(_("The file is empty."))
    if len(data) > MAX_BYTES:
        raise _FileProblem(
            _("The file is larger than %(size)d MB. Split it into smaller files.") % {"size": MAX_BYTES // 2**20}
        )
    if data.startswith(XLSX_MAGIC):
        return _read_xlsx(data, file_name)
    if data.startswith(OLE_MAGIC):
        raise _FileProblem(_("This is an old Excel file (.xls). Save it as an Excel workbook (.xlsx) or as CSV."))
    if suffix not in ACCEPTED_SUFFIXES:
        raise _not_readable(file_name)
    return _read_csv(data, file_name)


def _header_name(value: Any) -> str:
    return re.sub(r"\s+", "_", str(value if value is not None else "").replace("\ufeff", "").strip().lower())


# --- Cleaning cells --------------------------------------------------------------------------------------------


def _text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return str(value)
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, datetime):
        return value.date().isoformat()
    text = str(value).strip()
    # Undo the export's defusing quote.
    if len(text) > 1 and text[0] == "'" and text[1] in FORMULA_STARTS:
        return text[1:]
    return text


def _limited(name: str, value: Any, *, required: bool) -> str:
    text = _text(value)
    if required and not text:
        raise _CellProblem(_("is empty; every member needs one."))
    if len(text) > MAX_LENGTHS[name]:
        raise _CellProblem(
            _("is longer than %(max)d characters (%(length)d).") % {"max": MAX_LENGTHS[name], "length": len(text)}
        )
    return text


GENDERS = {
    **{value: value for value in Gender.values},
    **{str(label).lower(): value for value, label in Gender.choices},
    "f": Gender.FEMALE,
    "m": Gender.MALE,
}
STATUSES = {
    **{value: value for value in MemberStatus.values},
    **{str(label).lower(): value for value, label in MemberStatus.choices},
}


def _gender(value: Any) -> str:
    text = _text(value)
    if not text:
        raise _CellProblem(_("is empty; write female, male, other or undisclosed."))
    try:
        return GENDERS[text.lower()]
    except KeyError:
        raise _CellProblem(
            _("“%(value)s” is not a gender; write female, male, other or undisclosed.") % {"value": text}
        ) from None


def _status(value: Any) -> str:
    text = _text(value)
    if not text:
        return ""
    try:
        return STATUSES[text.lower()]
    except KeyError:
        raise _CellProblem(
            _("“%(value)s” is not a status; write applicant, approved, sanctioned, suspended or left.")
            % {"value": text}
        ) from None


def _year(value: Any) -> int | None:
    if value is None or (isinstance(value, str) and not value.strip()):
        return None
    text = _text(value)
    if not re.fullmatch(r"\d{4}", text):
        raise _CellProblem(_("“%(value)s” is not a year; write four digits, such as 1975.") % {"value": text})
    year = int(text)
    if year < 1900:
        raise _CellProblem(_("%(year)d is before 1900.") % {"year": year})
    if year > timezone.localdate().year:
        raise _CellProblem(_("%(year)d is in the future.") % {"year": year})
    return year


DATE_PATTERNS = (
    (re.compile(r"(\d{4})-(\d{1,2})-(\d{1,2})(?:[ T][\d:.]+)?"), (1, 2, 3)),
    (re.compile(r"(\d{1,2})/(\d{1,2})/(\d{4})"), (3, 2, 1)),
)


def _date(value: Any) -> date | None:
    if value is None or (isinstance(value, str) and not value.strip()):
        return None
    if isinstance(value, datetime):
        found: date = value.date()
    elif isinstance(value, date):
        found = value
    else:
        text = _text(value)
        for pattern, (y, m, d) in DATE_PATTERNS:
            match = pattern.fullmatch(text)
            if match:
                try:
                    found = date(int(match.group(y)), int(match.group(m)), int(match.group(d)))
                except ValueError:
                    raise _CellProblem(_("“%(value)s” is not a date in the calendar.") % {"value": text}) from None
                break
        else:
            raise _CellProblem(_("“%(value)s” is not a date; write it as 2024-03-31 or 31/03/2024.") % {"value": text})
    if found > timezone.localdate():
        raise _CellProblem(_("%(date)s is in the future.") % {"date": found.strftime("%d/%m/%Y")})
    if found.year < 1900:
        raise _CellProblem(_("%(date)s is before 1900.") % {"date": found.strftime("%d/%m/%Y")})
    return found


def _area(value: Any) -> Decimal | None:
    if value is None or (isinstance(value, str) and not value.strip()):
        return None
    text = _text(value).replace(",", ".") if isinstance(value, str) else str(value)
    try:
        area = Decimal(text).quantize(Decimal("0.001"), rounding=ROUND_HALF_UP)
    except InvalidOperation:
        raise _CellProblem(_("“%(value)s” is not a number of hectares, such as 0.75.") % {"value": value}) from None
    if area <= 0:
        raise _CellProblem(_("a plot's area must be more than 0 ha."))
    if area >= Decimal("100000"):
        raise _CellProblem(_("%(value)s ha is too large for one plot.") % {"value": area})
    return area


@dataclass
class _Row:
    number: int
    member_number: str
    values: dict[str, Any]
    status: str
    plot: dict[str, Any] | None


def _clean_row(number: int, cells: dict[str, Any], errors: list[RowError]) -> _Row | None:
    """One data row cleaned, or None with its errors added (every wrong cell, not just the first)."""
    cleaned: dict[str, Any] = {}
    found: list[RowError] = []

    def clean(name: str, cleaner: Any) -> None:
        try:
            cleaned[name] = cleaner(cells.get(name))
        except _CellProblem as problem:
            found.append(RowError(number, name, str(problem)))

    clean("member_number", lambda v: _limited("member_number", v, required=True))
    clean("first_name", lambda v: _limited("first_name", v, required=True))
    clean("last_name", lambda v: _limited("last_name", v, required=True))
    clean("gender", _gender)
    clean("year_of_birth", _year)
    clean("phone", lambda v: _limited("phone", v, required=False))
    clean("village", lambda v: _limited("village", v, required=False))
    clean("joined_on", _date)
    clean("status", _status)
    clean("plot_name", lambda v: _limited("plot_name", v, required=False))
    clean("plot_area_ha", _area)
    clean("plot_crop", lambda v: _limited("plot_crop", v, required=False))
    plot = None
    if not found:
        name, area, crop = cleaned["plot_name"], cleaned["plot_area_ha"], cleaned["plot_crop"]
        if name:
            if area is None:
                found.append(RowError(number, "plot_area_ha", _("is empty; a plot needs its area.")))
            if not crop:
                found.append(RowError(number, "plot_crop", _("is empty; a plot needs its crop.")))
            plot = {"name": name, "area_ha": area, "crop": crop}
        elif area is not None or crop:
            found.append(
                RowError(number, "plot_name", _("is empty; give the plot a name, or leave its area and crop empty."))
            )
    if found:
        errors.extend(found)
        return None
    return _Row(
        number=number,
        member_number=cleaned["member_number"],
        values={name: cleaned[name] for name in MEMBER_VALUE_FIELDS},
        status=cleaned["status"],
        plot=plot,
    )


# --- Comparing with the register -------------------------------------------------------------------------------


def _parse(plan: ImportPlan, data: bytes) -> list[_Row]:
    """The file's rows, cleaned; file-level and row errors go into the plan."""
    try:
        table = _read(data, plan.file_name)
    except _FileProblem as problem:
        plan.file_errors.append(str(problem))
        return []
    if not table:
        plan.file_errors.append(_("The file is empty."))
        return []
    header_number, header_cells = table[0]
    header = [_header_name(cell) for cell in header_cells]
    named = [name for name in header if name]
    for name in sorted({name for name in named if named.count(name) > 1}):
        plan.file_errors.append(_("The column “%(column)s” appears more than once.") % {"column": name})
    unknown = [name for name in named if name not in COLUMN_NAMES]
    if unknown:
        plan.file_errors.append(
            _("Unknown columns: %(unknown)s. The columns are: %(columns)s.")
            % {"unknown": ", ".join(unknown), "columns": ", ".join(COLUMN_NAMES)}
        )
    missing = [name for name in REQUIRED_COLUMNS if name not in named]
    if missing:
        plan.file_errors.append(
            _("Missing columns: %(missing)s. Row %(row)d must name the columns; download the template to see them.")
            % {"missing": ", ".join(missing), "row": header_number}
        )
    plot_columns = [name for name in PLOT_COLUMNS if name in named]
    if plot_columns and len(plot_columns) != len(PLOT_COLUMNS):
        plan.file_errors.append(
            _("The plot columns go together: add %(missing)s, or leave out %(present)s.")
            % {
                "missing": ", ".join(name for name in PLOT_COLUMNS if name not in named),
                "present": ", ".join(plot_columns),
            }
        )
    if len(table) == 1:
        plan.file_errors.append(_("The file has column names but no member."))
    if plan.file_errors:
        return []
    positions = {name: index for index, name in enumerate(header) if name}
    rows: list[_Row] = []
    seen: dict[str, list[int]] = {}
    for number, cells in table[1:]:
        values = {name: cells[index] if index < len(cells) else None for name, index in positions.items()}
        plan.rows += 1
        row = _clean_row(number, values, plan.row_errors)
        key = _text(values.get("member_number"))
        if key:
            seen.setdefault(key, []).append(number)
        if row is not None:
            rows.append(row)
    for key, found_on in seen.items():
        if len(found_on) > 1:
            plan.file_errors.append(
                _("Member number %(number)s appears more than once, on rows %(rows)s: each member has one row.")
                % {"number": key, "rows": ", ".join(str(n) for n in found_on)}
            )
    return rows


def _plan(plan: ImportPlan, rows: list[_Row], group: ProducerGroup, *, lock: bool) -> None:
    members_query = Member.objects.filter(group=group)
    if lock:
        members_query = members_query.select_for_update()
    members = {member.member_number: member for member in members_query}
    plots: dict[tuple[int, str], Plot] = {}
    for existing in Plot.objects.filter(member__group=group).order_by("pk"):
        plots.setdefault((existing.member_id, existing.name), existing)
    now, today = timezone.now(), timezone.localdate()
    for row in rows:
        member = members.get(row.member_number)
        if member is None:
            status = row.status or MemberStatus.APPLICANT
            plan.new_members.append({"member_number": row.member_number, "status": status, **row.values})
            # A new member's first status counts from the day they joined, like a member added by hand.
            plan.status_moves.append((row.member_number, "", status, row.values["joined_on"] or today))
            if row.plot is not None:
                plan.new_plots.append({"member_number": row.member_number, **row.plot})
            continue
        changed = [name for name in MEMBER_VALUE_FIELDS if getattr(member, name) != row.values[name]]
        if row.status and row.status != member.status:
            refusal = status_refusal(member.status, row.status)
            if refusal is not None:
                plan.row_errors.append(RowError(row.number, "status", refusal.messages[0]))
                continue
            changed.append("status")
        plot_changed = False
        if row.plot is not None:
            plot = plots.get((member.pk, row.plot["name"]))
            if plot is None:
                plan.new_plots.append({"member_number": member.member_number, **row.plot})
                plot_changed = True
            elif plot.area_ha != row.plot["area_ha"] or plot.crop != row.plot["crop"]:
                if row.plot["area_ha"] < plot.certified_area_ha:
                    plan.row_errors.append(
                        RowError(
                            row.number,
                            "plot_area_ha",
                            _("%(area)s ha is less than the plot's certified area (%(certified)s ha).")
                            % {"area": row.plot["area_ha"], "certified": plot.certified_area_ha},
                        )
                    )
                    continue
                plot.area_ha, plot.crop = row.plot["area_ha"], row.plot["crop"]
                plot.version += 1
                plan.changed_plots.append(plot)
                plot_changed = True
        if not changed:
            if not plot_changed:
                plan.unchanged += 1
            continue
        if "status" in changed:
            plan.status_moves.append((member.member_number, member.status, row.status, today))
            member.status = row.status
        for name in MEMBER_VALUE_FIELDS:
            setattr(member, name, row.values[name])
        member.version += 1
        member.updated_at = now
        plan.changed_members.append(member)
        plan.changes.append(MemberChange(member.member_number, member.full_name, changed))


def import_check(*, group: ProducerGroup, data: bytes, file_name: str, lock: bool = False) -> ImportPlan:
    """Read the file and compare it with the group's register. Writes nothing."""
    plan = ImportPlan(file_name=PurePath(file_name).name)
    rows = _parse(plan, data)
    if not plan.file_errors:
        _plan(plan, rows, group, lock=lock)
    return plan


def import_preview(*, group: ProducerGroup, by: User, data: bytes, file_name: str) -> ImportPlan:
    """What importing the file would do: members created, updated and unchanged, and every error."""
    require_change(by, group)
    return import_check(group=group, data=data, file_name=file_name)


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


# --- Export ----------------------------------------------------------------------------------------------------


def _export_rows(group: ProducerGroup, *, with_plots: bool) -> Iterator[list[Any]]:
    """The register as rows in the import's columns, streamed in chunks. A member with exactly one plot has it in
    the plot columns; a member with several has them empty, since one row holds one plot."""
    members = Member.objects.filter(group=group).order_by("member_number")
    if with_plots:
        plots = Plot.objects.only("member_id", "name", "area_ha", "crop")
        members = members.prefetch_related(Prefetch("plots", queryset=plots))
    for member in members.iterator(chunk_size=2000):
        row: list[Any] = [getattr(member, name) for name in MEMBER_COLUMNS]
        if with_plots:
            own = list(member.plots.all())
            row += [own[0].name, own[0].area_ha, own[0].crop] if len(own) == 1 else [None, None, None]
        yield row


def _csv_value(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, date):
        return value.isoformat()
    text = str(value)
    return "'" + text if text.startswith(FORMULA_STARTS) else text


class _Echo:
    """A file-like object for csv.writer that hands each line back instead of storing it."""

    def write(self, value: str) -> str:
        return value


def export_csv(group: ProducerGroup) -> Iterator[str]:
    """The register as CSV lines (UTF-8 with a byte-order mark, so that Excel reads the accents)."""
    writer = csv.writer(_Echo())
    yield "\ufeff" + writer.writerow(COLUMN_NAMES)
    for row in _export_rows(group, with_plots=True):
        yield writer.writerow([_csv_value(value) for value in row])


def _xlsx(rows: Iterable[list[Any]], target: IO[bytes], *, help_sheet: bool = False) -> None:
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet(_("Members"))
    bold = Font(bold=True)
    header = []
    for name in COLUMN_NAMES:
        cell = WriteOnlyCell(sheet, value=name)
        cell.font = bold
        header.append(cell)
    sheet.append(header)
    for row in rows:
        cells = []
        for value in row:
            cell = WriteOnlyCell(sheet, value=value)
            if isinstance(value, str):
                cell.data_type = "s"  # text, never a formula
            elif isinstance(value, date):
                cell.number_format = "yyyy-mm-dd"
            cells.append(cell)
        sheet.append(cells)
    if help_sheet:
        guide = workbook.create_sheet(_("Help"))
        guide.append([_("Column"), _("Required"), _("What to write")])
        for column in COLUMNS:
            guide.append([column.name, _("yes") if column.value_required else _("no"), str(column.help)])
        guide.append([])
        guide.append([_("Only the first sheet is imported. Row 1 names the columns; each next row is one member.")])
    workbook.save(target)


def export_xlsx(group: ProducerGroup, target: IO[bytes]) -> None:
    """The register as an Excel workbook, written row by row (openpyxl's write-only mode)."""
    _xlsx(_export_rows(group, with_plots=True), target)


def template_csv() -> str:
    return "\ufeff" + ",".join(COLUMN_NAMES) + "\r\n"


def template_xlsx(target: IO[bytes]) -> None:
    _xlsx([], target, help_sheet=True)
