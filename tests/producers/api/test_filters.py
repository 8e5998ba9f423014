"""An id filter beyond what a database column holds is the client's mistake, named in a 400, never a server error
(schemathesis found the 500 on the demo data)."""

import pytest
from django.urls import reverse

from ...helpers_api import token_client


@pytest.mark.parametrize("name", ["api:service_list", "api:trajectory_list", "api:coordination_run_list"])
@pytest.mark.parametrize("value", ["99999999999999999999", "0"])
def test_an_id_filter_out_of_range_is_a_400_that_names_it(scope, name, value):
    field = "programme" if name == "api:coordination_run_list" else "group"
    response = token_client(scope.coordinator).get(reverse(name), {field: value})
    assert response.status_code == 400
    assert field in response.content.decode()


def test_an_id_filter_in_range_filters(scope):
    response = token_client(scope.coordinator).get(reverse("api:trajectory_list"), {"group": scope.group.pk})
    assert response.status_code == 200
