"""The daily sweep of files no record names: evidence of a rolled-back request, report files of a lost worker,
abandoned register imports. Files a record names, and recent files, stay."""

import os
from datetime import timedelta

import pytest
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction
from django.utils import timezone

from cycles import tasks
from cycles.models import Criterion, Evidence, ReportJob
from cycles.services import criterion_answer, trajectory_start
from cycles.services.answers import EVIDENCE_ORPHAN_AFTER, evidence_files_sweep
from cycles.services.reports import ORPHAN_AFTER, report_files_sweep, report_request

from .reports_fixtures import END, START

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    # A folder of its own: the suite's media folder is shared by the tests running beside this one.
    settings.MEDIA_ROOT = tmp_path
    return tmp_path


def _age(name: str, age: timedelta) -> None:
    written = (timezone.now() - age).timestamp()
    os.utime(default_storage.path(name), (written, written))


def _answer_with(scope, file_name: str) -> str:
    """Answer a manual criterion with one file; returns the stored name of that file."""
    answer = criterion_answer(
        group=scope.group,
        criterion=Criterion.objects.get(code="governed-organisation"),
        by=scope.field_officer,
        status="met",
        files=[SimpleUploadedFile(file_name, PDF)],
    )
    return str(answer.evidence.get(original_name=file_name).file.name)


def _request_failing_after_the_upload(scope) -> str:
    """A request that answers with a file, then fails after the service returned: its transaction rolls back,
    the file it wrote stays. Returns the file's name."""
    written: list[str] = []

    def request() -> None:
        with transaction.atomic():
            written.append(_answer_with(scope, "second.pdf"))
            raise RuntimeError("the request failed later")

    with pytest.raises(RuntimeError):
        request()
    return written[0]


def test_evidence_of_a_rolled_back_request_is_swept_and_kept_evidence_stays(scope):
    trajectory_start(group=scope.group, by=scope.field_officer)
    kept = _answer_with(scope, "minutes.pdf")
    lost = _request_failing_after_the_upload(scope)
    assert default_storage.exists(lost)
    assert not Evidence.objects.filter(file=lost).exists()

    assert evidence_files_sweep() == 0  # too recent: it could belong to a request still running
    _age(lost, EVIDENCE_ORPHAN_AFTER + timedelta(minutes=1))
    _age(kept, EVIDENCE_ORPHAN_AFTER + timedelta(days=30))
    assert evidence_files_sweep() == 1
    assert not default_storage.exists(lost)
    assert default_storage.exists(kept)


def test_a_report_file_no_job_names_is_swept_and_a_jobs_file_stays(scope, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=False):
        job = report_request(user=scope.donor, group=scope.group, period_start=START, period_end=END)
    named = default_storage.save("reports/named.pdf", ContentFile(PDF))
    ReportJob.objects.filter(pk=job.pk).update(file=named)
    lost = default_storage.save("reports/lost.pdf", ContentFile(PDF))
    for name in (named, lost):
        _age(name, ORPHAN_AFTER + timedelta(hours=1))
    assert report_files_sweep() == 1
    assert default_storage.exists(named)
    assert not default_storage.exists(lost)


def test_the_daily_task_sweeps_every_folder(scope):
    names = [
        default_storage.save(name, ContentFile(b"x"))
        for name in ("imports/abandoned.csv", "evidence/group-1/lost.pdf", "reports/lost.pdf")
    ]
    for name in names:
        _age(name, timedelta(days=3))
    assert tasks.files_sweep.delay().get() == 3
    assert not any(default_storage.exists(name) for name in names)
