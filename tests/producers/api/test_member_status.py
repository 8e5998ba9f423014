"""A member's status moves through the API as on the register page: the same service, the same reasons and
refusals, the version read as If-Match, and the same 403/404 for the same person."""

import datetime
from typing import Any

import pytest
from django.urls import reverse
from django.utils import timezone

from producers.models import Member, MemberStatusChange
from producers.services import member_status_change
from tests.helpers_api import problem_of, send, token_client


def url(member: Member) -> str:
    return reverse("api:member_status", args=[member.pk])


def tag(member: Member) -> str:
    return f'"{member.version}"'


def test_a_suspension_is_recorded_with_its_reason_and_the_token_person(scope):
    client = token_client(scope.field_officer)
    response = send(
        client, "post", url(scope.member), {"to_status": "suspended", "reason": "Unpaid fees."}, tag(scope.member)
    )
    assert response.status_code == 201, response.content
    body = response.json()
    assert (body["from_status"], body["to_status"], body["reason"]) == ("approved", "suspended", "Unpaid fees.")
    assert body["changed_by"] == scope.field_officer.pk
    assert response["ETag"] == tag(scope.member)
    change = MemberStatusChange.objects.get(pk=body["id"])
    assert change.changed_by == scope.field_officer
    assert change.changed_on == timezone.localdate()
    scope.member.refresh_from_db()
    assert scope.member.status == "suspended"
    latest = scope.member.history.order_by("-history_id").first()
    assert (latest.history_user, latest.history_change_reason) == (scope.field_officer, "Unpaid fees.")


def test_a_malformed_move_lists_its_field_errors(scope):
    client = token_client(scope.group_manager)
    response = send(
        client, "post", url(scope.member), {"to_status": "retired", "changed_on": "soon"}, tag(scope.member)
    )
    problem = problem_of(response, 400)
    assert problem["errors"]["to_status"][0]["code"] == "invalid_choice"
    assert problem["errors"]["changed_on"][0]["code"] == "invalid"


@pytest.mark.parametrize(
    ("body", "code", "field"),
    [
        ({"to_status": "suspended"}, "reason_required", "reason"),
        ({"to_status": "applicant", "reason": "Back."}, "transition_not_allowed", None),
        ({"to_status": "approved"}, "same_status", None),
        ({"to_status": "left", "reason": "Moved.", "changed_on": "2999-01-01"}, "future_date", "changed_on"),
    ],
)
def test_the_services_refusals_come_back_with_their_codes(scope, body, code, field):
    response = send(token_client(scope.field_officer), "post", url(scope.member), body, tag(scope.member))
    problem = problem_of(response, 400)
    assert problem["code"] == code
    if field:
        assert problem["errors"][field][0]["code"] == code
    assert not MemberStatusChange.objects.filter(member=scope.member, to_status=body["to_status"]).exists()


def test_without_if_match_a_move_is_refused_with_428_and_a_stale_one_with_412(scope):
    client = token_client(scope.field_officer)
    body = {"to_status": "left", "reason": "Moved away."}
    assert problem_of(send(client, "post", url(scope.member), body), 428)["code"] == "if_match_required"
    assert problem_of(send(client, "post", url(scope.member), body, '"999"'), 412)["code"] == "version_mismatch"
    scope.member.refresh_from_db()
    assert scope.member.status == "approved"


def test_a_move_made_in_between_is_a_409_with_the_services_code(scope, monkeypatch):
    from producers.api import concurrency

    real = concurrency.expected_version

    def racing(request: Any, record: Member) -> int:
        version = real(request, record)
        member_status_change(
            member=Member.objects.get(pk=record.pk),
            by=scope.coordinator,
            to_status="sanctioned",
            changed_on=datetime.date.today(),
            reason="Warning.",
        )
        return version

    monkeypatch.setattr("producers.api.writes.expected_version", racing)
    body = {"to_status": "suspended", "reason": "Unpaid fees."}
    response = send(token_client(scope.field_officer), "post", url(scope.member), body, tag(scope.member))
    assert problem_of(response, 409)["code"] == "changed_meanwhile"
    # The racing move ran inside this request's transaction in the test, so it is rolled back with it; what counts
    # is that the stale move wrote nothing.
    assert not MemberStatusChange.objects.filter(member=scope.member, to_status="suspended").exists()


def test_a_donor_may_not_move_a_member_and_an_outsider_finds_none(scope):
    body = {"to_status": "left", "reason": "Moved away."}
    assert problem_of(send(token_client(scope.donor), "post", url(scope.member), body, tag(scope.member)), 403)
    outsider = token_client(scope.outsider)
    assert problem_of(send(outsider, "post", url(scope.member), body, tag(scope.member)), 404)["code"] == "not_found"
    manager = token_client(scope.group_manager)
    assert problem_of(send(manager, "post", url(scope.other_member), body, '"1"'), 404)
    assert not MemberStatusChange.objects.filter(to_status="left").exists()
