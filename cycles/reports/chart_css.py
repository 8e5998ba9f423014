"""The charts' CSS in one static file, static/css/charts.css, made from the CSS pygal writes for the report's
styles (cycles/reports/charts.py).

pygal puts a <style> inside every chart, scoped by the chart's random id. A page under a Content-Security-Policy
without 'unsafe-inline' cannot use it, so the charts lose it (`chart_svg`) and take this file instead: pygal's
rules with the id replaced by the class every chart has (`pygal-chart`), and the severity colours under their own
class. `manage.py chart_css` writes the file; tests/cycles/test_chart_css.py fails when it is out of date (a new
pygal, a changed style).
"""

import html
import re

import pygal
from pygal.style import Style

from .charts import COLOURS, SCOPE, SEVERITY_CLASS, SEVERITY_STYLE, STYLE, chart_options

HEADER = (
    "/* The charts' CSS, made by `manage.py chart_css` from pygal's for cycles/reports/charts.py: do not edit. */\n"
)
# Colours for more series than any chart here has: pygal varies the palette past its end.
SERIES = 2 * len(COLOURS)
PYGAL_STYLE = re.compile(r"<style[^>]*>(.*?)</style>", re.DOTALL)


def _pygal_rules(style: Style, scope: str) -> list[str]:
    chart = pygal.Bar(**chart_options(style=style))
    chart.x_labels = ["a"]
    for index in range(SERIES):
        chart.add(str(index), [1])
    found = PYGAL_STYLE.search(chart.render(is_unicode=True))
    assert found is not None, "pygal wrote no <style>"
    text = html.unescape(found.group(1)).replace(f"#chart-{chart.uuid}", scope)
    return [f"{rule.strip()}}}" for rule in text.split("}") if rule.strip()]


def chart_css() -> str:
    rules = _pygal_rules(STYLE, SCOPE)
    # The severity chart differs only in its colours.
    severity = [rule for rule in _pygal_rules(SEVERITY_STYLE, f"{SCOPE}.{SEVERITY_CLASS}") if ".color-" in rule]
    # pygal's tooltip starts hidden by a style attribute, which chart_svg removes with the others.
    hidden = [f"{SCOPE} .tooltip{{opacity:0}}"]
    return HEADER + "\n".join([*rules, *severity, *hidden]) + "\n"
