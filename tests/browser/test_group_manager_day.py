"""A group manager's day in the field, on a phone (360 px): a new member joins, her plot is registered, she is
inspected, she attends a training and her harvest is recorded. The forms say what the app already knows (the next
member number, the group's crop, the currency of the money), and each record is read back on its page.

The finding of an inspection taken to closed by a second person is the walk of test_inspection_to_closed_nc.py,
on the same group; together they are the day that issue #17 asks to hold on a phone.
"""

import datetime
import re
from collections.abc import Callable
from pathlib import Path

import pytest
from django.utils import timezone
from playwright.sync_api import Page, expect
from pytest_django.live_server_helper import LiveServer

from cycles.models import Inspection, ProductionRecord, Training
from cycles.selectors.inspections import inspection_questions
from producers.models import Member, User
from producers.selectors import next_member_number

from ..conftest import Scope
from .conftest import log_in, messages
from .test_inspection_to_closed_nc import INSPECTOR, answer_questions, inspection_scope, round_row

pytestmark = pytest.mark.browser

__all__ = ["inspection_scope"]  # the fixture, shared with the walk to a closed finding


def _fits(page: Page) -> None:
    """Nothing on the page makes a phone scroll sideways."""
    assert page.evaluate("document.documentElement.scrollWidth") <= 360


def test_a_group_managers_day_on_a_phone(
    new_page: Callable[..., Page],
    live_server: LiveServer,
    inspection_scope: tuple[Scope, Member, User],
    tmp_path: Path,
):
    scope, _joseph, _login = inspection_scope
    group = scope.group
    year = timezone.localdate().year
    page = new_page("phone")
    log_in(page, live_server, scope.group_manager.username)

    # A new member: the form proposes the next number in the group's own numbering.
    page.goto(f"{live_server.url}/groups/{group.pk}/members/")
    page.get_by_role("link", name="Add a member").first.click()
    number = page.get_by_label("Member number")
    expect(number).to_have_value(next_member_number(group))
    page.get_by_label("First name").fill("Grace")
    page.get_by_label("Last name").fill("Wairimu")
    page.get_by_label("Gender").select_option(label="Female")
    page.get_by_label("Village").fill("Karatina")
    _fits(page)
    page.screenshot(path=tmp_path / "day-1-member-form.png", full_page=True)
    with page.expect_navigation():
        page.get_by_role("button", name="Add the member").click()
    expect(page.get_by_role("heading", name=re.compile("Grace Wairimu"))).to_be_visible()
    grace = Member.objects.get(group=group, first_name="Grace")

    # Her plot: the crop is the group's own.
    page.get_by_role("link", name="Add a plot").first.click()
    expect(page.get_by_label("Crop")).to_have_value(group.get_commodity_display())
    page.locator("#id_name").fill("Upper shamba")
    page.locator("#id_area_ha").fill("0.75")
    page.locator("#id_certified_area_ha").fill("0")
    with page.expect_navigation():
        page.get_by_role("button", name="Add the plot").click()
    expect(messages(page)).to_have_text("The plot “Upper shamba” is added.")
    expect(page.get_by_test_id("plot")).to_contain_text("Upper shamba")
    _fits(page)
    page.screenshot(path=tmp_path / "day-2-member-with-plot.png", full_page=True)

    # Her inspection in this year's round, by the group's internal inspector: all compliant.
    page.goto(f"{live_server.url}/groups/{group.pk}/inspections/{year}/")
    round_row(page, "Grace Wairimu").get_by_role("link", name="Inspect").click()
    page.get_by_label("Inspector").select_option(label=INSPECTOR)
    codes = [q.code for q in inspection_questions(group=group, year=year)]
    answer_questions(page, codes)
    _fits(page)
    with page.expect_navigation():
        page.get_by_role("button", name="Save the inspection").click()
    expect(messages(page)).to_contain_text("Inspection of Grace Wairimu recorded.")
    assert Inspection.objects.filter(member=grace, round__year=year).count() == 1

    # A training she attends.
    page.goto(f"{live_server.url}/groups/{group.pk}/trainings/new/")
    page.locator("#id_topic").fill("Keeping the spraying record book")
    page.locator("#id_held_on").fill(timezone.localdate().isoformat())
    page.get_by_label("Grace Wairimu").check()
    _fits(page)
    with page.expect_navigation():
        page.get_by_role("button", name="Record the training").click()
    expect(page.get_by_role("heading", name=re.compile("Keeping the spraying record book"))).to_be_visible()
    assert list(Training.objects.get(group=group, topic__startswith="Keeping").attendees.all()) == [grace]

    # Her harvest, in the group's currency.
    page.goto(f"{live_server.url}/groups/{group.pk}/production/new/")
    page.locator("#id_member").select_option(value=str(grace.pk))
    season = str(year)
    page.locator("#id_season").fill(season)
    page.locator("#id_estimated_kg").fill("900")
    page.locator("#id_harvested_kg").fill("850")
    page.locator("#id_sold_certified_kg").fill("600")
    page.locator("#id_sold_conventional_kg").fill("200")
    # The money fields name their currency.
    expect(page.locator("label[for=id_price_per_kg]")).to_contain_text("Average price per kg (KES)")
    expect(page.locator("label[for=id_income]")).to_contain_text("Income (KES)")
    page.locator("#id_price_per_kg").fill("90.50")
    page.locator("#id_income").fill("72400")
    _fits(page)
    page.screenshot(path=tmp_path / "day-5-production-form.png", full_page=True)
    with page.expect_navigation():
        page.get_by_role("button", name="Record", exact=True).click()
    expect(page.get_by_text("KES 90.50 per kg sold").first).to_be_visible()
    _fits(page)
    page.screenshot(path=tmp_path / "day-6-production.png", full_page=True)
    record = ProductionRecord.objects.get(member=grace)
    assert (record.season, record.income) == (season, 72400)
    assert record.member.group == group
    assert datetime.date.today().year == year
