"""A group manager, on a phone, inspects a member and takes the finding all the way to a closed non-conformity.

The group has chosen Fairtrade SPO, this year's inspection round is open, and one of its members, Joseph Kariuki,
is a trained internal inspector. From the group's records hub the manager goes to the round and records Wanjiru's
inspection: pesticides are not compliant, two questions about hired workers do not apply, the rest is compliant.
The inspection page shows the non-conformity it found and the approval decision it proposes. The manager then
plans a corrective action, marks it done and marks the non-conformity implemented, reading the status on the page
at each step. She may not verify her own correction: the page says so and names who may. Joseph, who has a login,
verifies it on his own phone, writes what he checked and closes it. On the way, Joseph is refused as the inspector
of his own farm, with the reason on the page. The database agrees at the end.

Everything the manager and Joseph do is clicked and typed at 360 pixels wide; only the group's setting (standard,
round, inspector and his login) is built beforehand, through the factories and services.
"""

import datetime
import re
from collections.abc import Callable
from pathlib import Path

import pytest
from django.utils import timezone
from django.utils.formats import date_format
from playwright.sync_api import Locator, Page, expect
from pytest_django.live_server_helper import LiveServer

from cycles.models import (
    CorrectiveAction,
    Decision,
    Inspection,
    InspectionAnswer,
    NCStatus,
    NCStatusChange,
    NonConformity,
    Severity,
)
from cycles.selectors.inspections import inspection_questions
from cycles.services.inspections import inspection_round_open, inspector_create
from producers.models import Member, Role, User

from ..conftest import Scope
from ..factories import GroupStandardFactory, MemberFactory, MembershipFactory, PlotFactory, UserFactory
from .conftest import log_in, messages

pytestmark = pytest.mark.browser

GROUP = "Inside Cooperative"
MANAGER = "Agnes Muthoni"
INSPECTOR = "Joseph Kariuki"
FAILED = "FT-E-01"  # pesticide restrictions
NOT_APPLICABLE = ("FT-S-03", "FT-S-04")  # workers' unions and terms: Wanjiru hires nobody
FINDING = "A can of paraquat (red list) in the store; no spraying records kept."
ACTION = "Hand the paraquat to the county collection point and keep a spraying record book."
ACTION_OWNER = "Wanjiru Kamau, with the ICS manager"
VERIFICATION = "Store visited: no red-list product left; the spraying record book is up to date."


@pytest.fixture
def inspection_scope(browser_scope: Scope) -> tuple[Scope, Member, User]:
    """The inside group with Fairtrade SPO chosen, this year's round open, four members, and Joseph, a member who is
    a trained internal inspector with a login of the group. Returns the scope, Joseph's member record and login."""
    group, manager = browser_scope.group, browser_scope.group_manager
    # A name a reader recognises on the pages, instead of Faker's.
    manager.first_name, manager.last_name = MANAGER.split()
    manager.save(update_fields=["first_name", "last_name"])
    GroupStandardFactory.create(group=group)
    joseph = MemberFactory.create(group=group, first_name="Joseph", last_name="Kariuki")
    for member in (joseph, *(MemberFactory.create(group=group) for _ in range(2))):
        PlotFactory.create(member=member)
    login = UserFactory.create(username="joseph", first_name="Joseph", last_name="Kariuki")
    MembershipFactory.create(user=login, organisation=group.organisation, role=Role.GROUP_MANAGER)
    inspector_create(
        group=group,
        by=manager,
        member=joseph,
        user=login,
        trained_on=timezone.localdate() - datetime.timedelta(days=60),
    )
    inspection_round_open(group=group, year=timezone.localdate().year, by=manager)
    return browser_scope, joseph, login


def status_badge(page: Page) -> Locator:
    """The status badge in the non-conformity's heading."""
    return page.get_by_role("heading", level=2).locator("[data-status]")


def round_row(page: Page, name: str) -> Locator:
    return page.get_by_role("row").filter(has=page.get_by_role("link", name=name, exact=True))


def question(page: Page, code: str) -> Locator:
    return page.get_by_test_id("question").filter(has_text=code)


def choose(card: Locator, answer: str) -> None:
    """Tap an answer: the radio buttons are drawn as a row of buttons (their labels), the inputs themselves hidden."""
    card.locator("label").get_by_text(answer, exact=True).click()
    expect(card.get_by_label(answer, exact=True)).to_be_checked()


def answer_questions(
    page: Page, codes: list[str], *, failed: str | None = None, not_applicable: tuple[str, ...] = ()
) -> None:
    """Answer every question of the inspection form, by the code of its requirement: `failed` not compliant with
    the finding as its note, those in `not_applicable` not applicable, every other one compliant."""
    expect(page.get_by_test_id("question")).to_have_count(len(codes))
    for code in codes:
        card = question(page, code)
        if code == failed:
            choose(card, "Not compliant")
            card.get_by_label("Notes").fill(FINDING)
            # The severity shows once the answer is "not compliant", and nothing is chosen for the inspector.
            severity = card.get_by_label("Severity if not compliant")
            expect(severity).to_be_visible()
            expect(severity).to_have_value("")
            severity.select_option(Severity.MINOR)
        elif code in not_applicable:
            choose(card, "Not applicable")
        else:
            choose(card, "Compliant")


def test_group_manager_inspects_a_member_on_a_phone_and_closes_the_non_conformity(
    new_page: Callable[..., Page],
    live_server: LiveServer,
    inspection_scope: tuple[Scope, Member, User],
    tmp_path: Path,
):
    scope, joseph, joseph_login = inspection_scope
    group, wanjiru = scope.group, scope.member
    year = timezone.localdate().year
    page = new_page("phone")

    # From the manager's home page to the group's records hub, and on to this year's round.
    log_in(page, live_server, scope.group_manager.username)
    expect(page.get_by_role("heading", name=GROUP, level=1)).to_be_visible()
    page.get_by_role("link", name="Group profile, phase and certificates").click()
    page.get_by_role("link", name="Records", exact=True).click()
    expect(page).to_have_title(re.compile(rf"^Records · {GROUP}"))
    inspections_card = page.get_by_role("link").filter(has=page.get_by_role("heading", name="Internal inspections"))
    expect(inspections_card).to_contain_text(f"0 of 4 members inspected in {year}")
    inspections_card.click()
    page.get_by_role("link", name=f"Round {year}", exact=True).click()
    expect(page.get_by_role("heading", name=f"Inspection round {year}", level=2)).to_be_visible()
    expect(page.get_by_test_id("coverage")).to_contain_text("0 of 4 members inspected")

    # Wanjiru's inspection: the Inspect button of her row is whole on the narrow screen.
    inspect = round_row(page, "Wanjiru Kamau").get_by_role("link", name="Inspect")
    inspect.scroll_into_view_if_needed()
    box = inspect.bounding_box()
    assert box is not None
    assert box["x"] >= 0
    assert box["x"] + box["width"] <= 360
    inspect.click()
    expect(page.get_by_role("heading", name=re.compile(r"^Inspection of Wanjiru Kamau"), level=2)).to_be_visible()
    page.get_by_label("Inspector").select_option(label=INSPECTOR)
    expect(page.get_by_label("Inspected on")).to_have_value(timezone.localdate().isoformat())
    codes = [q.code for q in inspection_questions(group=group, year=year)]
    assert FAILED in codes
    assert set(NOT_APPLICABLE) <= set(codes)
    answer_questions(page, codes, failed=FAILED, not_applicable=NOT_APPLICABLE)
    page.get_by_label("General notes").fill("Visited the farm and the store with Wanjiru.")
    with page.expect_navigation():
        page.get_by_role("button", name="Save the inspection").click()

    # The inspection read back: one finding against the pesticide requirement, and the proposed decision.
    expect(messages(page)).to_have_text(
        "Inspection of Wanjiru Kamau recorded. Proposed decision: Approve with conditions. 1 non-conformity recorded."
    )
    proposal = page.get_by_test_id("proposal")
    expect(proposal.get_by_test_id("decision")).to_have_text("Approve with conditions")
    expect(proposal).to_contain_text("Only minor findings: approve, on condition that they are corrected.")
    findings = page.get_by_test_id("finding")
    expect(findings).to_have_count(1)
    expect(findings).to_contain_text(FAILED)
    expect(findings).to_contain_text("Minor")
    expect(findings).to_contain_text("Open")
    facts = page.get_by_test_id("facts")
    expect(facts).to_contain_text(INSPECTOR)
    expect(facts).to_contain_text(f"by {MANAGER} on")
    expect(page.get_by_test_id("answers").get_by_role("heading")).to_have_text(f"{len(codes)} answers")
    expect(page.locator('[data-testid="answer"][data-answer="not_applicable"]')).to_have_count(len(NOT_APPLICABLE))

    # Back in the round: Wanjiru is inspected. Joseph, the inspector, may not inspect his own farm.
    page.get_by_role("link", name=f"Round {year}").click()
    expect(page.get_by_test_id("coverage")).to_contain_text("1 of 4 members inspected")
    expect(round_row(page, "Wanjiru Kamau").get_by_test_id("decision")).to_have_text("Approve with conditions")
    round_row(page, INSPECTOR).get_by_role("link", name="Inspect").click()
    inspector = page.get_by_label("Inspector")
    expect(inspector.get_by_role("option", name=f"{INSPECTOR} (this member: may not inspect)")).to_have_count(1)
    inspector.select_option(label=f"{INSPECTOR} (this member: may not inspect)")
    answer_questions(page, codes)
    with page.expect_navigation():
        page.get_by_role("button", name="Save the inspection").click()
    refusal = page.get_by_test_id("form-errors")
    expect(refusal).to_be_visible()
    expect(refusal).to_have_text(re.compile(rf"{INSPECTOR} may not inspect their own farm\."))
    expect(refusal.get_by_role("listitem")).to_have_count(1)
    page.screenshot(path=tmp_path / "inspection-own-farm-refused-phone.png")
    assert not Inspection.objects.filter(member=joseph).exists()

    # The finding, through the hub's non-conformities.
    page.get_by_role("link", name="Records", exact=True).click()
    nc_card = page.get_by_role("link").filter(has=page.get_by_role("heading", name="Non-conformities"))
    expect(nc_card).to_contain_text("1 open")
    nc_card.click()
    row = page.get_by_test_id("nc-row").filter(has_text=FINDING[:40])
    expect(row).to_have_count(1)
    row.get_by_role("link", name=FAILED, exact=True).click()
    expect(page.get_by_role("heading", name=re.compile(rf"^Non-conformity {FAILED}"), level=2)).to_be_visible()
    expect(status_badge(page)).to_have_text("Open")
    expect(page.get_by_test_id("about")).to_contain_text("Wanjiru Kamau")
    expect(page.get_by_test_id("facts")).to_contain_text(FINDING)
    expect(page.get_by_role("button", name="Mark as action planned")).to_be_disabled()

    # Plan the corrective action: what, who, by when.
    due_on = timezone.localdate() + datetime.timedelta(days=30)
    actions = page.get_by_test_id("actions")
    actions.get_by_label("What will be done").fill(ACTION)
    actions.get_by_label("Who does it").fill(ACTION_OWNER)
    actions.get_by_label("Due on").fill(due_on.isoformat())
    with page.expect_navigation():
        actions.get_by_role("button", name="Add the action").click()
    expect(messages(page)).to_have_text(
        "Action added. When every action is agreed, mark the non-conformity as action planned."
    )
    action = page.get_by_test_id("action")
    expect(action).to_have_count(1)
    expect(action).to_contain_text(ACTION)
    expect(action).to_contain_text(f"{ACTION_OWNER} · due {date_format(due_on, 'j M Y')}")
    expect(status_badge(page)).to_have_text("Open")
    with page.expect_navigation():
        page.get_by_role("button", name="Mark as action planned").click()
    expect(messages(page)).to_have_text("The non-conformity is now “Action planned”.")
    expect(status_badge(page)).to_have_text("Action planned")

    # The action is done today; then the non-conformity is implemented.
    expect(page.get_by_role("button", name="Mark as implemented")).to_be_disabled()
    with page.expect_navigation():
        action.get_by_role("button", name="Mark done").click()
    expect(messages(page)).to_have_text("Action done. Every action is done: mark the non-conformity as implemented.")
    expect(action).to_contain_text(f"done {date_format(timezone.localdate(), 'j M Y')}")
    with page.expect_navigation():
        page.get_by_role("button", name="Mark as implemented").click()
    expect(messages(page)).to_have_text("The non-conformity is now “Implemented”.")
    expect(status_badge(page)).to_have_text("Implemented")

    # The manager reported the correction done: she may not verify it, and the page says who may.
    next_step = page.get_by_test_id("next-step")
    expect(next_step.get_by_test_id("verification-refused")).to_contain_text(
        "Verification needs a second person: the rule for minor non-conformities asks for the group's ICS manager "
        "or one of its internal inspectors (with a login), who did not report the corrective actions done. "
        f"You reported the corrective actions done. Who may verify: {INSPECTOR}."
    )
    expect(next_step.get_by_role("button", name="Verified: close it")).to_have_count(0)
    nc_url = page.url

    # Joseph verifies on the farm, on his own phone, and closes it.
    page = new_page("phone")
    log_in(page, live_server, joseph_login.username)
    page.goto(nc_url)
    expect(status_badge(page)).to_have_text("Implemented")
    next_step = page.get_by_test_id("next-step")
    expect(next_step.get_by_test_id("verification-refused")).to_have_count(0)
    next_step.get_by_label("What was checked").fill(VERIFICATION)
    expect(next_step.get_by_label("Closed on")).to_have_value(timezone.localdate().isoformat())
    close = next_step.get_by_role("button", name="Verified: close it")
    close.scroll_into_view_if_needed()
    expect(close).to_be_in_viewport()
    with page.expect_navigation():
        close.click()
    expect(messages(page)).to_have_text("The non-conformity is now “Verified and closed”.")
    expect(status_badge(page)).to_have_text("Verified and closed")
    expect(page.get_by_test_id("next-step")).to_have_count(0)
    expect(page.get_by_test_id("add-action")).to_have_count(0)
    history = page.get_by_test_id("status-history")
    expect(history).to_contain_text("Implemented → Verified and closed")
    expect(history).to_contain_text(VERIFICATION)
    expect(history.get_by_role("listitem")).to_have_count(4)
    for item in range(3):
        expect(history.get_by_role("listitem").nth(item)).to_contain_text(MANAGER)
    expect(history.get_by_role("listitem").nth(3)).to_contain_text(INSPECTOR)
    page.screenshot(path=tmp_path / "inspection-nc-closed-phone.png", full_page=True)

    # The database tells the same story.
    inspection = Inspection.objects.get(member=wanjiru, round__group=group, round__year=year)
    assert inspection.proposed_decision == Decision.APPROVE_WITH_CONDITIONS
    assert inspection.inspector is not None
    assert inspection.inspector.member == joseph
    assert inspection.recorded_by == scope.group_manager
    assert InspectionAnswer.objects.filter(inspection=inspection, answer="not_compliant").count() == 1
    nonconformity = NonConformity.objects.get(inspection=inspection)
    assert nonconformity.requirement.code == FAILED
    assert nonconformity.severity == Severity.MINOR
    assert nonconformity.member == wanjiru
    assert nonconformity.status == NCStatus.CLOSED
    assert nonconformity.closed_on == timezone.localdate()
    (saved_action,) = CorrectiveAction.objects.filter(nonconformity=nonconformity)
    assert (saved_action.owner, saved_action.due_on, saved_action.done_on) == (
        ACTION_OWNER,
        due_on,
        timezone.localdate(),
    )
    moves = list(NCStatusChange.objects.filter(nonconformity=nonconformity).order_by("changed_at", "pk"))
    assert [move.to_status for move in moves] == [
        NCStatus.OPEN,
        NCStatus.ACTION_PLANNED,
        NCStatus.IMPLEMENTED,
        NCStatus.CLOSED,
    ]
    assert moves[-1].note == VERIFICATION
    assert [move.changed_by for move in moves] == [scope.group_manager] * 3 + [joseph_login]
    assert saved_action.done_by == scope.group_manager
