"""The home page: one view, a section per role the user holds."""

from django.conf import settings
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from producers.models import User
from producers.selectors import groups_editable_by, groups_visible_to, programmes_visible_to, roles_of

from ..models import Phase
from ..selectors import group_rows, pipeline


def home_view(request: HttpRequest) -> HttpResponse:
    user: User = request.user  # type: ignore[assignment]
    roles = roles_of(user)
    context: dict[str, object] = {"roles": roles}
    visible = groups_visible_to(user)

    if roles.coordinator or roles.field_officer:
        # Coordinators see every group, field officers their portfolio; both by phase, filterable.
        groups = visible if roles.coordinator else groups_editable_by(user)
        context["pipeline"] = pipeline(groups)
        phase_code = request.GET.get("phase", "")
        phase = Phase.objects.filter(code=phase_code).first() if phase_code else None
        if phase_code == "not-started":
            groups = groups.filter(trajectory__isnull=True)
        elif phase is not None:
            groups = groups.filter(trajectory__phase=phase)
        context["selected_phase"] = phase_code
        context["page"] = Paginator(group_rows(groups), settings.PAGE_SIZE).get_page(request.GET.get("page"))
        return render(request, "cycles/home_portfolio.html", context)

    if roles.group_manager:
        context["groups"] = list(group_rows(groups_editable_by(user)))
        return render(request, "cycles/home_group_manager.html", context)

    if roles.donor:
        context["programmes"] = programmes_visible_to(user)
        context["page"] = Paginator(group_rows(visible), settings.PAGE_SIZE).get_page(request.GET.get("page"))
        return render(request, "cycles/home_donor.html", context)

    return render(request, "cycles/home_no_role.html", context)
