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
from django.http import HttpResponse
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


GROUP_SCOPED = sorted(name for name, spec in OBJECT_URLS.items() if spec.outside is not None)


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("url_name", GROUP_SCOPED)
def test_object_outside_scope_is_never_served(world, login, url_name, role):
    spec = OBJECT_URLS[url_name]
    assert spec.outside is not None
    url = reverse(url_name, kwargs=spec.outside(world))
    status = _request(login(world.scope.users()[role]), spec, url).status_code
    if role == "coordinator":
        assert status in SUCCESS  # the coordinator's scope is every group
    else:
        assert status in REFUSED, f"{role} got {status} for {spec.method.upper()} {url}"


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("url_name", sorted(OBJECT_URLS))
def test_object_inside_scope_is_served_to_the_roles_that_need_it_only(world, login, url_name, role):
    spec = OBJECT_URLS[url_name]
    url = reverse(url_name, kwargs=spec.inside(world))
    status = _request(login(world.scope.users()[role]), spec, url).status_code
    if role in spec.allowed:
        assert status in SUCCESS, f"{role} got {status} for {spec.method.upper()} {url}"
    else:
        assert status in REFUSED, f"{role} got {status} for {spec.method.upper()} {url}"


@pytest.mark.parametrize("url_name", sorted(OBJECT_URLS))
def test_object_url_asks_an_anonymous_visitor_to_log_in(world, client, url_name):
    spec = OBJECT_URLS[url_name]
    url = reverse(url_name, kwargs=spec.inside(world))
    response = _request(client, spec, url)
    if url.startswith("/api/"):
        # A script is not redirected to a login page: it is told to authenticate.
        assert response.status_code == 401
        assert response["WWW-Authenticate"] == "Token"
        return
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))


@pytest.mark.parametrize("url_name", sorted(OBJECT_URLS))
def test_object_url_answers_404_for_an_id_that_does_not_exist(world, login, url_name):
    spec = OBJECT_URLS[url_name]
    kwargs = {key: (value if key == "year" else 999_999) for key, value in spec.inside(world).items()}
    assert _request(login(world.scope.coordinator), spec, reverse(url_name, kwargs=kwargs)).status_code == 404
