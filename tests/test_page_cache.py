"""Kept pages are never stale (producers/page_cache.py): after every service that changes what a page shows, the
page served (taken from the cache when its key did not move) equals the page rendered afresh; and the kept part
is the person's own, in their language, with this request's CSRF token.

The walk reuses the stored gates' walk of one group through its records (tests/cycles/test_gates_stored.py): each
page is asked for before the step, so that a kept part exists for the step to make obsolete.
"""

import re
import uuid
from typing import Any

import pytest
from django.contrib import admin
from django.contrib.admin.models import LogEntry
from django.template import Context, Template
from django.test import Client, RequestFactory, override_settings
from django.urls import reverse
from django.utils import timezone

from cycles.models import InteractionPoint, LogframeLevel
from cycles.services.inspections import inspection_round_open
from cycles.services.programmes import logframe_row_create
from producers.models import Organisation, Programme
from producers.models.members import MemberStatus
from producers.models.organisations import OrganisationKind
from producers.selectors import groups_visible_to, programmes_visible_to
from producers.services import member_status_change

from .cycles.services_outer_fixtures import record
from .cycles.test_gates_stored import _in_phase, _steps
from .factories import MemberFactory, OrganisationFactory, PlotFactory, ProgrammeFactory
from .factories_nonconformities import choose
from .helpers import force_login_verified

CSRF_VALUE = re.compile(r'(name="csrfmiddlewaretoken" value=")[^"]+(")')
# The session's remaining seconds, counted down on every response (outside the kept parts).
SESSION_SECONDS = re.compile(r'(data-[a-z]+-seconds=")\d+(")')


def _body(client: Client, url: str) -> str:
    """The page as served, with the CSRF token (masked anew on every response) left out."""
    response = client.get(url)
    if response.status_code == 302:
        return f"redirect to {response['Location']}"
    assert response.status_code == 200, url
    return SESSION_SECONDS.sub(r"\1\2", CSRF_VALUE.sub(r"\1\2", response.content.decode()))


def _fresh(client: Client, url: str) -> str:
    """The same page rendered now: under a new generation no kept part is found."""
    with override_settings(PAGE_CACHE_GENERATION=uuid.uuid4().hex):
        return _body(client, url)


def _pages(scope, state: dict[str, Any]) -> list[tuple[Client, str]]:
    group = scope.group
    officer = force_login_verified(Client(), scope.field_officer)
    manager = Client()
    manager.force_login(scope.group_manager)
    coordinator = force_login_verified(Client(), scope.coordinator)
    donor = Client()
    donor.force_login(scope.donor)
    programme = Programme.objects.filter(groups=group).get()
    year = timezone.localdate().year
    return [
        (officer, reverse("cycles:home")),
        (officer, reverse("cycles:group_detail", args=[group.pk])),
        (officer, reverse("cycles:phase", args=[group.pk])),
        (officer, reverse("producers:member_list", args=[group.pk])),
        (officer, reverse("cycles:nc_list", args=[group.pk])),
        (officer, reverse("cycles:this_week")),
        (officer, reverse("cycles:inspection_create", args=[group.pk, year, state["uninspected"].pk])),
        (manager, reverse("cycles:group_detail", args=[group.pk])),
        (manager, reverse("cycles:this_week")),
        (coordinator, reverse("cycles:home")),
        (coordinator, reverse("cycles:programme_detail", args=[programme.pk])),
        (donor, reverse("cycles:programme_detail", args=[programme.pk])),
    ]


def test_every_kept_page_equals_the_fresh_one_after_every_service(scope):
    group = scope.group
    choose(group)
    _in_phase(group, scope.coordinator, "planning-2")
    state: dict[str, Any] = {
        "extra": MemberFactory.create(group=group, status="approved"),
        "uninspected": MemberFactory.create(group=group, status="approved", first_name="Akinyi"),
    }
    PlotFactory.create(member=state["extra"])
    # The round open from the start: the inspection form is a page throughout (a redirect would leave a message).
    inspection_round_open(group=group, year=timezone.localdate().year, by=scope.coordinator)
    pages = _pages(scope, state)
    for name, step in _steps(scope):
        for client, url in pages:
            _body(client, url)  # kept at the state before the step
        step(state)
        for client, url in pages:
            assert _body(client, url) == _fresh(client, url), f"{url} is stale after {name}"


def test_a_kept_page_is_served_with_a_third_of_the_queries(scope, login, django_assert_max_num_queries):
    client = login(scope.field_officer)
    url = reverse("cycles:group_detail", args=[scope.group.pk])
    first = _body(client, url)
    with django_assert_max_num_queries(8):  # the session, the login, the roles, the group with its state
        assert _body(client, url) == first


def test_the_programme_page_follows_its_logical_framework_and_the_records_of_its_groups(scope, login):
    client = login(scope.coordinator)
    programme = Programme.objects.filter(groups=scope.group).get()
    url = reverse("cycles:programme_detail", args=[programme.pk])
    assert "Farmers sell certified coffee" not in _body(client, url)
    logframe_row_create(
        programme=programme,
        by=scope.coordinator,
        level=LogframeLevel.PURPOSE,
        statement="Farmers sell certified coffee",
    )
    assert "Farmers sell certified coffee" in _body(client, url)
    before = _body(client, url)
    MemberFactory.create_batch(3, group=scope.group)  # around the services: the page may not know yet
    inspection_round_open(group=scope.group, year=timezone.localdate().year, by=scope.coordinator)
    assert _body(client, url) == _fresh(client, url) != before


def test_this_week_follows_a_service_delivered(scope, login):
    """The steering rule "no service for a while" reads the outer cycle's services: recording one is a change."""
    client = login(scope.field_officer)
    url = reverse("cycles:this_week")
    _in_phase(scope.group, scope.coordinator, "planning-1")
    point = InteractionPoint.objects.filter(phase__code="planning-1").select_related("service_type").first()
    assert point is not None, "the shipped interaction points expect a service in planning 1"
    before = _body(client, url)
    assert point.service_type.name in before
    record(scope.group, scope.field_officer, service_type=point.service_type, delivered_on=timezone.localdate())
    assert _body(client, url) == _fresh(client, url)
    assert before != _fresh(client, url)


def test_an_edit_in_the_admin_shows_at_once(scope, login):
    """The admin writes a log entry for every edit by hand: reference data and names are read with it."""
    client = login(scope.field_officer)
    url = reverse("cycles:group_detail", args=[scope.group.pk])
    assert "Inside Cooperative" in _body(client, url)
    organisation = scope.group.organisation
    organisation.name = "Inside Coffee Cooperative"
    request = RequestFactory().post("/")
    request.user = scope.coordinator
    model_admin = admin.site._registry[Organisation]
    model_admin.save_model(request, organisation, form=None, change=True)
    model_admin.log_change(request, organisation, "Changed name.")
    assert LogEntry.objects.exists()
    assert "Inside Coffee Cooperative" in _body(client, url)


@pytest.mark.parametrize("other", ["donor", "group_manager", "coordinator"])
def test_a_kept_part_is_never_anothers(scope, other):
    officer = force_login_verified(Client(), scope.field_officer)
    reader = force_login_verified(Client(), getattr(scope, other))
    url = reverse("cycles:group_detail", args=[scope.group.pk])
    _body(officer, url)
    assert _body(reader, url) == _fresh(reader, url)
    assert _body(reader, url) != _body(officer, url)  # the name in the menu at least


def test_a_kept_part_is_kept_per_language(scope, login):
    client = login(scope.group_manager)
    url = reverse("cycles:group_detail", args=[scope.group.pk])
    english = _body(client, url)
    swahili = client.get(url, HTTP_ACCEPT_LANGUAGE="sw")
    assert swahili.content.decode() != english
    assert _body(client, url) == english


def test_a_kept_form_carries_this_responses_token(scope):
    """The kept parts hold a hole for the CSRF token, filled per response: each response masks it anew (against
    BREACH, as a fresh render does) and the form posts with it."""
    client = Client(enforce_csrf_checks=True)
    client.force_login(scope.group_manager)
    url = reverse("cycles:group_detail", args=[scope.group.pk])
    tokens = []
    for _ in range(2):  # rendered, then taken from the cache
        token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', client.get(url).content.decode())
        assert token is not None
        tokens.append(token.group(1))
    assert tokens[0] != tokens[1]
    response = client.post(reverse("accounts:language_switch"), {"csrfmiddlewaretoken": tokens[1], "language": "sw"})
    assert response.status_code == 302


def test_whoever_reaches_a_programme_sees_all_of_its_groups(scope):
    """The programme page's key reads the programme's groups, not the person's scope (cycles/views/programmes.py):
    sound only while everyone who may open a programme sees every group of it. A second programme of another
    funder, with a group of its own, makes a donor's scope narrower than all groups."""
    funder = OrganisationFactory.create(name="Another funder", kind=OrganisationKind.DONOR)
    elsewhere = ProgrammeFactory.create(funder=funder)
    elsewhere.groups.add(scope.other_group)
    reached = 0
    for user in scope.users().values():
        visible = set(groups_visible_to(user).values_list("pk", flat=True))
        for programme in programmes_visible_to(user):
            assert set(programme.groups.values_list("pk", flat=True)) <= visible, (user, programme)
            reached += 1
    assert reached >= 3  # the coordinator's two and the donor's one at least


def test_a_kept_inspection_form_reads_neither_the_member_nor_the_round(scope, login, django_assert_max_num_queries):
    """Kept, the form is served on what the view found when it was kept (a member to inspect, the round open);
    any change of them moves the key, and the view checks them again."""
    group = scope.group
    choose(group)
    year = timezone.localdate().year
    inspection_round_open(group=group, year=year, by=scope.coordinator)
    client = login(scope.field_officer)
    url = reverse("cycles:inspection_create", args=[group.pk, year, scope.member.pk])
    first = _body(client, url)
    with django_assert_max_num_queries(7):  # the session, the login and its second factor, the roles, the group
        assert _body(client, url) == first
    member_status_change(
        member=scope.member,
        by=scope.field_officer,
        to_status=MemberStatus.LEFT,
        changed_on=timezone.localdate(),
        reason="Moved away",
    )
    assert _body(client, url) == f"redirect to {reverse('cycles:inspection_round', args=[group.pk, year])}"


def test_a_pages_details_are_computed_once_for_all_of_its_parts():
    """The inspection form's title and body are two parts: on a miss both render, from one computation."""
    calls = []

    def details() -> dict[str, object]:
        calls.append(1)
        return {"name": "Akinyi"}

    page = Template(
        '{% load page_cache %}{% cached_part "title" %}{{ name }}{% endcached_part %} · '
        '{% cached_part "body" %}{{ name }}{% endcached_part %}'
    )
    assert page.render(Context({"page_cache": None, "page_details": details})) == "Akinyi · Akinyi"
    assert calls == [1]
