"""`manage.py rebuild_production_totals`: make the per-group, per-season production totals again from the records.

The production services keep the totals as they write records; this is for records written past them (a bulk
load, a restore) and for checking: it prints how many totals it made and how long it took.
"""

import time
from typing import Any

from django.core.management.base import BaseCommand

from cycles.services.production_totals import production_totals_rebuild


class Command(BaseCommand):
    help = "Make the production totals the coordination report reads again from the production records."

    def handle(self, *args: Any, **options: Any) -> None:
        started = time.monotonic()
        made = production_totals_rebuild()
        self.stdout.write(self.style.SUCCESS(f"{made:,} production totals made in {time.monotonic() - started:.1f} s."))
