"""The "This week" page: what is due for the person signed in, most urgent first, each item linking to the page
where it is handled; and the count the menu shows."""

from django.conf import settings
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.utils import timezone

from producers.selectors import roles_of
from producers.views.helpers import request_user

from ..reminders.selectors import by_group, count_by_kind, items_for


def this_week_view(request: HttpRequest) -> HttpResponse:
    user = request_user(request)
    today = timezone.localdate()
    items = items_for(user, today=today)
    roles = roles_of(user)
    # A large group can have a thousand actions due: a page of them at a time, the counts over all of them.
    page = Paginator(items, settings.PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request,
        "cycles/reminders/this_week.html",
        {
            "today": today,
            "items": items,
            "page": page,
            # A coordinator sees every group: the items read best in a section per group.
            "sections": by_group(list(page), every=items) if roles.coordinator else None,
            "kinds": count_by_kind(items),
            "overdue": sum(1 for item in items if item.due_on < today),
            # A page about one group (a group manager's) need not name it on every item.
            "show_group": len({item.group.pk for item in items}) > 1,
        },
    )


def reminder_count_view(request: HttpRequest) -> JsonResponse:
    """The number for the menu, when no page counted it recently: asked by the menu itself after the page loads,
    so that no page pays for it."""
    return JsonResponse({"count": len(items_for(request_user(request)))})
