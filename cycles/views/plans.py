"""The improvement plan of a group: its actions with the overdue ones standing out, adding one, and changing one
(its status included) on a page that shows the action's history.

Everyone who sees the group reads its plan; changes are for those who keep the group's records (403 for donors,
404 outside the user's groups).
"""

from typing import Any, cast

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from producers.history import StaleRecord, history_entries
from producers.models import ProducerGroup
from producers.selectors import group_get_for_change, group_get_for_user
from producers.views.helpers import request_user, stale_on_form

from ..forms.plans import PlanActionForm
from ..models import PlanAction
from ..selectors import can_change
from ..selectors.plans import (
    OPEN_STATUSES,
    SHOW_CHOICES,
    drop_reason,
    plan_action_get_for_user,
    plan_actions,
    plan_figures,
)
from ..services.plans import plan_action_create, plan_action_update
from .records_context import records_context


def _plan_url(action: PlanAction) -> str:
    """The plan's view that shows the action: the open ones, or those done or dropped."""
    show = "open" if action.status in OPEN_STATUSES else action.status
    return f"{reverse('cycles:plan', kwargs={'pk': action.group_id})}?show={show}#action-{action.pk}"


def plan_view(request: HttpRequest, pk: int) -> HttpResponse:
    user = request_user(request)
    group = group_get_for_user(user=user, pk=pk)
    show = request.GET.get("show", "open")
    if show not in SHOW_CHOICES:
        show = "open"
    page = Paginator(plan_actions(group=group, show=show), settings.PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request,
        "cycles/plans/plan.html",
        {
            **records_context(user, group),
            "page": page,
            "show": show,
            "show_choices": SHOW_CHOICES,
            "figures": plan_figures(group),
        },
    )


def _render_form(
    request: HttpRequest,
    *,
    group: ProducerGroup,
    form: PlanActionForm,
    action: PlanAction | None = None,
    current: PlanAction | None = None,
    status: int = 200,
) -> HttpResponse:
    context: dict[str, Any] = {
        **records_context(request_user(request), group),
        "form": form,
        "action": action,
        "current": current,
    }
    if action is not None:
        context["overdue"] = action.status in OPEN_STATUSES and action.deadline < timezone.localdate()
        context["history"] = history_entries(action)
        context["drop_reason"] = drop_reason(action)
    return render(request, "cycles/plans/form.html", context, status=status)


def plan_action_create_view(request: HttpRequest, pk: int) -> HttpResponse:
    user = request_user(request)
    group = group_get_for_change(user=user, pk=pk)
    if request.method != "POST":
        return _render_form(request, group=group, form=PlanActionForm(group=group))
    form = PlanActionForm(request.POST, group=group)
    if form.is_valid():
        try:
            action = plan_action_create(group=group, by=user, **form.changes())
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("Added to the plan: %(title)s.") % {"title": action.title})
            return redirect(_plan_url(action))
    return _render_form(request, group=group, form=form, status=400)


def plan_action_update_view(request: HttpRequest, pk: int) -> HttpResponse:
    user = request_user(request)
    action = plan_action_get_for_user(user=user, pk=pk)
    group = action.group
    if not can_change(user, group):
        raise PermissionDenied
    if request.method != "POST":
        return _render_form(request, group=group, form=PlanActionForm(group=group, action=action), action=action)
    form = PlanActionForm(request.POST, group=group, action=action)
    current: PlanAction | None = None
    if form.is_valid():
        try:
            saved = plan_action_update(
                action=action, by=user, expected_version=form.cleaned_data["expected_version"], **form.changes()
            )
        except StaleRecord as stale:
            current = cast(PlanAction, stale_on_form(form, stale))
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(
                request,
                _("“%(title)s” is saved (%(status)s).") % {"title": saved.title, "status": saved.get_status_display()},
            )
            return redirect(_plan_url(saved))
    return _render_form(request, group=group, form=form, action=action, current=current, status=400)
