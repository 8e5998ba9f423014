"""Report jobs: asking (with reuse of the same request), claiming, making the file once, failing and trying again,
expiry, and who may ask. Tasks run eagerly here; `django_capture_on_commit_callbacks` runs what waits for commit.
"""

import datetime
from datetime import timedelta

import pytest
from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.storage import default_storage
from django.db import OperationalError
from django.utils import timezone, translation

from cycles import tasks
from cycles.models import JobStatus, ReportJob
from cycles.reports.progress.digest import records_digest
from cycles.selectors import reports as selectors
from cycles.services import reports as services
from cycles.services.jobs import STALE_AFTER
from producers.models import Membership, Role

from ..factories import AssignmentFactory, MemberFactory, OrganisationFactory, ProgrammeFactory, UserFactory
from .reports_fixtures import END, START, pdf_text


def _ask(scope, user=None, **kwargs):
    asked = {"user": user or scope.donor, "group": scope.group, "period_start": START, "period_end": END}
    asked.update(kwargs)
    return services.report_request(**asked)


# --- Asking ------------------------------------------------------------------------------------------------------


def test_asking_creates_a_queued_job_and_starts_the_task_after_commit(
    scope, history, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        job = _ask(scope)
    assert job.status == JobStatus.QUEUED
    assert (job.requested_by, job.group, job.programme) == (scope.donor, scope.group, None)
    assert len(callbacks) == 1


def test_the_eager_task_makes_the_file_with_the_right_figures(scope, history, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        job = _ask(scope)
    job.refresh_from_db()
    assert job.status == JobStatus.DONE
    assert job.progress == 100
    assert job.attempts == 1
    assert job.file.name.startswith("reports/")
    assert job.file.name.endswith(".pdf")
    assert job.expires_at == job.finished_at + timedelta(days=settings.REPORT_FILE_DAYS)
    with job.file.open("rb") as handle:
        text = "\n".join(pdf_text(handle.read()))
    assert "3 of 4 members inspected" in text


def test_asking_again_reuses_the_waiting_running_or_done_job(scope, history, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=False):
        first = _ask(scope)
        assert _ask(scope) == first
        ReportJob.objects.filter(pk=first.pk).update(status=JobStatus.RUNNING, started_at=timezone.now())
        assert _ask(scope) == first
    with django_capture_on_commit_callbacks(execute=True):
        ReportJob.objects.filter(pk=first.pk).update(status=JobStatus.QUEUED)
        tasks.report_make(first.pk)
    with django_capture_on_commit_callbacks(execute=False):
        assert _ask(scope) == first  # done, and its file is still there
        assert ReportJob.objects.count() == 1


def test_a_done_report_is_not_handed_out_once_a_record_it_reads_has_changed(
    scope, history, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        first = _ask(scope)
    first.refresh_from_db()
    assert first.status == JobStatus.DONE
    assert len(first.records_digest) == 64
    assert services.report_is_current(first)
    MemberFactory(group=scope.group)  # one member more: the figures the file holds are out of date
    assert not services.report_is_current(first)
    with django_capture_on_commit_callbacks(execute=True):
        second = _ask(scope)
    assert second != first
    second.refresh_from_db()
    assert second.status == JobStatus.DONE
    assert second.records_digest != first.records_digest
    assert services.report_is_current(second)
    with django_capture_on_commit_callbacks(execute=False):
        assert _ask(scope) == second  # nothing changed since the new one


def test_the_fingerprint_does_not_depend_on_the_language(scope, history, django_capture_on_commit_callbacks):
    asked = {"group": scope.group, "period_start": START, "period_end": END}
    with translation.override("en"):
        english = records_digest(**asked)
    with translation.override("sw"):
        swahili = records_digest(**asked)
    assert english == swahili


def test_asking_for_something_else_or_as_someone_else_makes_a_new_job(
    scope, history, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=False):
        first = _ask(scope)
        assert _ask(scope, period_end=END - timedelta(days=1)) != first
        assert _ask(scope, user=scope.coordinator) != first
        assert _ask(scope, group=None, programme=scope.group.programmes.get()) != first
    assert ReportJob.objects.count() == 4


def test_a_failed_or_expired_job_is_not_reused(scope, history, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=False):
        first = _ask(scope)
        ReportJob.objects.filter(pk=first.pk).update(status=JobStatus.FAILED)
        second = _ask(scope)
        assert second != first
        ReportJob.objects.filter(pk=second.pk).update(
            status=JobStatus.DONE, file="", expires_at=timezone.now() - timedelta(days=1)
        )
        assert _ask(scope) not in (first, second)


@pytest.mark.parametrize(
    ("start", "end", "code"),
    [
        (END, START, "period_reversed"),
        (datetime.date(1980, 1, 1), END, "period_too_early"),
        (datetime.date(2014, 1, 1), END, "period_too_long"),
    ],
)
def test_a_period_that_makes_no_sense_is_refused(scope, start, end, code):
    with pytest.raises(ValidationError) as refusal:
        _ask(scope, period_start=start, period_end=end)
    assert refusal.value.code == code


def test_a_period_starting_in_the_future_is_refused(scope):
    tomorrow = timezone.localdate() + timedelta(days=1)
    with pytest.raises(ValidationError) as refusal:
        _ask(scope, period_start=tomorrow, period_end=tomorrow + timedelta(days=30))
    assert refusal.value.code == "future"


def test_one_subject_only(scope):
    with pytest.raises(ValidationError) as refusal:
        _ask(scope, programme=scope.group.programmes.get())
    assert refusal.value.code == "subject"


# --- Who may ask -------------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("role", "group_allowed", "programme_allowed"),
    [
        ("coordinator", True, True),
        # The programme's only group is in their portfolio, their own group: still not their programme (#14).
        ("field_officer", True, False),
        ("group_manager", True, False),
        ("donor", True, True),
        ("outsider", False, False),
    ],
)
def test_every_role_may_ask_only_about_the_groups_and_programmes_it_sees(scope, role, group_allowed, programme_allowed):
    user = scope.users()[role]
    programme = scope.group.programmes.get()
    for allowed, subject in ((group_allowed, {"group": scope.group}), (programme_allowed, {"programme": programme})):
        if allowed:
            assert services.report_request(user=user, period_start=START, period_end=END, **subject)
        else:
            with pytest.raises(PermissionDenied):
                services.report_request(user=user, period_start=START, period_end=END, **subject)
    if role != "coordinator":
        with pytest.raises(PermissionDenied):
            services.report_request(user=user, group=scope.other_group, period_start=START, period_end=END)


def test_a_donor_may_not_ask_about_another_funders_programme(scope):
    other = ProgrammeFactory.create(funder=OrganisationFactory.create(kind="donor"), groups=[scope.other_group])
    with pytest.raises(PermissionDenied):
        _ask(scope, group=None, programme=other)


def test_a_field_officer_may_not_ask_for_a_programme_report_even_with_every_group_in_their_portfolio(scope):
    # A programme's report is for those `programmes_visible_to` gives the programme (its funder's donors and
    # coordinators), whoever else sees its groups (issue #14).
    programme = scope.group.programmes.get()
    programme.groups.add(scope.other_group)
    with pytest.raises(PermissionDenied):
        _ask(scope, user=scope.field_officer, group=None, programme=programme)
    AssignmentFactory.create(field_officer=scope.field_officer, group=scope.other_group)
    with pytest.raises(PermissionDenied):
        _ask(scope, user=scope.field_officer, group=None, programme=programme)
    assert _ask(scope, user=scope.donor, group=None, programme=programme)


def test_a_programme_without_groups_is_for_those_who_read_the_programme(scope):
    empty = ProgrammeFactory.create(funder=scope.group.programmes.get().funder)
    assert selectors.may_see_report(user=scope.donor, programme=empty)
    assert selectors.may_see_report(user=scope.coordinator, programme=empty)
    assert not selectors.may_see_report(user=scope.field_officer, programme=empty)
    # Not even the programme whose only group is in the field officer's portfolio.
    assert not selectors.programmes_reportable_by(scope.field_officer).exists()
    assert not selectors.may_see_report(user=scope.field_officer, programme=scope.group.programmes.get())
    assert empty in selectors.programmes_reportable_by(scope.donor)


# --- Making ------------------------------------------------------------------------------------------------------


def test_a_task_run_twice_makes_one_file(scope, history, monkeypatch, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=False):
        job = _ask(scope)
    saved: list[str] = []
    save = default_storage.save

    def spy(name, content, *args, **kwargs):
        saved.append(save(name, content, *args, **kwargs))
        return saved[-1]

    monkeypatch.setattr(default_storage, "save", spy)
    assert tasks.report_make(job.pk) is True
    assert tasks.report_make(job.pk) is False
    job.refresh_from_db()
    assert job.status == JobStatus.DONE
    assert job.attempts == 1
    assert saved == [job.file.name]
    assert default_storage.exists(job.file.name)


def test_a_job_is_claimed_once(scope, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=False):
        job = _ask(scope)
    assert services.report_claim(job_id=job.pk)
    assert not services.report_claim(job_id=job.pk)
    # A job whose worker was lost long ago may be claimed again.
    later = timezone.now() + STALE_AFTER + timedelta(minutes=1)
    assert services.report_claim(job_id=job.pk, now=later)


def test_progress_is_recorded_as_the_sections_are_built(
    scope, history, monkeypatch, django_capture_on_commit_callbacks
):
    seen: list[int] = []
    original = services._tell_progress

    def tell(job_id: int, share: int) -> None:
        original(job_id, share)
        seen.append(ReportJob.objects.get(pk=job_id).progress)

    monkeypatch.setattr(services, "_tell_progress", tell)
    with django_capture_on_commit_callbacks(execute=True):
        _ask(scope)
    assert seen == sorted(seen)
    assert len(seen) >= 6
    assert seen[-1] == 75


def test_a_failure_is_recorded_with_a_clear_message_then_the_job_can_be_tried_again(
    scope, history, monkeypatch, django_capture_on_commit_callbacks
):
    def broken(report):
        raise RuntimeError("the fonts are missing")

    monkeypatch.setattr(services, "render_pdf", broken)
    with django_capture_on_commit_callbacks(execute=True):
        job = _ask(scope)
    job.refresh_from_db()
    assert job.status == JobStatus.FAILED
    assert "could not be made" in job.error
    assert "the fonts are missing" in job.error
    assert not job.file
    monkeypatch.undo()
    with django_capture_on_commit_callbacks(execute=True):
        services.report_retry(job=job, by=scope.donor)
    job.refresh_from_db()
    assert job.status == JobStatus.DONE
    assert job.error == ""
    assert job.attempts == 2


def test_only_a_failed_job_can_be_tried_again_and_only_by_its_asker_or_a_coordinator(
    scope, history, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=False):
        job = _ask(scope)
    with pytest.raises(ValidationError) as refusal:
        services.report_retry(job=job, by=scope.donor)
    assert refusal.value.code == "not_failed"
    ReportJob.objects.filter(pk=job.pk).update(status=JobStatus.FAILED)
    job.refresh_from_db()
    with pytest.raises(PermissionDenied):
        services.report_retry(job=job, by=scope.field_officer)
    with django_capture_on_commit_callbacks(execute=False):
        assert services.report_retry(job=job, by=scope.coordinator).status == JobStatus.QUEUED


def test_a_transient_database_error_hands_the_job_back_and_the_task_retries(
    scope, history, monkeypatch, django_capture_on_commit_callbacks
):
    calls = []
    original = services.progress_report

    def flaky(**kwargs):
        calls.append(1)
        if len(calls) == 1:
            raise OperationalError("server closed the connection unexpectedly")
        return original(**kwargs)

    monkeypatch.setattr(services, "progress_report", flaky)
    with django_capture_on_commit_callbacks(execute=False):
        job = _ask(scope)
    with pytest.raises(OperationalError):
        services.report_make(job_id=job.pk)
    job.refresh_from_db()
    assert job.status == JobStatus.QUEUED  # handed back for the retry
    # The task retries (eagerly here) and the second attempt makes the file.
    tasks.report_make.apply(args=(job.pk,))
    job.refresh_from_db()
    assert job.status == JobStatus.DONE
    assert job.attempts == 2


def test_the_task_marks_the_job_failed_when_its_retries_run_out(
    scope, history, monkeypatch, django_capture_on_commit_callbacks
):
    def down(**kwargs):
        raise OperationalError("the database is down")

    monkeypatch.setattr(services, "progress_report", down)
    with django_capture_on_commit_callbacks(execute=False):
        job = _ask(scope)
    # The last attempt: the error is raised on, and the task's on_failure records it.
    result = tasks.report_make.apply(args=(job.pk,), retries=tasks.report_make.max_retries, throw=False)
    assert result.failed()
    job.refresh_from_db()
    assert job.status == JobStatus.FAILED
    assert "the database is down" in job.error


def test_a_failed_job_is_never_changed_by_a_late_task(scope, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=False):
        job = _ask(scope)
    assert services.report_fail(job_id=job.pk, message="Stopped")
    assert tasks.report_make(job.pk) is False
    job.refresh_from_db()
    assert (job.status, job.error) == (JobStatus.FAILED, "Stopped")


# --- Expiry ------------------------------------------------------------------------------------------------------


def test_expiry_removes_the_file_and_clears_it_from_the_job_once(scope, history, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        job = _ask(scope)
    job.refresh_from_db()
    name = job.file.name
    assert default_storage.exists(name)
    assert tasks.report_files_expire() == 0  # not yet
    ReportJob.objects.filter(pk=job.pk).update(expires_at=timezone.now() - timedelta(minutes=1))
    assert tasks.report_files_expire() == 1
    assert not default_storage.exists(name)
    job.refresh_from_db()
    assert (job.status, job.file.name) == (JobStatus.DONE, "")
    assert not selectors.job_file_available(job)
    assert tasks.report_files_expire() == 0  # idempotent


def test_the_periodic_task_fails_jobs_whose_worker_was_lost(scope, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=False):
        job = _ask(scope)
    ReportJob.objects.filter(pk=job.pk).update(
        status=JobStatus.RUNNING, started_at=timezone.now() - STALE_AFTER - timedelta(minutes=1)
    )
    tasks.jobs_interrupted_fail()
    job.refresh_from_db()
    assert job.status == JobStatus.FAILED
    assert "interrupted" in job.error


def test_a_new_coordinator_sees_every_job(scope, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=False):
        job = _ask(scope)
    coordinator = UserFactory.create()
    Membership.objects.create(user=coordinator, organisation=OrganisationFactory.create(), role=Role.COORDINATOR)
    assert selectors.job_get_for_user(user=coordinator, pk=job.pk) == job
