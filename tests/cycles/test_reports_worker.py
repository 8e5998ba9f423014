"""A real Celery worker, in its own process against Redis and the test database, takes a progress report from the
request on the page to the file a donor downloads. Runs where REDIS_URL is set and the database is PostgreSQL (CI);
skipped elsewhere (tests/worker.py)."""

import os
import signal
import subprocess
import time
from datetime import timedelta

from django.core.files.storage import default_storage
from django.urls import reverse

from cycles.models import JobStatus, ReportJob
from cycles.services import reports as services
from cycles.services.reports import UPLOAD_FOLDER

from ..conftest import make_scope
from ..worker import celery_prefork_worker, celery_worker_process  # noqa: F401 (fixtures)
from .reports_fixtures import END, START, pdf_text, report_history

TIMEOUT = 60


def test_a_real_worker_takes_a_report_from_request_to_download(celery_worker_process, client):  # noqa: F811
    scope = make_scope()
    report_history(scope)
    client.force_login(scope.donor)
    response = client.post(
        reverse("cycles:report_new") + f"?group={scope.group.pk}",
        {"group": scope.group.pk, "start": START.isoformat(), "end": END.isoformat()},
    )
    assert response.status_code == 302
    job = ReportJob.objects.get()
    deadline = time.monotonic() + TIMEOUT
    while job.status not in (JobStatus.DONE, JobStatus.FAILED) and time.monotonic() < deadline:
        time.sleep(0.5)
        job.refresh_from_db()
    assert job.status == JobStatus.DONE, job.error or f"still {job.status} after {TIMEOUT} s"
    page = client.get(reverse("cycles:report_job", kwargs={"pk": job.pk})).content.decode()
    assert 'data-testid="download"' in page
    download = client.get(reverse("cycles:report_download", kwargs={"pk": job.pk}))
    assert download.status_code == 200
    text = "\n".join(pdf_text(b"".join(download.streaming_content)))
    assert "3 of 4 members inspected" in text


JOBS = 20
# Long enough for twenty small reports on a loaded CI machine; the issue allows fifteen minutes.
LOST_WORKER_TIMEOUT = 300


def _children(pid: int) -> list[int]:
    listed = subprocess.run(["pgrep", "-P", str(pid)], capture_output=True, text=True, check=False).stdout
    return [int(line) for line in listed.split()]


def test_a_worker_killed_in_the_middle_of_twenty_jobs_loses_none_and_makes_none_twice(
    celery_prefork_worker,  # noqa: F811
    django_capture_on_commit_callbacks,
):
    scope = make_scope()
    report_history(scope)
    users = [scope.donor, scope.coordinator]
    with django_capture_on_commit_callbacks(execute=True):
        jobs = [
            services.report_request(
                user=users[n % 2], group=scope.group, period_start=START, period_end=END - timedelta(days=n)
            )
            for n in range(JOBS)
        ]
    # Kill the process running the tasks (not its parent) while a job is being made.
    deadline = time.monotonic() + LOST_WORKER_TIMEOUT
    # Early in its making (its figures being read), far from the end, so that the kill lands inside it.
    making = ReportJob.objects.filter(status=JobStatus.RUNNING, progress__gt=0, progress__lt=45)
    while (killed := making.first()) is None:
        assert time.monotonic() < deadline, "no job started"
        time.sleep(0.02)
    [child] = _children(celery_prefork_worker.pid)
    os.kill(child, signal.SIGKILL)

    while ReportJob.objects.filter(status__in=[JobStatus.QUEUED, JobStatus.RUNNING]).exists():
        assert time.monotonic() < deadline, [
            (job.pk, job.status) for job in ReportJob.objects.exclude(status=JobStatus.DONE)
        ]
        time.sleep(0.5)
    done = ReportJob.objects.filter(pk__in=[job.pk for job in jobs])
    assert sorted(done.values_list("status", flat=True)) == [JobStatus.DONE] * JOBS
    # The killed job was taken over by the same delivery, handed back by the worker's parent: made once more, and
    # every other job once; one file each, none left behind.
    killed.refresh_from_db()
    assert killed.attempts == 2
    assert sorted(done.exclude(pk=killed.pk).values_list("attempts", flat=True)) == [1] * (JOBS - 1)
    files = set(done.values_list("file", flat=True))
    assert len(files) == JOBS
    _dirs, stored = default_storage.listdir(UPLOAD_FOLDER)
    assert {f"{UPLOAD_FOLDER}/{name}" for name in stored} >= files
