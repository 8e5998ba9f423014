"""Every URL that takes an object id, with every role and an outsider: nobody reaches an object outside their
scope (403 or 404, never a success), and every role reaches what its work needs inside it.

A new URL pattern with an id fails `test_every_object_url_is_covered` until it is added to OBJECT_URLS.
"""

from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import URLPattern, URLResolver, get_resolver, reverse
from django.urls.converters import IntConverter
from django.utils import timezone

from cycles.models import AnswerStatus, Criterion, Evidence, Phase, PhaseMove
from cycles.services import criterion_answer, trajectory_start

from .conftest import Scope

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


@dataclass
class World:
    """The scope of tests/conftest.py, with inner-cycle objects on both sides of it."""

    scope: Scope
    ids: dict[str, int] = field(default_factory=dict)


def build_world(scope: Scope) -> World:
    world = World(scope=scope)
    criterion = Criterion.objects.get(code="governed-organisation")
    for side, group in (("in", scope.group), ("out", scope.other_group)):
        trajectory_start(group=group, by=scope.coordinator)
        answer = criterion_answer(
            group=group,
            criterion=criterion,
            by=scope.coordinator,
            status=AnswerStatus.MET,
            files=[SimpleUploadedFile("minutes.pdf", PDF, content_type="application/pdf")],
        )
        world.ids[f"evidence_{side}"] = Evidence.objects.get(answer=answer).pk
        world.ids[f"move_{side}"] = PhaseMove.objects.get(trajectory__group=group).pk
    world.ids["criterion"] = criterion.pk
    world.ids["phase"] = Phase.objects.get(code="planning-1").pk
    return world


@dataclass(frozen=True)
class ObjectUrl:
    inside: Callable[[World], dict[str, int]]
    # None for reference data (criteria, phases): the same for everybody, guarded by role alone.
    outside: Callable[[World], dict[str, int]] | None
    # The roles that may use the URL inside the scope; the others get 403 or 404.
    allowed: frozenset[str]
    method: str = "get"


EVERY_GROUP_ROLE = frozenset({"coordinator", "field_officer", "group_manager", "donor"})
# Farmers' personal data: not for funders.
REGISTER_ROLES = frozenset({"coordinator", "field_officer", "group_manager"})
# Those who keep the group's records and answer its criteria.
CHANGE_ROLES = REGISTER_ROLES
# Those who move the group through the phases.
STEER_ROLES = frozenset({"coordinator", "field_officer"})
COORDINATOR = frozenset({"coordinator"})
YEAR = timezone.localdate().year


def group_in(w: World) -> dict[str, int]:
    return {"pk": w.scope.group.pk}


def group_out(w: World) -> dict[str, int]:
    return {"pk": w.scope.other_group.pk}


OBJECT_URLS: dict[str, ObjectUrl] = {
    "cycles:group_detail": ObjectUrl(group_in, group_out, EVERY_GROUP_ROLE),
    "producers:member_list": ObjectUrl(group_in, group_out, REGISTER_ROLES),
    "producers:plot_list": ObjectUrl(group_in, group_out, REGISTER_ROLES),
    "producers:member_detail": ObjectUrl(
        lambda w: {"pk": w.scope.member.pk}, lambda w: {"pk": w.scope.other_member.pk}, REGISTER_ROLES
    ),
    "cycles:phase": ObjectUrl(group_in, group_out, EVERY_GROUP_ROLE),
    "cycles:timeline": ObjectUrl(group_in, group_out, EVERY_GROUP_ROLE),
    "cycles:answer": ObjectUrl(
        lambda w: {"pk": w.scope.group.pk, "criterion_pk": w.ids["criterion"]},
        lambda w: {"pk": w.scope.other_group.pk, "criterion_pk": w.ids["criterion"]},
        CHANGE_ROLES,
        "post",
    ),
    "cycles:start": ObjectUrl(group_in, group_out, STEER_ROLES, "post"),
    "cycles:advance": ObjectUrl(group_in, group_out, STEER_ROLES, "post"),
    "cycles:override": ObjectUrl(group_in, group_out, COORDINATOR, "post"),
    "cycles:move": ObjectUrl(group_in, group_out, STEER_ROLES, "post"),
    "cycles:evidence": ObjectUrl(
        lambda w: {"pk": w.ids["evidence_in"]}, lambda w: {"pk": w.ids["evidence_out"]}, EVERY_GROUP_ROLE
    ),
    "cycles:move_detail": ObjectUrl(
        lambda w: {"pk": w.ids["move_in"]}, lambda w: {"pk": w.ids["move_out"]}, EVERY_GROUP_ROLE
    ),
    "cycles:annual_current": ObjectUrl(group_in, group_out, EVERY_GROUP_ROLE),
    "cycles:annual_cycle": ObjectUrl(
        lambda w: {"pk": w.scope.group.pk, "year": YEAR},
        lambda w: {"pk": w.scope.other_group.pk, "year": YEAR},
        EVERY_GROUP_ROLE,
    ),
    "cycles:annual_open": ObjectUrl(
        lambda w: {"pk": w.scope.group.pk, "year": YEAR},
        lambda w: {"pk": w.scope.other_group.pk, "year": YEAR},
        CHANGE_ROLES,
        "post",
    ),
    "cycles:annual_step": ObjectUrl(
        lambda w: {"pk": w.scope.group.pk, "year": YEAR},
        lambda w: {"pk": w.scope.other_group.pk, "year": YEAR},
        CHANGE_ROLES,
        "post",
    ),
    "cycles:criterion_create": ObjectUrl(lambda w: {"pk": w.ids["phase"]}, None, COORDINATOR),
    "cycles:criterion_update": ObjectUrl(lambda w: {"pk": w.ids["criterion"]}, None, COORDINATOR),
    "cycles:criterion_retire": ObjectUrl(lambda w: {"pk": w.ids["criterion"]}, None, COORDINATOR, "post"),
    "cycles:criterion_history": ObjectUrl(lambda w: {"pk": w.ids["criterion"]}, None, STEER_ROLES),
}

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
    return build_world(scope)


def _request(client: Any, spec: ObjectUrl, url: str) -> int:
    return (client.post(url, {}) if spec.method == "post" else client.get(url)).status_code


def test_every_object_url_is_covered():
    found = set(_patterns_with_ids(get_resolver().url_patterns))
    assert found, "the walk found no URL pattern with an id"
    missing = sorted(found - set(OBJECT_URLS))
    assert not missing, f"add these URL patterns to OBJECT_URLS: {missing}"


GROUP_SCOPED = sorted(name for name, spec in OBJECT_URLS.items() if spec.outside is not None)


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("url_name", GROUP_SCOPED)
def test_object_outside_scope_is_never_served(world, login, url_name, role):
    spec = OBJECT_URLS[url_name]
    assert spec.outside is not None
    url = reverse(url_name, kwargs=spec.outside(world))
    status = _request(login(world.scope.users()[role]), spec, url)
    if role == "coordinator":
        assert status in SUCCESS  # the coordinator's scope is every group
    else:
        assert status in REFUSED, f"{role} got {status} for {spec.method.upper()} {url}"


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("url_name", sorted(OBJECT_URLS))
def test_object_inside_scope_is_served_to_the_roles_that_need_it_only(world, login, url_name, role):
    spec = OBJECT_URLS[url_name]
    url = reverse(url_name, kwargs=spec.inside(world))
    status = _request(login(world.scope.users()[role]), spec, url)
    if role in spec.allowed:
        assert status in SUCCESS, f"{role} got {status} for {spec.method.upper()} {url}"
    else:
        assert status in REFUSED, f"{role} got {status} for {spec.method.upper()} {url}"


@pytest.mark.parametrize("url_name", sorted(OBJECT_URLS))
def test_object_url_asks_an_anonymous_visitor_to_log_in(world, client, url_name):
    spec = OBJECT_URLS[url_name]
    response = (
        client.post(reverse(url_name, kwargs=spec.inside(world)))
        if spec.method == "post"
        else client.get(reverse(url_name, kwargs=spec.inside(world)))
    )
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))


@pytest.mark.parametrize("url_name", sorted(OBJECT_URLS))
def test_object_url_answers_404_for_an_id_that_does_not_exist(world, login, url_name):
    spec = OBJECT_URLS[url_name]
    kwargs = {key: (value if key == "year" else 999_999) for key, value in spec.inside(world).items()}
    assert _request(login(world.scope.coordinator), spec, reverse(url_name, kwargs=kwargs)) == 404
