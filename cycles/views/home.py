"""The home page: one view, a page per role. Coordinators and field officers get the portfolio."""

from django.conf import settings
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from producers.selectors import (
    groups_editable_by,
    groups_steered_by,
    groups_visible_to,
    programmes_visible_to,
    roles_of,
)
from producers.views.helpers import request_user

from ..filters import PortfolioFilter
from ..selectors import group_rows, pipeline, portfolio


def home_view(request: HttpRequest) -> HttpResponse:
    user = request_user(request)
    roles = roles_of(user)
    context: dict[str, object] = {"roles": roles}

    if roles.coordinator or roles.field_officer:
        # Coordinators see every group, field officers their portfolio: where each stands and what it lacks.
        groups = groups_steered_by(user)
        context["pipeline"] = pipeline(groups)
        filterset = PortfolioFilter(request.GET or None, queryset=groups)
        filtered = filterset.qs if filterset.is_bound and filterset.is_valid() else groups
        data = filterset.form.cleaned_data if filterset.is_bound and filterset.is_valid() else {}
        rows = portfolio(filtered, sort=data.get("sort") or "phase", stuck_only=bool(data.get("stuck")))
        context["filter"] = filterset
        context["filtered"] = bool(request.GET.keys() - {"page", "sort"})
        context["page"] = Paginator(rows, settings.PAGE_SIZE).get_page(request.GET.get("page"))
        return render(request, "cycles/home_portfolio.html", context)

    if roles.group_manager:
        context["groups"] = list(group_rows(groups_editable_by(user)))
        return render(request, "cycles/home_group_manager.html", context)

    if roles.donor:
        context["programmes"] = programmes_visible_to(user)
        groups = group_rows(groups_visible_to(user))
        context["page"] = Paginator(groups, settings.PAGE_SIZE).get_page(request.GET.get("page"))
        return render(request, "cycles/home_donor.html", context)

    return render(request, "cycles/home_no_role.html", context)
