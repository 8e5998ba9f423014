"""A non-conformity's moves and its corrective actions through the API, as on its page: the same services, history
rows and refusals; the version read as If-Match; the same 403/404 for the same person."""

import datetime
from typing import Any

import pytest
from django.urls import reverse

from cycles.models import CorrectiveAction, NCStatusChange, NonConformity
from cycles.services.nonconformities import corrective_action_update, nonconformity_move
from tests.factories_nonconformities import make_action, make_nc
from tests.helpers_api import problem_of, send, token_client


def etag(record: Any) -> str:
    record.refresh_from_db()
    return f'"{record.version}"'


@pytest.fixture
def nc(scope) -> NonConformity:
    return make_nc(scope.group, scope.coordinator, member=scope.member)


def moves(nc: NonConformity) -> list[NCStatusChange]:
    """The moves after the finding was recorded (its first row is "— → open")."""
    return list(NCStatusChange.objects.filter(nonconformity=nc).exclude(to_status="open"))


def move_url(nc: NonConformity) -> str:
    return reverse("api:nonconformity_move", args=[nc.pk])


def action_url(action: CorrectiveAction) -> str:
    return reverse("api:action_detail", args=[action.pk])


# --- Moves ---------------------------------------------------------------------------------------------------------


def test_a_move_is_made_by_the_service_with_the_token_person(scope, nc):
    make_action(nc, scope.coordinator)
    before = etag(nc)
    response = send(token_client(scope.group_manager), "post", move_url(nc), {"to_status": "action_planned"}, before)
    assert response.status_code == 200, response.content
    assert response.json()["status"] == "action_planned"
    assert response["ETag"] == etag(nc) != before
    change = NCStatusChange.objects.get(nonconformity=nc, to_status="action_planned")
    assert (change.from_status, change.to_status, change.changed_by) == ("open", "action_planned", scope.group_manager)
    assert nc.history.order_by("-history_id").first().history_user == scope.group_manager


def test_a_malformed_move_lists_its_field_errors(scope, nc):
    response = send(token_client(scope.field_officer), "post", move_url(nc), {"to_status": "solved"}, etag(nc))
    assert problem_of(response, 400)["errors"]["to_status"][0]["code"] == "invalid_choice"


@pytest.mark.parametrize(("to_status", "code"), [("action_planned", "no_action"), ("closed", "move_not_allowed")])
def test_the_services_refusals_come_back_with_their_codes(scope, nc, to_status, code):
    response = send(token_client(scope.field_officer), "post", move_url(nc), {"to_status": to_status}, etag(nc))
    assert problem_of(response, 400)["code"] == code
    assert not moves(nc)


def test_a_move_needs_the_current_version(scope, nc):
    make_action(nc, scope.coordinator)
    client = token_client(scope.field_officer)
    body = {"to_status": "action_planned"}
    assert problem_of(send(client, "post", move_url(nc), body), 428)["code"] == "if_match_required"
    assert problem_of(send(client, "post", move_url(nc), body, '"99"'), 412)["code"] == "version_mismatch"


def test_a_move_made_in_between_is_a_409(scope, nc, monkeypatch):
    make_action(nc, scope.coordinator)
    from producers.api import concurrency

    real = concurrency.expected_version

    def racing(request: Any, record: NonConformity) -> int:
        version = real(request, record)
        nonconformity_move(
            nonconformity=NonConformity.objects.get(pk=record.pk), by=scope.coordinator, to_status="action_planned"
        )
        return version

    monkeypatch.setattr("cycles.api.records.expected_version", racing)
    response = send(token_client(scope.field_officer), "post", move_url(nc), {"to_status": "action_planned"}, etag(nc))
    assert problem_of(response, 409)["code"] == "moved_meanwhile"
    assert not NCStatusChange.objects.filter(nonconformity=nc, changed_by=scope.field_officer).exists()


def test_a_donor_may_not_move_and_an_outsider_finds_nothing(scope, nc):
    make_action(nc, scope.coordinator)
    body = {"to_status": "action_planned"}
    assert problem_of(send(token_client(scope.donor), "post", move_url(nc), body, etag(nc)), 403)
    assert problem_of(send(token_client(scope.outsider), "post", move_url(nc), body, etag(nc)), 404)
    assert not moves(nc)


# --- Corrective actions --------------------------------------------------------------------------------------------


def test_an_action_is_read_with_its_etag_and_changed_with_it(scope, nc):
    action = make_action(nc, scope.coordinator)
    client = token_client(scope.field_officer)
    read = client.get(action_url(action))
    assert read.status_code == 200
    due = (nc.found_on + datetime.timedelta(days=60)).isoformat()
    body = {"owner": "Chair of the committee", "due_on": due, "reason": "The manager is away."}
    response = send(client, "patch", action_url(action), body, read["ETag"])
    assert response.status_code == 200, response.content
    assert (response.json()["owner"], response.json()["due_on"]) == ("Chair of the committee", due)
    assert response["ETag"] != read["ETag"]
    latest = action.history.order_by("-history_id").first()
    assert (latest.history_user, latest.history_change_reason) == (scope.field_officer, "The manager is away.")
    assert latest.description == action.description


def test_an_action_is_marked_done_by_the_service(scope, nc):
    action = make_action(nc, scope.coordinator)
    response = send(
        token_client(scope.group_manager),
        "patch",
        action_url(action),
        {"done_on": nc.found_on.isoformat()},
        etag(action),
    )
    assert response.status_code == 200, response.content
    action.refresh_from_db()
    assert (action.done_on, action.done_by) == (nc.found_on, scope.group_manager)
    assert action.history.order_by("-history_id").first().history_user == scope.group_manager


def test_a_malformed_action_change_lists_its_field_errors(scope, nc):
    action = make_action(nc, scope.coordinator)
    response = send(
        token_client(scope.field_officer), "patch", action_url(action), {"due_on": "next week"}, etag(action)
    )
    assert problem_of(response, 400)["errors"]["due_on"][0]["code"] == "invalid"


@pytest.mark.parametrize(
    ("body", "code"), [({"due_on": "2000-01-01"}, "due_before_finding"), ({"done_on": "2999-01-01"}, "future_date")]
)
def test_the_action_services_refusals_come_back_with_their_codes(scope, nc, body, code):
    action = make_action(nc, scope.coordinator)
    response = send(token_client(scope.field_officer), "patch", action_url(action), body, etag(action))
    assert problem_of(response, 400)["code"] == code
    action.refresh_from_db()
    assert action.version == 1
    assert action.done_on is None


def test_an_action_change_needs_the_current_version_and_a_change_in_between_is_a_409(scope, nc, monkeypatch):
    action = make_action(nc, scope.coordinator)
    client = token_client(scope.field_officer)
    assert problem_of(send(client, "patch", action_url(action), {"owner": "X"}), 428)
    assert problem_of(send(client, "patch", action_url(action), {"owner": "X"}, '"7"'), 412)
    from producers.api import concurrency

    real = concurrency.expected_version

    def racing(request: Any, record: CorrectiveAction) -> int:
        version = real(request, record)
        corrective_action_update(
            action=record,
            by=scope.coordinator,
            expected_version=version,
            description="First",
            owner="A",
            due_on=record.due_on,
        )
        return version

    monkeypatch.setattr("cycles.api.records.expected_version", racing)
    assert (
        problem_of(send(client, "patch", action_url(action), {"owner": "X"}, etag(action)), 409)["code"]
        == "stale_record"
    )


def test_a_donor_reads_an_action_but_may_not_change_it_and_an_outsider_finds_none(scope, nc):
    action = make_action(nc, scope.coordinator)
    donor = token_client(scope.donor)
    assert donor.get(action_url(action)).status_code == 200
    assert problem_of(send(donor, "patch", action_url(action), {"owner": "X"}, etag(action)), 403)
    outsider = token_client(scope.outsider)
    assert problem_of(outsider.get(action_url(action)), 404)
    assert problem_of(send(outsider, "patch", action_url(action), {"owner": "X"}, etag(action)), 404)
    action.refresh_from_db()
    assert action.owner != "X"
