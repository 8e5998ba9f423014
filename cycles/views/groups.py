"""The group page: profile, where it stands in the inner cycle, certificates and its register in figures."""

import functools

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from producers.models import ProducerGroup
from producers.page_cache import group_for_page, group_page_cache
from producers.selectors import can_see_register
from producers.views.helpers import request_user
from standards.models import GroupStandard

from ..gates_stored import stored_gate
from ..models import Phase, Trajectory
from ..selectors import group_certificates, group_recent_moves, group_register_figures


def _overview_details(group: ProducerGroup) -> dict[str, object]:
    """What the overview shows: computed only when its kept part is rendered (producers.page_cache)."""
    trajectory = Trajectory.objects.filter(group=group).select_related("phase").first()
    return {
        "trajectory": trajectory,
        "phases": list(Phase.objects.order_by("order")),
        "certificates": group_certificates(group),
        "chosen_standards": GroupStandard.objects.filter(group=group).select_related("standard"),
        "moves": group_recent_moves(group),
        "figures": group_register_figures(group),
        "gate": stored_gate(group) if trajectory else None,
    }


def group_detail_view(request: HttpRequest, pk: int) -> HttpResponse:
    user = request_user(request)
    group = group_for_page(user, pk)
    return render(
        request,
        "cycles/group_detail.html",
        {
            "page_cache": group_page_cache(request, group),
            "page_details": functools.partial(_overview_details, group),
            "group": group,
            "can_see_register": can_see_register(user, group),
            "tab": "overview",
        },
    )
