"""The progress report as a PDF: the HTML template printed by WeasyPrint on A4, pages numbered "Page 3 of 12"."""

import re
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.template.loader import render_to_string
from django.utils.translation import gettext as _
from weasyprint import HTML

from .charts import report_charts
from .progress import ProgressReport

PLACEHOLDER = re.compile(r"(%\(page\)s|%\(pages\)s)")


@dataclass(frozen=True)
class RenderedPdf:
    content: bytes
    pages: int


def _css_string(text: str) -> str:
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'


def page_footer() -> str:
    """The footer's CSS `content`: the translated sentence with the page counters in place of its placeholders,
    so that a translation may put the numbers where its language wants them."""
    parts = PLACEHOLDER.split(_("Page %(page)s of %(pages)s"))
    tokens = []
    for part in parts:
        if part == "%(page)s":
            tokens.append("counter(page)")
        elif part == "%(pages)s":
            tokens.append("counter(pages)")
        elif part:
            tokens.append(_css_string(part))
    return " ".join(tokens)


def report_html(report: ProgressReport) -> str:
    return render_to_string(
        "cycles/reports/pdf.html",
        {"report": report, "charts": report_charts(report, for_pdf=True), "page_footer": page_footer()},
    )


def _fetch_nothing(url: str, *args: Any, **kwargs: Any) -> dict[str, Any]:
    """Our reports need no file and no address: charts are inline SVG and fonts the system's. Refusing every fetch
    keeps a stray URL in a record from reaching the network or the disk."""
    raise ValueError(f"a report fetches nothing ({url})")


def print_html(html: str) -> Any:
    """Lay out a report's HTML for print, fetching nothing: the document, with its pages and `write_pdf()`."""
    return HTML(string=html, base_url=str(settings.BASE_DIR), url_fetcher=_fetch_nothing).render()


def render_pdf(report: ProgressReport) -> RenderedPdf:
    """Print the report, fetching nothing."""
    document = print_html(report_html(report))
    return RenderedPdf(content=document.write_pdf(), pages=len(document.pages))
