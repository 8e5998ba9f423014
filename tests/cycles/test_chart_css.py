"""The charts under the Content-Security-Policy: no inline style or script on the page, their CSS from
static/css/charts.css (kept up to date with pygal's), and the same CSS inside each chart of the PDF."""

from pathlib import Path

from django.conf import settings

from cycles.reports.chart_css import chart_css
from cycles.reports.charts import SEVERITY_CLASS, report_charts

from .reports_fixtures import _report

CHARTS_CSS = Path(settings.BASE_DIR) / "static" / "css" / "charts.css"


def _all(charts):
    return [charts.phases, charts.compliance, charts.coverage, charts.nonconformities, charts.volumes]


def test_the_charts_css_is_pygals_for_the_report_styles():
    assert CHARTS_CSS.read_text(encoding="utf-8") == chart_css(), "Out of date: run `manage.py chart_css`."


def test_a_chart_on_the_page_has_no_style_and_no_script_of_its_own(history):
    charts = report_charts(_report(history))
    for svg in [*_all(charts), *charts.income.values()]:
        assert svg is not None
        assert svg.startswith("<svg")
        assert 'class="pygal-chart' in svg
        for inline in ("<style", "style=", "<script"):
            assert inline not in svg


def test_the_severity_chart_is_told_apart_by_its_class(history):
    charts = report_charts(_report(history))
    assert f'class="pygal-chart {SEVERITY_CLASS}"' in str(charts.nonconformities)
    assert f".pygal-chart.{SEVERITY_CLASS} .color-0" in chart_css()


def test_a_chart_in_the_pdf_carries_the_charts_css(history):
    charts = report_charts(_report(history), for_pdf=True)
    for svg in [*_all(charts), *charts.income.values()]:
        assert svg is not None
        head = svg[: svg.index("</style>")]
        assert '<style type="text/css">/* The charts' in head
        # Escaped for the HTML around the SVG, as pygal wrote it.
        assert ".pygal-chart .graph &gt; .background{fill:#ffffff}" in head
        assert "<script" not in svg
