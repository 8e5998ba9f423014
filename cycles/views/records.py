"""The hub of a group's internal control system: every kind of record in figures, with the way in."""

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from producers.selectors import group_get_for_user
from producers.views.helpers import request_user

from ..selectors.records import records_summary
from .records_context import records_context


def records_view(request: HttpRequest, pk: int) -> HttpResponse:
    user = request_user(request)
    group = group_get_for_user(user=user, pk=pk)
    return render(
        request,
        "cycles/records.html",
        {**records_context(user, group), "summary": records_summary(group)},
    )
