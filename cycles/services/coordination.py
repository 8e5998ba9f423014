"""Runs of the coordination report: asked for by a person or by the monthly schedule, claimed by one task, computed
once and stored. A finished run never changes: a second execution of its task finds nothing to claim.

Which runs a user may read is in `cycles.selectors.coordination`.
"""

import hashlib
import json
from datetime import date, datetime, timedelta
from typing import Any

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection, transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django_countries import countries

from producers.languages import is_language, language_of
from producers.models import Programme, User
from producers.models.organisations import Commodity
from producers.selectors import programmes_visible_to, roles_of
from standards.models import Standard

from ..dispatch import COORDINATION_RUN, start_after_commit
from ..models import CoordinationRun, JobStatus
from ..reports.coordination import FAST, FILTER_KEYS, ReportParameters, coordination_findings
from ..reports.recommendations import recommend
from .jobs import job_claim, job_fail, job_finish, job_work, jobs_interrupted_fail

# A report longer than this is refused: it would mix too many seasons to read.
MAX_PERIOD_DAYS = 5 * 366


def _clean_filters(filters: dict[str, Any]) -> dict[str, Any]:
    """The filters in their stored form (only those given), checked against the reference data."""
    unknown = set(filters) - set(FILTER_KEYS)
    if unknown:
        raise ValidationError(
            _("Unknown filter: %(names)s.") % {"names": ", ".join(sorted(unknown))}, code="unknown_filter"
        )
    cleaned: dict[str, Any] = {}
    country = str(filters.get("country") or "").upper()
    if country:
        if country not in countries:
            raise ValidationError(_("Choose a country from the list."), code="unknown_country")
        cleaned["country"] = country
    commodity = str(filters.get("commodity") or "")
    if commodity:
        if commodity not in Commodity.values:
            raise ValidationError(_("Choose a commodity from the list."), code="unknown_commodity")
        cleaned["commodity"] = commodity
    standard = str(filters.get("standard") or "")
    if standard:
        if not Standard.objects.filter(code=standard).exists():
            raise ValidationError(_("Choose a standard from the list."), code="unknown_standard")
        cleaned["standard"] = standard
    programme = filters.get("programme")
    if programme:
        try:
            programme_id = int(programme)
        except (TypeError, ValueError):
            raise ValidationError(_("Choose a programme from the list."), code="unknown_programme") from None
        if not Programme.objects.filter(pk=programme_id).exists():
            raise ValidationError(_("Choose a programme from the list."), code="unknown_programme")
        cleaned["programme"] = programme_id
    return cleaned


def _check_period(period_start: date, period_end: date) -> None:
    if period_end < period_start:
        raise ValidationError(_("The period ends before it starts."), code="period_reversed")
    if period_start > timezone.localdate():
        raise ValidationError(_("The period starts in the future: there is nothing to report yet."), code="future")
    if (period_end - period_start).days > MAX_PERIOD_DAYS:
        raise ValidationError(_("Choose a period of at most five years."), code="period_too_long")


def coordination_key(*, period_start: date, period_end: date, filters: dict[str, Any], language: str = "") -> str:
    """What was asked, hashed: the same question while a run for it is waiting or running reuses that run. A run
    in another language is another run: its findings are written in the language it was asked in."""
    asked = {"start": period_start.isoformat(), "end": period_end.isoformat(), "filters": filters}
    if language and language != settings.LANGUAGE_CODE:
        asked["language"] = language
    return hashlib.sha256(json.dumps(asked, sort_keys=True).encode()).hexdigest()


def _require_may_ask(user: User, filters: dict[str, Any]) -> None:
    roles = roles_of(user)
    if roles.coordinator:
        return
    if roles.donor:
        programme = filters.get("programme")
        if programme and programmes_visible_to(user).filter(pk=programme).exists():
            return
        raise PermissionDenied(_("A donor asks for the report of one of their own programmes."))
    raise PermissionDenied(_("Only coordinators and donors ask for the coordination report."))


def _enqueue(run: CoordinationRun) -> None:
    start_after_commit(COORDINATION_RUN, run.pk)


@transaction.atomic
def coordination_request(
    *, user: User, period_start: date, period_end: date, filters: dict[str, Any], language: str = ""
) -> tuple[CoordinationRun, bool]:
    """Ask for a run; returns it and whether it is new. The same question already waiting or running is reused.

    Coordinators may ask anything; donors only about one of their own programmes; nobody else. The run is made in
    `language` (the page's, passed by the view; else the person's own), and its downloads are in it too.
    """
    _check_period(period_start, period_end)
    cleaned = _clean_filters(filters)
    _require_may_ask(user, cleaned)
    language = language if is_language(language) else language_of(user)
    key = coordination_key(period_start=period_start, period_end=period_end, filters=cleaned, language=language)
    waiting = (
        CoordinationRun.objects.select_for_update()
        .filter(key=key, status__in=[JobStatus.QUEUED, JobStatus.RUNNING])
        .order_by("created_at")
        .first()
    )
    if waiting is not None:
        return waiting, False
    run = CoordinationRun.objects.create(
        key=key,
        requested_by=user,
        period_start=period_start,
        period_end=period_end,
        filters=cleaned,
        programme_id=cleaned.get("programme"),
        language=language,
        created_at=timezone.now(),
    )
    _enqueue(run)
    return run, True


def previous_month(today: date) -> tuple[date, date]:
    end = today.replace(day=1) - timedelta(days=1)
    return end.replace(day=1), end


@transaction.atomic
def coordination_monthly_request(*, today: date | None = None) -> tuple[CoordinationRun, bool]:
    """The scheduled run for the previous month, over every group. Once per month: a run for that month that has
    not failed is returned as it is (and started again only if it still waits)."""
    period_start, period_end = previous_month(today or timezone.localdate())
    key = coordination_key(period_start=period_start, period_end=period_end, filters={})
    existing = (
        CoordinationRun.objects.select_for_update()
        .filter(key=key, requested_by__isnull=True)
        .exclude(status=JobStatus.FAILED)
        .order_by("created_at")
        .first()
    )
    if existing is not None:
        if existing.status == JobStatus.QUEUED:
            _enqueue(existing)
        return existing, False
    run = CoordinationRun.objects.create(
        key=key,
        requested_by=None,
        period_start=period_start,
        period_end=period_end,
        filters={},
        language=settings.LANGUAGE_CODE,
        created_at=timezone.now(),
    )
    _enqueue(run)
    return run, True


# Memory for each sort and hash of the report's queries, for its transaction only: the distinct counts over the
# field's failed answers and inspections sort a few million rows, which PostgreSQL's default (4 MB) sends to disk.
REPORT_WORK_MEM = "64MB"


def coordination_results(
    *, period_start: date, period_end: date, filters: dict[str, Any], source: str = FAST
) -> dict[str, Any]:
    """The findings and the recommendations drawn from them: what a run stores. `source="raw"` reads the records
    instead of the totals kept from them (the same findings, slower)."""
    parameters = ReportParameters.from_filters(period_start=period_start, period_end=period_end, filters=filters)
    # One snapshot for every query, so the findings agree with each other while records keep changing.
    outermost = not connection.in_atomic_block
    with transaction.atomic():
        if connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                if outermost:
                    cursor.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ READ ONLY")
                cursor.execute("SELECT set_config('work_mem', %s, true)", [REPORT_WORK_MEM])
        findings = coordination_findings(parameters, source)
    findings["recommendations"] = recommend(findings)
    return findings


def coordination_execute(*, run_id: int, attempt: str = "") -> bool:
    """Claim the run, compute it and store the results. Returns False when there was nothing to do (already
    claimed, finished or failed): a second execution changes nothing.

    A transient database error hands the run back (queued) and is raised for the task to retry; any other error
    is recorded on the run with a message.
    """
    if not job_claim(CoordinationRun, run_id, attempt=attempt):
        return False
    run = CoordinationRun.objects.get(pk=run_id)

    def in_its_language() -> dict[str, Any]:
        # The words the findings keep (requirements, services, recommendations) in the language it was asked in.
        with translation.override(run.language):
            return coordination_results(period_start=run.period_start, period_end=run.period_end, filters=run.filters)

    results = job_work(
        CoordinationRun,
        run_id,
        in_its_language,
        too_long=_("The report took too long and was stopped."),
        failed=lambda error: _("The report could not be made: %(error)s") % {"error": error},
    )
    return results is not None and job_finish(CoordinationRun, run_id, results=results)


def coordination_fail(*, run_id: int, message: str) -> bool:
    """Record a failure on a run that has not finished. A finished run is never changed."""
    return job_fail(CoordinationRun, run_id, message)


def coordination_runs_interrupted_fail(*, now: datetime | None = None) -> int:
    """Fail the runs whose worker was lost, so that the question can be asked again."""
    return jobs_interrupted_fail(
        CoordinationRun, _("The report was interrupted while it was being made. Ask for it again."), now=now
    )


__all__ = [
    "coordination_execute",
    "coordination_fail",
    "coordination_key",
    "coordination_monthly_request",
    "coordination_request",
    "coordination_results",
    "coordination_runs_interrupted_fail",
    "previous_month",
]
