"""`manage.py benchmark_coordination [--runs 5]`: time the coordination report on the current database.

Computes the findings and recommendations (what a run stores) several times for the last 12 months over every
group, and prints the median, the fastest and the slowest, the number of queries and the size of the data. Nothing
is written. Build a dataset first with `manage.py generate_scale_data --scale 0.1` (or 1.0).
"""

import json
import statistics
import time
from datetime import timedelta
from typing import Any

from django.core.management.base import BaseCommand, CommandParser
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from cycles.models import Inspection, InspectionAnswer, ProductionRecord, Service
from cycles.services.coordination import coordination_results
from producers.models import Member, ProducerGroup


class Command(BaseCommand):
    help = "Time the coordination report (several runs, median) on the current database."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--runs", type=int, default=5)
        parser.add_argument("--days", type=int, default=365, help="Length of the period, ending today.")

    def handle(self, *args: Any, **options: Any) -> None:
        end = timezone.localdate()
        start = end - timedelta(days=options["days"] - 1)
        sizes = {
            "groups": ProducerGroup.objects.count(),
            "members": Member.objects.count(),
            "inspections": Inspection.objects.count(),
            "inspection answers": InspectionAnswer.objects.count(),
            "production records": ProductionRecord.objects.count(),
            "services": Service.objects.count(),
        }
        self.stdout.write(f"Database: {connection.vendor} {connection.settings_dict['NAME']}")
        self.stdout.write("Data: " + ", ".join(f"{number:,} {name}" for name, number in sizes.items()))
        self.stdout.write(f"Period: {start} – {end}, every group; {options['runs']} runs (the first warms the cache)")
        timings = []
        queries: list[dict[str, str]] = []
        size = 0
        for number in range(1, options["runs"] + 1):
            with CaptureQueriesContext(connection) as captured:
                began = time.perf_counter()
                results = coordination_results(period_start=start, period_end=end, filters={})
                elapsed = time.perf_counter() - began
            timings.append(elapsed)
            queries = list(captured.captured_queries)
            size = len(json.dumps(results))
            self.stdout.write(f"  run {number}: {elapsed:.2f} s")
        self.stdout.write(
            self.style.SUCCESS(
                f"Median {statistics.median(timings):.2f} s "
                f"(fastest {min(timings):.2f} s, slowest {max(timings):.2f} s), "
                f"{len(queries)} queries, results {size / 1024:.0f} KiB"
            )
        )
        self.stdout.write("Slowest queries of the last run:")
        for query in sorted(queries, key=lambda q: -float(q["time"]))[:5]:
            self.stdout.write(f"  {float(query['time']):6.2f} s  {query['sql'][:100]}…")
