"""The API's documentation page in a real browser: Swagger UI loads the schema and lists the endpoints without a
single Content-Security-Policy violation (the `new_page` fixture fails the test on any)."""

import pytest
from playwright.sync_api import Page, expect
from pytest_django.live_server_helper import LiveServer

from ..conftest import Scope
from .conftest import log_in

pytestmark = pytest.mark.browser


@pytest.mark.parametrize("viewport", ["desktop"])
def test_the_api_docs_load_under_the_content_security_policy(page: Page, live_server: LiveServer, browser_scope: Scope):
    log_in(page, live_server, browser_scope.donor.username)
    page.goto(f"{live_server.url}/api/v1/docs/")
    expect(page.locator(".swagger-ui .info .title")).to_contain_text("hivos-qm API")
    # The base layout keeps the token's Authorize button (the standalone top bar it drops held only the logo).
    expect(page.get_by_role("button", name="Authorize")).to_be_visible()
    # The operations are drawn from the schema; opening one draws its parameters and responses too.
    operation = page.locator(".opblock-summary-path", has_text="/api/v1/groups/{id}/phase/").first
    expect(operation).to_be_visible()
    operation.click()
    expect(page.locator(".opblock-body").first).to_be_visible()
    page.wait_for_timeout(500)
