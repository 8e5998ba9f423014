"""The Content-Security-Policy in a real browser: what it refuses is seen by the tests (tests/browser/conftest.py
fails any walk that meets a violation) and reported by the browser to the security log."""

import pytest
from playwright.sync_api import Browser
from pytest_django.live_server_helper import LiveServer

from ..conftest import Scope
from .conftest import TIMEOUT_MS, csp_watch

pytestmark = pytest.mark.browser

INJECT = """
var script = document.createElement("script");
script.textContent = "window.ran = true;";
document.body.appendChild(script);
document.body.insertAdjacentHTML("beforeend", '<p style="color: red">red</p>');
"""


def test_an_inline_script_or_style_is_refused_seen_and_reported(
    browser: Browser, live_server: LiveServer, browser_scope: Scope, security_log
):
    context = browser.new_context()
    context.set_default_timeout(TIMEOUT_MS)
    seen = csp_watch(context)
    page = context.new_page()
    page.goto(f"{live_server.url}/accounts/login/")
    page.evaluate(INJECT)
    assert page.evaluate("window.ran === true") is False
    # The browser sends its reports when it likes: wait for them, a little.
    for _ in range(50):
        if security_log.events("csp_violation"):
            break
        page.wait_for_timeout(100)
    context.close()
    assert {violation["directive"] for violation in seen} >= {"script-src-elem", "style-src-attr"}
    assert {violation["page"] for violation in seen} == {"/accounts/login/"}
    # The browser posted its reports to the endpoint, which wrote them to the security log.
    assert {line["directive"] for line in security_log.events("csp_violation")} >= {"script-src-elem"}
