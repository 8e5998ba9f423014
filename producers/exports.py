"""A list page as a spreadsheet: the rows the page shows under its current filters (every page of them, not only
the one on screen), as CSV or as an Excel workbook, with the same person-scoped fetch as the page, since the
list view itself answers `?format=csv` or `?format=xlsx`.

A table is built once (its headings through gettext, in the reader's language) and written in either format:
text through `spreadsheets.export_cell`, so that a cell beginning with "=", "+", "-" or "@" is never run as a
formula; numbers as numbers; dates as ISO dates (text in the CSV, real dates shown as yyyy-mm-dd in Excel).
Every download is written to the security log as an `export`, with who, what, in which format and how many rows;
never the filters, since a search (`?q=`) is often a person's name.

The member register's table is here; the improvement records' tables are in `cycles.exports`.
"""

import csv
import io
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any, TypeVar

from django.db.models import QuerySet
from django.http import Http404, HttpRequest, HttpResponse
from django.http.response import HttpResponseBase
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _

from .models import Member
from .security_log import security_event
from .spreadsheets import export_cell, xlsx_cell, xlsx_headings

ResponseT = TypeVar("ResponseT", bound=HttpResponseBase)

CSV_TYPE = "text/csv; charset=utf-8"
XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
FORMATS = ("csv", "xlsx")
# A sheet's name in Excel: at most 31 characters, none of these.
SHEET_NAME_LENGTH = 31
SHEET_NAME_FORBIDDEN = "[]:*?/\\"
WIDEST_COLUMN = 50
# The column widths are measured on the first rows only: enough to read, cheap for a large register.
MEASURED_ROWS = 200


@dataclass
class ExportTable:
    """What a list page shows, as a spreadsheet: `what` names the file and the security log's line ("members"),
    `title` the sheet."""

    what: str
    title: str
    headers: list[str]
    rows: list[list[Any]]


def export_format(request: HttpRequest) -> str | None:
    """The file a list page is asked for: "csv", "xlsx", or None for the page itself; any other format is a 404."""
    chosen = request.GET.get("format", "")
    if not chosen:
        return None
    if chosen not in FORMATS:
        raise Http404
    return chosen


def yes_no(value: bool) -> str:
    return _("yes") if value else _("no")


def _csv_cell(value: Any) -> Any:
    if isinstance(value, datetime):
        return timezone.localtime(value).date().isoformat() if timezone.is_aware(value) else value.date().isoformat()
    if isinstance(value, date):
        return value.isoformat()
    return export_cell(value)


def render_csv(table: ExportTable) -> bytes:
    """The table as CSV in UTF-8 with a byte-order mark, so that a spreadsheet opened by double-click reads the
    accents right."""
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow([export_cell(header) for header in table.headers])
    writer.writerows([_csv_cell(value) for value in row] for row in table.rows)
    return ("\ufeff" + buffer.getvalue()).encode("utf-8")


def sheet_name(title: str) -> str:
    name = "".join(" " if char in SHEET_NAME_FORBIDDEN else char for char in title)
    return name[:SHEET_NAME_LENGTH].strip() or "Sheet"


def _widths(table: ExportTable) -> list[int]:
    measured = table.rows[:MEASURED_ROWS]
    return [
        min(max(10, len(str(header)), *(len(str(row[index] or "")) for row in measured)) + 2, WIDEST_COLUMN)
        for index, header in enumerate(table.headers)
    ]


def write_xlsx(table: ExportTable, target: Any) -> None:
    """The table as an Excel workbook, row by row (openpyxl's write-only mode): headings bold, text as text."""
    from openpyxl import Workbook
    from openpyxl.utils import get_column_letter

    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet(sheet_name(table.title))
    for index, width in enumerate(_widths(table), start=1):
        sheet.column_dimensions[get_column_letter(index)].width = width
    sheet.append(xlsx_headings(sheet, table.headers))
    for row in table.rows:
        sheet.append([xlsx_cell(sheet, value) for value in row])
    workbook.save(target)


def file_name(owner: str, what: str, chosen: str) -> str:
    """The file's name, "gikoe-members-2026-12-07.csv": whose list, which list, the day it was taken."""
    stem = "-".join(part for part in (slugify(owner), what, timezone.localdate().isoformat()) if part)
    return f"{stem}.{chosen}"


def private_download(response: ResponseT) -> ResponseT:
    """A download that no cache keeps and no browser reads as anything but its type."""
    response["Cache-Control"] = "private, no-store"
    response["X-Content-Type-Options"] = "nosniff"
    return response


def table_response(
    request: HttpRequest, table: ExportTable, *, chosen: str, owner: str, **log_fields: Any
) -> HttpResponse:
    """The table as a download in the chosen format, named for its `owner` (a group's, an organisation's or a
    programme's name); written to the security log with `log_fields` (the ids of what was exported)."""
    security_event("export", request=request, what=table.what, format=chosen, rows=len(table.rows), **log_fields)
    name = file_name(owner, table.what, chosen)
    if chosen == "csv":
        response = HttpResponse(render_csv(table), content_type=CSV_TYPE)
    else:
        buffer = io.BytesIO()
        write_xlsx(table, buffer)
        response = HttpResponse(buffer.getvalue(), content_type=XLSX_TYPE)
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return private_download(response)


# --- The member register's list -----------------------------------------------------------------------------------


def member_table(members: "QuerySet[Member] | Iterable[Member]", *, with_names: bool) -> ExportTable:
    """The register's list as its page shows it (members annotated with `plot_count`, as `member_list` gives
    them); the names only for a reader who may see the register."""
    headers = [_("No.")]
    if with_names:
        headers.append(_("Name"))
    headers += [_("Gender"), _("Born"), _("Village"), _("Plots"), _("Status"), _("Consent given on")]
    rows: list[list[Any]] = []
    for member in members:
        row: list[Any] = [member.member_number]
        if with_names:
            row.append(member.full_name)
        row += [
            member.get_gender_display(),
            member.year_of_birth,
            member.village,
            getattr(member, "plot_count", None),
            member.get_status_display(),
            member.consent_given_on,
        ]
        rows.append(row)
    return ExportTable(what="members", title=_("Members"), headers=headers, rows=rows)
