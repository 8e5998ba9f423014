from django.http import HttpRequest

from .page_cache import PageCache, navigation_cache
from .selectors import roles_of


def roles(request: HttpRequest) -> dict[str, object]:
    """The user's roles, for the navigation of the base layout."""
    return {"roles": roles_of(request.user)}  # type: ignore[arg-type]


def navigation(request: HttpRequest) -> dict[str, PageCache | None]:
    """The key under which the menu of the base layout is kept (producers.page_cache)."""
    return {"nav_cache": navigation_cache(request)}
