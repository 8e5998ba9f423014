"""Writes static/css/charts.css from pygal's CSS for the report's chart styles (cycles/reports/chart_css.py)."""

from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand

from cycles.reports.chart_css import chart_css


class Command(BaseCommand):
    help = "Write static/css/charts.css, the charts' CSS, from pygal's for the report's styles."

    def handle(self, *args: Any, **options: Any) -> None:
        target = Path(settings.BASE_DIR) / "static" / "css" / "charts.css"
        target.write_text(chart_css(), encoding="utf-8")
        self.stdout.write(self.style.SUCCESS(f"Written: {target}"))
