from collections.abc import Callable

from django.http import HttpRequest

from .selectors import cached_count


def reminders(request: HttpRequest) -> dict[str, Callable[[], int | None]]:
    """The number of open items for the menu, read from the cache only when the menu renders it (no query); when
    it is not known, the menu asks for it after the page has loaded (static/js/reminders.js)."""
    return {"menu_reminder_count": lambda: cached_count(request.user)}  # type: ignore[arg-type]
