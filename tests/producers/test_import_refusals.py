"""Importing the register refuses what it cannot take: errors that name the row and the column, broken and
foreign files, and all or nothing (one error writes nothing), and only for those who keep the register."""

import io
import time
import zipfile
from decimal import Decimal
from typing import Any

import pytest
from django.core.exceptions import PermissionDenied
from django.utils import timezone

from producers.imports import COLUMN_NAMES, MAX_ROWS, ImportRefused, import_apply, import_preview
from producers.models import Member

from ..conftest import Scope
from ..factories import MemberFactory, PlotFactory
from .import_fixtures import HEADER, _apply, _check, _csv, _row, _rows, _written, _xlsx

THIS_YEAR = timezone.localdate().year


# --- Broken files ----------------------------------------------------------------------------------------------


def test_errors_name_the_row_and_the_column(scope: Scope):
    rows = [
        _row("KG-1"),
        _row("KG-2", year_of_birth="1890"),
        _row("KG-3", joined_on="31/02/2024", gender="unknown"),
        _row("KG-4", first_name="", plot_area_ha="a lot"),
    ]
    plan = _check(scope, _csv(rows))
    assert not plan.ok
    assert plan.errors == [
        "Row 3, year_of_birth: 1890 is before 1900.",
        "Row 4, gender: “unknown” is not a gender; write female, male, other or undisclosed.",
        "Row 4, joined_on: “31/02/2024” is not a date in the calendar.",
        "Row 5, first_name: is empty; every member needs one.",
        "Row 5, plot_area_ha: “a lot” is not a number of hectares, such as 0.75.",
    ]


@pytest.mark.parametrize(
    ("value", "message"),
    [
        ("yesterday", "“yesterday” is not a date; write it as 2024-03-31 or 31/03/2024."),
        ("2024-13-01", "“2024-13-01” is not a date in the calendar."),
        ("12.03.2024", "“12.03.2024” is not a date; write it as 2024-03-31 or 31/03/2024."),
        (f"01/01/{THIS_YEAR + 1}", f"01/01/{THIS_YEAR + 1} is in the future."),
    ],
)
def test_a_bad_date_is_refused_with_its_row(scope: Scope, value: str, message: str):
    plan = _check(scope, _csv([_row("KG-1"), _row("KG-2", joined_on=value)]))
    assert plan.errors == [f"Row 3, joined_on: {message}"]


@pytest.mark.parametrize(
    ("overrides", "expected"),
    [
        ({"year_of_birth": "19x0"}, "year_of_birth: “19x0” is not a year"),
        ({"year_of_birth": str(THIS_YEAR + 1)}, f"year_of_birth: {THIS_YEAR + 1} is in the future."),
        ({"status": "honorary"}, "status: “honorary” is not a status"),
        ({"member_number": "X" * 40}, "member_number: is longer than 32 characters (40)."),
        ({"plot_area_ha": "0"}, "plot_area_ha: a plot's area must be more than 0 ha."),
        ({"plot_crop": ""}, "plot_crop: is empty; a plot needs its crop."),
        ({"plot_name": "", "plot_crop": "Tea"}, "plot_name: is empty; give the plot a name"),
    ],
)
def test_each_wrong_cell_is_reported(scope: Scope, overrides: dict[str, Any], expected: str):
    plan = _check(scope, _csv([_row("KG-1", **overrides)]))
    assert len(plan.errors) == 1
    assert plan.errors[0].startswith(f"Row 2, {expected}")


def test_missing_and_unknown_columns_are_named(scope: Scope):
    header = ["member_number", "first_name", "surname", "gender", "village", "notes"]
    plan = _check(scope, _csv([_row("KG-1")], header=header))
    assert plan.row_errors == []
    assert plan.file_errors == [
        "Unknown columns: surname, notes. The columns are: " + ", ".join(COLUMN_NAMES) + ".",
        "Missing columns: last_name, year_of_birth, phone, joined_on, status. Row 1 must name the columns; "
        "download the template to see them.",
    ]


def test_a_column_named_twice_and_plot_columns_without_the_others_are_refused(scope: Scope):
    header = [*HEADER[:9], "phone", "plot_name"]
    plan = _check(scope, _csv([_row("KG-1")], header=header))
    assert plan.file_errors == [
        "The column “phone” appears more than once.",
        "The plot columns go together: add plot_area_ha, plot_crop, or leave out plot_name.",
    ]


def test_duplicate_member_numbers_in_the_file_are_refused_with_their_rows(scope: Scope):
    rows = [_row("KG-1"), _row("KG-2"), _row("KG-1", first_name="Other"), _row("KG-2"), _row("KG-3")]
    plan = _check(scope, _csv(rows))
    assert plan.file_errors == [
        "Member number KG-1 appears more than once, on rows 2, 4: each member has one row.",
        "Member number KG-2 appears more than once, on rows 3, 5: each member has one row.",
    ]
    with pytest.raises(ImportRefused):
        _apply(scope, _csv(rows))
    assert not Member.objects.filter(member_number__startswith="KG-").exists()


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (b"", "The file is empty."),
        (b"  \r\n\r\n", "The file is empty."),
        ((",".join(HEADER) + "\r\n").encode(), "The file has column names but no member."),
        (_xlsx([], header=[]), "The file is empty."),
    ],
    ids=["nothing", "blank-lines", "header-only", "empty-workbook"],
)
def test_an_empty_file_is_refused(scope: Scope, data: bytes, message: str):
    assert _check(scope, data).file_errors == [message]


def _zip() -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("photo.txt", "not a workbook")
    return buffer.getvalue()


@pytest.mark.parametrize(
    ("name", "data"),
    [
        ("members.pdf", b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"),
        ("photo.png", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR"),
        ("members.xlsx", _zip()),
        ("members.csv", b"\x00\x01\x02binary\x00"),
        ("members.docx", b"member_number,first_name\nKG-1,Njeri\n"),
    ],
)
def test_a_file_that_is_neither_csv_nor_xlsx_is_refused(scope: Scope, name: str, data: bytes):
    assert _check(scope, data, name).file_errors == [
        f"“{name}” is neither a CSV file nor an Excel workbook (.xlsx). Save it in one of these formats."
    ]


def test_an_old_excel_file_is_refused_with_advice(scope: Scope):
    plan = _check(scope, b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 512, "members.xls")
    assert plan.file_errors == ["This is an old Excel file (.xls). Save it as an Excel workbook (.xlsx) or as CSV."]


def _bomb(megabytes: int, *, parts: int = 1) -> bytes:
    """A workbook-shaped zip whose sheet unpacks to `megabytes` of spaces: a few hundred kilobytes on disk."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED, compresslevel=9) as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        for part in range(parts):
            with archive.open(f"xl/worksheets/sheet{part + 1}.xml", "w") as sheet:
                for _ in range(megabytes // parts):
                    sheet.write(b" " * 2**20)
    return buffer.getvalue()


def test_a_workbook_that_unpacks_to_hundreds_of_megabytes_is_refused_at_once(scope: Scope):
    data = _bomb(100)
    assert len(data) < 2 * 2**20  # small enough to pass the upload limit
    started = time.process_time()
    plan = _check(scope, data, "members.xlsx")
    assert time.process_time() - started < 1.0
    assert plan.file_errors == [
        "This workbook unpacks to far more than a register needs (over 64 MB), so it was not opened. Save the "
        "register alone in a new workbook, or as CSV."
    ]


def test_a_workbook_that_lies_about_its_unpacked_size_is_refused_too(scope: Scope):
    data = bytearray(_bomb(80))
    # Forge the declared uncompressed size of the sheet (central directory) to one kilobyte.
    at = data.rfind(b"PK\x01\x02")
    data[at + 24 : at + 28] = (1024).to_bytes(4, "little")
    plan = _check(scope, bytes(data), "members.xlsx")
    assert len(plan.file_errors) == 1
    assert "unpacks to far more" in plan.file_errors[0] or "neither a CSV file" in plan.file_errors[0]


def test_a_file_of_more_than_20000_rows_is_refused(scope: Scope):
    lines = [",".join(HEADER[:9])] + [f"K{n},A,B,female,,,,," for n in range(MAX_ROWS + 1)]
    plan = _check(scope, "\n".join(lines).encode())
    assert plan.file_errors == ["The file has more than 20,000 rows. Split it into files of at most 20,000 members."]


def test_a_status_move_the_status_form_would_refuse_is_refused(scope: Scope):
    MemberFactory.create(group=scope.group, member_number="KG-1", status="left")
    plan = _check(scope, _csv([_row("KG-1", status="approved")]))
    assert plan.errors == [
        "Row 2, status: A member who left comes back as an applicant first, and is approved after an inspection."
    ]


def test_an_applicant_without_consent_is_not_approved_by_an_import_either(scope: Scope):
    MemberFactory.create(group=scope.group, member_number="KG-1", status="applicant", consent_given_on=None)
    plan = _check(scope, _csv([_row("KG-1", status="approved")]))
    assert plan.errors == [
        "Row 2, status: Record the date the farmer agreed that the group keeps and shares their data (edit the "
        "member) before approving them."
    ]


def test_a_plot_area_below_its_certified_area_is_refused(scope: Scope):
    member = MemberFactory.create(group=scope.group, member_number="KG-1")
    PlotFactory.create(member=member, name="Home plot", area_ha=Decimal("2"), certified_area_ha=Decimal("1.5"))
    plan = _check(scope, _csv([_row("KG-1", plot_area_ha="1")]))
    assert plan.errors == ["Row 2, plot_area_ha: 1.000 ha is less than the plot's certified area (1.500 ha)."]


# --- All or nothing --------------------------------------------------------------------------------------------


def test_an_error_on_the_last_row_writes_nothing(scope: Scope):
    rows = _rows(500)
    rows[-1]["year_of_birth"] = "1850"
    before = _written()
    with pytest.raises(ImportRefused) as refused:
        _apply(scope, _csv(rows))
    assert refused.value.plan.errors == ["Row 501, year_of_birth: 1850 is before 1900."]
    assert _written() == before


def test_the_file_is_checked_again_on_import_against_the_register_as_it_is_then(scope: Scope):
    MemberFactory.create(group=scope.group, member_number="KG-2", status="approved")
    rows = [_row("KG-1"), _row("KG-2", status="sanctioned")]
    assert _check(scope, _csv(rows)).ok
    Member.objects.filter(member_number="KG-2").update(status="left")  # someone moved the member meanwhile
    before = _written()
    with pytest.raises(ImportRefused):
        _apply(scope, _csv(rows))
    assert _written() == before


def test_only_those_who_keep_the_register_import(scope: Scope):
    for role in ("donor", "outsider"):
        with pytest.raises(PermissionDenied):
            import_preview(group=scope.group, by=scope.users()[role], data=_csv(_rows(1)), file_name="m.csv")
        with pytest.raises(PermissionDenied):
            import_apply(group=scope.group, by=scope.users()[role], data=_csv(_rows(1)), file_name="m.csv")
    with pytest.raises(PermissionDenied):
        import_apply(group=scope.other_group, by=scope.group_manager, data=_csv(_rows(1)), file_name="m.csv")
