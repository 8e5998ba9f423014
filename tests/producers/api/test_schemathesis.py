"""Schemathesis against the generated OpenAPI schema, as each role: every GET answers without a server error and as
the schema says, and nothing outside the role's scope comes back.

GET only, and a few examples per operation, to stay within a couple of minutes; the writes are covered by
test_members.py and the scope walk (tests/scope/api.py)."""

from io import StringIO
from typing import Any

import pytest
import schemathesis
from django.core.management import call_command
from django.core.signals import request_finished, request_started
from django.core.wsgi import get_wsgi_application
from django.db import close_old_connections
from hypothesis import HealthCheck, Phase, given, settings
from hypothesis import strategies as st
from schemathesis.specs.openapi.checks import positive_data_acceptance

from cycles.models import CoordinationRun, PhaseMove, Service
from cycles.services import trajectory_start
from producers.api.tokens import api_token_create
from producers.models import Member, ProducerGroup, Programme, User
from producers.selectors import groups_visible_to
from tests.producers.api.test_query_budget_reads import grow_logframe, grow_runs, grow_services

EXAMPLES = 4
ROLES = ["coordinator", "field_officer", "group_manager", "donor"]
# The demo logins of `make run` (cycles/demo/seed.py), every role among them.
DEMO_LOGINS = ["coordinator", "fieldofficer", "groupmanager", "meneja", "donor"]


def _group_ids(body: Any) -> set[int]:
    """Every group a response names: its `group` fields, and the ids of the groups a group list returns."""
    found: set[int] = set()
    if isinstance(body, dict):
        if isinstance(body.get("group"), int):
            found.add(body["group"])
        if "organisation" in body and "commodity" in body and isinstance(body.get("id"), int):
            found.add(body["id"])
        for value in body.values():
            found |= _group_ids(value)
    elif isinstance(body, list):
        for item in body:
            found |= _group_ids(item)
    return found


def check_every_get(user: User, *, known: list[int], outside: set[int], examples: int = EXAMPLES) -> None:
    """Every GET operation of the schema, as `user` through a token of theirs, with ids from `known`: no server
    error, every answer as the schema says, and none of the groups in `outside` in any answer."""
    raw = api_token_create(user=user, by=user, label="Schemathesis").raw
    # The app gzips its answers; schemathesis's WSGI client does not unpack them.
    auth = {"Authorization": f"Token {raw}", "Accept-Encoding": "identity"}
    schema = schemathesis.openapi.from_wsgi("/api/v1/schema/?format=json", get_wsgi_application(), headers=auth)
    checked = 0
    for result in schema.get_all_operations():
        operation = result.ok()  # type: ignore[union-attr]
        if operation.method.upper() != "GET":
            continue
        checked += 1

        @settings(
            max_examples=examples,
            deadline=None,
            database=None,
            # No shrinking: a failure is reported as found, within the time budget.
            phases=[Phase.explicit, Phase.generate],
            suppress_health_check=list(HealthCheck),
        )
        @given(case=operation.as_strategy(), pk=st.sampled_from(known))
        def check(case: Any, pk: int) -> None:
            if case.path_parameters and "id" in case.path_parameters:
                case.path_parameters = {**case.path_parameters, "id": pk}
            response = case.call(headers=auth)
            assert response.status_code < 500, f"{case.method} {case.formatted_path}: {response.status_code}"
            # A random cursor or filter value fits the schema but is refused with a documented 400.
            case.validate_response(response, headers=auth, excluded_checks=[positive_data_acceptance])
            if response.status_code == 200:
                seen = outside & _group_ids(response.json())
                assert not seen, f"{user.username} saw groups {sorted(seen)} outside their scope: {case.path}"

        check()
    assert checked >= 31


@pytest.mark.parametrize("role", ROLES)
def test_every_get_conforms_to_the_schema_and_stays_in_scope(scope, settings_override, cycle_objects, role):
    # Ids that exist, on both sides of the scope, so that the cases reach real objects and not only 404s.
    known = [scope.group.pk, scope.other_group.pk, scope.member.pk, scope.other_member.pk, *cycle_objects, 1, 999999]
    # The coordinator's scope is every group.
    check_every_get(
        scope.users()[role], known=known, outside=set() if role == "coordinator" else {scope.other_group.pk}
    )


def test_every_demo_login_gets_answers_that_conform_and_stay_in_scope(db, settings_override):
    """The same, on the demo data, as each demo login (`make run` prints them): their groups are several, and those
    of the others are outside."""
    call_command("seed_demo", stdout=StringIO())
    groups = set(ProducerGroup.objects.values_list("pk", flat=True))
    known = [
        *groups,
        *Member.objects.order_by("pk").values_list("pk", flat=True)[:20],
        *PhaseMove.objects.order_by("pk").values_list("pk", flat=True)[:10],
        *Service.objects.order_by("pk").values_list("pk", flat=True)[:10],
        *CoordinationRun.objects.values_list("pk", flat=True),
        *Programme.objects.values_list("pk", flat=True),
        999999,
    ]
    for username in DEMO_LOGINS:
        user = User.objects.get(username=username)
        outside = groups - set(groups_visible_to(user).values_list("pk", flat=True))
        if username != "coordinator":
            assert outside, f"{username} sees every demo group: the scope check would prove nothing"
        check_every_get(user, known=known, outside=outside, examples=2)


@pytest.fixture
def settings_override(settings):
    # Schemathesis's WSGI client asks for host "localhost".
    settings.ALLOWED_HOSTS = ["*"]
    # Its requests go to the WSGI application directly, not through Django's test client, which is what keeps the
    # request signals from closing the test's database connection (PostgreSQL closes it after every request).
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    try:
        yield settings
    finally:
        request_started.connect(close_old_connections)
        request_finished.connect(close_old_connections)


@pytest.fixture
def cycle_objects(scope) -> list[int]:
    """Objects of the cycles' reads on both sides of the scope (moves, services, programmes, coordination runs, a
    logical framework), so that their endpoints answer with real bodies too; their ids."""
    for group in (scope.group, scope.other_group):
        trajectory_start(group=group, by=scope.coordinator)
    grow_services(scope, 2)
    inside = Service.objects.earliest("pk")
    Service.objects.create(
        group=scope.other_group,
        service_type=inside.service_type,
        provider=inside.provider,
        delivered_on=inside.delivered_on,
        recorded_at=inside.recorded_at,
        recorded_by=scope.coordinator,
    )
    grow_runs(scope, 2)
    grow_logframe(scope, 10)
    return [
        *PhaseMove.objects.values_list("pk", flat=True),
        *Service.objects.values_list("pk", flat=True),
        *CoordinationRun.objects.values_list("pk", flat=True),
        *Programme.objects.values_list("pk", flat=True),
    ]
