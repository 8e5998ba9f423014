"""The phase page of a group: the gate of its current phase, the answers and evidence, and the moves."""

import functools
from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import FileResponse, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from producers.models import ProducerGroup
from producers.page_cache import group_for_page, group_page_cache
from producers.selectors import (
    can_see_register,
    group_get_for_change,
    group_get_for_user,
    may_change_all_visible,
    roles_of,
)
from producers.views.helpers import error_messages, form_error_messages, request_user

from .. import services
from ..forms.phases import AnswerForm, MoveForm, OverrideForm
from ..gates_stored import stored_gate
from ..models import Criterion, CriterionKind, MoveKind, Phase, Trajectory
from ..selectors import answers_with_evidence, can_change, can_steer, evidence_get_for_user
from ..selectors.phase_page import criterion_records_links, phase_moves


def _phase_url(group: ProducerGroup) -> str:
    return reverse("cycles:phase", kwargs={"pk": group.pk})


def _steered_group(request: HttpRequest, pk: int) -> ProducerGroup:
    """The group, for a move: 404 outside the user's scope, 403 for those who see it but do not steer it."""
    group = group_get_for_user(user=request_user(request), pk=pk)
    if not can_steer(request_user(request), group):
        raise PermissionDenied
    return group


def _expected_phase(request: HttpRequest) -> Phase:
    """The phase the person saw when they pressed the button: a stale page must not move the group twice."""
    try:
        return Phase.objects.get(pk=int(request.POST.get("expected_phase", "")))
    except (ValueError, Phase.DoesNotExist):
        raise ValidationError(_("The page was out of date; look at the group again."), code="stale") from None


def _phase_details(group: ProducerGroup, forms: dict[int, AnswerForm]) -> dict[str, Any]:
    """Where the group stands and its gate: computed only when the page's kept part is rendered
    (producers.page_cache)."""
    trajectory = Trajectory.objects.filter(group=group).select_related("phase").first()
    if trajectory is None:
        return {"trajectory": None}
    gate = stored_gate(group)
    answers = answers_with_evidence(group)
    links = criterion_records_links(group=group, gate=gate)
    rows = []
    for result in gate.results:
        answer = answers.get(result.criterion_id)
        form = forms.get(result.criterion_id)
        if form is None and result.kind == CriterionKind.MANUAL:
            initial = {"status": answer.status, "evidence_note": answer.evidence_note} if answer else {}
            form = AnswerForm(initial=initial, prefix=f"c{result.criterion_id}")
        rows.append(
            {
                "result": result,
                "answer": answer,
                "form": form,
                "open": result.criterion_id in forms,
                "records": links.get(result.criterion_id),
            }
        )
    moves = phase_moves(trajectory=trajectory, gate=gate)
    return {
        "trajectory": trajectory,
        "gate": gate,
        "rows": rows,
        "moves": moves,
        "next_phase": moves.next_phase,
        "override_form": OverrideForm(),
        "move_form": MoveForm(current=trajectory.phase, kinds=moves.other),
    }


def phase_view(request: HttpRequest, pk: int, *, answer_forms: dict[int, AnswerForm] | None = None) -> HttpResponse:
    user = request_user(request)
    group = group_for_page(user, pk)
    # Seen is changeable for all but donors: a query only for them.
    steer, answer = can_steer(user, group), may_change_all_visible(user) or can_change(user, group)
    context: dict[str, object] = {
        # A page re-shown with a refused answer is never kept: its forms carry what was typed.
        "page_cache": group_page_cache(request, group, vary=[steer, answer]) if answer_forms is None else None,
        "group": group,
        "tab": "phase",
        "can_see_register": can_see_register(user, group),
        "can_steer": steer,
        "can_answer": answer,
        "is_coordinator": roles_of(user).coordinator,
        "page_details": functools.partial(_phase_details, group, answer_forms or {}),
    }
    return render(request, "cycles/phase.html", context)


@require_POST
def answer_view(request: HttpRequest, pk: int, criterion_pk: int) -> HttpResponse:
    user = request_user(request)
    group = group_get_for_change(user=user, pk=pk)
    criterion = get_object_or_404(Criterion, pk=criterion_pk, kind=CriterionKind.MANUAL)
    form = AnswerForm(request.POST, request.FILES, prefix=f"c{criterion.pk}")
    if form.is_valid():
        try:
            services.criterion_answer(
                group=group,
                criterion=criterion,
                by=user,
                status=form.cleaned_data["status"],
                evidence_note=form.cleaned_data["evidence_note"],
                files=form.cleaned_data["attachments"],
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("Answer saved: %(criterion)s") % {"criterion": criterion.text})
            return redirect(f"{_phase_url(group)}#criterion-{criterion.pk}")
    # What the person typed stays in the form, with the errors beside it.
    response = phase_view(request, pk, answer_forms={criterion.pk: form})
    response.status_code = 400
    return response


@require_POST
def start_view(request: HttpRequest, pk: int) -> HttpResponse:
    group = _steered_group(request, pk)
    try:
        services.trajectory_begin(group=group, by=request_user(request))
    except ValidationError as error:
        error_messages(request, error)
    else:
        messages.success(request, _("The group has started the inner cycle in the preconditions phase."))
    return redirect(_phase_url(group))


@require_POST
def advance_view(request: HttpRequest, pk: int) -> HttpResponse:
    group = _steered_group(request, pk)
    try:
        move = services.phase_advance(
            group=group,
            by=request_user(request),
            expected_phase=_expected_phase(request),
            reason=request.POST.get("reason", ""),
        )
    except services.GateRefused as refusal:
        # One short message: the page lists the unmet criteria, each with what to do about it.
        messages.error(request, f"{refusal.messages[0]} {_('They are listed below, each with what to do.')}")
    except ValidationError as error:
        error_messages(request, error)
    else:
        messages.success(request, _("The group moved to “%(phase)s”.") % {"phase": move.to_phase.name})
    return redirect(_phase_url(group))


@require_POST
def override_view(request: HttpRequest, pk: int) -> HttpResponse:
    group = _steered_group(request, pk)
    if not roles_of(request_user(request)).coordinator:
        raise PermissionDenied
    form = OverrideForm(request.POST)
    if not form.is_valid():
        form_error_messages(request, form)
        return redirect(_phase_url(group))
    try:
        move = services.phase_override(
            group=group,
            by=request_user(request),
            expected_phase=_expected_phase(request),
            justification=form.cleaned_data["justification"],
        )
    except ValidationError as error:
        error_messages(request, error)
    else:
        messages.success(
            request, _("Override recorded: the group moved to “%(phase)s”.") % {"phase": move.to_phase.name}
        )
    return redirect(_phase_url(group))


MOVE_SERVICES = {
    MoveKind.HOLD: services.trajectory_hold,
    MoveKind.RESUME: services.trajectory_resume,
    MoveKind.SUSPEND: services.trajectory_suspend,
    MoveKind.WITHDRAW: services.trajectory_withdraw,
}


@require_POST
def move_view(request: HttpRequest, pk: int) -> HttpResponse:
    user = request_user(request)
    group = _steered_group(request, pk)
    try:
        expected = _expected_phase(request)
        form = MoveForm(request.POST, current=expected)
        if not form.is_valid():
            form_error_messages(request, form)
            return redirect(_phase_url(group))
        kind, reason = form.cleaned_data["kind"], form.cleaned_data["reason"]
        if kind == MoveKind.BACK:
            move = services.phase_back(
                group=group, by=user, expected_phase=expected, to_phase=form.cleaned_data["to_phase"], reason=reason
            )
        else:
            move = MOVE_SERVICES[kind](group=group, by=user, expected_phase=expected, reason=reason)
    except ValidationError as error:
        error_messages(request, error)
    else:
        messages.success(request, _("Recorded: %(move)s.") % {"move": move.get_kind_display()})
    return redirect(_phase_url(group))


def evidence_view(request: HttpRequest, pk: int) -> FileResponse:
    """An evidence file, to those who may see the group, never from the static files."""
    evidence = evidence_get_for_user(user=request_user(request), pk=pk)
    response = FileResponse(
        evidence.file.open("rb"),
        as_attachment=evidence.content_type == "application/pdf",
        filename=evidence.original_name,
        content_type=evidence.content_type,
    )
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "private, max-age=0"
    return response
