"""The report's pages through the test client: the form, the job page, the download, the retry, and the report
read as a page; with every role and an outsider."""

import datetime
from datetime import timedelta
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone

from cycles.models import (
    Indicator,
    JobStatus,
    LogframeIndicator,
    LogframeLevel,
    LogframeRow,
    LogframeTarget,
    Measurement,
    MeasurementSource,
    ReportJob,
)
from cycles.services import reports as services

from ..factories import (
    AssignmentFactory,
    MemberFactory,
    OrganisationFactory,
    ProducerGroupFactory,
    ProgrammeFactory,
)
from ..helpers import page_query_count
from .reports_fixtures import END, START, pdf_text, report_history

ROLES = ["coordinator", "field_officer", "group_manager", "donor", "outsider"]
PERIOD = {"start": START.isoformat(), "end": END.isoformat()}


def _new(**query) -> str:
    return reverse("cycles:report_new") + "?" + "&".join(f"{key}={value}" for key, value in query.items())


def _job(scope, user=None, **fields) -> ReportJob:
    values = {
        "requested_by": user or scope.donor,
        "group": scope.group,
        "period_start": START,
        "period_end": END,
        "created_at": timezone.now(),
    }
    values.update(fields)
    return ReportJob.objects.create(**values)


# --- The form ----------------------------------------------------------------------------------------------------


@pytest.mark.parametrize("role", ROLES)
def test_the_form_for_a_group_is_for_those_who_see_the_group(scope, login, role):
    response = login(scope.users()[role]).get(_new(group=scope.group.pk))
    assert response.status_code == (404 if role == "outsider" else 200)
    if response.status_code == 200:
        text = response.content.decode()
        assert "For Inside Cooperative." in text
        assert 'type="hidden" name="group"' in text


def test_the_form_for_a_programme_refuses_a_field_officer_who_sees_part_of_it(scope, login):
    programme = scope.group.programmes.get()
    programme.groups.add(scope.other_group)
    assert login(scope.field_officer).get(_new(programme=programme.pk)).status_code == 403
    # The funder's donor sees every group the programme supports, the one just added too.
    assert login(scope.donor).get(_new(programme=programme.pk)).status_code == 200
    assert login(scope.outsider).get(_new(programme=programme.pk)).status_code == 404


def test_the_form_without_a_subject_offers_the_groups_and_programmes_the_user_may_report_on(scope, login):
    text = login(scope.donor).get(reverse("cycles:report_new")).content.decode()
    assert "Inside Cooperative" in text
    assert "Outside Cooperative" not in text
    assert scope.group.programmes.get().name in text


def test_posting_the_form_makes_the_job_and_leads_to_its_page(
    scope, history, login, django_capture_on_commit_callbacks, security_log
):
    client = login(scope.donor)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(_new(group=scope.group.pk), {"group": scope.group.pk, **PERIOD})
    job = ReportJob.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("cycles:report_job", kwargs={"pk": job.pk})
    page = client.get(response["Location"])
    text = page.content.decode()
    assert 'data-testid="download"' in text
    assert "http-equiv" not in text
    download = client.get(reverse("cycles:report_download", kwargs={"pk": job.pk}))
    assert download.status_code == 200
    assert download["Content-Type"] == "application/pdf"
    line = security_log.events("download")[0]
    assert (line["username"], line["what"], line["job_id"], line["group_id"]) == (
        "donor",
        "progress_report",
        job.pk,
        scope.group.pk,
    )
    assert download["Content-Disposition"].startswith(
        'attachment; filename="inside-cooperative-progress-report-2025-01-01-2025-12-31.pdf"'
    )
    text = "\n".join(pdf_text(b"".join(download.streaming_content)))
    assert "3 of 4 members inspected" in text


def test_posting_a_wrong_period_shows_the_form_again(scope, login):
    response = login(scope.donor).post(
        _new(group=scope.group.pk), {"group": scope.group.pk, "start": END.isoformat(), "end": START.isoformat()}
    )
    assert response.status_code == 400
    assert "The period ends before it starts." in response.content.decode()
    assert not ReportJob.objects.exists()


def test_posting_a_group_outside_the_scope_is_refused(scope, login):
    response = login(scope.donor).post(reverse("cycles:report_new"), {"group": scope.other_group.pk, **PERIOD})
    assert response.status_code == 400  # not among the choices
    assert not ReportJob.objects.exists()


# --- The job page --------------------------------------------------------------------------------------------------


def test_a_waiting_job_page_refreshes_itself_and_shows_its_progress(scope, login):
    job = _job(scope, status=JobStatus.RUNNING, progress=45, started_at=timezone.now())
    response = login(scope.donor).get(reverse("cycles:report_job", kwargs={"pk": job.pk}))
    text = response.content.decode()
    assert '<meta http-equiv="refresh" content="3">' in text
    assert response["Refresh"] == "3"
    assert 'aria-valuenow="45"' in text
    assert 'data-testid="download"' not in text


@pytest.mark.parametrize("role", ROLES)
def test_a_job_page_is_for_its_asker_and_coordinators(scope, login, role):
    job = _job(scope)
    response = login(scope.users()[role]).get(reverse("cycles:report_job", kwargs={"pk": job.pk}))
    assert response.status_code == (200 if role in ("coordinator", "donor") else 404)


def test_a_failed_job_shows_its_message_and_can_be_tried_again(
    scope, history, login, django_capture_on_commit_callbacks
):
    job = _job(scope, status=JobStatus.FAILED, error="The report could not be made (the fonts are missing).")
    client = login(scope.donor)
    text = client.get(reverse("cycles:report_job", kwargs={"pk": job.pk})).content.decode()
    assert "the fonts are missing" in text
    assert 'data-testid="retry"' in text
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("cycles:report_retry", kwargs={"pk": job.pk}), follow=True)
    assert "The report is being made again." in response.content.decode()
    job.refresh_from_db()
    assert job.status == JobStatus.DONE


def test_retrying_a_job_that_did_not_fail_says_so(scope, login):
    job = _job(scope, status=JobStatus.RUNNING)
    response = login(scope.donor).post(reverse("cycles:report_retry", kwargs={"pk": job.pk}), follow=True)
    assert "Only a report that failed can be tried again." in response.content.decode()


def test_retry_needs_a_post(scope, login):
    job = _job(scope, status=JobStatus.FAILED)
    assert login(scope.donor).get(reverse("cycles:report_retry", kwargs={"pk": job.pk})).status_code == 405


# --- The download ------------------------------------------------------------------------------------------------


def _made(scope, history, user, django_capture_on_commit_callbacks) -> ReportJob:
    with django_capture_on_commit_callbacks(execute=True):
        job = services.report_request(user=user, group=scope.group, period_start=START, period_end=END)
    job.refresh_from_db()
    return job


def test_an_expired_file_is_not_served_and_the_page_offers_to_make_it_again(
    scope, history, login, django_capture_on_commit_callbacks
):
    job = _made(scope, history, scope.donor, django_capture_on_commit_callbacks)
    ReportJob.objects.filter(pk=job.pk).update(expires_at=timezone.now() - timedelta(minutes=1))
    services.report_files_expire()
    client = login(scope.donor)
    assert client.get(reverse("cycles:report_download", kwargs={"pk": job.pk})).status_code == 404
    text = client.get(reverse("cycles:report_job", kwargs={"pk": job.pk})).content.decode()
    assert 'data-testid="expired"' in text
    assert "Make it again" in text


def test_a_file_made_before_a_record_changed_is_marked_and_a_fresh_one_offered(
    scope, history, login, django_capture_on_commit_callbacks
):
    job = _made(scope, history, scope.donor, django_capture_on_commit_callbacks)
    client = login(scope.donor)
    page = reverse("cycles:report_job", kwargs={"pk": job.pk})
    text = client.get(page).content.decode()
    assert "The report is ready." in text
    assert 'data-testid="stale"' not in text
    MemberFactory(group=scope.group)
    text = client.get(page).content.decode()
    assert 'data-testid="stale"' in text
    assert "The records have changed since this file was made" in text
    assert "anyway" in text  # the old file is still offered, with its date
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(_new(group=scope.group.pk), {"group": scope.group.pk, **PERIOD})
    fresh = ReportJob.objects.exclude(pk=job.pk).get()
    assert response.url == reverse("cycles:report_job", kwargs={"pk": fresh.pk})
    text = client.get(response.url).content.decode()
    assert "The report is ready." in text
    assert 'data-testid="stale"' not in text


def test_a_file_is_served_only_to_those_who_still_see_every_group_in_it(
    scope, history, login, django_capture_on_commit_callbacks
):
    job = _made(scope, history, scope.donor, django_capture_on_commit_callbacks)
    # The programme stops supporting the group: the donor no longer sees it.
    scope.group.programmes.get().groups.remove(scope.group)
    client = login(scope.donor)
    assert client.get(reverse("cycles:report_download", kwargs={"pk": job.pk})).status_code == 403
    assert "cannot be downloaded" in client.get(reverse("cycles:report_job", kwargs={"pk": job.pk})).content.decode()


@pytest.mark.parametrize("role", ROLES)
def test_a_file_is_served_to_its_asker_and_coordinators_only(
    scope, history, login, role, django_capture_on_commit_callbacks
):
    job = _made(scope, history, scope.donor, django_capture_on_commit_callbacks)
    response = login(scope.users()[role]).get(reverse("cycles:report_download", kwargs={"pk": job.pk}))
    assert response.status_code == (200 if role in ("coordinator", "donor") else 404)


# --- The report as a page ----------------------------------------------------------------------------------------


@pytest.mark.parametrize("role", ROLES)
def test_the_group_report_page_is_for_every_role_that_sees_the_group(scope, history, login, role):
    url = reverse("cycles:report_page_group", kwargs={"pk": scope.group.pk})
    response = login(scope.users()[role]).get(url, PERIOD)
    assert response.status_code == (404 if role == "outsider" else 200)
    if role != "outsider":
        text = response.content.decode()
        assert "3 of 4 members inspected" in text
        assert 'data-testid="chart-compliance"><svg' in text
        assert "KES\N{NO-BREAK SPACE}2,000" in text
        assert "<script" not in text.split('id="content"')[1].split("</main>")[0]


@pytest.mark.parametrize(
    ("role", "status"),
    [("coordinator", 200), ("field_officer", 403), ("group_manager", 403), ("donor", 200), ("outsider", 404)],
)
def test_the_programme_report_page_needs_every_group_in_sight(scope, history, login, role, status):
    programme = scope.group.programmes.get()
    programme.groups.add(ProducerGroupFactory.create())
    url = reverse("cycles:report_page_programme", kwargs={"pk": programme.pk})
    assert login(scope.users()[role]).get(url, PERIOD).status_code == status


def test_a_donor_never_sees_another_funders_programme_report(scope, login):
    other = ProgrammeFactory.create(funder=OrganisationFactory.create(kind="donor"), groups=[scope.other_group])
    url = reverse("cycles:report_page_programme", kwargs={"pk": other.pk})
    assert login(scope.donor).get(url).status_code == 404


def test_a_wrong_period_on_the_page_says_so_and_shows_the_default(scope, login):
    url = reverse("cycles:report_page_group", kwargs={"pk": scope.group.pk})
    response = login(scope.donor).get(url, {"start": "2025-12-31", "end": "2025-01-01"})
    assert response.status_code == 400
    text = response.content.decode()
    assert "The period ends before it starts." in text
    today = timezone.localdate()
    assert f"1 January {today.year - 2}" in text


def test_the_programme_page_makes_as_many_queries_for_six_groups_as_for_two(scope, login):
    programme = scope.group.programmes.get()
    client = login(scope.coordinator)
    url = reverse("cycles:report_page_programme", kwargs={"pk": programme.pk})

    group = ProducerGroupFactory.create()
    report_history(scope, group)
    programme.groups.add(group)
    small = page_query_count(client, url, PERIOD)
    for _ in range(4):
        group = ProducerGroupFactory.create()
        report_history(scope, group)
        programme.groups.add(group)
    assert page_query_count(client, url, PERIOD) == small


def test_the_field_officer_is_refused_the_programme_report_even_when_every_group_is_theirs(
    scope, login, django_capture_on_commit_callbacks
):
    # Issue #14: a programme's report (its page, its PDF job, the job's file) follows `programmes_visible_to`,
    # which gives programmes to coordinators and the funder's donors only. Seeing every group of a programme
    # does not make a field officer its reader (this test said the opposite until then).
    programme = scope.group.programmes.get()
    group = ProducerGroupFactory.create()
    programme.groups.add(group)
    AssignmentFactory.create(field_officer=scope.field_officer, group=group, assigned_on=datetime.date(2025, 1, 1))
    client = login(scope.field_officer)
    url = reverse("cycles:report_page_programme", kwargs={"pk": programme.pk})
    assert client.get(url).status_code == 403
    assert client.get(_new(programme=programme.pk)).status_code == 403
    response = client.post(reverse("cycles:report_new"), {"programme": programme.pk, **PERIOD})
    assert response.status_code == 400
    assert not ReportJob.objects.exists()
    # A file made for the field officer before (when the rule let them ask) is not served to them any more.
    with django_capture_on_commit_callbacks(execute=True):
        job = services.report_request(user=scope.donor, programme=programme, period_start=START, period_end=END)
    ReportJob.objects.filter(pk=job.pk).update(requested_by=scope.field_officer)
    assert client.get(reverse("cycles:report_download", kwargs={"pk": job.pk})).status_code == 403
    assert login(scope.coordinator).get(reverse("cycles:report_download", kwargs={"pk": job.pk})).status_code == 200


def test_the_report_says_what_each_figure_measures_and_rounds_as_people_read(scope, history, login):
    programme = scope.group.programmes.get()
    row = LogframeRow.objects.create(programme=programme, level=LogframeLevel.OUTPUT, statement="Members inspected")
    measured = Indicator.objects.get(computation="inspection_coverage")
    coverage = LogframeIndicator.objects.create(
        row=row, name="Members inspected in the year", unit="%", indicator=measured
    )
    LogframeTarget.objects.create(indicator=coverage, period="2025", value=Decimal("90"))
    Measurement.objects.create(
        group=scope.group,
        indicator=measured,
        period="2025",
        value=Decimal("86.7700"),
        source=MeasurementSource.COMPUTED,
        measured_at=timezone.now(),
    )
    url = reverse("cycles:report_page_programme", kwargs={"pk": programme.pk})
    text = login(scope.donor).get(url, PERIOD).content.decode()
    assert "86.8% / 90%" in text  # not 86.77 / 90
    assert "mean of 1 of 1 groups" in text
    # The summary names its denominator and its period, so that it is not read as the framework's figure.
    assert "3 of 4 members inspected in the 2025 round, in the one group" in text
    assert "at a training in 2025" in text
