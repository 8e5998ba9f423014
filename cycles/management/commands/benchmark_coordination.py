"""`manage.py benchmark_coordination [--runs 5] [--source fast|raw]`: time the coordination report on the current
database.

Computes the findings and recommendations (what a run stores) several times for the last 12 months over every
group, and prints the median, the fastest and the slowest, the number of queries, the slowest queries and the size
of the data. Nothing is written to the database. Each measurement is kept in a small JSON file (`--results`,
`.bench/coordination.json` by default, one per database engine, source and number of groups), and the command
prints how this one compares with the others kept there: build `generate_scale_data --scale 0.1`, time it, build
`--scale 1.0`, time it, and the second run prints the ratio of the times next to the ratio of the data.
"""

import json
import statistics
import time
from datetime import timedelta
from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandParser
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from cycles.models import Inspection, InspectionAnswer, ProductionRecord, ProductionTotal, Service
from cycles.reports.coordination import FAST, RAW
from cycles.services.coordination import coordination_results
from producers.models import Member, ProducerGroup


def _load(path: Path) -> list[dict[str, Any]]:
    try:
        kept = json.loads(path.read_text())
    except (FileNotFoundError, json.JSONDecodeError):
        return []
    return kept if isinstance(kept, list) else []


class Command(BaseCommand):
    help = "Time the coordination report (several runs, median) on the current database."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--runs", type=int, default=5)
        parser.add_argument("--days", type=int, default=365, help="Length of the period, ending today.")
        parser.add_argument(
            "--source", choices=[FAST, RAW], default=FAST, help="raw: production from the records, not the totals."
        )
        parser.add_argument(
            "--results",
            default=str(Path(settings.BASE_DIR) / ".bench" / "coordination.json"),
            help="Where measurements are kept and compared ('' to keep nothing).",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        end = timezone.localdate()
        start = end - timedelta(days=options["days"] - 1)
        sizes = {
            "groups": ProducerGroup.objects.count(),
            "members": Member.objects.count(),
            "inspections": Inspection.objects.count(),
            "inspection answers": InspectionAnswer.objects.count(),
            "production records": ProductionRecord.objects.count(),
            "production totals": ProductionTotal.objects.count(),
            "services": Service.objects.count(),
        }
        database = f"{connection.vendor} {connection.settings_dict['NAME']}"
        self.stdout.write(f"Database: {database}")
        self.stdout.write("Data: " + ", ".join(f"{number:,} {name}" for name, number in sizes.items()))
        self.stdout.write(
            f"Period: {start} – {end}, every group, production from the {options['source']} source; "
            f"{options['runs']} runs"
        )
        timings = []
        queries: list[dict[str, str]] = []
        size = 0
        for number in range(1, options["runs"] + 1):
            with CaptureQueriesContext(connection) as captured:
                began = time.perf_counter()
                results = coordination_results(period_start=start, period_end=end, filters={}, source=options["source"])
                elapsed = time.perf_counter() - began
            timings.append(elapsed)
            queries = list(captured.captured_queries)
            size = len(json.dumps(results))
            self.stdout.write(f"  run {number}: {elapsed:.2f} s")
        median = statistics.median(timings)
        self.stdout.write(
            self.style.SUCCESS(
                f"Median {median:.2f} s (fastest {min(timings):.2f} s, slowest {max(timings):.2f} s), "
                f"{len(queries)} queries, results {size / 1024:.0f} KiB"
            )
        )
        self.stdout.write("Slowest queries of the last run:")
        for query in sorted(queries, key=lambda q: -float(q["time"]))[:5]:
            self.stdout.write(f"  {float(query['time']):6.2f} s  {query['sql'][:100]}…")
        if options["results"]:
            self._compare(
                Path(options["results"]),
                {
                    "database": database,
                    "vendor": connection.vendor,
                    "source": options["source"],
                    "measured_on": timezone.now().isoformat(timespec="seconds"),
                    "runs": options["runs"],
                    "median_s": round(median, 3),
                    "sizes": sizes,
                },
            )

    def _compare(self, path: Path, measured: dict[str, Any]) -> None:
        """Keep this measurement (replacing an earlier one of the same size) and print the ratios to the others of
        the same database engine and source: times against data sizes."""
        same = ("vendor", "source")  # any database of the same kind on this machine: the data sizes say the rest
        kept = [
            entry
            for entry in _load(path)
            if not (
                all(entry.get(key) == measured[key] for key in same)
                and entry.get("sizes", {}).get("groups") == measured["sizes"]["groups"]
            )
        ]
        others = [entry for entry in kept if all(entry.get(key) == measured[key] for key in same)]
        for other in sorted(others, key=lambda entry: entry["sizes"]["groups"]):
            data = {name: measured["sizes"][name] / max(other["sizes"].get(name, 0), 1) for name in measured["sizes"]}
            times = measured["median_s"] / max(other["median_s"], 1e-9)
            answers = data["inspection answers"]
            self.stdout.write(
                f"Against {other['sizes']['groups']:,} groups ({other['sizes']['inspection answers']:,} answers, "
                f"median {other['median_s']:.2f} s, measured {other['measured_on']}): "
                f"{data['groups']:.1f}× the groups, {data['members']:.1f}× the members, {answers:.1f}× the answers; "
                f"{times:.1f}× the time (time per answer {times / max(answers, 1e-9):.2f}× as much)"
            )
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(json.dumps([*kept, measured], indent=1) + "\n")
