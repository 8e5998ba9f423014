"""The register file's columns and the import's limits: what each column holds, how long it may be, and the file
kinds accepted.
"""

from dataclasses import dataclass

from django.db import models
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy

from ..models import Member, Plot

MAX_ROWS = 20_000
MAX_BYTES = 10 * 1024 * 1024
# An Excel workbook is a zip of XML files: what it unpacks to is checked before openpyxl reads it, so that a small
# file that unpacks to gigabytes (a zip bomb) is refused at once. A register of MAX_ROWS members unpacks to a few
# tens of megabytes and compresses about ten to twenty times.
MAX_UNPACKED_BYTES = 64 * 1024 * 1024
MAX_COMPRESSION_RATIO = 100
MAX_ZIP_ENTRIES = 500
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
