"""The member and plot register of a group: for those who work with it, never for funders. Changes are in
`register.py`."""

from django.conf import settings
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from ..exports import export_format, member_table, table_response
from ..forms import StatusChangeForm
from ..history import history_entries
from ..models import Member
from ..models.members import MemberStatus
from ..page_cache import group_for_page, group_page_cache
from ..selectors import (
    can_change_register,
    can_handle_data_requests,
    group_register_get_for_user,
    member_get_for_user,
    member_list,
    plot_list,
    without_consent,
)
from ..services import allowed_statuses
from .helpers import request_user


def member_list_view(request: HttpRequest, pk: int) -> HttpResponse:
    group = group_for_page(request_user(request), pk, register=True)
    query = request.GET.get("q", "").strip()
    status = request.GET.get("status", "")
    if status not in MemberStatus.values:
        status = ""
    consent_missing = request.GET.get("consent") == "missing"
    members = member_list(group=group, query=query, status=status, consent_missing=consent_missing)
    if chosen := export_format(request):
        # Whoever reaches this list may see the register: the names go with it, as on the page.
        table = member_table(members, with_names=True)
        return table_response(request, table, chosen=chosen, owner=group.organisation.name, group_id=group.pk)
    page_number = request.GET.get("page")
    return render(
        request,
        "producers/member_list.html",
        {
            "page_cache": group_page_cache(request, group),
            "group": group,
            "tab": "members",
            "can_see_register": True,
            # Who may see a register may change it: only donors see less than they change, and they see no register.
            "can_change": True,
            # What only the kept part shows (producers.page_cache): computed when it is rendered.
            "page_details": lambda: {
                "page": Paginator(members, settings.PAGE_SIZE).get_page(page_number),
                "without_consent": Member.objects.filter(group=group).filter(without_consent()).count(),
            },
            "query": query,
            "status": status,
            "statuses": MemberStatus.choices,
            "consent_missing": consent_missing,
        },
    )


def render_member_detail(
    request: HttpRequest, member: Member, *, status_form: StatusChangeForm | None = None, status: int = 200
) -> HttpResponse:
    """The member's page; `status_form` brings back a refused status change with what was typed."""
    can_change = can_change_register(request_user(request), member.group)
    if status_form is None and can_change and allowed_statuses(member.status):
        status_form = StatusChangeForm(member=member)
    return render(
        request,
        "producers/member_detail.html",
        {
            "member": member,
            "group": member.group,
            "tab": "members",
            "can_see_register": True,
            "can_change": can_change,
            "plots": member.plots.all(),
            "status_form": status_form if can_change else None,
            "status_changes": member.status_changes.select_related("changed_by").order_by("-changed_at", "-pk"),
            "history": history_entries(member),
            "can_handle_data_requests": can_handle_data_requests(request_user(request), member.group),
        },
        status=status,
    )


def member_detail_view(request: HttpRequest, pk: int) -> HttpResponse:
    member = member_get_for_user(user=request_user(request), pk=pk)
    return render_member_detail(request, member)


def plot_list_view(request: HttpRequest, pk: int) -> HttpResponse:
    group = group_register_get_for_user(user=request_user(request), pk=pk)
    page = Paginator(plot_list(group=group), settings.PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request,
        "producers/plot_list.html",
        {
            "group": group,
            "tab": "plots",
            "can_see_register": True,
            "can_change": can_change_register(request_user(request), group),
            "page": page,
        },
    )
