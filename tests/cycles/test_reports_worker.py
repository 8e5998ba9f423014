"""A real Celery worker, in its own process against Redis and the test database, takes a progress report from the
request on the page to the file a donor downloads. Runs where REDIS_URL is set and the database is PostgreSQL (CI);
skipped elsewhere (tests/worker.py)."""

import time

from django.urls import reverse

from cycles.models import JobStatus, ReportJob

from ..conftest import make_scope
from ..worker import celery_worker_process  # noqa: F401 (a fixture)
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
