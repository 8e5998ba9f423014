"""The yearly cycle page of an autonomous group: the five steps of the year's loop and the improvement
requirements that fall due that year."""

from dataclasses import dataclass

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from producers.models import ProducerGroup
from producers.selectors import can_see_register, group_get_for_change, group_get_for_user
from producers.views.helpers import error_messages, request_user

from ..annual import ChecklistRow, annual_checklist, autonomy_refusal, open_refusal, requirements_due
from ..forms.annual import AnnualStepForm
from ..models import AnnualCycle, AnnualStep, AnnualStepRecord, Trajectory
from ..selectors import can_change
from ..services.annual import annual_cycle_open, annual_step_record

# Years a page can be shown for; outside, a date cannot even be built.
FIRST_YEAR, LAST_YEAR = 1900, 9998


@dataclass
class StepRow:
    row: ChecklistRow
    form: AnnualStepForm | None


def _cycle_url(group: ProducerGroup, year: int) -> str:
    return reverse("cycles:annual_cycle", kwargs={"pk": group.pk, "year": year})


def _group_for_change(request: HttpRequest, pk: int, year: int) -> ProducerGroup:
    """The group, for a POST: 404 outside the user's scope, 403 for those who only read it (donors)."""
    if not FIRST_YEAR <= year <= LAST_YEAR:
        raise Http404
    return group_get_for_change(user=request_user(request), pk=pk)


def annual_current_view(request: HttpRequest, pk: int) -> HttpResponse:
    group = group_get_for_user(user=request_user(request), pk=pk)
    return redirect(_cycle_url(group, timezone.localdate().year))


def annual_cycle_view(request: HttpRequest, pk: int, year: int) -> HttpResponse:
    if not FIRST_YEAR <= year <= LAST_YEAR:
        raise Http404
    user = request_user(request)
    group = group_get_for_user(user=user, pk=pk)
    today = timezone.localdate()
    trajectory = Trajectory.objects.filter(group=group).select_related("phase").first()
    cycle = AnnualCycle.objects.filter(group=group, year=year).select_related("opened_by").first()
    due = requirements_due(group=group, year=year)
    changer = can_change(user, group)
    not_autonomous = autonomy_refusal(trajectory)
    rows: list[StepRow] = []
    for row in annual_checklist(cycle):
        form = None
        if cycle is not None and changer and not_autonomous is None:
            initial = {"step": row.step.value, "done_on": row.record.done_on if row.record else None}
            if row.record:
                initial["note"] = row.record.note
            form = AnnualStepForm(initial=initial, year=year, auto_id=f"id_{row.step.value}_%s")
        rows.append(StepRow(row=row, form=form))
    cannot_open = open_refusal(trajectory=trajectory, year=year, initial_year=due.initial_year, today=today)
    return render(
        request,
        "cycles/annual_cycle.html",
        {
            "group": group,
            "tab": "cycle",
            "can_see_register": can_see_register(user, group),
            "can_change": changer,
            "trajectory": trajectory,
            "year": year,
            "cycle": cycle,
            "rows": rows,
            "done_count": sum(1 for item in rows if item.row.done),
            "step_count": len(AnnualStep),
            "due": due,
            "not_autonomous": not_autonomous.messages[0] if not_autonomous else "",
            "cannot_open": cannot_open.messages[0] if cannot_open else "",
            "previous_year": year - 1 if due.initial_year is not None and year - 1 >= due.initial_year else None,
            "next_year": year + 1 if year < today.year else None,
        },
    )


@require_POST
def annual_open_view(request: HttpRequest, pk: int, year: int) -> HttpResponse:
    group = _group_for_change(request, pk, year)
    existed = AnnualCycle.objects.filter(group=group, year=year).exists()
    try:
        annual_cycle_open(group=group, year=year, by=request_user(request))
    except ValidationError as error:
        error_messages(request, error)
    else:
        if existed:
            messages.info(request, _("The cycle of %(year)s was already open.") % {"year": year})
        else:
            messages.success(request, _("The cycle of %(year)s is open.") % {"year": year})
    return redirect(_cycle_url(group, year))


@require_POST
def annual_step_view(request: HttpRequest, pk: int, year: int) -> HttpResponse:
    group = _group_for_change(request, pk, year)
    url = _cycle_url(group, year)
    cycle = AnnualCycle.objects.filter(group=group, year=year).select_related("group__organisation").first()
    if cycle is None:
        messages.error(request, _("Open the cycle of %(year)s first.") % {"year": year})
        return redirect(url)
    form = AnnualStepForm(request.POST, year=year)
    if not form.is_valid():
        for field, errors in form.errors.items():
            label = form.fields[field].label if field in form.fields else None
            for message in errors:
                messages.error(request, f"{label}: {message}" if label else str(message))
        return redirect(url)
    step = AnnualStep(form.cleaned_data["step"])
    replaced = AnnualStepRecord.objects.filter(cycle=cycle, step=step).exists()
    try:
        annual_step_record(
            cycle=cycle,
            step=step,
            by=request_user(request),
            done_on=form.cleaned_data["done_on"],
            note=form.cleaned_data["note"],
        )
    except ValidationError as error:
        error_messages(request, error)
    else:
        if replaced:
            messages.success(request, _("“%(step)s” corrected.") % {"step": step.label})
        else:
            messages.success(request, _("“%(step)s” recorded as done.") % {"step": step.label})
    return redirect(f"{url}#step-{step.value}")
