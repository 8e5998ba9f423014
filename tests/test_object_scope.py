"""Every URL that takes an object id, with every role and an outsider: nobody reaches an object outside their
scope (403 or 404, never 200), and everybody reaches what is inside it.

A new URL pattern with an id fails `test_every_object_url_is_covered` until it is added to OBJECT_URLS.
"""

from collections.abc import Callable, Iterator
from dataclasses import dataclass

import pytest
from django.urls import URLPattern, URLResolver, get_resolver, reverse
from django.urls.converters import IntConverter

from .conftest import Scope


@dataclass(frozen=True)
class ObjectUrl:
    inside: Callable[[Scope], dict[str, int]]
    outside: Callable[[Scope], dict[str, int]]
    # The roles that may open the object inside the scope; the others get 403 or 404.
    allowed: frozenset[str]


EVERY_GROUP_ROLE = frozenset({"coordinator", "field_officer", "group_manager", "donor"})
# Farmers' personal data: not for funders.
REGISTER_ROLES = frozenset({"coordinator", "field_officer", "group_manager"})

OBJECT_URLS: dict[str, ObjectUrl] = {
    "cycles:group_detail": ObjectUrl(
        lambda s: {"pk": s.group.pk}, lambda s: {"pk": s.other_group.pk}, EVERY_GROUP_ROLE
    ),
    "producers:member_list": ObjectUrl(
        lambda s: {"pk": s.group.pk}, lambda s: {"pk": s.other_group.pk}, REGISTER_ROLES
    ),
    "producers:plot_list": ObjectUrl(lambda s: {"pk": s.group.pk}, lambda s: {"pk": s.other_group.pk}, REGISTER_ROLES),
    "producers:member_detail": ObjectUrl(
        lambda s: {"pk": s.member.pk}, lambda s: {"pk": s.other_member.pk}, REGISTER_ROLES
    ),
}

ROLES = ["coordinator", "field_officer", "group_manager", "donor", "outsider"]


def _patterns_with_ids(
    patterns: list[URLPattern | URLResolver], namespace: str = ""
) -> Iterator[tuple[str, list[str]]]:
    for entry in patterns:
        if isinstance(entry, URLResolver):
            if entry.namespace == "admin":
                continue  # Django's admin is for staff and checks its own permissions.
            inner = f"{namespace}{entry.namespace}:" if entry.namespace else namespace
            yield from _patterns_with_ids(entry.url_patterns, inner)
        elif entry.name and any(isinstance(c, IntConverter) for c in entry.pattern.converters.values()):
            yield f"{namespace}{entry.name}", sorted(entry.pattern.converters)


def test_every_object_url_is_covered():
    found = dict(_patterns_with_ids(get_resolver().url_patterns))
    assert found, "the walk found no URL pattern with an id"
    missing = sorted(set(found) - set(OBJECT_URLS))
    assert not missing, f"add these URL patterns to OBJECT_URLS: {missing}"


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("url_name", sorted(OBJECT_URLS))
def test_object_outside_scope_is_never_served(scope, login, url_name, role):
    url = reverse(url_name, kwargs=OBJECT_URLS[url_name].outside(scope))
    response = login(scope.users()[role]).get(url)
    if role == "coordinator":
        assert response.status_code == 200  # the coordinator's scope is every group
    else:
        assert response.status_code in (403, 404), f"{role} got {response.status_code} for {url}"


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("url_name", sorted(OBJECT_URLS))
def test_object_inside_scope_is_served_to_the_roles_that_need_it(scope, login, url_name, role):
    spec = OBJECT_URLS[url_name]
    url = reverse(url_name, kwargs=spec.inside(scope))
    response = login(scope.users()[role]).get(url)
    if role in spec.allowed:
        assert response.status_code == 200
    else:
        assert response.status_code in (403, 404), f"{role} got {response.status_code} for {url}"


@pytest.mark.parametrize("url_name", sorted(OBJECT_URLS))
def test_object_url_asks_an_anonymous_visitor_to_log_in(scope, client, url_name):
    response = client.get(reverse(url_name, kwargs=OBJECT_URLS[url_name].inside(scope)))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))


@pytest.mark.parametrize("url_name", sorted(OBJECT_URLS))
def test_object_url_answers_404_for_an_id_that_does_not_exist(scope, login, url_name):
    kwargs = dict.fromkeys(OBJECT_URLS[url_name].inside(scope), 999999)
    assert login(scope.coordinator).get(reverse(url_name, kwargs=kwargs)).status_code == 404
