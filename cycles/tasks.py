"""Celery tasks of the cycles app. Each is a thin wrapper: it takes ids, calls a service, retries transient errors
and records a failure on its job; the work and the rules are in the services.

Imports run one way: this module imports the services, and no service imports it. A service starts a task through
`cycles.dispatch` by the name the task declares here (see that module)."""

from typing import Any

from celery import Task, shared_task
from django.db import InterfaceError, OperationalError

from producers.storage import import_files_sweep

from . import dispatch
from .collect.receive import collect_files_sweep
from .reminders.mail import reminders_send as mail_reminders_send
from .services.answers import evidence_files_sweep
from .services.coordination import (
    coordination_execute,
    coordination_fail,
    coordination_monthly_request,
    coordination_runs_interrupted_fail,
)
from .services.reports import failure_message, report_fail, report_files_sweep, report_jobs_interrupted_fail
from .services.reports import report_files_expire as expire_report_files
from .services.reports import report_make as report_make_service

# --- The coordination report (cycles.services.coordination) --------------------------------------------------------

# Measured with `manage.py benchmark_coordination`: under 20 s for 2,000 groups and 500,000 members on a busy
# 2-core machine; the limits leave room for a field several times larger.
COORDINATION_SOFT_LIMIT = 15 * 60
COORDINATION_HARD_LIMIT = 16 * 60


class CoordinationRunTask(Task):
    """Marks the run failed when the task gives up (retries exhausted, or an error the service did not record)."""

    def on_failure(self, exc: Exception, task_id: str, args: Any, kwargs: Any, einfo: Any) -> None:
        run_id = kwargs.get("run_id", args[0] if args else None)
        if run_id is not None:
            coordination_fail(run_id=run_id, message=f"The report could not be made: {exc}")


@shared_task(
    name=dispatch.COORDINATION_RUN,
    bind=True,
    base=CoordinationRunTask,
    # Safe to deliver twice: the run is claimed with a conditional update before any work. So it is acknowledged
    # only once done, and handed back to the queue when the process running it dies.
    acks_late=True,
    reject_on_worker_lost=True,
    max_retries=3,
    soft_time_limit=COORDINATION_SOFT_LIMIT,
    time_limit=COORDINATION_HARD_LIMIT,
)
def coordination_run(self: Task, run_id: int) -> bool:
    """Compute and store one coordination run; does nothing when it is already claimed or finished."""
    try:
        return coordination_execute(run_id=run_id, attempt=self.request.id or "")
    except (OperationalError, InterfaceError) as exc:
        raise self.retry(exc=exc, countdown=30 * (self.request.retries + 1)) from exc


@shared_task(soft_time_limit=60, time_limit=90)
def coordination_monthly() -> int:
    """Celery beat, on the first of the month: the previous month's run over every group, once per month."""
    run, _created = coordination_monthly_request()
    return run.pk


# --- The progress report (cycles.services.reports) -----------------------------------------------------------------

# Measured with `manage.py benchmark_reports`: a report of a 50-group programme is made in well under a minute.
REPORT_SOFT_LIMIT = 10 * 60
REPORT_HARD_LIMIT = 11 * 60


class ReportJobTask(Task):
    """Marks the job failed, with a message its asker reads, when the task gives up (retries exhausted, or an
    error the service did not record)."""

    def on_failure(self, exc: Exception, task_id: str, args: Any, kwargs: Any, einfo: Any) -> None:
        job_id = kwargs.get("job_id", args[0] if args else None)
        if job_id is not None:
            report_fail(job_id=job_id, message=failure_message(exc))


@shared_task(
    name=dispatch.REPORT_MAKE,
    bind=True,
    base=ReportJobTask,
    # Safe to deliver twice: the job is claimed with a conditional update before any work. So it is acknowledged
    # only once done, and handed back to the queue when the process running it dies.
    acks_late=True,
    reject_on_worker_lost=True,
    max_retries=3,
    soft_time_limit=REPORT_SOFT_LIMIT,
    time_limit=REPORT_HARD_LIMIT,
)
def report_make(self: Task, job_id: int) -> bool:
    """Make one progress report's PDF; does nothing when its job is already claimed, done or failed."""
    try:
        return report_make_service(job_id=job_id, attempt=self.request.id or "")
    except (OperationalError, InterfaceError) as exc:
        raise self.retry(exc=exc, countdown=30 * (self.request.retries + 1)) from exc


@shared_task(soft_time_limit=120, time_limit=180)
def report_files_expire() -> int:
    """Celery beat, hourly: remove the report files whose time is up."""
    return expire_report_files()


@shared_task(soft_time_limit=60, time_limit=90)
def jobs_interrupted_fail() -> int:
    """Celery beat, every few minutes: fail the report jobs and coordination runs whose worker was lost, so that
    their askers see "try again" instead of a job running for ever."""
    return report_jobs_interrupted_fail() + coordination_runs_interrupted_fail()


# --- Files left behind (producers.storage) ------------------------------------------------------------------------


@shared_task(soft_time_limit=10 * 60, time_limit=11 * 60)
def files_sweep() -> int:
    """Celery beat, daily: remove the files no record names any more (abandoned register imports, evidence of a
    rolled-back request, reports of a lost worker). Returns how many were removed."""
    return import_files_sweep() + evidence_files_sweep() + report_files_sweep() + collect_files_sweep()


# --- Reminders by e-mail (cycles.reminders.mail) -------------------------------------------------------------------


@shared_task(soft_time_limit=10 * 60, time_limit=11 * 60)
def reminders_send() -> int:
    """Celery beat, every quarter of an hour: new urgent reminders, and the weekly digests of those for whom it is
    Monday morning. Each message is claimed before it is sent, so two beats at once send it once."""
    sent = mail_reminders_send()
    return sent.urgent + sent.digests
