from django.http import HttpRequest

from .selectors import roles_of


def roles(request: HttpRequest) -> dict[str, object]:
    """The user's roles, for the navigation of the base layout."""
    return {"roles": roles_of(request.user)}  # type: ignore[arg-type]
