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
# machine restarted): it may be claimed again. Longer than every task's hard time limit (cycles.tasks).
STALE_AFTER = timedelta(minutes=30)
# Errors that pass (the database restarting, a dropped connection): the row goes back to the queue and the task
# tries again later.
TRANSIENT_ERRORS = (OperationalError, InterfaceError)
ERROR_MAX_LENGTH = 2000

T = TypeVar("T")


def job_claim(model: type[models.Model], pk: int, *, now: datetime | None = None, **also: Any) -> bool:
    """Claim a waiting row, or one whose worker was lost, for this run of the task; False when another run has
    it or it is finished. `also` are further fields the claim sets (a job's progress, its attempts)."""
    now = now or timezone.now()
    claimable = Q(status=JobStatus.QUEUED) | Q(status=JobStatus.RUNNING, started_at__lt=now - STALE_AFTER)
    return bool(
        model._default_manager.filter(claimable, pk=pk).update(
            status=JobStatus.RUNNING, started_at=now, error="", **also
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


__all__ = ["STALE_AFTER", "TRANSIENT_ERRORS", "job_claim", "job_fail", "job_finish", "job_work"]
