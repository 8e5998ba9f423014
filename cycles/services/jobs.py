"""The life of a row of work done in the background (a progress report's job, a coordination run): claimed by one
run of its task, handed back on a passing database error, failed with a message its asker reads, finished once.

Every change is a conditional update on the row's status, so two deliveries of one task, or a task and the
clean-up, never both act on a row: the second finds nothing to change. The rows carry `status` (`JobStatus`),
`started_at`, `finished_at` and `error`.
"""

import logging
from collections.abc import Callable
from datetime import datetime, timedelta
from typing import Any, TypeVar

from celery.exceptions import SoftTimeLimitExceeded
from django.db import InterfaceError, OperationalError, models
from django.db.models import Q
from django.utils import timezone

from ..models import JobStatus

logger = logging.getLogger(__name__)

# A row still "running" this long after it was claimed lost its worker (killed past its hard time limit, or the
# machine restarted): it may be claimed again, and the periodic sweep fails it so that its asker can try again.
# Just longer than every task's hard time limit (cycles.tasks; tests/cycles/test_jobs_lost_worker.py checks it).
STALE_AFTER = timedelta(minutes=17)
# Errors that pass (the database restarting, a dropped connection): the row goes back to the queue and the task
# tries again later.
TRANSIENT_ERRORS = (OperationalError, InterfaceError)
ERROR_MAX_LENGTH = 2000

T = TypeVar("T")


def job_claim(
    model: type[models.Model], pk: int, *, now: datetime | None = None, attempt: str = "", **also: Any
) -> bool:
    """Claim a waiting row, or one whose worker was lost, for this run of the task; False when another run has
    it or it is finished. `also` are further fields the claim sets (a job's progress, its attempts).

    A row's worker was lost when the row has been running longer than any task may run, or when the same delivery
    (`attempt`, the task's id) comes again: Celery hands a task back to the queue when the process running it dies
    (`task_reject_on_worker_lost`), and the broker only redelivers an unacknowledged task after a visibility
    timeout longer than every task's hard limit, by which time the first run is surely gone.
    """
    now = now or timezone.now()
    claimable = Q(status=JobStatus.QUEUED) | Q(status=JobStatus.RUNNING, started_at__lt=now - STALE_AFTER)
    if attempt:
        claimable |= Q(status=JobStatus.RUNNING, attempt=attempt)
    return bool(
        model._default_manager.filter(claimable, pk=pk).update(
            status=JobStatus.RUNNING, started_at=now, error="", attempt=attempt, **also
        )
    )


def job_finish(model: type[models.Model], pk: int, *, now: datetime | None = None, **results: Any) -> bool:
    """Store what the claimed run made, finished at `now`. False when the row was failed or claimed again
    meanwhile: then what was made belongs to nobody."""
    return bool(
        model._default_manager.filter(pk=pk, status=JobStatus.RUNNING).update(
            status=JobStatus.DONE, finished_at=now or timezone.now(), **results
        )
    )


def job_fail(model: type[models.Model], pk: int, message: str) -> bool:
    """Record a failure on a row that has not finished. A finished row is never changed."""
    return bool(
        model._default_manager.filter(pk=pk, status__in=[JobStatus.QUEUED, JobStatus.RUNNING]).update(
            status=JobStatus.FAILED, error=message[:ERROR_MAX_LENGTH], finished_at=timezone.now()
        )
    )


def job_work(
    model: type[models.Model],
    pk: int,
    work: Callable[[], T],
    *,
    too_long: str,
    failed: Callable[[BaseException], str],
) -> T | None:
    """Do a claimed row's work and return what it made, or None when it failed and the failure is recorded.

    A passing database error hands the row back (queued) and is raised, for the task to retry; the soft time limit
    records `too_long`; any other error is logged and recorded as `failed(error)` says.
    """
    try:
        return work()
    except TRANSIENT_ERRORS:
        model._default_manager.filter(pk=pk, status=JobStatus.RUNNING).update(status=JobStatus.QUEUED, started_at=None)
        raise
    except SoftTimeLimitExceeded:
        job_fail(model, pk, too_long)
        return None
    except Exception as error:
        logger.exception("%s %s failed", model._meta.verbose_name, pk)
        job_fail(model, pk, failed(error))
        return None


def jobs_interrupted_fail(model: type[models.Model], message: str, *, now: datetime | None = None) -> int:
    """Fail the rows whose worker was lost (running past every task's time limit), with a message that says to try
    again. Returns how many."""
    now = now or timezone.now()
    return model._default_manager.filter(status=JobStatus.RUNNING, started_at__lt=now - STALE_AFTER).update(
        status=JobStatus.FAILED, error=message[:ERROR_MAX_LENGTH], finished_at=now
    )


__all__ = [
    "STALE_AFTER",
    "TRANSIENT_ERRORS",
    "job_claim",
    "job_fail",
    "job_finish",
    "job_work",
    "jobs_interrupted_fail",
]
