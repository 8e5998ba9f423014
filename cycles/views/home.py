"""The home page: one view, a page per role. Coordinators and field officers get the portfolio."""

import functools

from django.conf import settings
from django.core.paginator import Paginator
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse, QueryDict
from django.shortcuts import render

from producers.models import ProducerGroup
from producers.page_cache import page_cache
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


def _portfolio_page(groups: QuerySet[ProducerGroup], query: QueryDict) -> dict[str, object]:
    """What the portfolio shows: computed only when its kept part is rendered (producers.page_cache)."""
    filterset = PortfolioFilter(query or None, queryset=groups)
    valid = filterset.is_bound and filterset.is_valid()
    filtered = filterset.qs if valid else groups
    data = filterset.form.cleaned_data if valid else {}
    rows = portfolio(filtered, sort=data.get("sort") or "phase", stuck_only=bool(data.get("stuck")))
    return {
        "pipeline": pipeline(groups),
        "filter": filterset,
        "filtered": bool(query.keys() - {"page", "sort"}),
        "page": Paginator(rows, settings.PAGE_SIZE).get_page(query.get("page")),
    }


def home_view(request: HttpRequest) -> HttpResponse:
    user = request_user(request)
    roles = roles_of(user)
    context: dict[str, object] = {"roles": roles}

    if roles.coordinator or roles.field_officer:
        # Coordinators see every group, field officers their portfolio: where each stands and what it lacks.
        groups = groups_steered_by(user)
        context["page_cache"] = page_cache(request, groups=groups)
        context["page_details"] = functools.partial(_portfolio_page, groups, request.GET)
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
