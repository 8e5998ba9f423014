"""Progress-report jobs: asked for by a person, claimed by one task, made once, stored as a PDF that expires.

A job goes queued → running → done (with a file until it expires) or failed (with a message; it can be tried
again). Every move is a conditional update on the current status, so a task delivered twice makes one file.

Who may ask for a report, and who may download it, is one rule (`cycles.selectors.reports.may_see_report`): a
group's report for those who see the group, a programme's for those `programmes_visible_to` gives it.
"""

import secrets
from datetime import date, datetime, timedelta

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db import transaction
from django.db.models import F
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from producers.languages import is_language, language_of
from producers.models import ProducerGroup, Programme, User
from producers.selectors import roles_of
from producers.storage import files_sweep

from ..dispatch import REPORT_MAKE, start_after_commit
from ..models import JobStatus, ReportJob
from ..reports.pdf import render_pdf
from ..reports.progress import progress_report
from ..reports.progress.digest import records_digest
from ..selectors.reports import may_see_report
from .jobs import job_claim, job_fail, job_finish, job_work, jobs_interrupted_fail

# A report over more years than this mixes too many seasons to read, and takes long to make.
MAX_PERIOD_DAYS = 10 * 366
# Records start no earlier than this; an earlier date is a typing mistake.
FIRST_DAY = date(1990, 1, 1)
UPLOAD_FOLDER = "reports"
# A report file no job names is a left-over once it is this old: far longer than any task runs.
ORPHAN_AFTER = timedelta(days=1)


# --- Asking ------------------------------------------------------------------------------------------------------


def check_period(*, period_start: date, period_end: date) -> None:
    if period_end < period_start:
        raise ValidationError(_("The period ends before it starts."), code="period_reversed")
    if period_start < FIRST_DAY:
        raise ValidationError(
            _("The period starts before %(year)d: no records go back that far.") % {"year": FIRST_DAY.year},
            code="period_too_early",
        )
    if period_start > timezone.localdate():
        raise ValidationError(_("The period starts in the future: there is nothing to report yet."), code="future")
    if (period_end - period_start).days > MAX_PERIOD_DAYS:
        raise ValidationError(_("Choose a period of at most ten years."), code="period_too_long")


def _enqueue(job: ReportJob) -> None:
    start_after_commit(REPORT_MAKE, job.pk)


@transaction.atomic
def report_request(
    *,
    user: User,
    group: ProducerGroup | None = None,
    programme: Programme | None = None,
    period_start: date,
    period_end: date,
    language: str = "",
) -> ReportJob:
    """Ask for a progress report of one group or one programme over a period; returns its job at once.

    The report is made in `language` (the page's, passed by the view; else the person's own): whoever downloads the
    file later reads it in the language it was asked in. A job in another language is never reused.

    The user must be one of the report's readers (`may_see_report`: the group's, or the programme's as
    `programmes_visible_to` says), or PermissionDenied.
    The same report asked again by the same person reuses their job that is waiting or running (it reads the
    records when it runs), or that is done, whose file has not expired and was made from the records as they are
    now: once a record the report reads has changed, a new file is made. Each person has their own jobs, as each
    job page is its asker's.
    """
    if (group is None) == (programme is None):
        raise ValidationError(_("Choose one group or one programme."), code="subject")
    check_period(period_start=period_start, period_end=period_end)
    if not may_see_report(user=user, group=group, programme=programme):
        raise PermissionDenied(_("You may ask for reports only about groups you can see."))
    language = language if is_language(language) else language_of(user)
    # One request at a time per person: two clicks on "make the report" must not make two jobs.
    User.objects.select_for_update().filter(pk=user.pk).first()
    same = ReportJob.objects.filter(
        requested_by=user,
        group=group,
        programme=programme,
        period_start=period_start,
        period_end=period_end,
        language=language,
    )
    making = same.filter(status__in=[JobStatus.QUEUED, JobStatus.RUNNING]).order_by("-created_at").first()
    if making is not None:
        return making
    done = (
        same.filter(status=JobStatus.DONE, expires_at__gt=timezone.now())
        .exclude(file="")
        .exclude(records_digest="")
        .order_by("-created_at")
        .first()
    )
    if done is not None and done.records_digest == records_digest(
        group=group, programme=programme, period_start=period_start, period_end=period_end, language=language
    ):
        return done
    job = ReportJob.objects.create(
        requested_by=user,
        group=group,
        programme=programme,
        period_start=period_start,
        period_end=period_end,
        language=language,
        created_at=timezone.now(),
    )
    _enqueue(job)
    return job


@transaction.atomic
def report_retry(*, job: ReportJob, by: User) -> ReportJob:
    """Put a failed job back in the queue. Only its asker or a coordinator, who may still see its report."""
    if job.requested_by_id != by.pk and not roles_of(by).coordinator:
        raise PermissionDenied(_("Only the person who asked for this report, or a coordinator, can try it again."))
    if not may_see_report(user=by, group=job.group, programme=job.programme):
        raise PermissionDenied(_("You may ask for reports only about groups you can see."))
    requeued = ReportJob.objects.filter(pk=job.pk, status=JobStatus.FAILED).update(
        status=JobStatus.QUEUED, progress=0, error="", started_at=None, finished_at=None
    )
    if not requeued:
        raise ValidationError(_("Only a report that failed can be tried again."), code="not_failed")
    job.refresh_from_db()
    _enqueue(job)
    return job


# --- Making ------------------------------------------------------------------------------------------------------


def report_claim(*, job_id: int, now: datetime | None = None, attempt: str = "") -> bool:
    """Claim a waiting job (or one whose worker was lost) for this run of the task; False when another has it,
    or it is done or failed. `attempt` is the task's delivery (see `job_claim`)."""
    return job_claim(ReportJob, job_id, now=now, attempt=attempt, progress=0, attempts=F("attempts") + 1)


def _tell_progress(job_id: int, share: int) -> None:
    ReportJob.objects.filter(pk=job_id, status=JobStatus.RUNNING).update(progress=share)


def _report_pdf(job: ReportJob) -> tuple[bytes, str]:
    """Build the report's data, telling the job page as each section is done, then print it; with the fingerprint
    of the records it was made from.

    The sections are read one after the other, not in one snapshot: a snapshot would hide the progress from the
    job page until the end. The fingerprint is taken first, so a record saved while the report is made leaves the
    file newer than its fingerprint, never older: the next request then makes a new file, it never hands out a
    stale one.
    """
    digest = records_digest(
        group=job.group,
        programme=job.programme,
        period_start=job.period_start,
        period_end=job.period_end,
        language=job.language,
    )
    # In the language of the person who asked, whatever language the worker runs in.
    with translation.override(job.language):
        report = progress_report(
            group=job.group,
            programme=job.programme,
            period_start=job.period_start,
            period_end=job.period_end,
            progress=lambda share: _tell_progress(job.pk, share),
        )
        _tell_progress(job.pk, 75)
        return render_pdf(report).content, digest


def report_make(*, job_id: int, attempt: str = "") -> bool:
    """Claim the job, make the PDF and store it. Returns False when there was nothing to do (claimed by another
    run, done or failed): a second run changes nothing and makes no second file.

    A transient database error hands the job back (queued) and is raised for the task to retry; any other error
    is recorded on the job with a message its asker can read.
    """
    if not report_claim(job_id=job_id, attempt=attempt):
        return False
    job = ReportJob.objects.select_related("group", "programme").get(pk=job_id)
    made = job_work(
        ReportJob,
        job_id,
        lambda: _report_pdf(job),
        too_long=_("The report took too long to make and was stopped."),
        failed=failure_message,
    )
    if made is None:
        return False
    content, digest = made
    name = default_storage.save(f"{UPLOAD_FOLDER}/{secrets.token_urlsafe(16)}.pdf", ContentFile(content))
    now = timezone.now()
    stored = job_finish(
        ReportJob,
        job_id,
        now=now,
        file=name,
        progress=100,
        records_digest=digest,
        expires_at=now + timedelta(days=settings.REPORT_FILE_DAYS),
    )
    if not stored:
        # The job was failed or claimed again meanwhile: the file belongs to nobody.
        default_storage.delete(name)
    return bool(stored)


def report_is_current(job: ReportJob) -> bool:
    """Whether a finished job's file was made from the records as they are now."""
    return bool(job.records_digest) and job.records_digest == records_digest(
        group=job.group,
        programme=job.programme,
        period_start=job.period_start,
        period_end=job.period_end,
        language=job.language,
    )


def failure_message(error: BaseException) -> str:
    """What the asker reads on the job page: what happened, in a sentence, and what to do."""
    detail = str(error).strip() or error.__class__.__name__
    return _(
        "The report could not be made because of an error on our side (%(detail)s). Try again; if it fails again, "
        "tell a coordinator."
    ) % {"detail": detail[:300]}


def report_fail(*, job_id: int, message: str) -> bool:
    """Record a failure on a job that has not finished. A finished job is never changed."""
    return job_fail(ReportJob, job_id, message)


# --- Clearing up -------------------------------------------------------------------------------------------------


def report_files_expire(*, now: datetime | None = None) -> int:
    """Delete the files whose time is up and clear them from their jobs, which then read as expired. Safe to run
    any number of times, and at the same time as itself: a file is cleared from its job only while the job still
    names it. Returns the number of files removed."""
    now = now or timezone.now()
    removed = 0
    expired = ReportJob.objects.filter(expires_at__lte=now).exclude(file="").values_list("pk", "file")
    for job_id, name in expired:
        if ReportJob.objects.filter(pk=job_id, file=name).update(file=""):
            default_storage.delete(name)
            removed += 1
    return removed


def report_files_sweep(*, now: datetime | None = None) -> int:
    """Remove the report files that no job names: written by a worker that died before recording its file, whose
    job was then made again. Returns how many were removed."""
    return files_sweep(
        UPLOAD_FOLDER,
        older_than=ORPHAN_AFTER,
        referenced=lambda names: set(ReportJob.objects.filter(file__in=names).values_list("file", flat=True)),
        now=now,
    )


def report_jobs_interrupted_fail(*, now: datetime | None = None) -> int:
    """Fail the jobs whose worker was lost (running long past the task's time limit), so their asker can try
    again."""
    return jobs_interrupted_fail(
        ReportJob, _("The report was interrupted while it was being made. Try again."), now=now
    )
