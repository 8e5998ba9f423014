"""The coordination report rendered from a run's stored results: charts (pygal SVG, the same in the page and the
PDF), the tables shared by the CSV and Excel files, and the PDF (WeasyPrint). A finished run never changes, so its
files are rendered on request from the stored results and always say the same thing."""

import csv
import io
from dataclasses import dataclass
from datetime import date
from typing import Any

import pygal
from django.http import HttpResponse
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.safestring import SafeString
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from producers.exports import sheet_name
from producers.models.organisations import InterestGroup
from producers.spreadsheets import export_cell

from ..models import CoordinationRun
from ..models.phases import phase_label
from .charts import chart_axis, chart_options, chart_svg, with_chart_css
from .pdf import page_footer, print_html
from .recommendations import percent

EXPORTS = {
    "pdf": "application/pdf",
    "csv": "text/csv; charset=utf-8",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}

# The four interest groups, as the recommendations address them.
AUDIENCE_LABELS = {
    InterestGroup.PRODUCER_GROUP.value: gettext_lazy("Producer groups"),
    InterestGroup.BUYER.value: gettext_lazy("Buyers"),
    InterestGroup.QUALITY_PROFESSIONAL.value: gettext_lazy("Quality professionals"),
    InterestGroup.CIVIL_SOCIETY.value: gettext_lazy("Civil society and funders"),
}


def _chart_options(**options: Any) -> dict[str, Any]:
    """The progress report's chart settings (style, size, no script), with a legend and labels of this report."""
    return chart_options(**{"legend_at_bottom_columns": 2, "truncate_label": 24, "print_values": True, **options})


def pipeline_chart(results: dict[str, Any]) -> SafeString:
    """Active groups per phase at the end of the period and at the end of the previous one: phases down the side,
    so their names stay readable on a phone."""
    # pygal draws the first label at the bottom: reversed, phase 1 stands at the top.
    rows = list(reversed(results.get("pipeline", {}).get("rows", [])))
    largest = max([0, *(max(row["active"], row["previous"]) for row in rows)])
    chart = pygal.HorizontalBar(
        **_chart_options(height=120 + 55 * len(rows), truncate_label=34, y_labels=chart_axis(largest))
    )
    chart.x_labels = [phase_label(row["order"], row["name"]) for row in rows]
    chart.add(_("Previous period"), [row["previous"] for row in rows])
    chart.add(_("This period"), [row["active"] for row in rows])
    return chart_svg(chart)


def supply_chart(results: dict[str, Any]) -> SafeString:
    """Per commodity: the certified harvest and what of it was sold as certified, in tonnes."""
    rows = list(reversed(results.get("certified_supply", [])))
    chart = pygal.HorizontalBar(**_chart_options(height=max(160, 70 + 60 * len(rows))))
    chart.x_labels = [row["label"] for row in rows]
    chart.add(_("Certified harvest (t)"), [round((row["supply_kg"] or 0) / 1000, 1) for row in rows])
    chart.add(_("Sold as certified (t)"), [round((row["sold_certified_kg"] or 0) / 1000, 1) for row in rows])
    return chart_svg(chart)


def report_context(results: dict[str, Any], *, for_pdf: bool = False) -> dict[str, Any]:
    """What the page and the PDF show, charts included, from the stored results; the PDF's charts carry their
    CSS inside."""
    styled = with_chart_css if for_pdf else (lambda svg: svg)
    audiences = []
    for code, label in AUDIENCE_LABELS.items():
        items = [item for item in results.get("recommendations", []) if item["audience"] == code]
        audiences.append({"code": code, "label": label, "items": items})
    missing = [item for item in results.get("missing_services", []) if item["count"]]
    period = {key: date.fromisoformat(value) for key, value in results.get("period", {}).items() if value}
    return {
        "results": results,
        "period": period,
        "audiences": audiences,
        "missing": missing,
        "missing_total": sum(item["count"] for item in missing),
        "pipeline_chart": styled(pipeline_chart(results)),
        "supply_chart": styled(supply_chart(results)),
    }


# --- Tables: the CSV and the Excel file ----------------------------------------------------------------------------


@dataclass
class Table:
    title: str
    headers: list[str]
    rows: list[list[Any]]


def _percent(share: float | None) -> str:
    return "" if share is None else percent(share)


def tables(results: dict[str, Any]) -> list[Table]:
    pipeline = results.get("pipeline", {})
    interest = {code: str(label) for code, label in InterestGroup.choices}
    failed = results.get("failed_requirements", {})
    result = [
        Table(
            _("Groups per phase"),
            [_("Phase"), _("Active at the end"), _("On hold"), _("At the end of the previous period"), _("Change")],
            [
                *(
                    [row["name"], row["active"], row["on_hold"], row["previous"], row["change"]]
                    for row in pipeline.get("rows", [])
                ),
                [_("Not started"), pipeline.get("not_started", 0), "", "", ""],
                [_("Withdrawn"), pipeline.get("withdrawn", 0), "", "", ""],
            ],
        ),
        Table(
            _("Moves"),
            [_("Move"), _("In the period"), _("In the previous period")],
            [[row["label"], row["count"], row["previous"]] for row in pipeline.get("moves", [])],
        ),
        Table(
            _("Moves from phase to phase"),
            [_("Move"), _("From"), _("To"), _("Moves")],
            [[row["label"], row["from"], row["to"], row["count"]] for row in pipeline.get("transitions", [])],
        ),
        Table(
            _("Time in each phase (days)"),
            [
                _("Phase"),
                _("Stuck after"),
                _("Stays ended"),
                _("Mean"),
                _("Median"),
                _("Groups in the phase"),
                _("Mean so far"),
                _("Median so far"),
            ],
            [
                [
                    row["name"],
                    row["stuck_after_days"],
                    row["ended"]["count"],
                    row["ended"]["mean"],
                    row["ended"]["median"],
                    row["current"]["count"],
                    row["current"]["mean"],
                    row["current"]["median"],
                ]
                for row in results.get("time_in_phase", [])
            ],
        ),
        Table(
            _("Stuck groups"),
            [
                _("Group"),
                _("Region"),
                _("Phase"),
                _("Days in the phase"),
                _("Stuck after"),
                _("Members due"),
                _("Inspected in 12 months"),
                _("Coverage"),
            ],
            [
                [
                    row["name"],
                    row["region"],
                    row["phase_name"],
                    row["days"],
                    row["stuck_after_days"],
                    row["members_due"],
                    row["members_inspected"],
                    _percent(row["coverage"]),
                ]
                for row in results.get("stuck", {}).get("groups", [])
            ],
        ),
        Table(
            _("Expected services missing"),
            [_("Phase"), _("Service"), _("Expected from"), _("Groups in the phase"), _("Missing"), _("Groups")],
            [
                [
                    row["phase_name"],
                    row["service_name"],
                    interest.get(row["expected_from"], row["expected_from"]),
                    row["groups_in_phase"],
                    row["count"],
                    "; ".join(row["groups"]),
                ]
                for row in results.get("missing_services", [])
            ],
        ),
        Table(
            _("Duplicated services"),
            [_("Group"), _("Service"), _("Providers")],
            [
                [
                    row["group"],
                    row["service_name"],
                    "; ".join(f"{p['name']} ({p['count']})" for p in row["providers"]),
                ]
                for row in results.get("duplicated_services", {}).get("items", [])
            ],
        ),
        Table(
            _("Audits a combined audit could merge"),
            [_("Group"), _("Audits"), _("Audit services"), _("Standards"), _("Shared topics"), _("Topics")],
            [
                [
                    row["group"],
                    row["audits"],
                    row["audit_services"],
                    " + ".join(row["standards"]),
                    row["shared_topic_count"],
                    "; ".join(row["shared_topics"]),
                ]
                for row in results.get("mergeable_audits", {}).get("items", [])
            ],
        ),
        Table(
            _("Requirements failed most often"),
            [_("Standard"), _("Requirement"), _("Text"), _("Cross-walk topic"), _("Groups"), _("Members"), _("Share")],
            [
                [
                    row["standard"],
                    row["requirement"],
                    row["text"],
                    row["topic"],
                    row["groups"],
                    row["members"],
                    _percent(row["member_share"]),
                ]
                for row in failed.get("top", [])
            ],
        ),
        Table(
            _("Training needs by region and standard"),
            [_("Country"), _("Region"), _("Standard"), _("Requirement"), _("Groups"), _("Members")],
            [
                [row["country"], row["region"], row["standard"], row["requirement"], row["groups"], row["members"]]
                for row in failed.get("by_region", [])
            ],
        ),
        Table(
            _("Certified supply and sales"),
            [
                _("Commodity"),
                _("Certified groups"),
                _("Certified harvest (kg)"),
                _("Sold as certified (kg)"),
                _("Share sold as certified"),
                _("Sold as certified without a certificate (kg)"),
            ],
            [
                [
                    row["label"],
                    row["certified_groups"],
                    row["supply_kg"],
                    row["sold_certified_kg"],
                    _percent(row["share"]),
                    row["sold_certified_without_certificate_kg"],
                ]
                for row in results.get("certified_supply", [])
            ],
        ),
        Table(
            _("Income per member"),
            [
                _("Commodity"),
                _("Country"),
                _("Latest season"),
                _("Mean income, latest season"),
                _("Mean across seasons"),
                _("Variation across seasons"),
                _("Seasons"),
            ],
            [
                [
                    row["label"],
                    row["country"],
                    row["latest_season"],
                    row["level"],
                    row["mean"],
                    _percent(row["cv"]),
                    "; ".join(f"{season['season']}: {season['mean']}" for season in row["seasons"]),
                ]
                for row in results.get("income", [])
            ],
        ),
        Table(
            _("Recommendations"),
            [_("For"), _("Rule"), _("Recommendation")],
            [
                [str(AUDIENCE_LABELS.get(row["audience"], row["audience"])), row["rule"], row["text"]]
                for row in results.get("recommendations", [])
            ],
        ),
    ]
    return result


def _heading(run: CoordinationRun, filter_labels: list[tuple[str, str]]) -> list[str]:
    words = [
        _("Coordination report"),
        f"{run.period_start.isoformat()} – {run.period_end.isoformat()}",
    ]
    words.extend(f"{name}: {value}" for name, value in filter_labels)
    return words


def render_csv(run: CoordinationRun, filter_labels: list[tuple[str, str]]) -> bytes:
    """One file, one block per table: its title, its column headings, its rows, then a blank line."""
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(_heading(run, filter_labels))
    writer.writerow([])
    for table in tables(run.results):
        writer.writerow([table.title])
        writer.writerow(table.headers)
        writer.writerows([export_cell(value) for value in row] for row in table.rows)
        writer.writerow([])
    # A byte-order mark, so a spreadsheet opened by double-click reads the accents right.
    return ("\ufeff" + buffer.getvalue()).encode("utf-8")


def render_xlsx(run: CoordinationRun, filter_labels: list[tuple[str, str]]) -> bytes:
    """One sheet per table, headings in bold and frozen, columns wide enough to read."""
    from openpyxl import Workbook
    from openpyxl.styles import Font
    from openpyxl.utils import get_column_letter

    workbook = Workbook()
    cover = workbook.active
    cover.title = _("Report")[:31]
    for line in _heading(run, filter_labels):
        cover.append([line])
    cover["A1"].font = Font(bold=True, size=14)
    cover.column_dimensions["A"].width = 60
    used: set[str] = {cover.title}
    for table in tables(run.results):
        name = sheet_name(table.title)
        while name in used:
            name = f"{name[:28]} {len(used)}"
        used.add(name)
        sheet = workbook.create_sheet(name)
        sheet.append(table.headers)
        for cell in sheet[1]:
            cell.font = Font(bold=True)
        for row in table.rows:
            sheet.append([export_cell(value) for value in row])
        sheet.freeze_panes = "A2"
        for index, header in enumerate(table.headers, start=1):
            longest = max([len(str(header)), *(len(str(row[index - 1] or "")) for row in table.rows)])
            sheet.column_dimensions[get_column_letter(index)].width = min(max(10, longest + 2), 60)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def render_pdf(run: CoordinationRun, filter_labels: list[tuple[str, str]]) -> bytes:
    context = {
        **report_context(run.results, for_pdf=True),
        "run": run,
        "filter_labels": filter_labels,
        "generated_at": timezone.now(),
        "page_footer": page_footer(),
    }
    html = render_to_string("cycles/coordination/pdf.html", context)
    return bytes(print_html(html).write_pdf())


RENDERERS = {"pdf": render_pdf, "csv": render_csv, "xlsx": render_xlsx}


def export_response(run: CoordinationRun, kind: str, *, filter_labels: list[tuple[str, str]]) -> HttpResponse:
    content = RENDERERS[kind](run, filter_labels)
    response = HttpResponse(content, content_type=EXPORTS[kind])
    name = f"coordination-{run.period_start:%Y%m%d}-{run.period_end:%Y%m%d}-{run.pk}.{kind}"
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response
