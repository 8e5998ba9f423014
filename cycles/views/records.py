"""The hub of a group's internal control system: every kind of record in figures, with the way in."""

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from producers.models import User
from producers.selectors import group_get_for_user

from ..selectors.records import records_summary
from .records_context import records_context


def records_view(request: HttpRequest, pk: int) -> HttpResponse:
    user: User = request.user  # type: ignore[assignment]
    group = group_get_for_user(user=user, pk=pk)
    return render(
        request,
        "cycles/records.html",
        {**records_context(user, group), "summary": records_summary(group)},
    )
