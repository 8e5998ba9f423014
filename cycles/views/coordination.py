"""The coordination report: the runs a user may read, the form that asks for a new one, a run as a page, and its
downloads. Coordinators read and ask for everything; donors for their own programmes only; nobody else."""

from typing import Any

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse, HttpResponseBadRequest
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _
from django_countries import countries

from producers.models.organisations import Commodity
from producers.security_log import security_event
from producers.selectors import roles_of
from producers.views.helpers import request_user
from standards.models import Standard

from ..forms.coordination import CoordinationRequestForm
from ..models import CoordinationRun, JobStatus
from ..reports.coordination_export import EXPORTS, export_response, report_context
from ..selectors.coordination import coordination_run_get_for_user, coordination_runs_visible_to, may_read_coordination
from ..services.coordination import coordination_request

# The run page reloads itself this often (seconds) while the run waits or is being made.
REFRESH_SECONDS = 5


def _standard_names(runs: list[CoordinationRun]) -> dict[str, str]:
    codes = {run.filters.get("standard") for run in runs if (run.filters or {}).get("standard")}
    return dict(Standard.objects.filter(code__in=codes).values_list("code", "short_name")) if codes else {}


def filter_labels(run: CoordinationRun, standards: dict[str, str] | None = None) -> list[tuple[str, str]]:
    """The run's filters in words, for lists and headings. `standards`: short names by code, read once per page."""
    filters = run.filters or {}
    if standards is None:
        standards = _standard_names([run])
    labels: list[tuple[str, str]] = []
    if filters.get("country"):
        labels.append((_("Country"), str(countries.name(filters["country"]))))
    if filters.get("commodity"):
        labels.append((_("Commodity"), str(dict(Commodity.choices).get(filters["commodity"], filters["commodity"]))))
    if filters.get("standard"):
        labels.append((_("Chosen standard"), standards.get(filters["standard"], filters["standard"])))
    if filters.get("programme"):
        labels.append((_("Programme"), run.programme.name if run.programme else _("(removed)")))
    return labels


def coordination_runs_view(request: HttpRequest) -> HttpResponse:
    user = request_user(request)
    if not may_read_coordination(user):
        raise PermissionDenied
    form = CoordinationRequestForm(request.POST or None, user=user)
    if request.method == "POST" and form.is_valid():
        try:
            run, created = coordination_request(
                user=user,
                period_start=form.cleaned_data["period_start"],
                period_end=form.cleaned_data["period_end"],
                filters=form.filters(),
                # The language of this page: the run's findings and downloads are made in it.
                language=translation.get_language() or "",
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            # A new run's page says itself whether it is waiting, being made or ready: the task starts only when
            # this request commits, so any word about its state said here would be stale.
            if not created:
                messages.info(request, _("The same report is already being made: here it is."))
            return redirect("cycles:coordination_run", pk=run.pk)
    page = Paginator(coordination_runs_visible_to(user).order_by("-created_at", "-pk"), settings.PAGE_SIZE).get_page(
        request.GET.get("page")
    )
    runs = list(page.object_list)
    standards = _standard_names(runs)
    for run in runs:
        run.filter_labels = filter_labels(run, standards)  # type: ignore[attr-defined]
    response = render(
        request,
        "cycles/coordination/runs.html",
        {"form": form, "page": page, "runs": runs, "is_coordinator": roles_of(user).coordinator},
    )
    if request.method == "POST":
        response.status_code = 400
    return response


def coordination_run_view(request: HttpRequest, pk: int) -> HttpResponse:
    run = coordination_run_get_for_user(user=request_user(request), pk=pk)
    context: dict[str, Any] = {
        "run": run,
        "filter_labels": filter_labels(run),
        "waiting": run.status in (JobStatus.QUEUED, JobStatus.RUNNING),
        "refresh_seconds": REFRESH_SECONDS,
        "exports": EXPORTS,
    }
    if run.status == JobStatus.DONE:
        context.update(report_context(run.results))
    return render(request, "cycles/coordination/run.html", context)


def coordination_export_view(request: HttpRequest, pk: int) -> HttpResponse:
    run = coordination_run_get_for_user(user=request_user(request), pk=pk)
    kind = request.GET.get("format", "")
    if kind not in EXPORTS:
        return HttpResponseBadRequest(_("Choose a format: pdf, csv or xlsx."))
    if run.status != JobStatus.DONE:
        messages.info(request, _("The report is not ready yet."))
        return redirect(reverse("cycles:coordination_run", kwargs={"pk": run.pk}))
    # A run asked in Kiswahili downloads in Kiswahili, whoever downloads it.
    with translation.override(run.language):
        response = export_response(run, kind, filter_labels=filter_labels(run))
    # Figures over many groups rather than farmers' rows: the size tells what left.
    security_event(
        "export", request=request, what="coordination", format=kind, run_id=run.pk, bytes=len(response.content)
    )
    return response
