"""`manage.py generate_scale_data [--scale 1.0] [--clear]`: a synthetic field to time the coordination report on.

At scale 1.0, the size of Fairtrade's producer organisations: 2,000 producer groups with 2,000,000 members (200 to
1,800 each), their trajectories through the phases, chosen standards, certificates, a year of internal inspections
(nearly every member of the groups past the first phase, on the 36 requirements of the Fairtrade standard, about 2 %
of the answers not compliant: some 1.6 million inspections and 59 million answers), three seasons of production
(about 5 million records) and their per-group totals, a year of support services and external audits. `--scale 0.1`
builds one tenth.

Every organisation it makes is named "SCALE …", its programmes too, and its rows are recorded by the user
"scale-data": `--clear` removes exactly those (one DELETE per table, by the SCALE groups). Refused where demo data
is not allowed (production settings). On PostgreSQL the members, inspections, answers and production records go
in with COPY, the rest with bulk_create; elsewhere (SQLite, the tests) everything with bulk_create. Groups are made
twenty at a time, one transaction each, so memory stays flat. The full scale takes about 20 minutes (README,
"Measured").
"""

import time
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import connection, transaction
from django.db.models import QuerySet

from cycles.demo.scale import PREFIX, USERNAME, Generator
from cycles.models import (
    CoordinationRun,
    Inspection,
    InspectionAnswer,
    InspectionRound,
    Inspector,
    PhaseMove,
    ProductionRecord,
    ProductionTotal,
    ReportJob,
    Service,
    Trajectory,
)
from producers.models import Member, Organisation, ProducerGroup, Programme, User
from standards.models import Audit, Certificate, GroupStandard


def _raw_delete(queryset: QuerySet[Any]) -> int:
    """Delete in one statement, without loading rows or writing history: the models' history signals would
    otherwise turn removing 2,000,000 members into 2,000,000 history rows. The filters below go through nested
    `__in` subqueries on the table's own columns (no join), so the statement is a plain `DELETE … WHERE column IN
    (…)` that PostgreSQL runs as one hash semi-join over the table."""
    return int(queryset._raw_delete(queryset.db))


class Command(BaseCommand):
    help = "Build (or --clear) a synthetic dataset for timing the coordination report: 2,000 groups at --scale 1."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--scale", type=float, default=1.0, help="1.0: 2,000 groups, 2,000,000 members.")
        parser.add_argument("--clear", action="store_true", help="Remove the SCALE data and stop.")
        parser.add_argument("--seed", type=int, default=2026)

    def handle(self, *args: Any, **options: Any) -> None:
        module = getattr(settings, "SETTINGS_MODULE", "") or ""
        if not getattr(settings, "DEMO_DATA_ALLOWED", False) or module.endswith("production"):
            raise CommandError("Synthetic scale data is refused with these settings (production).")
        started = time.monotonic()
        removed = self.clear()
        if removed:
            self.stdout.write(
                f"Removed the previous SCALE data ({removed:,} rows) in {time.monotonic() - started:.0f} s."
            )
        started = time.monotonic()
        if options["clear"]:
            return
        scale = options["scale"]
        if not 0 < scale <= 5:
            raise CommandError("--scale is between 0 and 5.")
        counts = Generator(scale=scale, seed=options["seed"], out=self.stdout.write).run()
        built = time.monotonic()
        self.stdout.write(f"Rows written in {built - started:.0f} s.")
        if connection.vendor == "postgresql":
            # Fresh statistics, so the planner knows the tables grew from nothing to millions of rows; and the
            # visibility map, so that the report's index-only scans need not visit the freshly written pages.
            # VACUUM cannot run in a transaction (a test's): there, the statistics only.
            with connection.cursor() as cursor:
                cursor.execute("ANALYZE")
                for model in (Member, Inspection, InspectionAnswer, ProductionRecord):
                    if not connection.in_atomic_block:
                        cursor.execute(f"VACUUM (ANALYZE) {connection.ops.quote_name(model._meta.db_table)}")
            self.stdout.write(f"Vacuumed and analysed in {time.monotonic() - built:.0f} s.")
        summary = ", ".join(f"{number:,} {name}" for name, number in counts.items())
        self.stdout.write(self.style.SUCCESS(f"Built in {time.monotonic() - started:.0f} s: {summary}."))

    @transaction.atomic
    def clear(self) -> int:
        programmes = Programme.objects.filter(name__startswith=PREFIX)
        CoordinationRun.objects.filter(programme__in=programmes).update(programme=None)
        scale_groups = ProducerGroup.objects.filter(
            organisation__in=Organisation.objects.filter(name__startswith=PREFIX).values("pk")
        )
        groups = scale_groups.values("pk")
        rounds = InspectionRound.objects.filter(group__in=groups).values("pk")
        inspections = Inspection.objects.filter(round__in=rounds).values("pk")
        members = Member.objects.filter(group__in=groups).values("pk")
        steps: list[QuerySet[Any]] = [
            InspectionAnswer.objects.filter(inspection__in=inspections),
            Inspection.objects.filter(round__in=rounds),
            InspectionRound.objects.filter(group__in=groups),
            Inspector.objects.filter(group__in=groups),
            ProductionRecord.objects.filter(member__in=members),
            ProductionTotal.objects.filter(group__in=groups),
            Member.objects.filter(group__in=groups),
            Service.objects.filter(group__in=groups),
            Certificate.objects.filter(group__in=groups),
            Audit.objects.filter(group__in=groups),
            GroupStandard.objects.filter(group__in=groups),
            PhaseMove.objects.filter(trajectory__group__in=groups),
            Trajectory.objects.filter(group__in=groups),
            ReportJob.objects.filter(programme__in=programmes),
            Programme.groups.through.objects.filter(programme__in=programmes),
            Programme.implementers.through.objects.filter(programme__in=programmes),
            programmes,
            scale_groups,
            Organisation.objects.filter(name__startswith=PREFIX),
            User.objects.filter(username=USERNAME),
        ]
        return sum(_raw_delete(queryset) for queryset in steps)
