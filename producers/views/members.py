"""The member and plot register of a group: for those who work with it, never for funders."""

from django.conf import settings
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from ..models.members import MemberStatus
from ..selectors import group_register_get_for_user, member_get_for_user, member_list, plot_list


def member_list_view(request: HttpRequest, pk: int) -> HttpResponse:
    group = group_register_get_for_user(user=request.user, pk=pk)  # type: ignore[arg-type]
    query = request.GET.get("q", "").strip()
    status = request.GET.get("status", "")
    if status not in MemberStatus.values:
        status = ""
    page = Paginator(member_list(group=group, query=query, status=status), settings.PAGE_SIZE).get_page(
        request.GET.get("page")
    )
    return render(
        request,
        "producers/member_list.html",
        {"group": group, "page": page, "query": query, "status": status, "statuses": MemberStatus.choices},
    )


def member_detail_view(request: HttpRequest, pk: int) -> HttpResponse:
    member = member_get_for_user(user=request.user, pk=pk)  # type: ignore[arg-type]
    return render(
        request,
        "producers/member_detail.html",
        {"member": member, "group": member.group, "plots": member.plots.all()},
    )


def plot_list_view(request: HttpRequest, pk: int) -> HttpResponse:
    group = group_register_get_for_user(user=request.user, pk=pk)  # type: ignore[arg-type]
    page = Paginator(plot_list(group=group), settings.PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "producers/plot_list.html", {"group": group, "page": page})
