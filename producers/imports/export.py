"""The register out to CSV or Excel in the import's columns, so an exported file imports again unchanged; and the
empty templates.
"""

import csv
from collections.abc import Iterable, Iterator
from datetime import date
from typing import IO, Any

from django.db.models import Prefetch
from django.utils.translation import gettext as _
from openpyxl import Workbook

from ..models import Member, Plot, ProducerGroup
from ..spreadsheets import defused, xlsx_cell, xlsx_headings
from .columns import COLUMN_NAMES, COLUMNS, MEMBER_COLUMNS


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
    return defused(str(value))


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
    sheet.append(xlsx_headings(sheet, COLUMN_NAMES))
    for row in rows:
        sheet.append([xlsx_cell(sheet, value) for value in row])
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
