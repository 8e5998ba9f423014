"""Exporting the register: an export that imports again unchanged, its columns and rows, its queries, the
templates, and the import benchmark."""

import csv
import io
from decimal import Decimal

import pytest
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from openpyxl import load_workbook

from producers.imports import export_csv, export_xlsx, template_csv, template_xlsx
from producers.models import Member, ProducerGroup

from ..conftest import Scope
from ..factories import MemberFactory, PlotFactory
from .import_fixtures import HEADER, _apply, _check, _csv, _rows, _written

# --- Export and round trip -------------------------------------------------------------------------------------


def _register(scope: Scope) -> None:
    """A register with what a spreadsheet can get wrong: accents, empty cells, a formula-looking name, a member
    with two plots and one with none."""
    one = MemberFactory.create(group=scope.group, member_number="007", first_name="Zoë", phone="+254 700 000 007")
    PlotFactory.create(
        member=one, name="Shamba", area_ha=Decimal("0.125"), certified_area_ha=Decimal("0"), crop="Coffee; macadamia"
    )
    two = MemberFactory.create(group=scope.group, first_name="=Wanjiku", last_name='O"Brien', year_of_birth=None)
    PlotFactory.create(member=two, name="A")
    PlotFactory.create(member=two, name="B")
    MemberFactory.create(group=scope.group, joined_on=None, village="", status="left", gender="undisclosed")


def _export_csv(scope: Scope) -> bytes:
    return "".join(export_csv(scope.group)).encode()


def _export_xlsx(scope: Scope) -> bytes:
    buffer = io.BytesIO()
    export_xlsx(scope.group, buffer)
    return buffer.getvalue()


@pytest.mark.parametrize(("exporter", "name"), [(_export_csv, "register.csv"), (_export_xlsx, "register.xlsx")])
def test_an_exported_register_imports_again_without_changing_anything(scope: Scope, exporter, name):
    _register(scope)
    before = _written()
    plan = _apply(scope, exporter(scope), name)
    assert plan.ok, plan.errors
    assert (plan.created, plan.updated, plan.plots) == (0, 0, 0)
    assert plan.unchanged == Member.objects.filter(group=scope.group).count() == 4
    assert _written() == before


def test_the_export_has_the_import_columns_and_one_row_per_member(scope: Scope):
    _register(scope)
    rows = list(csv.reader(io.StringIO(_export_csv(scope).decode("utf-8-sig"))))
    assert rows[0] == HEADER
    assert len(rows) == 5
    by_number = {row[0]: row for row in rows[1:]}
    assert by_number["007"][9:] == ["Shamba", "0.125", "Coffee; macadamia"]
    two = next(row for row in rows[1:] if row[1] == "'=Wanjiku")  # defused for spreadsheets
    assert two[9:] == ["", "", ""]  # two plots do not fit one row
    workbook = load_workbook(io.BytesIO(_export_xlsx(scope)), read_only=True)
    sheet_rows = list(workbook.worksheets[0].iter_rows(values_only=True))
    assert list(sheet_rows[0]) == HEADER
    assert "'=Wanjiku" in [row[1] for row in sheet_rows]  # text, and defused if the sheet is saved as CSV


def test_the_export_of_ten_thousand_members_takes_few_queries(scope: Scope):
    _apply(scope, _csv(_rows(10_000)))
    with CaptureQueriesContext(connection) as queries:
        lines = sum(1 for _ in export_csv(scope.group))
    assert lines == 10_002
    assert len(queries) <= 20


def test_the_templates_import_as_empty_files_with_the_right_columns(scope: Scope):
    assert _check(scope, template_csv().encode()).file_errors == ["The file has column names but no member."]
    buffer = io.BytesIO()
    template_xlsx(buffer)
    workbook = load_workbook(io.BytesIO(buffer.getvalue()))
    assert [cell.value for cell in workbook.worksheets[0][1]] == HEADER
    assert workbook.worksheets[1]["A2"].value == "member_number"  # the help sheet
    assert _check(scope, buffer.getvalue(), "t.xlsx").file_errors == ["The file has column names but no member."]


def test_the_benchmark_times_every_step_and_leaves_nothing_behind(db):
    output = io.StringIO()
    call_command("benchmark_import", members=50, stdout=output)
    text = output.getvalue()
    assert "import: every member new" in text
    assert "50 new, 0 changed, 0 unchanged, 0 errors" in text
    assert "0 new, 0 changed, 50 unchanged, 0 errors" in text
    assert "0 new, 50 changed, 0 unchanged, 0 errors" in text
    assert "The synthetic group was rolled back." in text
    assert not ProducerGroup.objects.filter(organisation__name="Benchmark Import Cooperative").exists()
    assert not Member.objects.filter(member_number__startswith="BM-").exists()
