"""Cleaning one row's cells: text, gender, status, year, date and area, each read the ways people type them, or an
error saying what was expected.
"""

import re
from dataclasses import dataclass
from datetime import date, datetime
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation
from typing import Any

from django.utils import timezone
from django.utils.translation import gettext as _

from ..models.members import Gender, MemberStatus
from ..spreadsheets import undefused
from .columns import MAX_LENGTHS, MEMBER_VALUE_FIELDS
from .plan import CellProblem, RowError


def cell_text(value: Any) -> str:
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
    return undefused(text)


def _limited(name: str, value: Any, *, required: bool) -> str:
    text = cell_text(value)
    if required and not text:
        raise CellProblem(_("is empty; every member needs one."))
    if len(text) > MAX_LENGTHS[name]:
        raise CellProblem(
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
    text = cell_text(value)
    if not text:
        raise CellProblem(_("is empty; write female, male, other or undisclosed."))
    try:
        return GENDERS[text.lower()]
    except KeyError:
        raise CellProblem(
            _("“%(value)s” is not a gender; write female, male, other or undisclosed.") % {"value": text}
        ) from None


def _status(value: Any) -> str:
    text = cell_text(value)
    if not text:
        return ""
    try:
        return STATUSES[text.lower()]
    except KeyError:
        raise CellProblem(
            _("“%(value)s” is not a status; write applicant, approved, sanctioned, suspended or left.")
            % {"value": text}
        ) from None


def _year(value: Any) -> int | None:
    if value is None or (isinstance(value, str) and not value.strip()):
        return None
    text = cell_text(value)
    if not re.fullmatch(r"\d{4}", text):
        raise CellProblem(_("“%(value)s” is not a year; write four digits, such as 1975.") % {"value": text})
    year = int(text)
    if year < 1900:
        raise CellProblem(_("%(year)d is before 1900.") % {"year": year})
    if year > timezone.localdate().year:
        raise CellProblem(_("%(year)d is in the future.") % {"year": year})
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
        text = cell_text(value)
        for pattern, (y, m, d) in DATE_PATTERNS:
            match = pattern.fullmatch(text)
            if match:
                try:
                    found = date(int(match.group(y)), int(match.group(m)), int(match.group(d)))
                except ValueError:
                    raise CellProblem(_("“%(value)s” is not a date in the calendar.") % {"value": text}) from None
                break
        else:
            raise CellProblem(_("“%(value)s” is not a date; write it as 2024-03-31 or 31/03/2024.") % {"value": text})
    if found > timezone.localdate():
        raise CellProblem(_("%(date)s is in the future.") % {"date": found.strftime("%d/%m/%Y")})
    if found.year < 1900:
        raise CellProblem(_("%(date)s is before 1900.") % {"date": found.strftime("%d/%m/%Y")})
    return found


def _area(value: Any) -> Decimal | None:
    if value is None or (isinstance(value, str) and not value.strip()):
        return None
    text = cell_text(value).replace(",", ".") if isinstance(value, str) else str(value)
    try:
        area = Decimal(text).quantize(Decimal("0.001"), rounding=ROUND_HALF_UP)
    except InvalidOperation:
        raise CellProblem(_("“%(value)s” is not a number of hectares, such as 0.75.") % {"value": value}) from None
    if area <= 0:
        raise CellProblem(_("a plot's area must be more than 0 ha."))
    if area >= Decimal("100000"):
        raise CellProblem(_("%(value)s ha is too large for one plot.") % {"value": area})
    return area


@dataclass
class CleanRow:
    number: int
    member_number: str
    values: dict[str, Any]
    status: str
    plot: dict[str, Any] | None


def clean_row(number: int, cells: dict[str, Any], errors: list[RowError]) -> CleanRow | None:
    """One data row cleaned, or None with its errors added (every wrong cell, not just the first)."""
    cleaned: dict[str, Any] = {}
    found: list[RowError] = []

    def clean(name: str, cleaner: Any) -> None:
        try:
            cleaned[name] = cleaner(cells.get(name))
        except CellProblem as problem:
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
    return CleanRow(
        number=number,
        member_number=cleaned["member_number"],
        values={name: cleaned[name] for name in MEMBER_VALUE_FIELDS},
        status=cleaned["status"],
        plot=plot,
    )
