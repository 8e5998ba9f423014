"""Reading the uploaded file into numbered rows of cells, whether it is CSV (any common encoding and delimiter) or
Excel; anything else is refused with a message.
"""

import codecs
import csv
import io
import re
import zipfile
from collections.abc import Iterable
from pathlib import PurePath
from typing import Any

from django.utils.translation import gettext as _
from openpyxl import load_workbook

from .columns import (
    ACCEPTED_SUFFIXES,
    BINARY_MAGIC,
    MAX_BYTES,
    MAX_COMPRESSION_RATIO,
    MAX_ROWS,
    MAX_UNPACKED_BYTES,
    MAX_ZIP_ENTRIES,
    OLE_MAGIC,
    XLSX_MAGIC,
)
from .plan import FileProblem


def _not_readable(file_name: str) -> FileProblem:
    return FileProblem(
        _("“%(name)s” is neither a CSV file nor an Excel workbook (.xlsx). Save it in one of these formats.")
        % {"name": file_name}
    )


def _blank(values: Iterable[Any]) -> bool:
    return all(value is None or (isinstance(value, str) and not value.strip()) for value in values)


def _collect(rows: Iterable[tuple[int, Iterable[Any]]]) -> list[tuple[int, list[Any]]]:
    """Non-blank rows with their numbers as a spreadsheet shows them; the header plus at most MAX_ROWS."""
    kept: list[tuple[int, list[Any]]] = []
    for number, values in rows:
        cells = list(values)
        if _blank(cells):
            continue
        if len(kept) > MAX_ROWS:
            raise FileProblem(
                _("The file has more than %(max)s rows. Split it into files of at most %(max)s members.")
                % {"max": f"{MAX_ROWS:,}"}
            )
        kept.append((number, cells))
    return kept


def _too_big_unpacked() -> FileProblem:
    return FileProblem(
        _(
            "This workbook unpacks to far more than a register needs (over %(size)d MB), so it was not opened. Save "
            "the register alone in a new workbook, or as CSV."
        )
        % {"size": MAX_UNPACKED_BYTES // 2**20}
    )


def _check_unpacked(data: bytes, file_name: str) -> None:
    """Refuse a workbook that would unpack to too much, before anything decompresses it. The sizes the zip
    declares are checked first; then each part is unpacked in chunks and counted, since a forged zip can declare
    less than it holds. Nothing larger than the limit is ever held in memory."""
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            parts = archive.infolist()
            declared = sum(part.file_size for part in parts)
            if len(parts) > MAX_ZIP_ENTRIES or declared > MAX_UNPACKED_BYTES:
                raise _too_big_unpacked()
            if declared > MAX_COMPRESSION_RATIO * max(len(data), 1) and declared > MAX_BYTES:
                raise _too_big_unpacked()
            unpacked = 0
            for part in parts:
                with archive.open(part) as stream:
                    while chunk := stream.read(1024 * 1024):
                        unpacked += len(chunk)
                        if unpacked > MAX_UNPACKED_BYTES:
                            raise _too_big_unpacked()
    except (zipfile.BadZipFile, zipfile.LargeZipFile, NotImplementedError, EOFError, ValueError) as error:
        raise _not_readable(file_name) from error


def _read_xlsx(data: bytes, file_name: str) -> list[tuple[int, list[Any]]]:
    _check_unpacked(data, file_name)
    try:
        workbook = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except Exception as error:  # openpyxl reports a broken workbook with many kinds of errors
        raise _not_readable(file_name) from error
    try:
        if not workbook.worksheets:
            return []
        # The first sheet holds the register; the template's help sheet comes after it.
        sheet = workbook.worksheets[0]
        return _collect(enumerate(sheet.iter_rows(values_only=True), start=1))
    finally:
        workbook.close()


def _decode(data: bytes, file_name: str) -> str:
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return data.decode("utf-16")
    if b"\x00" in data[:8192] or data.startswith(BINARY_MAGIC):
        raise _not_readable(file_name)
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        # Excel on Windows saves CSV in the Windows code page.
        return data.decode("cp1252", errors="replace")


def _read_csv(data: bytes, file_name: str) -> list[tuple[int, list[Any]]]:
    text = _decode(data, file_name)
    first_line = text.split("\n", 1)[0]
    if sum(1 for char in first_line[:2000] if ord(char) < 32 and char not in "\t\r") > 0:
        raise _not_readable(file_name)
    # Excel writes semicolons where the comma is the decimal separator.
    delimiter = max((",", ";", "\t"), key=first_line.count)
    try:
        return _collect(enumerate(csv.reader(io.StringIO(text, newline=""), delimiter=delimiter), start=1))
    except csv.Error as error:
        raise _not_readable(file_name) from error


def read_rows(data: bytes, file_name: str) -> list[tuple[int, list[Any]]]:
    suffix = PurePath(file_name).suffix.lower()
    if not data.strip():
        raise FileProblem(_("The file is empty."))
    if len(data) > MAX_BYTES:
        raise FileProblem(
            _("The file is larger than %(size)d MB. Split it into smaller files.") % {"size": MAX_BYTES // 2**20}
        )
    if data.startswith(XLSX_MAGIC):
        return _read_xlsx(data, file_name)
    if data.startswith(OLE_MAGIC):
        raise FileProblem(_("This is an old Excel file (.xls). Save it as an Excel workbook (.xlsx) or as CSV."))
    if suffix not in ACCEPTED_SUFFIXES:
        raise _not_readable(file_name)
    return _read_csv(data, file_name)


def header_name(value: Any) -> str:
    return re.sub(r"\s+", "_", str(value if value is not None else "").replace("\ufeff", "").strip().lower())
