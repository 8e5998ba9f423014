"""What the register import test modules build files with: a row, CSV and Excel files of rows, importing and
checking a file for the scope's group, and a count of what an import writes."""

import csv
import io
from typing import Any

from openpyxl import Workbook

from producers.imports import COLUMN_NAMES, import_apply, import_check
from producers.models import Member, MemberStatusChange, Plot

from ..conftest import Scope

HEADER = list(COLUMN_NAMES)


def _row(number: str, **overrides: Any) -> dict[str, Any]:
    row: dict[str, Any] = {
        "member_number": number,
        "first_name": "Wairimu",
        "last_name": "Githinji",
        "gender": "female",
        "year_of_birth": "1979",
        "phone": "0711 222 333",
        "village": "Gikoe",
        "joined_on": "2021-04-12",
        "status": "approved",
        "plot_name": "Home plot",
        "plot_area_ha": "0.750",
        "plot_crop": "Coffee",
    }
    row.update(overrides)
    return row


def _csv(rows: list[dict[str, Any]], header: list[str] | None = None, delimiter: str = ",") -> bytes:
    header = header or HEADER
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=delimiter)
    writer.writerow(header)
    for row in rows:
        writer.writerow([row.get(name, "") for name in header])
    return buffer.getvalue().encode()


def _xlsx(rows: list[list[Any]], header: list[str] | None = None) -> bytes:
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet()
    sheet.append(HEADER if header is None else header)
    for row in rows:
        sheet.append(row)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def _rows(count: int, *, start: int = 1, **overrides: Any) -> list[dict[str, Any]]:
    return [_row(f"KG-{n:05d}", **overrides) for n in range(start, start + count)]


def _apply(scope: Scope, data: bytes, name: str = "members.csv"):
    return import_apply(group=scope.group, by=scope.group_manager, data=data, file_name=name)


def _check(scope: Scope, data: bytes, name: str = "members.csv"):
    return import_check(group=scope.group, data=data, file_name=name)


def _written() -> tuple[int, int, int, int]:
    return (
        Member.objects.count(),
        Plot.objects.count(),
        MemberStatusChange.objects.count(),
        Member.history.count(),
    )
