"""Non-conformities of a group: the list, one non-conformity with its actions and workflow (sanctions are in
`cycles.views.sanctions`).

Everyone who sees the group reads its non-conformities; only those who may see the register see which member
one is about. Changes are for those who keep the group's records (its group manager, its field officer, a
coordinator); donors read only (403), and anything outside the user's groups is a 404.
"""

import functools
from typing import TYPE_CHECKING, Any, cast
from urllib.parse import urlencode

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse, QueryDict
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext
from django.views.decorators.http import require_POST

from producers.exports import export_format, table_response
from producers.history import StaleRecord, history_entries
from producers.models import ProducerGroup
from producers.page_cache import group_for_page, group_page_cache
from producers.selectors import can_see_register
from producers.views.helpers import (
    add_service_errors,
    error_messages,
    form_error_messages,
    request_user,
    stale_on_form,
)

from ..exports import nonconformity_table
from ..forms.nonconformities import (
    ActionDoneForm,
    CorrectiveActionForm,
    NCFilterForm,
    NCStatusForm,
)
from ..models import CorrectiveAction, NCStatus, NonConformity
from ..selectors.nonconformities import (
    corrective_action_get_for_user,
    group_overdue_count,
    nonconformity_actions,
    nonconformity_filter,
    nonconformity_get_for_user,
    nonconformity_list,
    nonconformity_sanctions,
    nonconformity_standards,
    nonconformity_status_changes,
    severity_counts,
)
from ..selectors.verification import Verification, verification_check
from ..services.nonconformities import (
    corrective_action_create,
    corrective_action_done,
    corrective_action_update,
    next_statuses,
    nonconformity_move,
)
from ..services.permissions import require_change
from .records_context import records_context

if TYPE_CHECKING:
    from django_stubs_ext import StrOrPromise

# What the button of each move says, by the status it moves to (from implemented, two choices).
MOVE_LABELS: "dict[str, StrOrPromise]" = {
    NCStatus.ACTION_PLANNED: gettext_lazy("Mark as action planned"),
    NCStatus.IMPLEMENTED: gettext_lazy("Mark as implemented"),
    NCStatus.CLOSED: gettext_lazy("Verified: close it"),
}
REOPEN_LABEL = gettext_lazy("Verification failed: back to action planned")


# Where a service's refusal goes on each form (see add_service_errors); other refusals show above the form.
MOVE_REFUSAL_FIELDS = {
    "note_required": "note",
    "closed_before_found": "closed_on",
    "closed_before_done": "closed_on",
    "future_date": "closed_on",
}
ACTION_REFUSAL_FIELDS = {
    "description_required": "description",
    "owner_required": "owner",
    "due_before_finding": "due_on",
}


def nc_detail_url(nonconformity: NonConformity, anchor: str = "") -> str:
    url = reverse("cycles:nc_detail", kwargs={"pk": nonconformity.pk})
    return f"{url}#{anchor}" if anchor else url


# --- The list ---------------------------------------------------------------------------------------------------


def _nc_filtered(group: ProducerGroup, query: QueryDict) -> tuple[NCFilterForm, dict[str, Any]]:
    form = NCFilterForm(query, standards=nonconformity_standards(group))
    return form, form.filters()


def _nc_list_details(group: ProducerGroup, query: QueryDict) -> dict[str, Any]:
    """What the list shows: computed only when its kept part is rendered (producers.page_cache)."""
    form, filters = _nc_filtered(group, query)
    base = nonconformity_filter(
        group=group,
        status=filters["status"],
        source=filters["source"],
        overdue=filters["overdue"],
        standard=filters["standard"],
    )
    listed = nonconformity_list(group=group, **filters)
    kept = {
        name: value for name, value in query.items() if name in ("status", "source", "overdue", "standard") and value
    }
    severities = [
        {
            "severity": count.severity,
            "label": count.label,
            "count": count.count,
            "active": filters["severity"] == count.severity,
            "url": "?" + urlencode({**kept, "severity": count.severity}),
        }
        for count in severity_counts(base)
    ]
    return {
        "form": form,
        "filters": filters,
        "filtered": any(filters.values()),
        "severities": severities,
        "overdue_total": group_overdue_count(group),
        "overdue_url": "?" + urlencode({"overdue": "on"}),
        "page": Paginator(listed, settings.PAGE_SIZE).get_page(query.get("page")),
    }


def nc_list_view(request: HttpRequest, pk: int) -> HttpResponse:
    user = request_user(request)
    group = group_for_page(user, pk)
    if chosen := export_format(request):
        _form, filters = _nc_filtered(group, request.GET)
        listed = nonconformity_list(group=group, **filters)
        table = nonconformity_table(listed, with_names=can_see_register(user, group))
        return table_response(request, table, chosen=chosen, owner=group.organisation.name, group_id=group.pk)
    return render(
        request,
        "cycles/nonconformities/list.html",
        {
            **records_context(user, group),
            "page_cache": group_page_cache(request, group),
            "page_details": functools.partial(_nc_list_details, group, request.GET),
        },
    )


# --- One non-conformity -----------------------------------------------------------------------------------------


def _status_forms(
    nonconformity: NonConformity, actions: list[CorrectiveAction], *, verification: Verification | None
) -> list[dict[str, Any]]:
    """A form for each move the non-conformity may make next, with what still stands in its way (the service
    refuses the move anyway; the page says so before the button is pressed). Closing is offered only to those
    who may verify (`verification`); the others read why on the page instead."""
    pending = sum(1 for action in actions if action.done_on is None)
    forms = []
    for to_status in next_statuses(nonconformity.status):
        if to_status == NCStatus.CLOSED and verification is not None and not verification.allowed:
            continue
        reopen = nonconformity.status == NCStatus.IMPLEMENTED and to_status == NCStatus.ACTION_PLANNED
        blocked = ""
        if to_status in (NCStatus.ACTION_PLANNED, NCStatus.IMPLEMENTED) and not actions:
            blocked = _("Add a corrective action first.")
        elif to_status == NCStatus.IMPLEMENTED and pending:
            blocked = ngettext(
                "%(count)d corrective action is not done yet.",
                "%(count)d corrective actions are not done yet.",
                pending,
            ) % {"count": pending}
        forms.append(
            {
                "to_status": to_status,
                "label": REOPEN_LABEL if reopen else MOVE_LABELS[to_status],
                "reopen": reopen,
                "blocked": blocked,
                "form": NCStatusForm(
                    initial={
                        "to_status": to_status,
                        "expected_status": nonconformity.status,
                        "closed_on": timezone.localdate(),
                    },
                    to_status=to_status,
                    auto_id=f"id_{to_status}_%s",
                ),
            }
        )
    return forms


def _render_detail(
    request: HttpRequest,
    nonconformity: NonConformity,
    *,
    bound_status: NCStatusForm | None = None,
    action_form: CorrectiveActionForm | None = None,
    status: int = 200,
) -> HttpResponse:
    context = records_context(request_user(request), nonconformity.group)
    register, changeable = context["can_see_register"], context["can_change"]
    actions = nonconformity_actions(nonconformity)
    verification = None
    if changeable and nonconformity.status == NCStatus.IMPLEMENTED:
        verification = verification_check(nonconformity=nonconformity, user=request_user(request))
    status_forms = _status_forms(nonconformity, actions, verification=verification) if changeable else []
    if bound_status is not None:
        for entry in status_forms:
            if entry["to_status"] == bound_status.data.get("to_status"):
                entry["form"] = bound_status
                entry["open"] = True
    context |= {
        "nc": nonconformity,
        "actions": actions,
        "overdue": any(action.is_overdue for action in actions),  # type: ignore[attr-defined]
        "today": timezone.localdate(),
        "status_changes": nonconformity_status_changes(nonconformity),
        "status_forms": status_forms,
        "action_form": action_form or (CorrectiveActionForm(nonconformity=nonconformity) if changeable else None),
        "done_form": ActionDoneForm(),
        "sanctions": nonconformity_sanctions(nonconformity) if register else [],
        "history": history_entries(nonconformity),
        "accepts_actions": nonconformity.status in (NCStatus.OPEN, NCStatus.ACTION_PLANNED),
        "verification": verification,
    }
    return render(request, "cycles/nonconformities/detail.html", context, status=status)


def nc_detail_view(request: HttpRequest, pk: int) -> HttpResponse:
    return _render_detail(request, nonconformity_get_for_user(user=request_user(request), pk=pk))


@require_POST
def nc_status_view(request: HttpRequest, pk: int) -> HttpResponse:
    user = request_user(request)
    nonconformity = nonconformity_get_for_user(user=user, pk=pk)
    require_change(user, nonconformity.group)
    to_status = request.POST.get("to_status", "")
    form = NCStatusForm(request.POST, to_status=to_status, auto_id=f"id_{to_status}_%s")
    if form.is_valid():
        try:
            nonconformity_move(
                nonconformity=nonconformity,
                by=user,
                to_status=form.cleaned_data["to_status"],
                expected_status=form.cleaned_data["expected_status"],
                note=form.cleaned_data["note"],
                closed_on=form.cleaned_data.get("closed_on"),
            )
        except ValidationError as error:
            if error.code == "moved_meanwhile":
                # Nothing to retry on this page: the next step is no longer the one shown.
                error_messages(request, error)
                return redirect(nc_detail_url(nonconformity))
            add_service_errors(form, error, MOVE_REFUSAL_FIELDS)
        else:
            messages.success(
                request,
                _("The non-conformity is now “%(status)s”.") % {"status": nonconformity.get_status_display()},
            )
            return redirect(nc_detail_url(nonconformity))
    # What the person wrote stays in the form, with the reason it was refused.
    return _render_detail(request, nonconformity, bound_status=form, status=400)


# --- Corrective actions -----------------------------------------------------------------------------------------


def _render_action_form(
    request: HttpRequest,
    *,
    nonconformity: NonConformity,
    form: CorrectiveActionForm,
    action: CorrectiveAction | None = None,
    current: CorrectiveAction | None = None,
    status: int = 200,
) -> HttpResponse:
    context = {
        **records_context(request_user(request), nonconformity.group),
        "nc": nonconformity,
        "form": form,
        "action": action,
        "current": current,
        "history": history_entries(action) if action is not None else [],
    }
    return render(request, "cycles/nonconformities/action_form.html", context, status=status)


def action_create_view(request: HttpRequest, pk: int) -> HttpResponse:
    user = request_user(request)
    nonconformity = nonconformity_get_for_user(user=user, pk=pk)
    require_change(user, nonconformity.group)
    if request.method != "POST":
        return _render_action_form(
            request, nonconformity=nonconformity, form=CorrectiveActionForm(nonconformity=nonconformity)
        )
    form = CorrectiveActionForm(request.POST, nonconformity=nonconformity)
    if form.is_valid():
        try:
            corrective_action_create(
                nonconformity=nonconformity,
                by=user,
                description=form.cleaned_data["description"],
                owner=form.cleaned_data["owner"],
                due_on=form.cleaned_data["due_on"],
            )
        except ValidationError as error:
            add_service_errors(form, error, ACTION_REFUSAL_FIELDS)
        else:
            if nonconformity.status == NCStatus.OPEN:
                messages.success(
                    request, _("Action added. When every action is agreed, mark the non-conformity as action planned.")
                )
            else:
                messages.success(request, _("Action added."))
            return redirect(nc_detail_url(nonconformity, "actions"))
    return _render_action_form(request, nonconformity=nonconformity, form=form, status=400)


def action_update_view(request: HttpRequest, pk: int) -> HttpResponse:
    user = request_user(request)
    action = corrective_action_get_for_user(user=user, pk=pk)
    nonconformity = action.nonconformity
    require_change(user, nonconformity.group)
    if request.method != "POST":
        return _render_action_form(
            request,
            nonconformity=nonconformity,
            action=action,
            form=CorrectiveActionForm(nonconformity=nonconformity, action=action),
        )
    form = CorrectiveActionForm(request.POST, nonconformity=nonconformity, action=action)
    current = None
    if form.is_valid():
        try:
            corrective_action_update(
                action=action,
                by=user,
                expected_version=form.cleaned_data["version"],
                description=form.cleaned_data["description"],
                owner=form.cleaned_data["owner"],
                due_on=form.cleaned_data["due_on"],
                reason=form.cleaned_data["reason"],
            )
        except StaleRecord as stale:
            current = cast(CorrectiveAction, stale_on_form(form, stale, version_field="version"))
        except ValidationError as error:
            add_service_errors(form, error, ACTION_REFUSAL_FIELDS)
        else:
            messages.success(request, _("The action is saved."))
            return redirect(nc_detail_url(nonconformity, "actions"))
    return _render_action_form(
        request, nonconformity=nonconformity, action=action, form=form, current=current, status=400
    )


@require_POST
def action_done_view(request: HttpRequest, pk: int) -> HttpResponse:
    user = request_user(request)
    action = corrective_action_get_for_user(user=user, pk=pk)
    require_change(user, action.nonconformity.group)
    form = ActionDoneForm(request.POST)
    if not form.is_valid():
        form_error_messages(request, form)
        return redirect(nc_detail_url(action.nonconformity, "actions"))
    try:
        corrective_action_done(action=action, by=user, done_on=form.cleaned_data["done_on"])
    except ValidationError as error:
        error_messages(request, error)
    else:
        pending = action.nonconformity.actions.filter(done_on__isnull=True).exists()
        if not pending and action.nonconformity.status == NCStatus.ACTION_PLANNED:
            messages.success(request, _("Action done. Every action is done: mark the non-conformity as implemented."))
        else:
            messages.success(request, _("Action done."))
    return redirect(nc_detail_url(action.nonconformity, "actions"))
