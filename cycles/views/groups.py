"""The group page: profile, where it stands in the inner cycle, certificates and its register in figures."""

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from producers.selectors import can_see_register, group_get_for_user
from producers.views.helpers import request_user
from standards.models import GroupStandard

from ..gates_stored import stored_gate
from ..models import Phase, Trajectory
from ..selectors import group_certificates, group_recent_moves, group_register_figures


def group_detail_view(request: HttpRequest, pk: int) -> HttpResponse:
    user = request_user(request)
    group = group_get_for_user(user=user, pk=pk)
    trajectory = Trajectory.objects.filter(group=group).select_related("phase").first()
    return render(
        request,
        "cycles/group_detail.html",
        {
            "group": group,
            "trajectory": trajectory,
            "phases": list(Phase.objects.order_by("order")),
            "certificates": group_certificates(group),
            "chosen_standards": GroupStandard.objects.filter(group=group).select_related("standard"),
            "moves": group_recent_moves(group),
            "figures": group_register_figures(group),
            "can_see_register": can_see_register(user, group),
            "gate": stored_gate(group) if trajectory else None,
            "tab": "overview",
        },
    )
