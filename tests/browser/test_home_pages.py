"""Each role logs in through the real form and lands on its own home page, on a phone and on a desktop."""

import re

import pytest
from playwright.sync_api import Page, expect
from pytest_django.live_server_helper import LiveServer

from ..conftest import Scope
from .conftest import log_in, open_menu_if_collapsed

pytestmark = pytest.mark.browser

LOGIN_PATH = re.compile(r"/accounts/login/")


def expect_login_page(page: Page) -> None:
    expect(page).to_have_url(LOGIN_PATH)
    expect(page.get_by_role("heading", name="Log in", level=1)).to_be_visible()
    expect(page.get_by_label("Username")).to_be_visible()


def test_coordinator_sees_the_pipeline_and_every_group(page: Page, live_server: LiveServer, browser_scope: Scope):
    log_in(page, live_server, browser_scope.coordinator.username)

    expect(page).to_have_url(f"{live_server.url}/")
    expect(page.get_by_role("heading", name="All groups by phase", level=1)).to_be_visible()
    pipeline = page.get_by_test_id("pipeline")
    expect(pipeline).to_be_visible()
    # The five phases of the inner cycle, and the groups that have not started it.
    expect(pipeline.get_by_role("link")).to_have_count(6)
    expect(pipeline).to_contain_text("Phase 1 of 5 · Preconditions")
    expect(pipeline).to_contain_text("Not started")
    groups = page.get_by_test_id("group-table")
    expect(groups.get_by_role("link", name="Inside Cooperative")).to_be_visible()
    expect(groups.get_by_role("link", name="Outside Cooperative")).to_be_visible()


def test_field_officer_sees_only_the_groups_of_the_portfolio(page: Page, live_server: LiveServer, browser_scope: Scope):
    log_in(page, live_server, browser_scope.field_officer.username)

    expect(page.get_by_role("heading", name="My groups", level=1)).to_be_visible()
    expect(page.get_by_test_id("pipeline")).to_be_visible()
    expect(page.get_by_test_id("group-table").get_by_role("link", name="Inside Cooperative")).to_be_visible()
    expect(page.locator("body")).not_to_contain_text("Outside Cooperative")


def test_group_manager_sees_the_group_and_the_way_to_its_register(
    page: Page, live_server: LiveServer, browser_scope: Scope
):
    log_in(page, live_server, browser_scope.group_manager.username)

    expect(page.get_by_role("heading", name="Inside Cooperative", level=1)).to_be_visible()
    group_pk = browser_scope.group.pk
    expect(page.get_by_role("link", name="Member register")).to_have_attribute("href", f"/groups/{group_pk}/members/")
    expect(page.get_by_role("link", name="Plots")).to_have_attribute("href", f"/groups/{group_pk}/plots/")
    expect(page.locator("body")).not_to_contain_text("Outside Cooperative")

    page.get_by_role("link", name="Member register").click()
    expect(page.get_by_test_id("member-table")).to_contain_text("Wanjiru Kamau")


def test_donor_sees_the_supported_groups_only(page: Page, live_server: LiveServer, browser_scope: Scope):
    log_in(page, live_server, browser_scope.donor.username)

    expect(page.get_by_role("heading", name="The groups your organisation supports", level=1)).to_be_visible()
    expect(page.get_by_test_id("group-table").get_by_role("link", name="Inside Cooperative")).to_be_visible()
    expect(page.locator("body")).not_to_contain_text("Outside Cooperative")


def test_navigation_collapses_behind_the_menu_on_a_phone(new_page, live_server: LiveServer, browser_scope: Scope):
    page = new_page("phone")
    log_in(page, live_server, browser_scope.field_officer.username)

    toggler = page.get_by_role("button", name="Menu")
    log_out = page.get_by_role("button", name="Log out")
    expect(toggler).to_be_visible()
    expect(log_out).to_be_hidden()
    toggler.click()
    expect(toggler).to_have_attribute("aria-expanded", "true")
    expect(log_out).to_be_visible()


def test_navigation_is_open_on_a_desktop(new_page, live_server: LiveServer, browser_scope: Scope):
    page = new_page("desktop")
    log_in(page, live_server, browser_scope.field_officer.username)

    expect(page.get_by_role("button", name="Log out")).to_be_visible()
    expect(page.get_by_role("button", name="Menu")).to_be_hidden()


def test_logging_out_returns_to_the_login_page(page: Page, live_server: LiveServer, browser_scope: Scope):
    log_in(page, live_server, browser_scope.coordinator.username)
    expect(page.get_by_test_id("current-user")).to_be_attached()

    open_menu_if_collapsed(page)
    page.get_by_role("button", name="Log out").click()

    expect_login_page(page)
    # The session is gone: the home page asks for the login again.
    page.goto(f"{live_server.url}/")
    expect_login_page(page)


@pytest.mark.parametrize("viewport", ["phone"])
def test_anonymous_visit_lands_on_the_login_page(page: Page, live_server: LiveServer, browser_scope: Scope):
    page.goto(f"{live_server.url}/")

    expect_login_page(page)
    expect(page).to_have_url(f"{live_server.url}/accounts/login/?next=/")
    expect(page.get_by_role("button", name="Menu")).to_have_count(0)


@pytest.mark.parametrize("viewport", ["phone"])
def test_wrong_password_shows_the_login_error(page: Page, live_server: LiveServer, browser_scope: Scope):
    log_in(page, live_server, browser_scope.coordinator.username, "not-the-password")

    expect_login_page(page)
    expect(page.get_by_text("Please enter a correct username and password")).to_be_visible()
    expect(page.get_by_test_id("current-user")).to_have_count(0)


def test_field_officer_finds_a_member_and_her_plot(page: Page, live_server: LiveServer, browser_scope: Scope):
    plot = browser_scope.member.plots.get()
    log_in(page, live_server, browser_scope.field_officer.username)

    page.get_by_test_id("group-table").get_by_role("link", name="Inside Cooperative").click()
    expect(page.get_by_role("heading", name="Inside Cooperative", level=1)).to_be_visible()
    page.get_by_role("link", name="Members", exact=True).click()
    expect(page).to_have_url(re.compile(rf"/groups/{browser_scope.group.pk}/members/$"))

    page.get_by_role("searchbox").fill("Wanjiru")
    page.get_by_role("button", name="Search").click()
    expect(page).to_have_url(re.compile(r"[?&]q=Wanjiru"))
    members = page.get_by_test_id("member-table")
    expect(members.get_by_role("link", name="Wanjiru Kamau")).to_be_visible()
    expect(members.get_by_role("row")).to_have_count(2)  # the header and Wanjiru

    members.get_by_role("link", name="Wanjiru Kamau").click()
    expect(page.get_by_test_id("member-profile")).to_contain_text("Wanjiru Kamau")
    plots = page.get_by_test_id("member-plots")
    expect(plots).to_contain_text(plot.name)
    expect(plots).to_contain_text("0.80 ha, of which 0.50 ha certified")


def test_donor_sees_the_register_in_figures_but_not_the_register(
    page: Page, live_server: LiveServer, browser_scope: Scope
):
    log_in(page, live_server, browser_scope.donor.username)

    page.get_by_test_id("group-table").get_by_role("link", name="Inside Cooperative").click()
    expect(page.get_by_role("heading", name="Inside Cooperative", level=1)).to_be_visible()
    figures = page.get_by_test_id("register-figures")
    expect(figures).to_be_visible()
    expect(figures.locator(".value").first).to_have_text("1")
    expect(figures).to_contain_text("shown only to those who keep the register")
    expect(figures.get_by_role("link")).to_have_count(0)
    expect(page.get_by_role("link", name="Open the register")).to_have_count(0)
    expect(page.get_by_role("link", name="Members", exact=True)).to_have_count(0)
    expect(page.locator("body")).not_to_contain_text("Wanjiru")

    # Typing the register's address does not help either.
    response = page.goto(f"{live_server.url}/groups/{browser_scope.group.pk}/members/")
    assert response is not None
    assert response.status == 403
