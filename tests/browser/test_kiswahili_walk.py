"""A group manager who reads Kiswahili (issue #12), on a phone: she switches the menu to Kiswahili, records an
inspection in this year's round, is refused, in Kiswahili, an inspector on his own farm, and downloads the group's
progress report, made in Kiswahili.

Every text the test looks for is the catalogue's Kiswahili (`sw` below), and each is checked to differ from its
English first, so that a missing translation cannot pass for one. The screenshots and the PDF are written to the
test's temporary folder (keep them with `--basetemp`).
"""

import datetime
import re
from collections.abc import Callable
from io import BytesIO
from pathlib import Path

import pytest
from django.utils import timezone, translation
from django.utils.translation import gettext
from playwright.sync_api import Page, expect
from pypdf import PdfReader
from pytest_django.live_server_helper import LiveServer

from cycles.models import Inspection, JobStatus, ReportJob
from cycles.selectors.inspections import inspection_questions
from producers.models import Member, User

from ..conftest import Scope
from .conftest import log_in, messages, open_menu_if_collapsed
from .test_inspection_to_closed_nc import FAILED, FINDING, INSPECTOR, inspection_scope, question, round_row

pytestmark = pytest.mark.browser

__all__ = ["inspection_scope"]  # the fixture: the inside group, its round open, Joseph its inspector


def sw(english: str, **values: object) -> str:
    """The catalogue's Kiswahili for an English text of the interface; it must be a translation."""
    with translation.override("sw"):
        kiswahili = gettext(english)
    assert kiswahili != english, f"no Kiswahili for {english!r}"
    return kiswahili % values if values else kiswahili


def answer_in_kiswahili(page: Page, codes: list[str], *, failed: str | None = None) -> None:
    """Answer every question: `failed` not compliant with the finding and a minor severity, the others compliant."""
    expect(page.get_by_test_id("question")).to_have_count(len(codes))
    for code in codes:
        card = question(page, code)
        answer = sw("Not compliant") if code == failed else sw("Compliant")
        card.locator("label").get_by_text(answer, exact=True).click()
        expect(card.get_by_label(answer, exact=True)).to_be_checked()
        if code == failed:
            card.get_by_label(sw("Notes")).fill(FINDING)
            card.get_by_label(sw("Severity if not compliant")).select_option("minor")


def test_a_group_manager_works_in_kiswahili_from_the_switch_to_the_report(
    new_page: Callable[..., Page],
    live_server: LiveServer,
    inspection_scope: tuple[Scope, Member, User],
    tmp_path: Path,
):
    scope, joseph, _joseph_login = inspection_scope
    group, wanjiru, manager = scope.group, scope.member, scope.group_manager
    year = timezone.localdate().year
    page = new_page("phone")

    # In English until she chooses: the menu's switch turns the page, and her profile, to Kiswahili.
    log_in(page, live_server, manager.username)
    expect(page.locator("html")).to_have_attribute("lang", "en")
    open_menu_if_collapsed(page)
    with page.expect_navigation():
        page.get_by_test_id("language-switch").get_by_role("button", name="Kiswahili").first.click()
    expect(page.locator("html")).to_have_attribute("lang", "sw")
    expect(page.get_by_role("heading", name=group.name, level=1)).to_be_visible()
    page.screenshot(path=tmp_path / "1-home-sw.png", full_page=True)
    manager.refresh_from_db()
    assert manager.preferred_language == "sw"

    # Wanjiru's inspection, in the round: the form, its answers and the flash message are Kiswahili.
    page.goto(f"{live_server.url}/groups/{group.pk}/inspections/{year}/")
    expect(page.get_by_role("heading", name=sw("Inspection round %(year)s", year=year), level=2)).to_be_visible()
    round_row(page, "Wanjiru Kamau").get_by_role("link", name=sw("Inspect")).click()
    page.get_by_label(sw("Inspector")).select_option(label=INSPECTOR)
    codes = [q.code for q in inspection_questions(group=group, year=year)]
    answer_in_kiswahili(page, codes, failed=FAILED)
    page.screenshot(path=tmp_path / "2-inspection-form-sw.png", full_page=True)
    with page.expect_navigation():
        page.get_by_role("button", name=sw("Save the inspection")).click()
    expect(messages(page)).to_contain_text(sw("Approve with conditions"))
    expect(page.get_by_test_id("finding")).to_contain_text(sw("Open"))
    page.screenshot(path=tmp_path / "3-inspection-recorded-sw.png", full_page=True)
    assert Inspection.objects.filter(member=wanjiru).count() == 1

    # Joseph, the inspector, on his own farm: refused, and the reason is Kiswahili.
    page.goto(f"{live_server.url}/groups/{group.pk}/inspections/{year}/")
    round_row(page, INSPECTOR).get_by_role("link", name=sw("Inspect")).click()
    page.get_by_label(sw("Inspector")).select_option(
        label=sw("%(name)s (this member: may not inspect)", name=INSPECTOR)
    )
    answer_in_kiswahili(page, codes)
    with page.expect_navigation():
        page.get_by_role("button", name=sw("Save the inspection")).click()
    refusal = page.get_by_test_id("form-errors")
    expect(refusal).to_have_text(
        re.compile(re.escape(sw("%(inspector)s may not inspect their own farm.") % {"inspector": INSPECTOR}))
    )
    refusal.scroll_into_view_if_needed()
    page.screenshot(path=tmp_path / "4-refusal-sw.png")
    assert not Inspection.objects.filter(member=joseph).exists()

    # The group's progress report: the page, then the PDF, both Kiswahili.
    page.goto(f"{live_server.url}/groups/{group.pk}/")
    page.get_by_test_id("group-report").click()
    expect(page.get_by_role("heading", name=sw("Summary"))).to_be_visible()
    page.get_by_role("button", name=sw("Download as PDF")).click()
    expect(page.get_by_test_id("job")).to_have_attribute("data-status", JobStatus.DONE)
    page.screenshot(path=tmp_path / "5-report-job-sw.png", full_page=True)
    with page.expect_download() as download_info:
        page.get_by_test_id("download").click()
    content = download_info.value.path().read_bytes()
    (tmp_path / "report-sw.pdf").write_bytes(content)
    text = "\n".join(page_.extract_text() for page_ in PdfReader(BytesIO(content)).pages)
    for heading in ("Summary", "The internal control system", "How the figures are counted"):
        assert sw(heading) in text, heading
        assert heading not in text, heading
    [job] = ReportJob.objects.filter(requested_by=manager)
    assert job.language == "sw"
    assert job.period_end <= datetime.date.today()
