"""The issue's "done when": a field officer walks a group through the five phases of the inner cycle in the browser.

The walk starts the group, is refused an advance before anything is answered, answers every manual criterion
(one answer carries a PDF), advances three times, is refused again in the initial-certificate phase because
the audit's findings are not recorded, and a coordinator overrides that gate with a justification. The
timeline then tells the story, and the database agrees.

Computed criteria read the group's records. The register and the chosen standard are there from the start; the
records of planning 2 (inspectors, a training, the inspection round) and of the certificate phase (the audit,
the certificate) are written by the test when the walk reaches those phases, as the group would enter them:
the pages that enter them have tests of their own (tests/browser/test_inspection_to_closed_nc.py, tests/cycles/).

Screenshots of the refusals and of the final timeline are kept in the test's tmp_path, for a look after a run.
"""

import datetime
import re
from collections.abc import Callable
from pathlib import Path

import pytest
from django.utils import timezone
from playwright.sync_api import Locator, Page, expect
from pytest_django.live_server_helper import LiveServer

from cycles.models import (
    CriterionAnswer,
    Decision,
    Evidence,
    Inspection,
    InspectionRound,
    Inspector,
    PhaseMove,
    Training,
    Trajectory,
)
from producers.models import ProducerGroup, User
from producers.models.organisations import InterestGroup, OrganisationKind
from producers.records_version import records_changed
from standards.models import Audit, Certificate, Standard
from standards.models.audits import AuditType

from ..conftest import Scope
from ..factories import CertificateFactory, GroupStandardFactory, MemberFactory, OrganisationFactory, PlotFactory
from .conftest import log_in, messages, open_menu_if_collapsed

pytestmark = pytest.mark.browser

PRECONDITIONS = "Preconditions"
PLANNING_1 = "Planning phase 1: baseline and choice"
PLANNING_2 = "Planning phase 2: building the system"
INITIAL_CERTIFICATE = "Initial certificate"
AUTONOMOUS = "Autonomous management and continual improvement"

# The manual criteria of each phase (cycles/reference_data.py), with the evidence note the walk types.
PRECONDITIONS_ANSWERS = {
    "governed-organisation": "Registered cooperative; leaders elected at the AGM of 14 February.",
    "members-committed": "Resolution of the members' meeting of 14 February.",
    "buyer-interested": "Letter of intent from the coffee buyer, 2 March.",
    "cost-covered": "Budget shared between the group, the buyer and the programme.",
}
PLANNING_1_ANSWERS = {
    "baseline-self-assessment": "Self-assessment against Fairtrade SPO done; 12 gaps listed.",
    "risk-assessment": "Risk assessment of members, plots and practices done.",
    "baseline-indicators": "Baseline survey of yield, income and quality.",
}
PLANNING_2_ANSWERS = {
    "improvement-plan-adopted": "Plan adopted at the general assembly.",
    "internal-rules-adopted": "Internal standard in Kikuyu adopted.",
}
INITIAL_CERTIFICATE_ANSWERS = {
    "certification-body-contracted": "Contract signed with the certification body; audit on 10 June.",
}
FINDINGS_NOT_RECORDED = "The findings are in the audit report but not yet entered in the register."
JUSTIFICATION = (
    "The certificate is issued and no major finding is open; the ICS manager enters the minor findings "
    "in the register this month."
)
FINDINGS_TEXT = "The audit's findings are recorded as non-conformities."
EVIDENCE_NAME = "agm-minutes.pdf"


@pytest.fixture
def walk_scope(browser_scope: Scope) -> Scope:
    """The inside group, not started yet, with a register that meets the computed criteria and a chosen standard.

    Eleven members (Wanjiru and ten more), each approved, with a year of birth and a plot with its area. No
    certificate yet: the walk issues it in the initial-certificate phase.
    """
    for _ in range(10):
        PlotFactory.create(member=MemberFactory.create(group=browser_scope.group))
    GroupStandardFactory.create(group=browser_scope.group)
    # Names a reader recognises on the timeline, instead of Faker's.
    _rename(browser_scope.field_officer, "Grace", "Wambui")
    _rename(browser_scope.coordinator, "Peter", "Mwangi")
    return browser_scope


def _rename(user: User, first_name: str, last_name: str) -> None:
    user.first_name, user.last_name = first_name, last_name
    user.save(update_fields=["first_name", "last_name"])


def criterion(page: Page, code: str) -> Locator:
    return page.locator(f'[data-testid="criterion"][data-code="{code}"]')


def expect_phase(page: Page, order: int, name: str) -> None:
    expect(page.get_by_test_id("gate-summary").get_by_role("heading")).to_contain_text(f"Phase {order} of 5 · {name}")


def answer(page: Page, code: str, note: str, *, status: str = "Met", files: list[Path] | None = None) -> None:
    """Open a criterion's "Answer", choose the status, type the evidence note, maybe attach files, and save."""
    card = criterion(page, code)
    card.locator("summary", has_text="Answer").click()
    form = card.get_by_test_id("answer-form")
    form.get_by_label(status, exact=True).check()
    form.get_by_label("Evidence").fill(note)
    if files:
        form.get_by_label("Files").set_input_files(files)
    with page.expect_navigation():
        form.get_by_role("button", name="Save the answer").click()
    expect(messages(page).filter(has_text="Answer saved:")).to_be_visible()
    expect(card).to_have_attribute("data-status", "met" if status == "Met" else "not_met")
    expect(card).to_contain_text(note)


def answer_all(page: Page, answers: dict[str, str]) -> None:
    for code, note in answers.items():
        answer(page, code, note)


def advance(page: Page, to: str) -> None:
    button = page.get_by_test_id("advance")
    expect(button).to_have_text(f"Advance to “{to}”")
    expect(page.get_by_test_id("gate-open")).to_be_visible()
    with page.expect_navigation():
        button.click()
    expect(messages(page).filter(has_text="The group moved to")).to_have_text(f"The group moved to “{to}”.")


def expect_closed_gate(page: Page, unmet: list[str]) -> None:
    """A closed gate: Advance cannot be pressed and says why, and the summary lists the unmet criteria."""
    count = len(unmet)
    expect(page.get_by_test_id("advance")).to_be_disabled()
    expect(page.get_by_test_id("advance-blocked")).to_contain_text(
        re.compile(rf"Closed: {count} mandatory criteri(a are|on is) not met yet")
    )
    listed = page.get_by_test_id("gate-closed").get_by_role("listitem")
    expect(listed).to_have_count(count)
    for index, text in enumerate(unmet):
        expect(listed.nth(index)).to_have_text(text)


def log_out(page: Page) -> None:
    open_menu_if_collapsed(page)
    with page.expect_navigation():
        page.get_by_role("button", name="Log out").click()
    expect(page.get_by_role("heading", name="Log in", level=1)).to_be_visible()


def expect_manual_criteria(page: Page, codes: list[str]) -> None:
    """The criteria answered by hand in this phase, in order: a change of the reference data shows here first."""
    manual = page.get_by_test_id("criterion").filter(has=page.get_by_test_id("answer-form"))
    expect(manual).to_have_count(len(codes))
    for index, code in enumerate(codes):
        expect(manual.nth(index)).to_have_attribute("data-code", code)


def record_the_internal_control_system(group: ProducerGroup, by: User) -> None:
    """Planning 2's records: two trained internal inspectors, a training every member attended, and this year's
    inspection round over every member."""
    today, now = timezone.localdate(), timezone.now()
    members = list(group.members.all())
    inspectors = [
        Inspector.objects.create(group=group, name=name, trained_on=today - datetime.timedelta(days=30))
        for name in ("Joseph Kariuki", "Mary Njeri")
    ]
    training = Training.objects.create(
        group=group, topic="The internal standard", held_on=today - datetime.timedelta(days=20)
    )
    training.attendees.set(members)
    training.inspectors.set(inspectors)
    inspection_round = InspectionRound.objects.create(group=group, year=today.year, opened_at=now, opened_by=by)
    for index, member in enumerate(members):
        Inspection.objects.create(
            round=inspection_round,
            member=member,
            inspector=inspectors[index % len(inspectors)],
            inspected_on=today,
            proposed_decision=Decision.APPROVE,
            recorded_at=now,
            recorded_by=by,
        )
    # Written around the services, quicker than through them: say what they would have said.
    records_changed([group.pk])


def record_the_audit_and_the_certificate(group: ProducerGroup, by: User) -> Certificate:
    """The certification body's initial audit two weeks ago, and the certificate it issued."""
    body = OrganisationFactory.create(
        name="Africert",
        interest_group=InterestGroup.QUALITY_PROFESSIONAL,
        kind=OrganisationKind.CERTIFICATION_BODY,
    )
    standard = Standard.objects.get(code="fairtrade-spo")
    audit = Audit.objects.create(
        group=group,
        standard=standard,
        certification_body=body,
        audit_type=AuditType.INITIAL,
        audited_on=timezone.localdate() - datetime.timedelta(days=14),
        auditor="Esther Achieng",
        recorded_at=timezone.now(),
        recorded_by=by,
    )
    certificate = CertificateFactory.create(
        group=group, standard=standard, certification_body=body, audit=audit, number="FLO-2025-0417"
    )
    records_changed([group.pk])  # as the services would say
    return certificate


def open_phase_from_home(page: Page, live_server: LiveServer) -> None:
    page.goto(f"{live_server.url}/")
    page.get_by_test_id("group-table").get_by_role("link", name="Inside Cooperative").click()
    expect(page.get_by_role("heading", name="Inside Cooperative", level=1)).to_be_visible()
    page.get_by_role("link", name="Phase", exact=True).click()
    expect(page).to_have_title(re.compile(r"^Phase · Inside Cooperative"))


def test_field_officer_walks_a_group_through_the_five_phases(
    new_page: Callable[..., Page], live_server: LiveServer, walk_scope: Scope, tmp_path: Path
):
    group = walk_scope.group
    officer, coordinator = "Grace Wambui", "Peter Mwangi"
    page = new_page("desktop")
    minutes = tmp_path / EVIDENCE_NAME
    minutes.write_bytes(b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n")

    # The field officer finds the group on her home page and starts it.
    log_in(page, live_server, walk_scope.field_officer.username)
    expect(page.get_by_role("heading", name="My groups", level=1)).to_be_visible()
    open_phase_from_home(page, live_server)
    expect(page.get_by_test_id("not-started")).to_contain_text("This group has not started the inner cycle yet.")
    with page.expect_navigation():
        page.get_by_role("button", name="Start with the preconditions").click()
    expect(messages(page)).to_have_text("The group has started the inner cycle in the preconditions phase.")
    expect_phase(page, 1, PRECONDITIONS)
    # The register meets the computed criteria already; the four manual ones are unanswered.
    expect(criterion(page, "support-assigned")).to_have_attribute("data-status", "met")
    expect(criterion(page, "basic-member-list")).to_have_attribute("data-status", "met")
    expect(criterion(page, "basic-member-list")).to_contain_text("11 members in the register; at least 10 needed.")
    expect(page.get_by_test_id("gate-closed")).to_contain_text("4 mandatory criteria are not met yet:")
    # A field officer has no override.
    expect(page.get_by_test_id("override")).to_have_count(0)

    # Before anything is answered, Advance cannot be pressed, and the page names the unmet criteria.
    expect_closed_gate(
        page,
        [
            "The group is governed: registered or registering, with elected leaders and a members' meeting "
            "in the last 12 months.",
            "Members have agreed to work towards certification together.",
            "A buyer has said in writing that it wants the group's certified produce.",
            "The cost of certification is covered or shared (group, buyer, funder).",
        ],
    )
    expect_phase(page, 1, PRECONDITIONS)
    page.screenshot(path=tmp_path / "walk-refused.png", full_page=True)
    assert Trajectory.objects.get(group=group).phase.code == "preconditions"

    # Preconditions: every manual criterion met, the first with the minutes of the meeting as a PDF.
    expect_manual_criteria(page, list(PRECONDITIONS_ANSWERS))
    (first_code, first_note), *rest = PRECONDITIONS_ANSWERS.items()
    answer(page, first_code, first_note, files=[minutes])
    first = criterion(page, first_code)
    expect(first.get_by_role("link", name=EVIDENCE_NAME)).to_be_visible()
    expect(first).to_contain_text(f"Answered by {officer} on")
    answer_all(page, dict(rest))
    advance(page, PLANNING_1)
    expect_phase(page, 2, PLANNING_1)

    # Planning 1: the chosen standard and the complete register are read from the records.
    expect_manual_criteria(page, list(PLANNING_1_ANSWERS))
    expect(criterion(page, "standards-chosen")).to_have_attribute("data-status", "met")
    expect(criterion(page, "register-complete")).to_contain_text("11 of 11 members")
    answer_all(page, PLANNING_1_ANSWERS)
    advance(page, PLANNING_2)
    expect_phase(page, 3, PLANNING_2)

    # Planning 2: the system is read from the records, which are empty when the group arrives.
    expect_manual_criteria(page, list(PLANNING_2_ANSWERS))
    expect(criterion(page, "approved-member-list")).to_contain_text("11 approved members.")
    expect(criterion(page, "inspectors-trained")).to_have_attribute("data-status", "not_met")
    expect(criterion(page, "inspectors-trained")).to_contain_text("0 trained internal inspectors; at least 2 needed.")
    expect(criterion(page, "first-inspection-round")).to_have_attribute("data-status", "not_met")
    answer_all(page, PLANNING_2_ANSWERS)
    record_the_internal_control_system(group, walk_scope.field_officer)
    page.reload()
    expect(criterion(page, "inspectors-trained")).to_contain_text("2 trained internal inspectors")
    expect(criterion(page, "members-trained")).to_contain_text("11 of 11 members attended a training")
    expect(criterion(page, "first-inspection-round")).to_contain_text(
        f"11 of 11 members inspected in {timezone.localdate().year}"
    )
    expect(criterion(page, "nonconformities-have-actions")).to_have_attribute("data-status", "met")
    advance(page, INITIAL_CERTIFICATE)
    expect_phase(page, 4, INITIAL_CERTIFICATE)

    # Initial certificate: the audit is done and the certificate issued, but the findings are not recorded yet.
    expect_manual_criteria(page, [*INITIAL_CERTIFICATE_ANSWERS, "findings-recorded"])
    expect(criterion(page, "external-audit-done")).to_contain_text("No external audit in the last 365 days.")
    expect(criterion(page, "certificate-issued")).to_contain_text("No valid certificate.")
    answer_all(page, INITIAL_CERTIFICATE_ANSWERS)
    answer(page, "findings-recorded", FINDINGS_NOT_RECORDED, status="Not met")
    certificate = record_the_audit_and_the_certificate(group, walk_scope.field_officer)
    page.reload()
    expect(criterion(page, "external-audit-done")).to_contain_text("Last audit:")
    expect(criterion(page, "major-nonconformities-closed")).to_have_attribute("data-status", "met")
    expect(criterion(page, "certificate-issued")).to_have_attribute("data-status", "met")
    expect(criterion(page, "certificate-issued")).to_contain_text(certificate.number)
    expect(page.get_by_test_id("gate-closed")).to_contain_text("1 mandatory criterion is not met yet:")
    expect_closed_gate(page, [FINDINGS_TEXT])
    expect_phase(page, 4, INITIAL_CERTIFICATE)

    # The coordinator overrides the closed gate, with a written justification.
    log_out(page)
    log_in(page, live_server, walk_scope.coordinator.username)
    expect(page.get_by_role("heading", name="All groups by phase", level=1)).to_be_visible()
    open_phase_from_home(page, live_server)
    expect_phase(page, 4, INITIAL_CERTIFICATE)
    override = page.get_by_test_id("override")
    override.get_by_text("Override the gate (coordinator)").click()
    override.get_by_label("Justification").fill(JUSTIFICATION)
    with page.expect_navigation():
        override.get_by_role("button", name=f"Advance to “{AUTONOMOUS}” by override").click()
    expect(messages(page)).to_have_text(f"Override recorded: the group moved to “{AUTONOMOUS}”.")
    expect_phase(page, 5, AUTONOMOUS)
    for code in ("certificate-valid", "external-audit", "inspection-round"):
        expect(criterion(page, code)).to_have_attribute("data-status", "met")
    expect(page.get_by_test_id("advance")).to_have_count(0)  # the last phase

    # The timeline: five stays, newest first, each naming who moved the group; the override stands out.
    page.get_by_role("link", name="Timeline", exact=True).click()
    stays = page.get_by_test_id("stay")
    expect(stays).to_have_count(5)
    expected = [
        ("override", AUTONOMOUS, f"Advanced by override · {coordinator}"),
        ("advance", INITIAL_CERTIFICATE, f"Advanced · {officer}"),
        ("advance", PLANNING_2, f"Advanced · {officer}"),
        ("advance", PLANNING_1, f"Advanced · {officer}"),
        ("start", PRECONDITIONS, f"Started · {officer}"),
    ]
    for index, (kind, phase, who) in enumerate(expected):
        stay = stays.nth(index)
        expect(stay).to_have_attribute("data-kind", kind)
        expect(stay.locator("strong")).to_have_text(f"Phase {5 - index} of 5 · {phase}")
        expect(stay).to_contain_text(who)
    overridden = stays.nth(0)
    expect(overridden).to_have_class(re.compile(r"\bborder-danger\b"))
    expect(overridden.get_by_text("Override", exact=True)).to_be_visible()
    expect(overridden).to_contain_text(JUSTIFICATION)
    expect(page.locator('[data-testid="stay"][data-kind="override"]')).to_have_count(1)
    page.screenshot(path=tmp_path / "walk-timeline.png", full_page=True)

    # The database tells the same story.
    trajectory = Trajectory.objects.select_related("phase").get(group=group)
    assert trajectory.phase.code == "autonomous"
    moves = list(PhaseMove.objects.filter(trajectory=trajectory).order_by("moved_at", "pk"))
    assert [m.kind for m in moves] == ["start", "advance", "advance", "advance", "override"]
    assert [m.to_phase.code for m in moves] == [
        "preconditions",
        "planning-1",
        "planning-2",
        "initial-certificate",
        "autonomous",
    ]
    assert [m.moved_by for m in moves] == [walk_scope.field_officer] * 4 + [walk_scope.coordinator]
    assert moves[-1].reason == JUSTIFICATION
    unmet_at_override = [item["code"] for item in moves[-1].gate_snapshot if item["status"] != "met"]
    assert unmet_at_override == ["findings-recorded"]
    answered = len(PRECONDITIONS_ANSWERS) + len(PLANNING_1_ANSWERS) + len(PLANNING_2_ANSWERS)
    answered += len(INITIAL_CERTIFICATE_ANSWERS) + 1
    assert CriterionAnswer.objects.filter(group=group, answered_by=walk_scope.field_officer).count() == answered
    assert list(Evidence.objects.filter(answer__group=group).values_list("original_name", flat=True)) == [EVIDENCE_NAME]


# At 360 x 740 px, the header (navbar, group name, tabs) leaves the rest of the first screen to the page's content.
HEADER_BUDGET_PX = 200


def test_on_a_phone_the_first_screen_shows_the_gate_and_a_refusal_is_one_line_above_it(
    new_page: Callable[..., Page], live_server: LiveServer, walk_scope: Scope, tmp_path: Path
):
    page = new_page("phone")
    log_in(page, live_server, walk_scope.field_officer.username)
    open_phase_from_home(page, live_server)
    with page.expect_navigation():
        page.get_by_role("button", name="Start with the preconditions").click()
    answer(page, "governed-organisation", PRECONDITIONS_ANSWERS["governed-organisation"])
    # The page as it opens from the tabs: at its top, not at the anchor of the answer just saved.
    page.goto(page.url.split("#")[0])
    assert page.evaluate("window.scrollY") == 0

    # The page's own content starts high on the first screen: the group's name once, the tabs in one row.
    summary = page.get_by_test_id("gate-summary")
    box = summary.bounding_box()
    assert box is not None
    assert box["y"] < HEADER_BUDGET_PX, f"the gate summary starts {box['y']:.0f} px down"
    tabs = page.get_by_test_id("group-tabs").get_by_role("link")
    first, last = tabs.first.bounding_box(), tabs.last.bounding_box()
    assert first is not None
    assert last is not None
    assert first["y"] == last["y"]  # one row, scrolled sideways
    expect(page.get_by_role("heading", name="Inside Cooperative", level=1)).to_have_count(1)

    # The closed gate: Advance cannot be pressed, and says why, whole on a narrow screen.
    button = page.get_by_test_id("advance")
    expect(button).to_be_disabled()
    button.scroll_into_view_if_needed()
    expect(button).to_be_in_viewport()
    box = button.bounding_box()
    assert box is not None
    assert box["x"] >= 0
    assert box["x"] + box["width"] <= 360

    # A page gone stale (the button was live when it loaded) is refused with one short message; the gate below it
    # still starts on the first screen.
    page.evaluate("document.querySelector('[data-testid=advance]').disabled = false")
    with page.expect_navigation():
        button.click()
    expect(messages(page)).to_have_count(1)
    expect(messages(page)).to_contain_text("The group cannot advance yet: 3 mandatory criteria are not met.")
    expect(summary).to_be_in_viewport()
    box = summary.bounding_box()
    assert box is not None
    assert box["y"] < 740 - 200
    expect_phase(page, 1, PRECONDITIONS)
    page.screenshot(path=tmp_path / "walk-phone-refused.png", full_page=True)
