"""Jobs that survive a lost worker (#14 point 7): a task handed back when its process dies takes its job over at
once; a job whose worker is gone for good is failed within minutes of its time limit, with "try again" offered;
and the broker never gives a task that is still running to a second worker."""

from datetime import timedelta

from django.conf import settings
from django.urls import reverse
from django.utils import timezone

from cycles import tasks
from cycles.models import CoordinationRun, JobStatus, ReportJob
from cycles.services import reports as services
from cycles.services.jobs import STALE_AFTER

from .reports_fixtures import END, START


def _job(scope) -> ReportJob:
    return ReportJob.objects.create(
        requested_by=scope.donor, group=scope.group, period_start=START, period_end=END, created_at=timezone.now()
    )


def test_the_same_delivery_again_takes_over_a_job_its_lost_run_held(scope):
    job = _job(scope)
    assert services.report_claim(job_id=job.pk, attempt="task-1")
    # Another delivery, while the first still runs: it must not start the job a second time.
    assert not services.report_claim(job_id=job.pk, attempt="task-2")
    # The same delivery handed back after its process died: the first run is gone, the job is taken over.
    assert services.report_claim(job_id=job.pk, attempt="task-1")
    job.refresh_from_db()
    assert (job.status, job.attempt, job.attempts) == (JobStatus.RUNNING, "task-1", 2)


def test_a_job_whose_worker_is_gone_is_failed_by_the_sweep_and_can_be_tried_again(scope, login):
    job = _job(scope)
    assert services.report_claim(job_id=job.pk, attempt="task-1")
    assert tasks.jobs_interrupted_fail() == 0  # still within its time limit
    later = timezone.now() + STALE_AFTER + timedelta(seconds=1)
    ReportJob.objects.filter(pk=job.pk).update(started_at=timezone.now() - STALE_AFTER - timedelta(seconds=1))
    assert services.report_jobs_interrupted_fail(now=later) == 1
    job.refresh_from_db()
    assert job.status == JobStatus.FAILED
    assert "interrupted" in job.error
    page = login(scope.donor).get(reverse("cycles:report_job", kwargs={"pk": job.pk})).content.decode()
    assert 'data-testid="retry"' in page


def test_a_lost_coordination_run_is_failed_too(scope):
    run = CoordinationRun.objects.create(
        key="k",
        requested_by=scope.coordinator,
        period_start=START,
        period_end=END,
        filters={},
        status=JobStatus.RUNNING,
        started_at=timezone.now() - STALE_AFTER - timedelta(minutes=1),
        created_at=timezone.now(),
    )
    assert tasks.jobs_interrupted_fail() == 1
    run.refresh_from_db()
    assert run.status == JobStatus.FAILED


def test_the_limits_fit_together():
    hard_limits = [int(tasks.report_make.time_limit or 0), int(tasks.coordination_run.time_limit or 0)]
    assert all(hard_limits)
    visibility = int(settings.CELERY_BROKER_TRANSPORT_OPTIONS["visibility_timeout"])
    # The broker gives a task to another worker only once the first run is surely dead...
    assert all(visibility > limit for limit in hard_limits)
    # ... and a job is counted lost only past every time limit, then failed within the sweep's period.
    assert all(STALE_AFTER.total_seconds() > limit for limit in hard_limits)
    assert STALE_AFTER.total_seconds() <= visibility + 60
    schedule = settings.CELERY_BEAT_SCHEDULE["fail-interrupted-jobs"]["schedule"]
    assert isinstance(schedule, int)
    assert schedule <= 5 * 60


def test_the_job_tasks_are_handed_back_when_their_process_dies():
    for task in (tasks.report_make, tasks.coordination_run):
        assert task.acks_late
        assert task.reject_on_worker_lost
