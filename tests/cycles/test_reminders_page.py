"""The "This week" page and the menu's count: whose items each role sees, farmers' names only where the register
is theirs to see, a query count that does not grow with the portfolio, and the count in the menu that costs the
pages nothing."""

import re

import pytest
from django.core.cache import cache
from django.urls import reverse

from cycles.reminders.items import ItemKind
from cycles.reminders.selectors import cached_count, items_for, register_visible_ids
from producers.models import ProducerGroup
from producers.models.members import MemberStatus
from producers.selectors import can_see_register, groups_visible_to

from ..factories import AssignmentFactory, CertificateFactory, MemberFactory, ProducerGroupFactory
from ..factories_nonconformities import make_action, make_nc
from ..helpers import page_query_count, page_text
from .reminders_fixtures import days, start_in
from .reminders_fixtures import frozen as frozen

URL = reverse("cycles:this_week")


@pytest.fixture(autouse=True)
def empty_cache():
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def week(scope):
    """Items of several kinds in the scope's group (the donor's, the field officer's, the manager's) and one in the
    group outside everybody's scope but the coordinator's."""
    start_in(scope.group, "planning-2", since=days(-400))
    nc = make_nc(scope.group, scope.field_officer, member=scope.member)
    make_action(nc, scope.field_officer, due_on=days(-2))
    CertificateFactory.create(group=scope.group, valid_to=days(20))
    other = make_nc(scope.other_group, scope.coordinator)
    make_action(other, scope.coordinator, due_on=days(3))
    return scope


def _kinds(items) -> set[str]:
    return {item.kind for item in items}


def test_a_field_officer_sees_the_portfolios_items_most_urgent_first(week):
    items = items_for(week.field_officer)

    assert {item.group for item in items} == {week.group}
    assert ItemKind.ACTION_DUE in _kinds(items)
    assert ItemKind.CERTIFICATE_EXPIRING in _kinds(items)
    assert ItemKind.GROUP_STUCK in _kinds(items)
    assert [item.due_on for item in items] == sorted(item.due_on for item in items)
    action = next(item for item in items if item.kind == ItemKind.ACTION_DUE)
    assert action.member == week.member.full_name
    assert set(action.people) == {str(week.field_officer), str(week.group_manager)}


def test_a_group_manager_sees_the_groups_records_but_does_not_steer_it(week):
    kinds = _kinds(items_for(week.group_manager))

    assert ItemKind.ACTION_DUE in kinds
    assert ItemKind.CERTIFICATE_EXPIRING in kinds
    assert ItemKind.GROUP_STUCK not in kinds
    assert {item.group for item in items_for(week.group_manager)} == {week.group}


def test_a_donor_sees_certification_only_and_no_farmer(week):
    items = items_for(week.donor)

    assert _kinds(items) == {ItemKind.CERTIFICATE_EXPIRING}
    assert all(item.member == "" and item.owner == "" for item in items)


def test_a_coordinator_sees_every_group_in_sections(week, login):
    items = items_for(week.coordinator)
    assert {item.group for item in items} == {week.group, week.other_group}

    response = login(week.coordinator).get(URL)

    text = page_text(response)
    assert text.count('data-testid="section"') == 2
    assert week.other_group.organisation.name in text


def test_an_outsider_sees_nothing(week, login):
    assert items_for(week.outsider) == []
    assert "Nothing is due" in page_text(login(week.outsider).get(URL))


def test_the_register_rule_is_the_one_of_can_see_register(week):
    groups = ProducerGroup.objects.all()
    for user in week.users().values():
        visible = register_visible_ids(user, groups)
        for group in groups_visible_to(user):
            assert (visible is None or group.pk in visible) == can_see_register(user, group), (user, group)


def test_a_farmers_name_is_cleared_where_the_register_is_not_seen(week):
    """A rule reached through the certification scope alone never names a farmer; the clearing is the guard."""
    MemberFactory.create(group=week.group, status=MemberStatus.APPLICANT, joined_on=days(-40))
    for item in items_for(week.donor):
        assert week.member.full_name not in (item.record, item.member, item.owner, item.detail)


@pytest.mark.parametrize("role", ["field_officer", "group_manager", "coordinator", "donor"])
def test_every_role_reads_the_page_and_its_links(week, login, role):
    response = login(week.users()[role]).get(URL)

    assert response.status_code == 200
    text = page_text(response)
    for item in items_for(week.users()[role]):
        assert item.url in text.replace("&amp;", "&")
    if role == "donor":
        assert week.member.full_name not in text


def test_an_item_leaves_the_page_when_its_record_is_handled(week, login):
    client = login(week.group_manager)
    assert "Reconcile the books." in page_text(client.get(URL))
    action = week.group.nonconformities.get().actions.get()
    client.post(reverse("cycles:action_done", kwargs={"pk": action.pk}), {"done_on": days(0).isoformat()})

    assert "Reconcile the books." not in page_text(client.get(URL))


def _grow(scope, groups: int) -> None:
    """`groups` more groups in the field officer's portfolio, each with items of several kinds."""
    for _ in range(groups):
        group = ProducerGroupFactory.create()
        AssignmentFactory.create(field_officer=scope.field_officer, group=group)
        group.programmes.add(*scope.group.programmes.all())
        start_in(group, "planning-2", since=days(-400))
        MemberFactory.create(group=group, status=MemberStatus.APPLICANT, joined_on=days(-40))
        CertificateFactory.create(group=group, valid_to=days(20))


@pytest.mark.parametrize("role", ["field_officer", "coordinator", "donor"])
def test_the_page_makes_as_many_queries_for_200_groups_as_for_5(week, login, role):
    client = login(week.users()[role])
    _grow(week, 4)  # with the scope's own group: 5
    small = page_query_count(client, URL)
    _grow(week, 195)
    assert week.field_officer.assignments.count() == 200
    large = page_query_count(client, URL)
    assert large == small, f"{small} queries for 5 groups, {large} for 200"
    assert large <= 30


def test_the_menu_shows_the_count_once_known_and_asks_for_it_otherwise(week, login):
    client = login(week.field_officer)
    home = reverse("cycles:home")
    assert 'data-url="/this-week/count/"' in page_text(client.get(home))

    count = client.get(reverse("cycles:this_week_count")).json()["count"]

    assert count == len(items_for(week.field_officer)) > 0
    assert cached_count(week.field_officer) == count
    text = page_text(client.get(home))
    assert 'data-url="/this-week/count/"' not in text
    assert f"data-reminder-count>{count}</span>" in text


def test_the_menu_count_adds_no_query_to_a_page(week, login):
    client = login(week.field_officer)
    home = reverse("cycles:home")
    client.get(home)  # the portfolio's gates evaluated and stored: both counts below read them
    unknown = page_query_count(client, home)
    client.get(URL)  # counts and remembers
    known = page_query_count(client, home)
    assert known == unknown


@pytest.mark.parametrize("role", ["group_manager", "coordinator"])
def test_a_long_list_comes_a_page_at_a_time_and_the_counts_stay_whole(week, login, role, settings):
    # The week's group has one action due already; 29 more make 30 items for the group (and 31 for the coordinator).
    for index in range(29):
        nc = make_nc(week.group, week.field_officer, member=week.member)
        # Due within the week (listed from 7 days before), later and later.
        make_action(nc, week.field_officer, due_on=days(1 + index // 5), description=f"Action number {index}.")
    settings.PAGE_SIZE = 25
    client = login(week.users()[role])
    total = len(items_for(week.users()[role]))
    first, second = page_text(client.get(URL)), page_text(client.get(URL, {"page": 2}))
    assert f"{total} open items" in first
    assert first.count('data-testid="reminder"') == 25
    assert second.count('data-testid="reminder"') == total - 25
    assert 'rel="next"' in first
    # The most urgent first: the soonest due on the first page, the latest on the second.
    assert "Action number 0." in first
    assert "Action number 28." in second
    if role == "coordinator":
        # The group's section counts all its items, not only those of this page.
        in_group = sum(1 for item in items_for(week.coordinator) if item.group == week.group)
        assert in_group > 25
        badge = re.search(rf"{week.group.organisation.name}</a>\s*<span[^>]*>(\d+)</span>", first)
        assert badge is not None
        assert int(badge.group(1)) == in_group
