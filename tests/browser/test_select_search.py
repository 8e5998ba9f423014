"""Long member lists carry a search box: typed words narrow the list, and a single match is chosen."""

import pytest
from playwright.sync_api import Page, expect
from pytest_django.live_server_helper import LiveServer

from ..conftest import Scope
from ..factories import MemberFactory
from .conftest import log_in

pytestmark = pytest.mark.browser


def test_a_member_is_found_by_typing_part_of_the_name(browser_scope: Scope, live_server: LiveServer, page: Page):
    group = browser_scope.group
    MemberFactory.create_batch(40, group=group)
    wanted = MemberFactory.create(group=group, first_name="Nyokabi", last_name="Wairimu", member_number="ZZ-0042")

    log_in(page, live_server, browser_scope.group_manager.username)
    page.goto(f"{live_server.url}/groups/{group.pk}/production/new/")
    members = page.locator("select[name=member]")
    search = page.get_by_label("Search by number or name")
    expect(search).to_be_visible()

    search.fill("wairimu nyok")
    expect(members).to_have_value(str(wanted.pk))
    visible = members.locator("option:not([hidden])")
    expect(visible).to_have_count(2)  # the empty choice and the one member

    search.fill("")
    expect(members.locator("option:not([hidden])")).to_have_count(group.members.count() + 1)
