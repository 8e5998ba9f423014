"""Browser tests: Debian's Chromium driven through Playwright's sync API against pytest-django's live server.

One browser serves the whole session; every test gets fresh contexts (no cookies carried over) at the viewport
it asks for. The data lives in a transactional database because the live server answers from another thread,
with its own connection: inside a `db` transaction the rows would be invisible to it on PostgreSQL.
"""

import os
import re
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from django.db import connections
from playwright.sync_api import Browser, BrowserContext, Locator, Page, expect, sync_playwright
from pytest_django.live_server_helper import LiveServer

from producers.accounts.selectors import second_factor_required
from producers.models import User

from ..conftest import Scope, make_scope
from ..factories import PASSWORD
from ..helpers import totp_code, totp_device_for

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--no-first-run",
    "--disable-sync",
    "--disable-quic",
]
VIEWPORTS: dict[str, dict[str, int]] = {
    "phone": {"width": 360, "height": 740},
    "desktop": {"width": 1280, "height": 900},
}
# Generous for a loaded CI machine, still short enough that a broken page fails fast.
TIMEOUT_MS = 10_000


@pytest.fixture(scope="session")
def browser(request: pytest.FixtureRequest) -> Iterator[Browser]:
    """Debian's Chromium, launched once per session. Playwright's own browser downloads are never used."""
    if not (CHROMIUM.is_file() and os.access(CHROMIUM, os.X_OK)):
        if os.environ.get("CI"):
            pytest.fail(
                f"{CHROMIUM} is missing: the CI image must install Debian's chromium (apt-get install chromium) "
                "for the browser tests.",
                pytrace=False,
            )
        pytest.skip("Debian's chromium is not installed: apt-get install chromium")
    # The test databases exist before the loop starts, whichever test runs first (see below).
    request.getfixturevalue("django_db_setup")
    serialized = {
        connection.alias: getattr(connection, "_test_serialized_contents")  # noqa: B009
        for connection in connections.all()
        if hasattr(connection, "_test_serialized_contents")
    }
    # The sync API runs an event loop in the main thread and marks it running between calls; without this Django
    # refuses the ORM calls the tests (factories, the flush between tests) make from that thread.
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    playwright = sync_playwright().start()
    # With a running loop Django keeps its connections per context instead of per thread, so from here on this
    # thread gets new connection objects. They must know the reference data the migrations loaded, or the
    # serialized rollback of `browser_scope` restores nothing after the first flush.
    for alias, contents in serialized.items():
        setattr(connections[alias], "_test_serialized_contents", contents)  # noqa: B010
    try:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), headless=True, args=CHROMIUM_ARGS)
        try:
            yield browser
        finally:
            browser.close()
    finally:
        # Close the connections opened under the loop while they are reachable: an open one would keep
        # PostgreSQL from dropping the test database at the end of the session.
        connections.close_all()
        playwright.stop()


# Every page tells the test what its Content-Security-Policy refused: the browser fires `securitypolicyviolation`
# at the document for each inline script or style, handler attribute or foreign file it blocks.
CSP_LISTENER = """
document.addEventListener("securitypolicyviolation", function (event) {
  window.__cspViolation({
    page: document.location.pathname,
    directive: event.effectiveDirective,
    blocked: event.blockedURI,
    source: event.sourceFile,
    line: event.lineNumber,
  });
});
"""


def csp_watch(context: BrowserContext) -> list[dict[str, Any]]:
    """The CSP violations of every page of the context, as the pages report them (see CSP_LISTENER)."""
    violations: list[dict[str, Any]] = []
    context.expose_binding("__cspViolation", lambda _source, violation: violations.append(violation))
    context.add_init_script(CSP_LISTENER)
    return violations


@pytest.fixture
def new_page(browser: Browser) -> Iterator[Callable[..., Page]]:
    """A factory: `new_page("phone")` opens a page in a new, cookie-free context at that viewport. A test whose
    pages met a Content-Security-Policy violation fails (at teardown), with the violations listed."""
    contexts: list[BrowserContext] = []
    watched: list[list[dict[str, Any]]] = []

    def _new_page(viewport: str = "desktop") -> Page:
        context = browser.new_context(viewport=VIEWPORTS[viewport])  # type: ignore[arg-type]
        context.set_default_timeout(TIMEOUT_MS)
        contexts.append(context)
        watched.append(csp_watch(context))
        return context.new_page()

    yield _new_page
    # Closing lets the last pages' reports arrive first.
    for context in contexts:
        context.close()
    violations = [violation for seen in watched for violation in seen]
    if violations:
        pytest.fail(f"Content-Security-Policy violations: {violations}", pytrace=False)


@pytest.fixture(params=list(VIEWPORTS))
def viewport(request: pytest.FixtureRequest) -> str:
    """Every test that takes `page` runs at both viewports, unless it parametrizes `viewport` itself."""
    return str(request.param)


@pytest.fixture
def page(new_page: Callable[..., Page], viewport: str) -> Page:
    return new_page(viewport)


@pytest.fixture
def browser_scope(transactional_db: None, django_db_serialized_rollback: None) -> Scope:
    """The roles and groups of tests/conftest.py, committed so the live server sees them.

    Serialized rollback restores the reference data the migrations load (phases, standards), which the
    flush after each transactional test would otherwise wipe.
    """
    return make_scope()


def log_in(page: Page, live_server: LiveServer, username: str, password: str = PASSWORD) -> None:
    """Fill the real login form and submit it; returns once the answer (home page or form with errors) loads.

    A coordinator or field officer then enters the code their authenticator app would show, computed from the key
    of an app set up for them here (tests/producers/test_logins_second_factor.py walks the setup itself)."""
    user = User.objects.get(username=username)
    device = totp_device_for(user) if second_factor_required(user) else None
    page.goto(f"{live_server.url}/accounts/login/")
    page.get_by_label("Username").fill(username)
    page.get_by_label("Password").fill(password)
    with page.expect_navigation():
        page.get_by_role("button", name="Log in").click()
    if device is not None and "/two-factor/verify/" in page.url:
        page.get_by_label("Code from your authenticator app").fill(totp_code(device))
        with page.expect_navigation():
            page.get_by_role("button", name="Continue").click()


def messages(page: Page) -> Locator:
    """The flash messages of base.html (a page's own alerts carry no alert role)."""
    return page.get_by_role("alert")


def open_menu_if_collapsed(page: Page) -> None:
    """On narrow screens the navigation hides behind the toggler: open it."""
    toggler = page.get_by_role("button", name="Menu")
    if toggler.is_visible():
        toggler.click()
        # Bootstrap animates the menu open (class "collapsing") and only then marks it "show". A click on a link
        # during the animation can land while the menu is still clipped and be lost (seen once in CI on Log out).
        expect(page.locator("#main-nav")).to_have_class(re.compile(r"(^|\s)show(\s|$)"))
