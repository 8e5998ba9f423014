"""Every URL that takes an object id, with every role and an outsider: nobody reaches an object outside their
scope (403 or 404, never a success), and every role reaches what its work needs inside it.

The URLs and their objects are described per area in tests/scope/. A new URL pattern with an id fails
`test_every_object_url_is_covered` until an area module lists it.
"""

import importlib
import pkgutil
from collections.abc import Callable, Iterator
from typing import Any

import pytest
from django.db import transaction
from django.http import HttpResponse
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver, reverse
from django.urls.converters import IntConverter

from . import scope as scope_package
from .scope import ObjectUrl, World

AREAS = [
    importlib.import_module(f"{scope_package.__name__}.{info.name}")
    for info in pkgutil.iter_modules(scope_package.__path__)
]
OBJECT_URLS: dict[str, ObjectUrl] = {name: spec for area in AREAS for name, spec in area.OBJECT_URLS.items()}
POPULATE: list[Callable[[World], None]] = [area.populate for area in AREAS]

ROLES = ["coordinator", "field_officer", "group_manager", "donor", "outsider"]
# A success: the page, the file, or the redirect after an action (refused actions come back as messages).
SUCCESS = {200, 302, 400}
REFUSED = {403, 404}


def _patterns_with_ids(patterns: list[URLPattern | URLResolver], namespace: str = "") -> Iterator[str]:
    for entry in patterns:
        if isinstance(entry, URLResolver):
            if entry.namespace == "admin":
                continue  # Django's admin is for staff and checks its own permissions.
            inner = f"{namespace}{entry.namespace}:" if entry.namespace else namespace
            yield from _patterns_with_ids(entry.url_patterns, inner)
        elif entry.name and any(isinstance(c, IntConverter) for c in entry.pattern.converters.values()):
            yield f"{namespace}{entry.name}"


@pytest.fixture
def world(scope) -> World:
    built = World(scope=scope)
    for populate in POPULATE:
        populate(built)
    return built


def _request(client: Any, spec: ObjectUrl, url: str) -> HttpResponse:
    return client.post(url, {}) if spec.method == "post" else client.get(url)


def test_every_object_url_is_covered():
    found = set(_patterns_with_ids(get_resolver().url_patterns))
    assert found, "the walk found no URL pattern with an id"
    missing = sorted(found - set(OBJECT_URLS))
    assert not missing, f"add these URL patterns to an area module in tests/scope/: {missing}"


def _status(
    world: World, client: Client, login: Callable[[Any], Client], role: str | None, spec: ObjectUrl, url: str
) -> HttpResponse:
    """The answer to one person (None: an anonymous visitor), in a savepoint rolled back after it: what one role's
    request changes (an action that succeeds) is undone before the next role asks, as if each had its own world."""
    with transaction.atomic():
        client.logout()
        if role is not None:
            login(world.scope.users()[role])  # the same client, logged in as this role
        response = _request(client, spec, url)
        transaction.set_rollback(True)
    return response


# One test per URL, every role in it: the world is the costly part, and the same for all of them.
@pytest.mark.parametrize("url_name", sorted(OBJECT_URLS))
def test_each_role_reaches_the_object_inside_its_scope_only_as_its_work_needs(world, client, login, url_name):
    spec = OBJECT_URLS[url_name]
    inside = reverse(url_name, kwargs=spec.inside(world))
    outside = reverse(url_name, kwargs=spec.outside(world)) if spec.outside is not None else None
    wrong = []
    for role in ROLES:
        status = _status(world, client, login, role, spec, inside).status_code
        expected = SUCCESS if role in spec.allowed else REFUSED
        if status not in expected:
            wrong.append(f"{role} got {status} for {spec.method.upper()} {inside} (inside)")
        if outside is not None:
            status = _status(world, client, login, role, spec, outside).status_code
            # The coordinator's scope is every group; for everybody else the other group's object is not there.
            if status not in (SUCCESS if role == "coordinator" else REFUSED):
                wrong.append(f"{role} got {status} for {spec.method.upper()} {outside} (outside)")
    assert not wrong, "\n".join(wrong)

    # An anonymous visitor is asked to log in; a script is told to authenticate.
    response = _status(world, client, login, None, spec, inside)
    if inside.startswith("/api/"):
        assert response.status_code == 401
        assert response["WWW-Authenticate"] == "Token"
    else:
        assert response.status_code == 302
        assert response["Location"].startswith(reverse("login"))

    # An id that does not exist is a 404, even to the coordinator.
    kwargs = {key: (value if key == "year" else 999_999) for key, value in spec.inside(world).items()}
    assert _status(world, client, login, "coordinator", spec, reverse(url_name, kwargs=kwargs)).status_code == 404
