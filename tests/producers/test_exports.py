"""The member list as a spreadsheet (issue #11): the rows the page shows under its filters, every page of them,
as CSV and Excel, with formula-looking text defused, headings in the reader's language, dates as dates and
numbers as numbers; the same answer as the page for every role; logged; and a query count that does not grow
with the register."""

import csv
import datetime
import io
from typing import Any

import pytest
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from producers.exports import ExportTable, file_name, render_csv, sheet_name, write_xlsx
from producers.models import Member, User

from ..factories import MemberFactory, PlotFactory
from ..helpers import page_query_count, page_text

ROLES = ["coordinator", "field_officer", "group_manager", "donor", "outsider"]


def csv_rows(response: Any) -> list[list[str]]:
    """The CSV as a spreadsheet reads it: UTF-8 with its byte-order mark."""
    assert response["Content-Type"].startswith("text/csv")
    return list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))


def xlsx_rows(response: Any) -> list[list[Any]]:
    assert "spreadsheetml" in response["Content-Type"]
    sheet = load_workbook(io.BytesIO(response.content)).worksheets[0]
    return [list(row) for row in sheet.iter_rows(values_only=True)]


def xlsx_cells(response: Any) -> list[list[Any]]:
    sheet = load_workbook(io.BytesIO(response.content)).worksheets[0]
    return [list(row) for row in sheet.iter_rows()]


def _list(scope: Any) -> str:
    return reverse("producers:member_list", kwargs={"pk": scope.group.pk})


@pytest.fixture
def register(scope):
    """Three more members: one approved with a formula for a village, one applicant, one in the other group."""
    MemberFactory.create(
        group=scope.group,
        member_number="KG-0101",
        first_name="Achieng",
        last_name="Otieno",
        village='=HYPERLINK("http://evil.example")',
        status="approved",
        year_of_birth=1979,
        consent_given_on=datetime.date(2024, 5, 6),
    )
    MemberFactory.create(
        group=scope.group, member_number="KG-0102", first_name="@Baraka", last_name="Mwangi", status="applicant"
    )
    MemberFactory.create(group=scope.other_group, member_number="KG-0999", first_name="Outside", last_name="Person")
    return scope


@pytest.mark.parametrize("chosen", ["csv", "xlsx"])
def test_a_download_holds_the_filtered_members_of_every_page_and_no_other(register, login, settings, chosen):
    settings.PAGE_SIZE = 1  # the page shows one member; the file holds every one the filter keeps
    client = login(register.group_manager)
    response = client.get(_list(register), {"status": "approved", "format": chosen})
    assert response.status_code == 200
    rows = csv_rows(response) if chosen == "csv" else xlsx_rows(response)
    numbers = [row[0] for row in rows[1:]]
    assert numbers == ["KG-0101", register.member.member_number]  # both approved; KG-0102 is an applicant
    everyone = client.get(_list(register), {"format": chosen, "page": "1"})
    rows = csv_rows(everyone) if chosen == "csv" else xlsx_rows(everyone)
    assert len(rows) == 1 + Member.objects.filter(group=register.group).count() == 4
    assert "KG-0999" not in str(rows)
    searched = client.get(_list(register), {"q": "Mwangi", "format": chosen})
    rows = csv_rows(searched) if chosen == "csv" else xlsx_rows(searched)
    assert [row[1] for row in rows[1:]] == ["'@Baraka Mwangi"]


def test_a_cell_that_would_start_a_formula_is_defused_in_both_formats(register, login):
    client = login(register.field_officer)
    rows = csv_rows(client.get(_list(register), {"q": "KG-0101", "format": "csv"}))
    assert rows[1][4] == '\'=HYPERLINK("http://evil.example")'
    cells = xlsx_cells(client.get(_list(register), {"q": "KG-0101", "format": "xlsx"}))
    village = cells[1][4]
    assert village.value == '\'=HYPERLINK("http://evil.example")'
    assert village.data_type == "s"
    assert not any(cell.data_type == "f" for row in cells for cell in row)


def test_dates_are_iso_dates_and_numbers_are_numbers(register, login):
    client = login(register.group_manager)
    header, row = csv_rows(client.get(_list(register), {"q": "KG-0101", "format": "csv"}))
    assert header == ["No.", "Name", "Gender", "Born", "Village", "Plots", "Status", "Consent given on"]
    assert (row[3], row[7]) == ("1979", "2024-05-06")
    cells = xlsx_cells(client.get(_list(register), {"q": "KG-0101", "format": "xlsx"}))[1]
    assert cells[3].value == 1979
    assert cells[5].value == 0
    assert cells[7].value == datetime.datetime(2024, 5, 6)
    assert cells[7].number_format == "yyyy-mm-dd"


def test_the_headings_are_in_the_readers_language(register, login):
    User.objects.filter(pk=register.group_manager.pk).update(preferred_language="sw")
    client = login(register.group_manager)
    header = csv_rows(client.get(_list(register), {"format": "csv"}))[0]
    assert header[0] == "Na."
    assert {"Kijiji", "Hali"} <= set(header)


def test_the_file_is_named_for_the_group_the_list_and_the_day(register, login):
    response = login(register.group_manager).get(_list(register), {"format": "xlsx"})
    today = timezone.localdate().isoformat()
    assert response["Content-Disposition"] == f'attachment; filename="inside-cooperative-members-{today}.xlsx"'
    assert response["Cache-Control"] == "private, no-store"
    assert file_name("Gikoe", "members", "csv") == f"gikoe-members-{today}.csv"


def test_another_format_is_not_found(register, login):
    assert login(register.group_manager).get(_list(register), {"format": "pdf"}).status_code == 404


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("side", ["group", "other_group"])
def test_every_role_gets_the_same_answer_for_the_file_as_for_the_page(register, login, role, side):
    client = login(register.users()[role])
    url = reverse("producers:member_list", kwargs={"pk": getattr(register, side).pk})
    page = client.get(url).status_code
    for chosen in ("csv", "xlsx"):
        assert client.get(url, {"format": chosen}).status_code == page
    # Funders never read the register, and nobody reaches a group outside their scope.
    if role == "donor" or role == "outsider" or (side == "other_group" and role != "coordinator"):
        assert page in (403, 404)


def test_a_download_is_logged_with_who_what_and_how_many_rows_never_the_search(register, login, security_log):
    response = login(register.group_manager).get(_list(register), {"format": "csv", "q": "Achieng"})
    assert response.status_code == 200
    line = security_log.events("export")[0]
    assert (line["what"], line["format"], line["group_id"], line["rows"]) == ("members", "csv", register.group.pk, 1)
    assert line["path"] == _list(register)
    assert line["username"] == "groupmanager"
    assert "Achieng" not in "".join(security_log.raw)


def test_the_page_offers_both_files_with_its_filters(register, login):
    text = page_text(login(register.group_manager).get(_list(register), {"status": "approved", "q": "KG", "page": "1"}))
    assert 'href="?status=approved&amp;q=KG&amp;format=csv"' in text
    assert 'href="?status=approved&amp;q=KG&amp;format=xlsx"' in text


@pytest.mark.parametrize("chosen", ["csv", "xlsx"])
def test_the_downloads_queries_do_not_grow_with_the_register(scope, login, chosen):
    client = login(scope.group_manager)
    for member in MemberFactory.create_batch(9, group=scope.group):
        PlotFactory.create(member=member)
    small = page_query_count(client, _list(scope), {"format": chosen})
    for member in MemberFactory.create_batch(190, group=scope.group):
        PlotFactory.create(member=member)
    large = page_query_count(client, _list(scope), {"format": chosen})
    assert large == small, f"{small} queries for 10 members, {large} for 200"


def test_the_writers_defuse_every_formula_start_in_both_formats_and_keep_numbers():
    starts = ["=1+1", "+254700", "-2+3", "@SUM(A1)"]
    table = ExportTable(what="x", title="a/b", headers=["=sum", "n"], rows=[[text, -1] for text in starts])
    lines = render_csv(table).decode("utf-8-sig").splitlines()
    assert lines == ["'=sum,n", *(f"'{text},-1" for text in starts)]
    buffer = io.BytesIO()
    write_xlsx(table, buffer)
    sheet = load_workbook(io.BytesIO(buffer.getvalue())).worksheets[0]
    cells = [list(row) for row in sheet.iter_rows()]
    assert [row[0].value for row in cells] == ["'=sum", *(f"'{text}" for text in starts)]
    assert {row[0].data_type for row in cells} == {"s"}
    assert [row[1].value for row in cells[1:]] == [-1] * 4


def test_sheets_are_named_as_excel_allows():
    assert sheet_name("Ukaguzi [2026]: a/b*") == "Ukaguzi  2026   a b"
    assert len(sheet_name("x" * 40)) == 31
