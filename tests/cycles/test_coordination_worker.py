"""A real Celery worker, in its own process, against Redis and the test database, takes a coordination run from
the request to its stored result (PostgreSQL and REDIS_URL only: CI runs it; it skips elsewhere)."""

import datetime
import time

from django.utils import timezone

from cycles.models import CoordinationRun, JobStatus, MoveKind, Phase
from cycles.services import phase_move_record, trajectory_start
from cycles.services.coordination import coordination_request
from tests.conftest import make_scope
from tests.worker import celery_worker_process  # noqa: F401  (the fixture)


def test_a_real_worker_takes_a_run_from_request_to_result(celery_worker_process):  # noqa: F811
    scope = make_scope()
    long_ago = timezone.now() - datetime.timedelta(days=500)
    trajectory_start(group=scope.group, by=None, at=long_ago)
    phase_move_record(
        group=scope.group, kind=MoveKind.ADVANCE, to_phase=Phase.objects.get(code="planning-1"), by=None, at=long_ago
    )
    today = timezone.localdate()
    run, created = coordination_request(
        user=scope.coordinator, period_start=today - datetime.timedelta(days=364), period_end=today, filters={}
    )
    assert created
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        run.refresh_from_db()
        if run.status in (JobStatus.DONE, JobStatus.FAILED):
            break
        time.sleep(0.5)
    assert run.status == JobStatus.DONE, f"status {run.status}: {run.error}"
    assert [group["name"] for group in run.results["stuck"]["groups"]] == [scope.group.name]
    assert any(item["rule"] == "stuck_groups_review_gate" for item in run.results["recommendations"])
    assert CoordinationRun.objects.count() == 1
