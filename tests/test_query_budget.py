"""List pages make as many queries for 500 members as for 10: the budget does not grow with the data."""

import pytest
from django.urls import reverse

from cycles.models import StoredGate
from cycles.services import trajectory_start

from .factories import GroupStandardFactory, MemberFactory, PlotFactory, ProducerGroupFactory
from .helpers import page_query_count

# Whatever the data, no list page may need more than this: 20, one to store the gates a portfolio or a group page
# evaluated (the first view after a change; the next views read them in one query), and one for the state of the
# records its kept part is kept for (producers.page_cache; taken from the cache, the page needs a third as many).
BUDGET = 22


def _grow(scope, members: int, groups: int) -> None:
    """Add `members` members with a plot each to the scoped group, and `groups` more groups to every scope."""
    for member in MemberFactory.create_batch(members, group=scope.group):
        PlotFactory.create(member=member)
    if not scope.group.chosen_standards.exists():
        trajectory_start(group=scope.group, by=scope.coordinator)
        GroupStandardFactory.create(group=scope.group)
    for _ in range(groups):
        group = ProducerGroupFactory.create()
        MemberFactory.create_batch(3, group=group)
        trajectory_start(group=group, by=None)
        group.assignments.create(field_officer=scope.field_officer, assigned_on="2025-01-01")
        group.programmes.add(*scope.group.programmes.all())


PAGES = [
    ("coordinator", lambda s: reverse("cycles:home")),
    ("field_officer", lambda s: reverse("cycles:home")),
    ("group_manager", lambda s: reverse("cycles:home")),
    ("donor", lambda s: reverse("cycles:home")),
    ("coordinator", lambda s: reverse("cycles:home") + "?phase=preconditions"),
    ("field_officer", lambda s: reverse("cycles:group_detail", kwargs={"pk": s.group.pk})),
    ("group_manager", lambda s: reverse("producers:member_list", kwargs={"pk": s.group.pk})),
    ("group_manager", lambda s: reverse("producers:member_list", kwargs={"pk": s.group.pk}) + "?q=a&page=2"),
    ("field_officer", lambda s: reverse("producers:plot_list", kwargs={"pk": s.group.pk})),
    ("field_officer", lambda s: reverse("producers:member_detail", kwargs={"pk": s.member.pk})),
]


@pytest.mark.parametrize(("role", "url"), PAGES, ids=[f"{r}-{i}" for i, (r, _) in enumerate(PAGES)])
def test_page_queries_do_not_grow_with_members_or_groups(scope, login, role, url):
    client = login(scope.users()[role])
    _grow(scope, members=9, groups=2)  # with the scope's own member: 10
    # The factories write around the services (no new records version): every stored gate goes, so that both
    # counts are of the dearest case, every gate evaluated (just after a change); a stored gate costs one query.
    StoredGate.objects.all().delete()
    small = page_query_count(client, url(scope))
    _grow(scope, members=490, groups=40)
    assert scope.group.members.count() == 500
    StoredGate.objects.all().delete()
    large = page_query_count(client, url(scope))
    assert large == small, f"{small} queries for 10 members, {large} for 500"
    assert large <= BUDGET
