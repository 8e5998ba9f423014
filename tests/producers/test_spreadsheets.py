"""Every exported cell that a spreadsheet would run as a formula is defused, and the import reads it back (#14)."""

import csv
import io
from decimal import Decimal

import pytest
from openpyxl import load_workbook

from producers.imports.export import export_csv, export_xlsx
from producers.spreadsheets import FORMULA_STARTS, defused, export_cell, undefused

from ..factories import MemberFactory

PREFIXES = ["=", "+", "-", "@", "\t", "\r"]


@pytest.mark.parametrize("prefix", PREFIXES)
def test_every_formula_prefix_is_defused_and_read_back(prefix):
    text = f'{prefix}HYPERLINK("http://evil")'
    assert defused(text) == "'" + text
    assert undefused(defused(text)) == text


def test_the_list_of_prefixes_is_the_owasp_one():
    assert set(FORMULA_STARTS) == set(PREFIXES)


def test_plain_text_numbers_and_nothing_are_left_as_they_are():
    assert defused("Wanjiru") == "Wanjiru"
    assert export_cell(None) == ""
    assert export_cell(-3) == -3
    assert export_cell(Decimal("-1.5")) == Decimal("-1.5")
    assert export_cell("-1.5 kg") == "'-1.5 kg"


@pytest.mark.parametrize("prefix", PREFIXES)
def test_the_register_exports_defuse_every_prefix_in_csv_and_excel(scope, prefix):
    MemberFactory(group=scope.group, first_name=f"{prefix}cmd", phone="+254712345678")
    rows = list(csv.reader(io.StringIO("".join(export_csv(scope.group)).lstrip("\ufeff"), newline="")))
    cells = [cell for row in rows[1:] for cell in row]
    assert f"'{prefix}cmd" in cells, [c for c in cells if "cmd" in c]
    assert "'+254712345678" in cells
    assert not any(cell.startswith(FORMULA_STARTS) for cell in cells)
    target = io.BytesIO()
    export_xlsx(scope.group, target)
    sheet = load_workbook(io.BytesIO(target.getvalue()), read_only=True).worksheets[0]
    texts = [value for row in sheet.iter_rows(min_row=2, values_only=True) for value in row if isinstance(value, str)]
    # XML reads a carriage return back as a line feed: what matters is the apostrophe in front.
    assert [value[0] for value in texts if value.endswith("cmd")] == ["'"]
    assert not any(value.startswith(FORMULA_STARTS) for value in texts)
