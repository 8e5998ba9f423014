"""What the security log hears from the request cycle: refused pages, pages outside a person's scope, and the
browser's Content-Security-Policy reports. The log itself is producers/security_log.py."""

import json
import logging
from collections.abc import Callable
from typing import Any
from urllib.parse import urlsplit, urlunsplit

from django.conf import settings
from django.contrib.auth.decorators import login_not_required
from django.http import HttpRequest, HttpResponse
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_POST

from producers.security_log import security_event


class RefusalLogMiddleware:
    """A 403 (PermissionDenied, a refused CSRF check) or a 404 seen by a signed-in person goes to the security log
    with the person and the path. A signed-in person meeting a 404 has usually tried an object outside their
    scope: every scoped helper answers 404 for those. A signed-out visitor's 404 is not logged: scanners would fill
    the log with it, and every page but the login page sends them to the login first. No query string is logged."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        user = getattr(request, "user", None)
        if response.status_code == 403:
            security_event("permission_denied", request=request, status=403, level=logging.WARNING)
        elif response.status_code == 404 and user is not None and user.is_authenticated:
            security_event("not_found", request=request, status=404, level=logging.WARNING)
        return response


def _without_query(value: Any) -> str:
    """A URL from a report without its query and fragment: the page may have been the register's search."""
    text = str(value or "")[:500]
    try:
        parts = urlsplit(text)
    except ValueError:
        return ""
    return urlunsplit((parts.scheme, parts.netloc, parts.path, "", ""))


def _reports(body: Any) -> list[dict[str, Any]]:
    """The violations in a report: the old `report-uri` form ({"csp-report": {...}}, hyphenated keys) or the
    Reporting API's list ([{"type": "csp-violation", "body": {...}}], camelCase keys)."""
    if isinstance(body, dict) and isinstance(body.get("csp-report"), dict):
        return [body["csp-report"]]
    if isinstance(body, list):
        return [item["body"] for item in body[:10] if isinstance(item, dict) and isinstance(item.get("body"), dict)]
    return []


def _field(report: dict[str, Any], *names: str) -> Any:
    for name in names:
        if name in report:
            return report[name]
    return ""


@csrf_exempt
@login_not_required
@require_POST
def csp_report_view(request: HttpRequest) -> HttpResponse:
    """Where the browser posts a Content-Security-Policy violation (settings.CSP_REPORT_PATH). Open to anyone, as a
    browser sends it without cookies or a CSRF token; so a report is read only up to CSP_REPORT_MAX_BYTES, and only
    its known fields, cut short, reach the log."""
    try:
        length = int(request.META.get("CONTENT_LENGTH") or 0)
    except ValueError:
        length = 0
    if length > settings.CSP_REPORT_MAX_BYTES:
        return HttpResponse(status=413)
    raw = request.read(settings.CSP_REPORT_MAX_BYTES + 1)
    if len(raw) > settings.CSP_REPORT_MAX_BYTES:
        return HttpResponse(status=413)
    try:
        body = json.loads(raw)
    except ValueError:
        return HttpResponse(status=400)
    for report in _reports(body):
        security_event(
            "csp_violation",
            request=request,
            level=logging.WARNING,
            document_uri=_without_query(_field(report, "document-uri", "documentURL")),
            blocked_uri=_without_query(_field(report, "blocked-uri", "blockedURL")),
            directive=str(_field(report, "effective-directive", "effectiveDirective", "violated-directive"))[:100],
            source_file=_without_query(_field(report, "source-file", "sourceFile")),
            line_number=str(_field(report, "line-number", "lineNumber"))[:10],
            disposition=str(_field(report, "disposition"))[:20],
        )
    return HttpResponse(status=204)
