"""The donors' progress report: asked for on a form, made in the background (a job page shows its progress, then
the download), and readable at once as a web page. Changes go through `cycles.services.reports`; access is the one
rule of `cycles.selectors.reports`: a group's report for those who see the group, a programme's for those
`programmes_visible_to` gives it."""

from datetime import date

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import QuerySet
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from producers.models import ProducerGroup, Programme
from producers.security_log import security_event
from producers.selectors import can_see_register, group_get_for_user, programmes_visible_to
from producers.views.helpers import error_messages, request_user

from ..forms.reports import PeriodForm, ReportForm
from ..models import JobStatus, ReportJob
from ..reports.charts import report_charts
from ..reports.progress import progress_report
from ..selectors import reports as selectors
from ..services import reports as services

# How often the job page reloads itself while the report is being made.
REFRESH_SECONDS = 3


def default_period(*, programme: Programme | None = None) -> tuple[date, date]:
    """A programme's own period up to today; for a group, the last three calendar years up to today."""
    today = timezone.localdate()
    if programme is not None:
        return min(programme.starts_on, today), min(programme.ends_on, today)
    return date(today.year - 2, 1, 1), today


def _subject_from_query(request: HttpRequest) -> tuple[ProducerGroup | None, Programme | None]:
    """The group or programme named in the address (?group=<id> or ?programme=<id>): 404 outside the user's
    scope, 403 for a programme the user sees only in part."""
    user = request_user(request)
    try:
        if request.GET.get("group"):
            return group_get_for_user(user=user, pk=int(request.GET["group"])), None
        if request.GET.get("programme"):
            return None, selectors.programme_get_for_report(user=user, pk=int(request.GET["programme"]))
    except ValueError:
        raise Http404 from None
    return None, None


def report_new_view(request: HttpRequest) -> HttpResponse:
    user = request_user(request)
    group, programme = _subject_from_query(request)
    fixed = group is not None or programme is not None
    if request.method == "POST":
        form = ReportForm(request.POST, user=user, fixed=fixed)
        if form.is_valid():
            try:
                job = services.report_request(
                    user=user,
                    group=form.cleaned_data["group"],
                    programme=form.cleaned_data["programme"],
                    period_start=form.cleaned_data["start"],
                    period_end=form.cleaned_data["end"],
                    # The language of this page: the report is made in it, whoever downloads it.
                    language=translation.get_language() or "",
                )
            except ValidationError as error:
                form.add_error(None, error)
            else:
                return redirect("cycles:report_job", pk=job.pk)
    else:
        start, end = default_period(programme=programme)
        form = ReportForm(
            initial={"group": group, "programme": programme, "start": start, "end": end}, user=user, fixed=fixed
        )
    recent = ReportJob.objects.filter(requested_by=user).select_related("group__organisation", "programme")[:5]
    return render(
        request,
        "cycles/reports/new.html",
        {"form": form, "group": group, "programme": programme, "recent": recent},
        status=400 if form.errors else 200,
    )


def _page_url(job: ReportJob) -> str:
    if job.group_id is not None:
        url = reverse("cycles:report_page_group", kwargs={"pk": job.group_id})
    else:
        url = reverse("cycles:report_page_programme", kwargs={"pk": job.programme_id})
    return f"{url}?start={job.period_start:%Y-%m-%d}&end={job.period_end:%Y-%m-%d}"


def report_job_view(request: HttpRequest, pk: int) -> HttpResponse:
    user = request_user(request)
    job = selectors.job_get_for_user(user=user, pk=pk)
    waiting = job.status in (JobStatus.QUEUED, JobStatus.RUNNING)
    available = selectors.job_file_available(job)
    response = render(
        request,
        "cycles/reports/job.html",
        {
            "job": job,
            "waiting": waiting,
            "refresh_seconds": REFRESH_SECONDS,
            "available": available,
            # A file made from records that have changed since is still offered, marked with its date.
            "current": not available or services.report_is_current(job),
            "expired": job.status == JobStatus.DONE and not job.file,
            "may_download": selectors.job_may_download(user=user, job=job),
            "page_url": _page_url(job),
            "file_days": settings.REPORT_FILE_DAYS,
        },
    )
    if waiting:
        # Besides the page's own <meta http-equiv="refresh">: the header works wherever the tag is placed.
        response["Refresh"] = str(REFRESH_SECONDS)
    return response


def _file_name(job: ReportJob) -> str:
    subject = job.group.organisation.name if job.group else job.programme.name if job.programme else "report"
    return f"{slugify(subject)}-progress-report-{job.period_start:%Y-%m-%d}-{job.period_end:%Y-%m-%d}.pdf"


def report_download_view(request: HttpRequest, pk: int) -> FileResponse:
    user = request_user(request)
    job = selectors.job_get_for_user(user=user, pk=pk)
    if not selectors.job_may_download(user=user, job=job):
        raise PermissionDenied(_("This report covers groups you may no longer see."))
    if not selectors.job_file_available(job):
        raise Http404(_("This report's file has expired or is not ready."))
    try:
        handle = job.file.open("rb")
    except FileNotFoundError:
        raise Http404(_("This report's file has expired or is not ready.")) from None
    security_event(
        "download",
        request=request,
        what="progress_report",
        job_id=job.pk,
        group_id=job.group_id,
        programme_id=job.programme_id,
    )
    return FileResponse(handle, as_attachment=True, filename=_file_name(job), content_type="application/pdf")


@require_POST
def report_retry_view(request: HttpRequest, pk: int) -> HttpResponse:
    user = request_user(request)
    job = selectors.job_get_for_user(user=user, pk=pk)
    try:
        services.report_retry(job=job, by=user)
    except ValidationError as error:
        error_messages(request, error)
    else:
        messages.success(request, _("The report is being made again."))
    return redirect("cycles:report_job", pk=job.pk)


def _period(request: HttpRequest, default: tuple[date, date]) -> tuple[PeriodForm, date, date]:
    """The period asked for in the address, or the default when none (or a wrong one) is given."""
    form = PeriodForm(request.GET or None, initial={"start": default[0], "end": default[1]})
    if form.is_bound and form.is_valid():
        return form, form.cleaned_data["start"], form.cleaned_data["end"]
    return form, default[0], default[1]


def _report_page(
    request: HttpRequest, *, group: ProducerGroup | None = None, programme: Programme | None = None
) -> HttpResponse:
    form, start, end = _period(request, default_period(programme=programme))
    report = progress_report(group=group, programme=programme, period_start=start, period_end=end)
    user = request_user(request)
    readable: QuerySet[Programme] = programmes_visible_to(user)
    return render(
        request,
        "cycles/reports/page.html",
        {
            "report": report,
            "charts": report_charts(report),
            "form": form,
            "group": group,
            "programme": programme,
            "start": start,
            "end": end,
            "programme_readable": programme is not None and readable.filter(pk=programme.pk).exists(),
            "can_see_register": group is not None and can_see_register(user, group),
        },
        status=400 if form.errors else 200,
    )


def report_page_group_view(request: HttpRequest, pk: int) -> HttpResponse:
    return _report_page(request, group=group_get_for_user(user=request_user(request), pk=pk))


def report_page_programme_view(request: HttpRequest, pk: int) -> HttpResponse:
    return _report_page(request, programme=selectors.programme_get_for_report(user=request_user(request), pk=pk))
