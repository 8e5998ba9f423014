"""Trainings of a group: the list, one training with its attendance and history, recording and changing one,
and the coverage per requirement and per member.

Everyone who sees the group reads its trainings; the names of those who attended are for those who may see the
register. Recording and changing are for those who keep the group's records; donors read only (403), and
anything outside the user's groups is a 404.
"""

from typing import Any, cast

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Page, Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from producers.exports import export_format, table_response
from producers.history import StaleRecord
from producers.models import ProducerGroup
from producers.selectors import group_get_for_change, group_get_for_user
from producers.views.helpers import add_service_errors, request_user, stale_on_form

from ..exports import training_table
from ..forms.trainings import TrainingForm
from ..models import Training
from ..selectors import can_change
from ..selectors.trainings import (
    coverage_figures,
    member_coverage,
    requirement_coverage,
    training_contents,
    training_get_for_user,
    training_history,
    training_list,
)
from ..services.trainings import training_create, training_update
from .records_context import records_context

# Where a service's refusal goes on the form (see add_service_errors); other refusals show above the form.
TRAINING_REFUSAL_FIELDS = {
    "topic_required": "topic",
    "topic_too_long": "topic",
    "future_date": "held_on",
    "trainer_kind": "trainer",
    "requirement_not_chosen": "requirements",
    "member_elsewhere": "attendees",
    "member_left": "attendees",
    "inspector_elsewhere": "inspectors",
}


def training_list_view(request: HttpRequest, pk: int) -> HttpResponse:
    user = request_user(request)
    group = group_get_for_user(user=user, pk=pk)
    query = request.GET.get("q", "").strip()
    trainings = training_list(group=group, query=query)
    if chosen := export_format(request):
        table = training_table(trainings)
        return table_response(request, table, chosen=chosen, owner=group.organisation.name, group_id=group.pk)
    page = Paginator(trainings, settings.PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request,
        "cycles/trainings/list.html",
        {**records_context(user, group), "page": page, "query": query, "figures": coverage_figures(group)},
    )


def training_detail_view(request: HttpRequest, pk: int) -> HttpResponse:
    user = request_user(request)
    training = training_get_for_user(user=user, pk=pk)
    context = records_context(user, training.group)
    return render(
        request,
        "cycles/trainings/detail.html",
        {
            **context,
            "training": training,
            "contents": training_contents(training, with_names=context["can_see_register"]),
            "attendee_count": training.attendees.count(),
            "history": training_history(training, with_names=context["can_see_register"]),
        },
    )


def _render_form(
    request: HttpRequest,
    *,
    group: ProducerGroup,
    form: TrainingForm,
    training: Training | None = None,
    current: Training | None = None,
    status: int = 200,
) -> HttpResponse:
    """The form; with `current`, the version someone else saved meanwhile, beside what was typed."""
    context = {**records_context(request_user(request), group), "form": form, "training": training, "current": current}
    if current is not None:
        context["current_contents"] = training_contents(current, with_names=True)
    return render(request, "cycles/trainings/form.html", context, status=status)


def training_create_view(request: HttpRequest, pk: int) -> HttpResponse:
    user = request_user(request)
    group = group_get_for_change(user=user, pk=pk)
    if request.method != "POST":
        return _render_form(request, group=group, form=TrainingForm(group=group))
    form = TrainingForm(request.POST, group=group)
    if form.is_valid():
        try:
            training = training_create(group=group, by=user, **form.changes())
        except ValidationError as error:
            add_service_errors(form, error, TRAINING_REFUSAL_FIELDS)
        else:
            messages.success(request, _("Training recorded: %(topic)s.") % {"topic": training.topic})
            return redirect("cycles:training_detail", pk=training.pk)
    return _render_form(request, group=group, form=form, status=400)


def training_update_view(request: HttpRequest, pk: int) -> HttpResponse:
    user = request_user(request)
    training = training_get_for_user(user=user, pk=pk)
    group = training.group
    if not can_change(user, group):
        raise PermissionDenied
    if request.method != "POST":
        return _render_form(request, group=group, form=TrainingForm(group=group, training=training), training=training)
    form = TrainingForm(request.POST, group=group, training=training)
    current: Training | None = None
    if form.is_valid():
        try:
            saved = training_update(
                training=training,
                by=user,
                expected_version=form.cleaned_data["expected_version"],
                reason=form.cleaned_data["reason"],
                **form.changes(),
            )
        except StaleRecord as stale:
            current = cast(Training, stale_on_form(form, stale))
        except ValidationError as error:
            add_service_errors(form, error, TRAINING_REFUSAL_FIELDS)
        else:
            messages.success(request, _("Training saved as version %(version)d.") % {"version": saved.version})
            return redirect("cycles:training_detail", pk=saved.pk)
    return _render_form(request, group=group, form=form, training=training, current=current, status=400)


COVERAGE_VIEWS = ("requirements", "members")


def training_coverage_view(request: HttpRequest, pk: int) -> HttpResponse:
    """Coverage by requirement (what the trainings addressed) or by member (who came how often, who never did).
    The member view names members, so those who may not see the register get its figures only."""
    user = request_user(request)
    group = group_get_for_user(user=user, pk=pk)
    context = records_context(user, group)
    by = request.GET.get("by", "requirements")
    if by not in COVERAGE_VIEWS:
        by = "requirements"
    only = request.GET.get("only") == "untrained"
    page: Page[Any] | None = None
    if by == "requirements":
        page = Paginator(requirement_coverage(group=group, untrained_only=only), settings.PAGE_SIZE).get_page(
            request.GET.get("page")
        )
    elif context["can_see_register"]:
        page = Paginator(member_coverage(group=group, never_only=only), settings.PAGE_SIZE).get_page(
            request.GET.get("page")
        )
    return render(
        request,
        "cycles/trainings/coverage.html",
        {**context, "by": by, "only": only, "page": page, "figures": coverage_figures(group)},
    )
