"""The Content-Security-Policy: its header on every page, no inline script, style or handler in any template (the
policy would refuse them), and the endpoint where browsers report what it refused."""

import json
import re
from pathlib import Path

import pytest
from django.conf import settings
from django.test import Client
from django.urls import reverse

from .factories import UserFactory

TEMPLATES = Path(settings.BASE_DIR) / "templates"
# Rendered by WeasyPrint only, which no Content-Security-Policy governs: their CSS stays inside them. An e-mail's
# HTML is read by mail programs, which take inline styles only, and no page's policy applies to it.
PDF_ONLY = {"cycles/reports/pdf.html", "cycles/coordination/pdf.html", "cycles/reminders/mail/message.html"}

INLINE = {
    "a <script> without src": re.compile(r"<script(?![^>]*\bsrc=)[^>]*>", re.IGNORECASE),
    "a <style> element": re.compile(r"<style\b", re.IGNORECASE),
    "a style attribute": re.compile(r"\sstyle\s*=", re.IGNORECASE),
    "an event-handler attribute": re.compile(r"\son[a-z]+\s*=", re.IGNORECASE),
    "a javascript: URL": re.compile(r"javascript:", re.IGNORECASE),
}


def _policy(response) -> dict[str, str]:
    header = response["Content-Security-Policy"]
    return {part.split()[0]: part.strip() for part in header.split(";") if part.strip()}


def test_no_template_has_an_inline_script_style_or_handler():
    found = []
    for path in sorted(TEMPLATES.rglob("*.html")):
        name = path.relative_to(TEMPLATES).as_posix()
        if name in PDF_ONLY:
            continue
        text = path.read_text(encoding="utf-8")
        for what, pattern in INLINE.items():
            for match in pattern.finditer(text):
                found.append(f"{name}:{text.count(chr(10), 0, match.start()) + 1}: {what}")
    assert found == []


def test_the_policy_allows_only_the_sites_own_scripts_and_styles_and_no_framing(client, db):
    policy = _policy(client.get(reverse("login")))
    assert policy["script-src"] == "script-src 'self'"
    assert policy["style-src"] == "style-src 'self'"
    assert policy["default-src"] == "default-src 'self'"
    assert policy["object-src"] == "object-src 'none'"
    assert policy["frame-ancestors"] == "frame-ancestors 'none'"
    assert policy["report-uri"] == f"report-uri {settings.CSP_REPORT_PATH}"
    assert "unsafe-inline" not in client.get(reverse("login"))["Content-Security-Policy"]


def _pages(scope) -> dict[str, list[str]]:
    group = scope.group.pk
    record_pages = [
        reverse("cycles:home"),
        reverse("cycles:group_detail", kwargs={"pk": group}),
        reverse("producers:member_list", kwargs={"pk": group}) + "?q=Wanjiru",
        reverse("producers:member_detail", kwargs={"pk": scope.member.pk}),
        reverse("cycles:training_create", kwargs={"pk": group}),
        reverse("cycles:inspection_rounds", kwargs={"pk": group}),
    ]
    return {
        "coordinator": [*record_pages, reverse("cycles:coordination_runs"), reverse("cycles:report_new")],
        "field_officer": record_pages,
        "group_manager": record_pages,
        "donor": [reverse("cycles:home"), reverse("cycles:programme_list"), reverse("cycles:report_new")],
        # Refused and not-found pages carry it too.
        "outsider": [reverse("cycles:coordination_runs"), reverse("producers:member_list", kwargs={"pk": group})],
    }


@pytest.mark.parametrize("role", ["coordinator", "field_officer", "group_manager", "donor", "outsider"])
def test_every_page_carries_the_policy_for_each_role(scope, login, role):
    client = login(scope.users()[role])
    for url in _pages(scope)[role]:
        response = client.get(url)
        assert response.status_code in (200, 403, 404), url
        assert "frame-ancestors 'none'" in response["Content-Security-Policy"], url


def test_the_login_page_the_admin_and_a_missing_page_carry_the_policy(client, db):
    assert "Content-Security-Policy" in client.get(reverse("login"))
    assert "Content-Security-Policy" in client.get("/no-such-page/")
    client.force_login(UserFactory.create(is_staff=True, is_superuser=True))
    assert "Content-Security-Policy" in client.get(reverse("admin:index"))


# --- The report endpoint -----------------------------------------------------------------------------------------

REPORT = {
    "csp-report": {
        "document-uri": "https://qm.example.org/groups/4/members/?q=Wanjiru+Kamau",
        "referrer": "",
        "violated-directive": "style-src-attr",
        "effective-directive": "style-src-attr",
        "original-policy": "default-src 'self'",
        "disposition": "enforce",
        "blocked-uri": "inline",
        "line-number": 12,
        "source-file": "https://qm.example.org/static/js/tabs.js?v=2",
        "status-code": 200,
        "script-sample": "Wanjiru",
    }
}


def _post(body, **extra):
    # A browser posts it without a session or a CSRF token: the CSRF check is on, as for any request.
    client = Client(enforce_csrf_checks=True)
    return client.post(settings.CSP_REPORT_PATH, body, content_type="application/csp-report", **extra)


def test_a_violation_report_is_written_to_the_security_log(db, security_log):
    response = _post(json.dumps(REPORT))
    assert response.status_code == 204
    line = security_log.events("csp_violation")[0]
    assert line["level"] == "warning"
    assert line["directive"] == "style-src-attr"
    assert line["blocked_uri"] == "inline"
    assert line["document_uri"] == "https://qm.example.org/groups/4/members/"
    assert line["source_file"] == "https://qm.example.org/static/js/tabs.js"
    assert (line["line_number"], line["disposition"]) == ("12", "enforce")
    # Neither the search in the page's address nor the sample of what was refused.
    assert "Wanjiru" not in security_log.raw[0]


def test_a_report_in_the_reporting_apis_form_is_read_too(db, security_log):
    body = [{"type": "csp-violation", "body": {"documentURL": "https://x/a", "effectiveDirective": "script-src-elem"}}]
    assert _post(json.dumps(body)).status_code == 204
    assert security_log.events("csp_violation")[0]["directive"] == "script-src-elem"


def test_a_report_too_large_or_not_json_is_refused_unread(db, security_log):
    assert _post("x" * (settings.CSP_REPORT_MAX_BYTES + 1)).status_code == 413
    assert _post("not json").status_code == 400
    assert security_log.events("csp_violation") == []


def test_the_report_endpoint_takes_only_posts(client, db):
    assert client.get(settings.CSP_REPORT_PATH).status_code == 405


def test_a_refused_csrf_check_gets_a_page_without_inline_style_and_is_logged(db, security_log):
    response = Client(enforce_csrf_checks=True).post(reverse("login"), {"username": "x", "password": "y"})
    assert response.status_code == 403
    text = response.content.decode()
    assert "The form could not be sent" in text
    assert "<style" not in text
    assert security_log.events("permission_denied")[0]["path"] == reverse("login")
