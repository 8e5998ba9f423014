"""Sanctions of a member: the list with the form to apply one (from the member, or from a non-conformity about
them), and lifting one.

Only those who keep the group's records and may see its register apply or lift a sanction; donors read nothing of
it (403), and anything outside the user's groups is a 404.
"""

from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from producers.history import history_entries
from producers.models import Member
from producers.selectors import can_see_register, member_get_for_user
from producers.views.helpers import add_service_errors, error_messages, form_error_messages, request_user

from ..forms.nonconformities import SanctionForm, SanctionLiftForm
from ..selectors.nonconformities import (
    member_open_nonconformities,
    member_sanctions,
    sanction_get_for_user,
    sanction_types,
)
from ..services.permissions import require_change
from ..services.sanctions import sanction_apply, sanction_lift
from .nonconformities import nc_detail_url

# Where a service's refusal goes on the form (see add_service_errors); other refusals show above the form.
SANCTION_REFUSAL_FIELDS = {
    "reason_required": "reason",
    "future_date": "applied_on",
    "before_finding": "applied_on",
    "nonconformity_other_member": "nonconformity",
}


def _render_sanctions(request: HttpRequest, member: Member, *, form: SanctionForm, status: int = 200) -> HttpResponse:
    sanctions = member_sanctions(member)
    return render(
        request,
        "cycles/nonconformities/sanction_form.html",
        {
            "group": member.group,
            "tab": "records",
            "can_see_register": True,
            "member": member,
            "form": form,
            "sanctions": [
                {
                    "sanction": sanction,
                    "lift_form": SanctionLiftForm(prefix=f"lift{sanction.pk}") if sanction.lifted_on is None else None,
                    "history": history_entries(sanction),
                }
                for sanction in sanctions
            ],
            "status_changes": member.status_changes.select_related("changed_by").order_by("-changed_at", "-pk")[:10],
        },
        status=status,
    )


def sanction_create_view(request: HttpRequest, pk: int) -> HttpResponse:
    """The member's sanctions, with the form to apply one (from the member, or from a non-conformity about them:
    `?nonconformity=<id>` preselects it)."""
    user = request_user(request)
    member = member_get_for_user(user=user, pk=pk)  # 403 for those who may not see the register
    require_change(user, member.group)
    types, nonconformities = sanction_types(), member_open_nonconformities(member)
    if request.method != "POST":
        initial: dict[str, Any] = {}
        wanted = request.GET.get("nonconformity", "")
        if wanted.isdigit() and nonconformities.filter(pk=int(wanted)).exists():
            initial["nonconformity"] = int(wanted)
        form = SanctionForm(initial=initial, sanction_types=types, nonconformities=nonconformities)
        return _render_sanctions(request, member, form=form)
    form = SanctionForm(request.POST, sanction_types=types, nonconformities=nonconformities)
    if form.is_valid():
        try:
            sanction = sanction_apply(
                member=member,
                sanction_type=form.cleaned_data["sanction_type"],
                by=user,
                applied_on=form.cleaned_data["applied_on"],
                reason=form.cleaned_data["reason"],
                nonconformity=form.cleaned_data["nonconformity"],
            )
        except ValidationError as error:
            add_service_errors(form, error, SANCTION_REFUSAL_FIELDS)
        else:
            messages.success(
                request,
                _("%(sanction)s applied. The member is now %(status)s.")
                % {"sanction": sanction.sanction_type.name, "status": member.get_status_display().lower()},
            )
            if sanction.nonconformity_id:
                return redirect(nc_detail_url(sanction.nonconformity, "sanctions"))  # type: ignore[arg-type]
            return redirect(reverse("cycles:sanction_create", kwargs={"pk": member.pk}))
    return _render_sanctions(request, member, form=form, status=400)


@require_POST
def sanction_lift_view(request: HttpRequest, pk: int) -> HttpResponse:
    user = request_user(request)
    sanction = sanction_get_for_user(user=user, pk=pk)
    member = sanction.member
    require_change(user, member.group)
    if not can_see_register(user, member.group):
        raise PermissionDenied
    form = SanctionLiftForm(request.POST, prefix=f"lift{sanction.pk}")
    if form.is_valid():
        try:
            sanction_lift(
                sanction=sanction, by=user, lifted_on=form.cleaned_data["lifted_on"], reason=form.cleaned_data["reason"]
            )
        except ValidationError as refusal:
            error_messages(request, refusal)
        else:
            member.refresh_from_db()
            messages.success(
                request,
                _("%(sanction)s lifted. The member is now %(status)s.")
                % {"sanction": sanction.sanction_type.name, "status": member.get_status_display().lower()},
            )
    else:
        form_error_messages(request, form)
    return redirect(reverse("cycles:sanction_create", kwargs={"pk": member.pk}) + f"#sanction-{sanction.pk}")
