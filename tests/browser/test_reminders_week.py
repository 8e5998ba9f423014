"""A group manager's week on a phone (360 px): the menu says how many items are open, "This week" lists the overdue
corrective action first, the manager follows it to the non-conformity, marks the action done, and back on the page
the item is gone (and the menu's count is one less)."""

import datetime
import re
from collections.abc import Callable

import pytest
from django.utils import timezone
from playwright.sync_api import Page, expect
from pytest_django.live_server_helper import LiveServer

from ..conftest import Scope
from ..factories import CertificateFactory
from ..factories_nonconformities import make_action, make_nc
from .conftest import log_in, messages, open_menu_if_collapsed

pytestmark = pytest.mark.browser

OVERDUE = "Reconcile the sales book with the delivery slips."
LATER = "Show the reconciled book at the follow-up visit."


def test_a_group_manager_follows_a_reminder_to_an_overdue_action_and_handles_it(
    new_page: Callable[..., Page], live_server: LiveServer, browser_scope: Scope
):
    scope = browser_scope
    today = timezone.localdate()
    nc = make_nc(scope.group, scope.field_officer, severity="minor")
    make_action(nc, scope.field_officer, due_on=today - datetime.timedelta(days=3), description=OVERDUE)
    make_action(nc, scope.field_officer, due_on=today + datetime.timedelta(days=4), description=LATER)
    CertificateFactory.create(group=scope.group, valid_to=today + datetime.timedelta(days=40))
    page = new_page("phone")
    log_in(page, live_server, scope.group_manager.username)

    # The menu asks for the count after the page has loaded: three items (two actions, the certificate).
    open_menu_if_collapsed(page)
    this_week = page.get_by_test_id("nav-this-week")
    expect(this_week.locator("[data-reminder-count]")).to_have_text("3")
    this_week.click()

    expect(page.get_by_role("heading", name="This week")).to_be_visible()
    reminders = page.get_by_test_id("reminder")
    expect(reminders).to_have_count(3)
    first = reminders.first
    expect(first).to_contain_text(OVERDUE)
    expect(first.get_by_test_id("urgency")).to_have_text("3 days overdue")
    assert page.evaluate("document.documentElement.scrollWidth") <= 360

    first.get_by_test_id("reminder-link").click()
    expect(page).to_have_url(re.compile(rf"/nonconformities/{nc.pk}/#action-\d+$"))
    action = page.get_by_test_id("action").filter(has_text=OVERDUE)
    action.get_by_role("button", name="Mark done").click()
    expect(messages(page)).to_contain_text("Action done.")

    open_menu_if_collapsed(page)
    page.get_by_test_id("nav-this-week").click()
    expect(page.get_by_test_id("reminder")).to_have_count(2)
    expect(page.get_by_text(OVERDUE)).to_have_count(0)
    expect(page.get_by_test_id("reminder").first).to_contain_text(LATER)
    open_menu_if_collapsed(page)
    expect(page.get_by_test_id("nav-this-week").locator("[data-reminder-count]")).to_have_text("2")
