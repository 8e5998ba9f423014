"""The hub of a group's internal control system: every kind of record in figures, with the way in."""

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from producers.models import User
from producers.selectors import can_see_register, group_get_for_user

from ..selectors import can_change
from ..selectors.records import records_summary


def records_view(request: HttpRequest, pk: int) -> HttpResponse:
    user: User = request.user  # type: ignore[assignment]
    group = group_get_for_user(user=user, pk=pk)
    return render(
        request,
        "cycles/records.html",
        {
            "group": group,
            "tab": "records",
            "can_see_register": can_see_register(user, group),
            "can_change": can_change(user, group),
            "summary": records_summary(group),
        },
    )
