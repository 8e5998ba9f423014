"""The story of a group's trajectory: phases entered and left, time in each, who moved it and why."""

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from producers.selectors import can_see_register, group_get_for_user
from producers.views.helpers import request_user

from ..gates import CriterionResult
from ..selectors import group_timeline, move_get_for_user, time_in_phases


def timeline_view(request: HttpRequest, pk: int) -> HttpResponse:
    user = request_user(request)
    group = group_get_for_user(user=user, pk=pk)
    stays = group_timeline(group)
    return render(
        request,
        "cycles/timeline.html",
        {
            "group": group,
            "tab": "timeline",
            "can_see_register": can_see_register(user, group),
            "stays": list(reversed(stays)),
            "totals": time_in_phases(stays),
        },
    )


def move_detail_view(request: HttpRequest, pk: int) -> HttpResponse:
    """One decision with the criteria as they stood when it was taken (not as they read today)."""
    user = request_user(request)
    move = move_get_for_user(user=user, pk=pk)
    group = move.trajectory.group
    criteria = [CriterionResult(**item) for item in move.gate_snapshot]
    return render(
        request,
        "cycles/move_detail.html",
        {
            "group": group,
            "tab": "timeline",
            "can_see_register": can_see_register(user, group),
            "move": move,
            "criteria": criteria,
        },
    )
