"""The progress report's charts, drawn on the server with pygal as SVG text.

The same SVG goes inline into the web page and into the PDF, so both show the same picture; its CSS is
static/css/charts.css, linked by the page and put inside each chart for the PDF. Sizes are fixed (the
width of an A4 page's text); the page's CSS scales them down on a phone. No JavaScript: the tooltips pygal would
load from the internet are switched off, and a printed page has no pointer anyway.

Titles are left to the HTML around each chart (translatable, and read by screen readers before the picture).
"""

import html
import math
import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import datetime, time, timedelta
from functools import cache
from typing import Any

import pygal
from django.contrib.staticfiles import finders
from django.core.exceptions import ImproperlyConfigured
from django.utils.formats import date_format
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _
from pygal.style import Style

from .progress import ProgressReport, phase_label

SCRIPT = re.compile(r"<script\b[^>]*>.*?</script>", re.DOTALL)
STYLE_ELEMENT = re.compile(r"<style\b[^>]*>.*?</style>", re.DOTALL)
STYLE_ATTRIBUTE = re.compile(r'\sstyle="[^"]*"')
# The charts' CSS (made from pygal's by `manage.py chart_css`, cycles/reports/chart_css.py).
CHART_CSS = "css/charts.css"
# The class pygal gives every chart, which scopes charts.css; and the class of a chart in the severity colours.
SCOPE = ".pygal-chart"
SEVERITY_CLASS = "pygal-severity"
WIDTH = 680
HEIGHT = 300
# Dark green of the application, then colours that stay apart in grey print.
COLOURS = ("#1f5f3f", "#d99a1e", "#4a7fb5", "#b5473a", "#7a5ca8", "#6b8e23", "#8c6d46", "#2a9d8f")

STYLE = Style(
    background="#ffffff",
    plot_background="#ffffff",
    foreground="#333333",
    foreground_strong="#111111",
    foreground_subtle="#d9d9d9",
    opacity="0.95",
    opacity_hover="1",
    transition="none",
    colors=COLOURS,
    font_family="DejaVu Sans, Verdana, sans-serif",
    label_font_size=12,
    major_label_font_size=12,
    legend_font_size=12,
    value_font_size=11,
    title_font_size=14,
    tooltip_font_size=11,
    guide_stroke_color="#e3e3e3",
    major_guide_stroke_color="#cccccc",
    guide_stroke_dasharray="0",
    value_colors=("#111111",),
    # Lines (the phase steps, the compliance scores) thick enough to read on paper.
    stroke_width="2.5",
    stroke_width_hover="2.5",
    major_guide_stroke_dasharray="0",
)
# Non-conformities by severity: blue, amber, red.
SEVERITY_STYLE = Style(**{**STYLE.__dict__, "colors": ("#4a7fb5", "#d99a1e", "#b5473a")})


def chart_options(**options: Any) -> dict[str, Any]:
    settings: dict[str, Any] = {
        "width": WIDTH,
        "height": HEIGHT,
        "explicit_size": True,
        "style": STYLE,
        "js": [],
        "disable_xml_declaration": True,
        "legend_at_bottom": True,
        "legend_at_bottom_columns": 3,
        "margin": 12,
        # Room under the legend: pygal measures text a little narrower than DejaVu prints it.
        "margin_bottom": 24,
        "spacing": 10,
        "truncate_legend": 40,
        "truncate_label": 28,
        "no_data_text": _("No data"),
        "print_values_position": "top",
    }
    settings.update(options)
    return settings


def chart_svg(chart: Any) -> SafeString:
    """The chart as SVG without a script or a style of its own: the page's Content-Security-Policy allows neither
    inline. It is styled by classes from static/css/charts.css; the PDF, whose SVG takes no CSS from the page
    around it, puts that CSS back in each chart (`with_chart_css`)."""
    svg = chart.render(is_unicode=True)
    # pygal always writes its configuration into a <script> for its tooltips, and its CSS, scoped by the chart's
    # id, into a <style>. ElementTree escapes "<" in text, so the first closing tag closes each.
    svg = SCRIPT.sub("", svg)
    svg = STYLE_ELEMENT.sub("", svg)
    # The hidden tooltip's style="opacity: 0" (charts.css hides it the same way).
    svg = STYLE_ATTRIBUTE.sub("", svg)
    # pygal names its legend anchors alike in every chart; several charts share one page, whose ids must differ.
    svg = svg.replace('id="activate-serie-', f'id="{chart.uuid}-activate-serie-')
    # pygal builds the SVG with ElementTree, which escapes every label and series name it is given.
    return mark_safe(svg)


@cache
def _chart_css() -> str:
    path = finders.find(CHART_CSS)
    if not isinstance(path, str):
        raise ImproperlyConfigured(f"{CHART_CSS} is missing: run `manage.py chart_css`.")
    with open(path, encoding="utf-8") as handle:
        # Escaped as pygal escaped it: the SVG sits in HTML, whose parser reads its <style> as text with entities.
        return html.escape(handle.read(), quote=False)


def with_chart_css(svg: str) -> SafeString:
    """A chart for the PDF: the charts' CSS inside the SVG, where WeasyPrint reads it (WeasyPrint draws an inline
    SVG on its own, without the CSS of the document around it). A PDF is not subject to the page's CSP."""
    opening = svg.index(">") + 1
    return mark_safe(f'{svg[:opening]}<style type="text/css">{_chart_css()}</style>{svg[opening:]}')


def _percent(value: float | None) -> str:
    return "" if value is None else f"{value:.0f}%"


def _number(value: float | None) -> str:
    """A count printed on its bar; nothing on an empty bar."""
    return "" if not value else f"{value:,.0f}"


def chart_axis(largest: float) -> list[float]:
    """Round guides from zero: at most six, a step of 1, 2 or 5 times a power of ten (whole numbers from 1 up)."""
    if largest <= 0:
        return [0, 1]
    magnitude = 10 ** math.floor(math.log10(largest / 5)) if largest > 5 else 1
    while True:
        for factor in (1, 2, 5):
            step = factor * magnitude
            if largest <= 5 * step:
                top = max(step, math.ceil(largest / step) * step)
                return [index * step for index in range(round(top / step) + 1)]
        magnitude *= 10


@dataclass
class ReportCharts:
    phases: SafeString | None = None
    compliance: SafeString | None = None
    coverage: SafeString | None = None
    nonconformities: SafeString | None = None
    volumes: SafeString | None = None
    income: dict[str, SafeString] = field(default_factory=dict)


def phase_steps_chart(report: ProgressReport) -> SafeString | None:
    """One group's climb through the phases over the period: a step line of the phase it stood in."""
    timeline = report.timeline.groups[0] if report.timeline.groups else None
    if timeline is None or not timeline.stays:
        return None
    period = report.period
    points: list[tuple[datetime, int]] = []
    for stay in timeline.stays:
        if stay.left_on is not None and stay.left_on < period.start:
            continue
        entered = datetime.combine(max(stay.entered_on, period.start), time())
        if points:
            # The level held until the day of the move: the line steps instead of sloping.
            points.append((entered - timedelta(hours=1), points[-1][1]))
        points.append((entered, stay.phase.order))
    if not points:
        return None
    points.append((datetime.combine(period.as_of, time()), points[-1][1]))
    phases = report.timeline.phases
    years = range(points[0][0].year + 1, period.as_of.year + 1)
    chart = pygal.DateLine(
        **chart_options(
            show_legend=False,
            range=(1, len(phases)),
            y_labels=[{"label": phase_label(phase), "value": phase.order} for phase in phases],
            x_labels=[datetime(year, 1, 1) for year in years] or [points[0][0], points[-1][0]],
            x_value_formatter=lambda moment: date_format(moment, "Y" if moment.month == 1 else "M Y"),
            show_dots=False,
            fill=False,
            height=240,
            show_minor_x_labels=True,
        )
    )
    chart.add(timeline.group.name, points)
    return chart_svg(chart)


def groups_per_phase_chart(report: ProgressReport) -> SafeString | None:
    """How many groups stood in each phase at the start and at the end of the period."""
    counts = report.timeline.counts
    if not any(count.at_start or count.at_end for count in counts):
        return None
    largest = max(max(count.at_start, count.at_end) for count in counts)
    chart = pygal.Bar(
        **chart_options(
            print_values=True,
            value_formatter=_number,
            truncate_label=20,
            y_labels=chart_axis(largest),
        )
    )
    chart.x_labels = [phase_label(count.phase) if count.phase else str(_("Not started")) for count in counts]
    start = report.period.start
    end = report.period.as_of
    chart.add(_("On %(day)s") % {"day": date_format(start, "j M Y")}, [count.at_start for count in counts])
    chart.add(_("On %(day)s") % {"day": date_format(end, "j M Y")}, [count.at_end for count in counts])
    return chart_svg(chart)


def compliance_chart(report: ProgressReport) -> SafeString | None:
    """The compliance score of each standard, year by year (all levels together)."""
    standards = [standard for standard in report.compliance.standards if standard.years]
    if not standards:
        return None
    years = sorted({score.year for standard in standards for score in standard.years})
    options = chart_options(range=(0, 100), value_formatter=_percent, y_labels=[0, 20, 40, 60, 80, 100])
    # A line needs two years; a single year is a bar per standard.
    chart = pygal.Line(**options, dots_size=4) if len(years) > 1 else pygal.Bar(**options, print_values=True)
    chart.x_labels = [str(year) for year in years]
    for standard in standards:
        by_year = standard.by_year()
        chart.add(standard.name, [by_year[year].overall.percent if year in by_year else None for year in years])
    return chart_svg(chart)


def coverage_chart(report: ProgressReport) -> SafeString | None:
    """The share of members inspected in each year's round."""
    years = report.ics.coverage_by_year
    if not years:
        return None
    chart = pygal.Bar(
        **chart_options(
            height=220,
            show_legend=False,
            range=(0, 100),
            value_formatter=_percent,
            print_values=True,
            y_labels=[0, 25, 50, 75, 100],
        )
    )
    chart.x_labels = [str(year) for year, _ratio in years]
    chart.add(_("Members inspected"), [ratio.percent for _year, ratio in years])
    return chart_svg(chart)


def nonconformities_chart(report: ProgressReport) -> SafeString | None:
    """Non-conformities by severity: found in the period, still open at its end, and overdue among those."""
    lines = report.ics.severities
    if not any(line.found or line.open for line in lines):
        return None
    largest = max(max(line.found, line.open, line.overdue) for line in lines)
    chart = pygal.Bar(
        **chart_options(
            style=SEVERITY_STYLE,
            classes=["pygal-chart", SEVERITY_CLASS],
            height=260,
            print_values=True,
            value_formatter=_number,
            y_labels=chart_axis(largest),
        )
    )
    chart.x_labels = [line.label for line in lines]
    chart.add(_("Found in the period"), [line.found for line in lines])
    chart.add(_("Open at the end"), [line.open for line in lines])
    chart.add(_("Overdue at the end"), [line.overdue for line in lines])
    return chart_svg(chart)


# The smallest part of the tallest bar a stacked part must be to show on a chart.
VISIBLE_SHARE = 0.01


def volumes_chart(report: ProgressReport) -> SafeString | None:
    """Per season: what was sold as certified, sold conventionally, and not sold, of the harvest (tonnes)."""
    seasons: dict[str, list[float]] = {}
    for line in report.production.seasons:
        figures = seasons.setdefault(line.season, [0.0, 0.0, 0.0])
        figures[0] += float(line.sold_certified) / 1000
        figures[1] += float(line.sold_conventional) / 1000
        figures[2] += max(float(line.harvested - line.sold_certified - line.sold_conventional), 0.0) / 1000
    if not seasons:
        return None
    names = sorted(seasons)
    largest = max(sum(figures) for figures in seasons.values())
    chart = pygal.StackedBar(
        **chart_options(
            value_formatter=lambda v: f"{v:,.0f} t" if v >= 10 else f"{v:,.1f} t", y_labels=chart_axis(largest)
        )
    )
    chart.x_labels = names
    series = [_("Sold as certified"), _("Sold conventional"), _("Not sold")]
    for index, title in enumerate(series):
        values = [seasons[name][index] for name in names]
        # A part too small to see on the chart would only leave its name in the legend: the table gives it.
        if max(values) >= largest * VISIBLE_SHARE:
            chart.add(title, values)
    return chart_svg(chart)


def income_charts(report: ProgressReport) -> dict[str, SafeString]:
    """Income per member per season, one chart per currency: incomes in different currencies never share an
    axis."""
    charts = {}
    for currency in report.production.currencies:
        lines = report.production.for_currency(currency)
        values: Sequence[float | None] = [
            float(line.income_per_member) if line.income_per_member is not None else None for line in lines
        ]
        chart = pygal.Bar(
            **chart_options(
                height=220,
                show_legend=False,
                print_values=True,
                value_formatter=lambda v: f"{v:,.0f}",
                y_labels=chart_axis(max((value or 0) for value in values)),
            )
        )
        chart.x_labels = [line.season for line in lines]
        chart.add(currency, list(values))
        charts[currency] = chart_svg(chart)
    return charts


def report_charts(report: ProgressReport, *, for_pdf: bool = False) -> ReportCharts:
    charts = ReportCharts(
        phases=groups_per_phase_chart(report) if report.is_programme else phase_steps_chart(report),
        compliance=compliance_chart(report),
        coverage=coverage_chart(report),
        nonconformities=nonconformities_chart(report),
        volumes=volumes_chart(report),
        income=income_charts(report),
    )
    if for_pdf:
        for name in ("phases", "compliance", "coverage", "nonconformities", "volumes"):
            chart = getattr(charts, name)
            if chart is not None:
                setattr(charts, name, with_chart_css(chart))
        charts.income = {currency: with_chart_css(chart) for currency, chart in charts.income.items()}
    return charts
