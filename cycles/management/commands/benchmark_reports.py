"""`manage.py benchmark_reports`: how long the progress report takes to make, and how much memory, for a group
with years of history (about ten pages) and for a programme of fifty groups.

A script, not a timed test. The synthetic groups are built inside one transaction that is rolled back at the
end, so nothing is left behind (their names start with "Benchmark" should you keep them with --keep). The report
is built and printed twice: once timed, once under tracemalloc for the peak of Python's own allocations (the
second pass is slower; its time is not reported).
"""

import os
import random
import resource
import time
import tracemalloc
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandParser
from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from weasyprint import HTML

from cycles.bench.synthetic import PREFIX, build_group, support_create
from cycles.models import InspectionAnswer
from cycles.reports.pdf import render_pdf, report_html
from cycles.reports.progress import progress_report
from producers.models import Member, ProducerGroup, Programme
from standards.models import Standard


@dataclass
class Measure:
    seconds: float
    cpu_seconds: float
    data_seconds: float
    queries: int
    pages: int
    peak_mib: float
    size_kib: float
    # WeasyPrint alone on the same HTML (no data, no template, no fetcher): what the pipeline adds is the ratio.
    bare_seconds: float

    @property
    def over_bare(self) -> float:
        return self.seconds / self.bare_seconds if self.bare_seconds else 0.0


def measure(
    *,
    group: ProducerGroup | None = None,
    programme: Programme | None = None,
    start: date,
    end: date,
    output: Path | None = None,
    name: str = "",
) -> Measure:
    # With DEBUG on, building the data filled the query log, which holds 9,000 queries at most: counting starts
    # from an empty log.
    connection.queries_log.clear()
    with CaptureQueriesContext(connection) as queries:
        began, began_cpu = time.perf_counter(), time.process_time()
        report = progress_report(group=group, programme=programme, period_start=start, period_end=end)
        built = time.perf_counter()
        rendered = render_pdf(report)
        finished, finished_cpu = time.perf_counter(), time.process_time()
    html = report_html(report)
    bare_began = time.perf_counter()
    HTML(string=html, base_url=str(settings.BASE_DIR)).write_pdf()
    bare_seconds = time.perf_counter() - bare_began
    if output is not None:
        output.mkdir(parents=True, exist_ok=True)
        (output / f"{name}.pdf").write_bytes(rendered.content)
    tracemalloc.start()
    render_pdf(progress_report(group=group, programme=programme, period_start=start, period_end=end))
    _current, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    return Measure(
        seconds=finished - began,
        cpu_seconds=finished_cpu - began_cpu,
        data_seconds=built - began,
        queries=len(queries),
        pages=rendered.pages,
        peak_mib=peak / 2**20,
        size_kib=len(rendered.content) / 1024,
        bare_seconds=bare_seconds,
    )


class Command(BaseCommand):
    help = (
        "Time the progress report (data and PDF) for a group with years of history and for a programme of 50 "
        "groups, on synthetic data that is removed afterwards."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--groups", type=int, default=50, help="Groups in the programme (50).")
        parser.add_argument("--members", type=int, default=300, help="Members of the single group (300).")
        parser.add_argument("--programme-members", type=int, default=80, help="Members per programme group (80).")
        parser.add_argument("--seed", type=int, default=2026)
        parser.add_argument("--output", type=Path, help="Write the two PDFs to this folder to look at them.")
        parser.add_argument("--keep", action="store_true", help="Keep the synthetic data (names start with Benchmark).")

    def handle(self, *args: Any, **options: Any) -> None:
        rng = random.Random(options["seed"])
        this_year = timezone.localdate().year
        with transaction.atomic():
            began = time.perf_counter()
            support = support_create()
            fairtrade = Standard.objects.get(code="fairtrade-spo")
            rainforest = Standard.objects.get(code="rainforest-2020")
            group_years = list(range(this_year - 8, this_year + 1))
            group = build_group(
                rng, support, number=0, members=options["members"], years=group_years, standards=[fairtrade, rainforest]
            )
            programme_years = list(range(this_year - 3, this_year + 1))
            programme = Programme.objects.create(
                name=f"{PREFIX} programme of {options['groups']} groups (synthetic)",
                funder=support.funder,
                starts_on=date(programme_years[0], 1, 1),
                ends_on=date(this_year + 1, 12, 31),
            )
            programme.implementers.add(support.providers[0])
            for number in range(1, options["groups"] + 1):
                members = max(10, int(rng.gauss(options["programme_members"], 25)))
                programme.groups.add(
                    build_group(
                        rng, support, number=number, members=members, years=programme_years, standards=[fairtrade]
                    )
                )
            built = time.perf_counter() - began
            if connection.vendor == "postgresql":
                # A database in use has its statistics; fresh rows have none until autovacuum comes by.
                with connection.cursor() as cursor:
                    cursor.execute("ANALYZE")
            members = Member.objects.filter(group__organisation__name__startswith=PREFIX).count()
            answers = InspectionAnswer.objects.filter(
                inspection__round__group__organisation__name__startswith=PREFIX
            ).count()
            self.stdout.write(
                f"Synthetic data built in {built:.1f} s: {members} members, {answers} inspection answers."
            )
            rss_before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
            # WeasyPrint loads its fonts on its first document: once here, so that neither the pipeline nor the
            # bare render it is compared with pays for it (a worker that has printed one report has them).
            HTML(string="<p>warm</p>").write_pdf()
            today = timezone.localdate()
            results = {
                f"group ({options['members']} members, {len(group_years)} years)": measure(
                    group=group, start=date(group_years[0], 1, 1), end=today, output=options["output"], name="group"
                ),
                f"programme ({options['groups']} groups, {len(programme_years)} years)": measure(
                    programme=programme,
                    start=date(programme_years[0], 1, 1),
                    end=today,
                    output=options["output"],
                    name="programme",
                ),
            }
            rss_after = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
            if not options["keep"]:
                transaction.set_rollback(True)
        load = ", ".join(f"{value:.1f}" for value in os.getloadavg())
        self.stdout.write(
            f"Database: {connection.vendor}; load average while measuring: {load} on {os.cpu_count()} CPUs"
        )
        self.stdout.write(
            f"{'report':42} {'pages':>5} {'queries':>7} {'data s':>7} {'total s':>8} {'CPU s':>6} "
            f"{'peak MiB':>9} {'KiB':>6} {'bare s':>7} {'x bare':>6}"
        )
        for label, result in results.items():
            self.stdout.write(
                f"{label:42} {result.pages:>5} {result.queries:>7} {result.data_seconds:>7.2f} {result.seconds:>8.2f} "
                f"{result.cpu_seconds:>6.2f} "
                f"{result.peak_mib:>9.1f} {result.size_kib:>6.0f} {result.bare_seconds:>7.2f} {result.over_bare:>6.2f}"
            )
        self.stdout.write(
            f"Process peak resident memory: {rss_after:.0f} MiB (it was {rss_before:.0f} MiB after building the data)."
        )
        if not options["keep"]:
            self.stdout.write("The synthetic data was rolled back.")
