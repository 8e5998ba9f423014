"""The register through the API: a member read with its version as ETag, changed only with If-Match (428 without,
412 on a stale one, 409 when a change came in between), created through the same service as the page; every error
a problem document."""

from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from producers.api.tokens import api_token_create
from producers.models import Member, MemberStatusChange
from producers.services import member_update

PROBLEM = "application/problem+json"


@pytest.fixture
def officer(scope) -> Client:
    raw = api_token_create(user=scope.field_officer, by=scope.field_officer, label="Test").raw
    return Client(headers={"Authorization": f"Token {raw}"})


def patch(client: Client, url: str, body: dict[str, Any], **headers: str) -> Any:
    return client.patch(url, body, content_type="application/json", headers=headers)


def test_a_member_comes_with_its_version_as_etag(scope, officer):
    response = officer.get(reverse("api:member_detail", args=[scope.member.pk]))
    assert response.status_code == 200
    assert response["ETag"] == f'"{scope.member.version}"'
    assert response.json()["member_number"] == scope.member.member_number


def test_a_change_without_if_match_is_refused_with_428(scope, officer):
    response = patch(officer, reverse("api:member_detail", args=[scope.member.pk]), {"village": "Kaguru"})
    assert response.status_code == 428
    assert response["Content-Type"] == PROBLEM
    body = response.json()
    assert {"type", "title", "status", "detail", "code"} <= set(body)
    assert body["code"] == "if_match_required"
    scope.member.refresh_from_db()
    assert scope.member.village != "Kaguru"


def test_a_change_with_the_current_version_is_saved_and_moves_the_etag(scope, officer):
    url = reverse("api:member_detail", args=[scope.member.pk])
    tag = officer.get(url)["ETag"]
    response = patch(officer, url, {"village": "Kaguru"}, **{"If-Match": tag})
    assert response.status_code == 200, response.content
    assert response.json()["village"] == "Kaguru"
    assert response["ETag"] != tag
    assert patch(officer, url, {"village": "Again"}, **{"If-Match": tag}).status_code == 412


def test_a_change_saved_in_between_is_a_409(scope, officer, monkeypatch):
    url = reverse("api:member_detail", args=[scope.member.pk])
    tag = officer.get(url)["ETag"]
    # Someone saves between the If-Match check and the service's own check of the version.
    from producers.api import concurrency

    real = concurrency.expected_version

    def racing(request: Any, record: Member) -> int:
        version = real(request, record)
        member_update(member=record, by=scope.coordinator, expected_version=version, changes={"village": "First"})
        return version

    monkeypatch.setattr("producers.api.views.expected_version", racing)
    response = patch(officer, url, {"village": "Second"}, **{"If-Match": tag})
    assert response.status_code == 409
    assert response.json()["code"] == "stale_record"
    scope.member.refresh_from_db()
    assert scope.member.village == "First"


def test_a_member_is_created_through_the_service_and_a_refusal_is_a_problem(scope, officer):
    url = reverse("api:group_members", args=[scope.group.pk])
    body = {"member_number": "API-1", "first_name": "Wanjiru", "last_name": "Kamau", "gender": "female"}
    created = officer.post(url, body, content_type="application/json")
    assert created.status_code == 201, created.content
    member = Member.objects.get(group=scope.group, member_number="API-1")
    assert MemberStatusChange.objects.filter(member=member).count() == 1  # the service wrote the first status change
    again = officer.post(url, body, content_type="application/json")
    assert again.status_code == 400
    assert again["Content-Type"] == PROBLEM
    problem = again.json()
    assert problem["status"] == 400
    assert problem["code"]
    assert problem["errors"]


def test_a_malformed_request_lists_its_field_errors(scope, officer):
    url = reverse("api:group_members", args=[scope.group.pk])
    response = officer.post(url, {"gender": "nonsense"}, content_type="application/json")
    assert response.status_code == 400
    errors = response.json()["errors"]
    assert "gender" in errors
    assert errors["gender"][0]["code"]


def test_a_donor_gets_no_members_and_may_not_write(scope, login):
    client = login(scope.donor)
    assert client.get(reverse("api:group_members", args=[scope.group.pk])).status_code == 403
    refused = client.post(reverse("api:group_members", args=[scope.group.pk]), {}, content_type="application/json")
    assert refused.status_code == 403
    assert refused["Content-Type"] == PROBLEM


def test_a_group_outside_the_scope_is_not_found(scope, officer):
    response = officer.get(reverse("api:group_detail", args=[scope.other_group.pk]))
    assert response.status_code == 404
    assert response.json()["code"] == "not_found"


def test_session_writes_need_the_csrf_token(scope):
    client = Client(enforce_csrf_checks=True)
    from tests.helpers import force_login_verified

    force_login_verified(client, scope.field_officer)
    url = reverse("api:group_members", args=[scope.group.pk])
    response = client.post(url, {"member_number": "X"}, content_type="application/json")
    assert response.status_code == 403
