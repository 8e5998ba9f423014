"""The programme list of the API answers each person as the programmes page does: coordinators and donors read
(the donor only their funder's programmes), everybody else is refused, not given an empty list."""

import pytest
from django.urls import reverse

from ...helpers_api import token_client


@pytest.mark.parametrize(
    ("role", "status"),
    [("coordinator", 200), ("donor", 200), ("field_officer", 403), ("group_manager", 403), ("outsider", 403)],
)
def test_the_programme_list_is_for_coordinators_and_donors_as_the_page_is(scope, login, role, status):
    user = scope.users()[role]
    assert token_client(user).get(reverse("api:programme_list")).status_code == status
    assert login(user).get(reverse("cycles:programme_list")).status_code == status


def test_a_donor_reads_only_the_programmes_of_their_funder(scope):
    body = token_client(scope.donor).get(reverse("api:programme_list")).json()
    assert [row["id"] for row in body["results"]] == [scope.group.programmes.get().pk]
