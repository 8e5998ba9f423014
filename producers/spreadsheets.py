"""Cells that leave the app for a spreadsheet: text a spreadsheet program would run as a formula is defused.

A name, a note or a phone number typed by a user can begin with "=", "+", "-", "@", a tab or a carriage return;
Excel, LibreOffice and Google Sheets then read the cell as a formula (CSV or formula injection, OWASP). Every
export, CSV and Excel, writes such text with a leading apostrophe, which the spreadsheet shows as text and the
register's import takes off again. Numbers and dates are written as what they are.
"""

from collections.abc import Iterable
from datetime import date, datetime
from decimal import Decimal
from typing import Any

from django.utils import timezone
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Font

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
QUOTE = "'"


def defused(text: str) -> str:
    """The text as a spreadsheet must show it: with a leading apostrophe when it would start a formula."""
    return QUOTE + text if text.startswith(FORMULA_STARTS) else text


def undefused(text: str) -> str:
    """The text as it was before `defused`: the import reads back what the export wrote."""
    if len(text) > 1 and text[0] == QUOTE and text[1] in FORMULA_STARTS:
        return text[1:]
    return text


def export_cell(value: Any) -> Any:
    """A value for a CSV or Excel cell: text defused, numbers kept as numbers, nothing as an empty cell."""
    if value is None:
        return ""
    if isinstance(value, bool | int | float | Decimal):
        return value
    return defused(str(value))


def xlsx_cell(sheet: Any, value: Any) -> WriteOnlyCell:
    """A cell of a write-only Excel sheet: text defused and typed as text (never a formula, and safe when the sheet
    is saved again as CSV), numbers as numbers, dates shown as yyyy-mm-dd (a moment as its local day), nothing as
    an empty cell."""
    if isinstance(value, datetime):
        value = timezone.localtime(value).date() if timezone.is_aware(value) else value.date()
    if value is None or isinstance(value, bool | int | float | Decimal | date):
        cell = WriteOnlyCell(sheet, value=value)
        if isinstance(value, date):
            cell.number_format = "yyyy-mm-dd"
        return cell
    cell = WriteOnlyCell(sheet, value=defused(str(value)))
    cell.data_type = "s"
    return cell


def xlsx_headings(sheet: Any, names: Iterable[Any]) -> list[WriteOnlyCell]:
    """A write-only sheet's row of headings, in bold."""
    bold = Font(bold=True)
    cells = []
    for name in names:
        cell = xlsx_cell(sheet, name)
        cell.font = bold
        cells.append(cell)
    return cells
