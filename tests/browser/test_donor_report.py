"""A donor, in the browser, goes from the home page to the programme's progress report, reads it as a page, asks
for the PDF, follows the job page to the download link and gets a PDF whose text shows the programme, its group
and the figures of the records.

Celery runs tasks in-process in the test settings, so the job is made during the request; the real worker is
exercised in tests/cycles/test_reports_worker.py.
"""

import datetime
from io import BytesIO

import pytest
from playwright.sync_api import Page, expect
from pypdf import PdfReader
from pytest_django.live_server_helper import LiveServer

from cycles.models import JobStatus, ReportJob
from cycles.services.inspections import inspection_round_open

from ..conftest import Scope
from ..factories import MemberFactory
from .conftest import log_in

pytestmark = pytest.mark.browser

PROGRAMME = "Coffee Quality Programme 2025-2027"


def test_a_donor_reads_the_programme_report_and_downloads_it_as_pdf(
    browser_scope: Scope, live_server: LiveServer, page: Page
):
    scope = browser_scope
    programme = scope.group.programmes.get()
    programme.name = PROGRAMME
    programme.starts_on = datetime.date(2025, 1, 1)
    programme.save(update_fields=["name", "starts_on"])
    MemberFactory.create_batch(3, group=scope.group)
    inspection_round_open(group=scope.group, year=datetime.date.today().year, by=scope.group_manager)

    log_in(page, live_server, scope.donor.username)
    page.get_by_role("main").get_by_role("link", name="Progress report", exact=True).click()

    # The report as a page: the cover, the key figures and the sections.
    expect(page.get_by_role("heading", name=PROGRAMME)).to_be_visible()
    expect(page.get_by_role("heading", name="Summary")).to_be_visible()
    expect(page.get_by_role("heading", name="The internal control system")).to_be_visible()
    expect(page.get_by_text("Inside Cooperative").first).to_be_visible()

    page.get_by_role("button", name="Download as PDF").click()
    job = page.get_by_test_id("job")
    expect(job).to_have_attribute("data-status", JobStatus.DONE)
    with page.expect_download() as download_info:
        page.get_by_test_id("download").click()
    download = download_info.value
    assert download.suggested_filename.endswith(".pdf")
    content = download.path().read_bytes()

    reader = PdfReader(BytesIO(content))
    text = "\n".join(page_.extract_text() for page_ in reader.pages)
    assert PROGRAMME in text
    assert "Inside Cooperative" in text
    assert f"Page 1 of {len(reader.pages)}" in text or f"Page 2 of {len(reader.pages)}" in text
    assert "1 group in Kenya" in text
    assert "0 of 4 members inspected" in text  # Wanjiru and the three added; the round is open, nobody inspected

    [made] = ReportJob.objects.filter(requested_by=scope.donor)
    assert made.programme == programme
    assert made.status == JobStatus.DONE

    # A record changes: asking again makes a fresh file (not the one made before), whose figures are the page's.
    MemberFactory(group=scope.group)
    page.go_back()
    page.reload()
    expect(page.get_by_test_id("figure-coverage")).to_contain_text("0 of 5 members inspected")
    page.get_by_role("button", name="Download as PDF").click()
    expect(page.get_by_test_id("job")).to_have_attribute("data-status", JobStatus.DONE)
    expect(page.get_by_test_id("stale")).to_have_count(0)
    with page.expect_download() as download_info:
        page.get_by_test_id("download").click()
    fresh = PdfReader(BytesIO(download_info.value.path().read_bytes()))
    assert "0 of 5 members inspected" in "\n".join(page_.extract_text() for page_ in fresh.pages)
    assert ReportJob.objects.filter(requested_by=scope.donor).count() == 2

    # The first file's page says its records have changed since, and offers a fresh one.
    page.goto(f"{live_server.url}/report-jobs/{made.pk}/")
    expect(page.get_by_test_id("stale")).to_be_visible()


def test_the_report_page_reads_on_a_phone_without_sideways_scrolling(
    browser_scope: Scope, live_server: LiveServer, new_page
):
    scope = browser_scope
    MemberFactory.create_batch(3, group=scope.group)
    inspection_round_open(group=scope.group, year=datetime.date.today().year, by=scope.group_manager)
    page = new_page("phone")
    log_in(page, live_server, scope.donor.username)
    page.goto(f"{live_server.url}/programmes/{scope.group.programmes.get().pk}/report/")
    expect(page.get_by_role("heading", name="Summary")).to_be_visible()
    assert page.evaluate("document.documentElement.scrollWidth") <= 360
    # A wide table reads as stacked rows: each value beside its column's name.
    timeline = page.get_by_test_id("timeline-table")
    expect(timeline.locator("td[data-label='Entered phase 1']").first).to_be_visible()
    assert timeline.evaluate("t => t.scrollWidth <= t.parentElement.clientWidth")
