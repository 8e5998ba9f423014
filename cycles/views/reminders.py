"""The "This week" page: what is due for the person signed in, most urgent first, each item linking to the page
where it is handled; and the count the menu shows."""

import functools
from datetime import date

from django.conf import settings
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.utils import timezone

from producers.models import User
from producers.page_cache import page_cache
from producers.selectors import groups_visible_to, roles_of
from producers.views.helpers import request_user

from ..reminders.selectors import by_group, count_by_kind, items_for


def _this_week_details(user: User, today: date, page_number: str | None) -> dict[str, object]:
    """What the page shows: computed only when its kept part is rendered (producers.page_cache)."""
    items = items_for(user, today=today)
    # A large group can have a thousand actions due: a page of them at a time, the counts over all of them.
    page = Paginator(items, settings.PAGE_SIZE).get_page(page_number)
    return {
        "items": items,
        "page": page,
        # A coordinator sees every group: the items read best in a section per group.
        "sections": by_group(list(page), every=items) if roles_of(user).coordinator else None,
        "kinds": count_by_kind(items),
        "overdue": sum(1 for item in items if item.due_on < today),
        # A page about one group (a group manager's) need not name it on every item.
        "show_group": len({item.group.pk for item in items}) > 1,
    }


def this_week_view(request: HttpRequest) -> HttpResponse:
    user = request_user(request)
    today = timezone.localdate()
    # Every item comes from the records of the groups the person sees (and the names of those who answer for them,
    # edited in the admin): kept per state of those.
    kept = page_cache(request, groups=groups_visible_to(user))
    details = functools.cache(functools.partial(_this_week_details, user, today, request.GET.get("page")))
    if kept is None or not kept.has_part("this_week"):
        # Counted before the menu above the list renders, so that its number is the list's (items_for keeps it).
        details()
    return render(
        request,
        "cycles/reminders/this_week.html",
        {"page_cache": kept, "today": today, "page_details": details},
    )


def reminder_count_view(request: HttpRequest) -> JsonResponse:
    """The number for the menu, when no page counted it recently: asked by the menu itself after the page loads,
    so that no page pays for it."""
    return JsonResponse({"count": len(items_for(request_user(request)))})
