"""Every API list makes as many queries for 2,000 members as for 10: the budget does not grow with the data."""

import pytest
from django.urls import reverse

from producers.models import Member, Plot
from tests.helpers import page_query_count

BUDGET = 15

LISTS = [
    ("coordinator", "api:organisation_list", False),
    ("field_officer", "api:group_list", False),
    ("donor", "api:group_list", False),
    ("coordinator", "api:programme_list", False),
    ("group_manager", "api:group_members", True),
    ("field_officer", "api:group_plots", True),
    ("field_officer", "api:group_inspections", True),
    ("donor", "api:group_nonconformities", True),
    ("field_officer", "api:group_nonconformities", True),
    ("donor", "api:group_trainings", True),
    ("group_manager", "api:group_production", True),
    ("donor", "api:group_measurements", True),
    ("donor", "api:indicator_list", False),
    ("donor", "api:certificate_list", False),
]


def _grow(scope, members: int) -> None:
    start = Member.objects.filter(group=scope.group).count()
    made = Member.objects.bulk_create(
        Member(group=scope.group, member_number=f"BULK-{n:05d}", first_name="Amina", last_name=f"N{n}", gender="female")
        for n in range(start, start + members)
    )
    Plot.objects.bulk_create(Plot(member=member, name="Shamba", area_ha=1, crop="coffee") for member in made)


@pytest.mark.parametrize(("role", "name", "by_group"), LISTS, ids=[f"{r}-{n}" for r, n, _ in LISTS])
def test_api_list_queries_do_not_grow_with_members(scope, login, role, name, by_group):
    client = login(scope.users()[role])
    url = reverse(name, args=[scope.group.pk]) if by_group else reverse(name)
    _grow(scope, 9)
    small = page_query_count(client, url)
    _grow(scope, 1990)
    assert Member.objects.filter(group=scope.group).count() == 2000
    large = page_query_count(client, url)
    assert large == small, f"{small} queries for 10 members, {large} for 2,000"
    assert large <= BUDGET
