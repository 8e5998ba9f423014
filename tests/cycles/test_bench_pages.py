"""The page benchmark's pieces (`manage.py benchmark_pages`, issue #15): the bare view is the floor it claims to
be, the large group's people reach every page they are measured on, the login goes through the real form and the
second factor, and wrk's figures are read from a real run. The figures themselves are the README's."""

from urllib.parse import urlsplit

import pytest
from django.contrib.sessions.backends.db import SessionStore
from django.db import connection
from django.test import RequestFactory
from django.test.utils import CaptureQueriesContext

from cycles.bench.bare import bare_view
from cycles.bench.load import Session, steady, wrk, wrk_available
from cycles.bench.world import world_prepare
from producers.models import User


def test_the_bare_view_makes_one_query_and_renders_one_template(scope):
    request = RequestFactory().get("/bench/bare/")
    request.user = scope.coordinator
    request.session = SessionStore()  # a new one: reading it asks nothing of the database
    with CaptureQueriesContext(connection) as queries:
        response = bare_view(request)
    assert response.status_code == 200
    assert len(queries) == 1
    assert b"Producer groups: 2" in response.content


def test_the_bare_view_is_served_only_by_the_benchmarks_server(scope, login):
    assert login(scope.coordinator).get("/bench/bare/").status_code == 404


def test_each_role_of_the_large_group_reaches_every_page_it_is_measured_on(db, login):
    world = world_prepare(members=30, years=2)
    assert world.members == 30
    assert world.answers > 0
    # A second run finds the same group instead of building another.
    assert world_prepare(members=30, years=2).group == world.group
    for role, pages in world.pages.items():
        client = login(User.objects.get(username=world.people[role].username))
        for name, path in pages:
            assert client.get(path).status_code == 200, f"{role} {name} {path}"


@pytest.fixture
def measured(live_server, transactional_db, django_db_serialized_rollback):
    return world_prepare(members=20, years=1), live_server


def test_the_benchmarks_people_log_in_through_the_form_and_the_second_factor(measured):
    world, live_server = measured
    address = urlsplit(live_server.url)
    for role, person in world.people.items():
        session = Session(address.hostname or "127.0.0.1", address.port or 80)
        session.log_in(person)
        name, path = world.pages[role][0]
        status, location, _page = session.send("GET", path)
        assert status == 200, f"{role} {name}: {status} {location}"


def test_wrk_and_the_steady_load_measure_a_real_page(measured):
    world, live_server = measured
    if not wrk_available():
        pytest.skip("wrk is not installed (apt-get install wrk); CI installs it")
    address = urlsplit(live_server.url)
    host, port = address.hostname or "127.0.0.1", address.port or 80
    session = Session(host, port)
    session.log_in(world.people["group_manager"])
    _name, path = world.pages["group_manager"][0]
    # One connection at a time: the live server shares one SQLite connection between its threads.
    load = wrk(live_server.url + path, session.cookie_header, seconds=1, connections=1, threads=1)
    assert load.requests > 0
    assert load.non2xx == load.errors == 0
    assert 0 < load.p50_ms <= load.p95_ms
    felt = steady(host, port, path, session.cookie_header, rate=2, seconds=2)
    assert felt.sent == 4
    assert felt.failed == 0
    assert 0 < felt.p50_ms <= felt.p95_ms
    # A page that answers with an error is counted as such, not as a success (the command refuses, before the load,
    # a page that does not answer 200: wrk counts only the 4xx and 5xx).
    refused = wrk(live_server.url + "/groups/999999/", session.cookie_header, seconds=1, connections=1, threads=1)
    assert refused.non2xx == refused.requests > 0
