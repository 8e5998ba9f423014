"""`manage.py benchmark_import`: how long the member register's import and export take for 10,000 members.

A script, not a timed test. A synthetic group is made inside one transaction that is rolled back at the end,
so nothing is left behind. Each step is timed on the clock (what the person waits for), database included:
the preview of a CSV and of an Excel file, the import of 10,000 new members, the same file again (nothing
changes), the file with every member's village changed, and the export to Excel.
"""

import csv
import io
import os
import time
from collections.abc import Callable
from functools import partial
from typing import Any

from django.core.management.base import BaseCommand, CommandParser
from django.db import connection, transaction
from openpyxl import Workbook

from producers.imports import COLUMN_NAMES, ImportPlan, export_xlsx, import_apply, import_preview
from producers.models import Organisation, ProducerGroup, User
from producers.models.organisations import Commodity, InterestGroup, LegalForm, OrganisationKind

# In COLUMN_NAMES' order after the number: names, gender, year of birth, phone, village, joined, status, a plot.
MEMBER = ["Wanjiru", "Kamau", "female", 1980, "", "Gikoe", "2024-01-10", "approved", "Home", "0.5", "Coffee"]
VILLAGE = COLUMN_NAMES.index("village")


def _csv(rows: list[list[Any]]) -> bytes:
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(COLUMN_NAMES)
    writer.writerows(rows)
    return buffer.getvalue().encode()


def _xlsx(rows: list[list[Any]]) -> bytes:
    book = Workbook(write_only=True)
    sheet = book.create_sheet()
    sheet.append(list(COLUMN_NAMES))
    for row in rows:
        sheet.append(row)
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def _counted(plan: ImportPlan) -> str:
    return f"{plan.created} new, {plan.updated} changed, {plan.unchanged} unchanged, {len(plan.errors)} errors"


class Command(BaseCommand):
    help = "Time the member register's import (preview and write) and export for a large group."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--members", type=int, default=10_000, help="Rows in the file (10,000).")

    def handle(self, *args: Any, **options: Any) -> None:
        count = options["members"]
        rows = [[f"BM-{n:05d}", *MEMBER] for n in range(count)]
        moved = [[*row[:VILLAGE], "Mathira", *row[VILLAGE + 1 :]] for row in rows]
        files = {"members.csv": _csv(rows), "members.xlsx": _xlsx(rows), "moved.csv": _csv(moved)}
        results: list[tuple[str, float, str]] = []

        def timed(label: str, step: Callable[[], Any], describe: Callable[[Any], str]) -> None:
            start = time.perf_counter()
            outcome = step()
            results.append((label, time.perf_counter() - start, describe(outcome)))

        with transaction.atomic():
            organisation = Organisation.objects.create(
                name="Benchmark Import Cooperative",
                country="KE",
                interest_group=InterestGroup.PRODUCER_GROUP,
                kind=OrganisationKind.COOPERATIVE,
            )
            group = ProducerGroup.objects.create(
                organisation=organisation,
                commodity=Commodity.COFFEE,
                region="Nyeri",
                legal_form=LegalForm.COOPERATIVE_SOCIETY,
            )
            user = User.objects.create(username="benchmark-import", is_superuser=True)
            for name in ("members.csv", "members.xlsx"):
                timed(
                    f"preview of {name} ({len(files[name]) // 1024} KiB)",
                    partial(import_preview, group=group, by=user, data=files[name], file_name=name),
                    _counted,
                )
            for label, name in (
                ("import: every member new", "members.csv"),
                ("import of the same members again (xlsx)", "members.xlsx"),
                ("import: every member's village changed", "moved.csv"),
            ):
                timed(
                    label,
                    partial(import_apply, group=group, by=user, data=files[name], file_name=name),
                    _counted,
                )
            buffer = io.BytesIO()
            timed("export to Excel", lambda: export_xlsx(group, buffer), lambda _: f"{buffer.tell() // 1024} KiB")
            transaction.set_rollback(True)

        load = ", ".join(f"{value:.1f}" for value in os.getloadavg())
        cpus = os.cpu_count()
        self.stdout.write(f"{count} members; database: {connection.vendor}; load average {load} on {cpus} CPUs")
        for label, seconds, outcome in results:
            self.stdout.write(f"{label:45} {seconds:6.2f} s   {outcome}")
        self.stdout.write("The synthetic group was rolled back.")
