"""Trainings through the API, as on the training pages: the same services and history (attendance included), the
attendance scoped to the group's members, the version read as If-Match, the same 403/404 for the same person."""

from typing import Any

import pytest
from django.urls import reverse

from cycles.models import Training
from cycles.services.trainings import training_update
from tests.factories import MemberFactory
from tests.factories_records import TrainingFactory
from tests.helpers_api import problem_of, send, token_client


def list_url(group: Any) -> str:
    return reverse("api:group_trainings", args=[group.pk])


def detail_url(training: Training) -> str:
    return reverse("api:training_detail", args=[training.pk])


def etag(training: Training) -> str:
    training.refresh_from_db()
    return f'"{training.version}"'


@pytest.fixture
def training(scope) -> Training:
    return TrainingFactory.create(group=scope.group, attendees=[scope.member])


def test_a_training_is_recorded_with_its_attendance_by_the_service(scope):
    body = {"topic": "Keeping spraying records", "held_on": "2026-05-04", "attendees": [scope.member.pk]}
    response = send(token_client(scope.group_manager), "post", list_url(scope.group), body)
    assert response.status_code == 201, response.content
    assert response.json()["attendee_count"] == 1
    training = Training.objects.get(pk=response.json()["id"])
    assert list(training.attendees.all()) == [scope.member]
    latest = training.history.order_by("-history_id").first()
    assert latest.history_user == scope.group_manager
    assert [row.member_id for row in latest.attendees.all()] == [scope.member.pk]


def test_a_member_of_another_group_cannot_be_on_the_attendance(scope):
    body = {"topic": "Composting", "held_on": "2026-05-04", "attendees": [scope.other_member.pk]}
    problem = problem_of(send(token_client(scope.field_officer), "post", list_url(scope.group), body), 400)
    assert problem["errors"]["attendees"][0]["code"] == "does_not_exist"
    assert not Training.objects.filter(topic="Composting").exists()


def test_a_malformed_training_lists_its_field_errors(scope):
    problem = problem_of(
        send(token_client(scope.field_officer), "post", list_url(scope.group), {"held_on": "May"}), 400
    )
    assert problem["errors"]["topic"][0]["code"] == "required"
    assert problem["errors"]["held_on"][0]["code"] == "invalid"


def test_a_training_in_the_future_is_refused_with_the_services_code(scope):
    body = {"topic": "Pruning", "held_on": "2999-01-01"}
    assert problem_of(send(token_client(scope.field_officer), "post", list_url(scope.group), body), 400)["code"] == (
        "future_date"
    )


def test_a_change_keeps_what_is_not_sent_and_is_a_new_version(scope, training):
    before = etag(training)
    body = {"topic": "Spraying records, again", "reason": "Topic misspelt."}
    response = send(token_client(scope.field_officer), "patch", detail_url(training), body, before)
    assert response.status_code == 200, response.content
    assert response.json()["topic"] == "Spraying records, again"
    assert response["ETag"] == etag(training) == '"2"'
    assert list(training.attendees.all()) == [scope.member]
    latest = training.history.order_by("-history_id").first()
    assert (latest.history_user, latest.history_change_reason) == (scope.field_officer, "Topic misspelt.")


def test_the_attendance_changes_with_the_ids_sent(scope, training):
    newcomer = MemberFactory.create(group=scope.group)
    body = {"attendees": [newcomer.pk]}
    response = send(token_client(scope.group_manager), "patch", detail_url(training), body, etag(training))
    assert response.status_code == 200, response.content
    assert list(training.attendees.all()) == [newcomer]


def test_a_change_needs_the_current_version_and_one_in_between_is_a_409(scope, training, monkeypatch):
    client = token_client(scope.field_officer)
    assert problem_of(send(client, "patch", detail_url(training), {"topic": "X"}), 428)
    assert problem_of(send(client, "patch", detail_url(training), {"topic": "X"}, '"5"'), 412)
    from producers.api import concurrency

    real = concurrency.expected_version

    def racing(request: Any, record: Training) -> int:
        version = real(request, record)
        training_update(
            training=record,
            by=scope.coordinator,
            expected_version=version,
            topic="First",
            held_on=record.held_on,
            trainer=None,
            requirements=[],
            attendees=[scope.member],
            inspectors=[],
        )
        return version

    monkeypatch.setattr("cycles.api.records.expected_version", racing)
    problem = problem_of(send(client, "patch", detail_url(training), {"topic": "X"}, etag(training)), 409)
    assert problem["code"] == "stale_record"


def test_a_donor_may_not_record_or_change_and_an_outsider_finds_nothing(scope, training):
    body = {"topic": "X", "held_on": "2026-05-04"}
    donor = token_client(scope.donor)
    assert problem_of(send(donor, "post", list_url(scope.group), body), 403)
    assert problem_of(send(donor, "patch", detail_url(training), body, etag(training)), 403)
    outsider = token_client(scope.outsider)
    assert problem_of(send(outsider, "post", list_url(scope.group), body), 404)
    assert problem_of(send(outsider, "patch", detail_url(training), body, etag(training)), 404)
    assert problem_of(send(token_client(scope.group_manager), "post", list_url(scope.other_group), body), 404)
    assert not Training.objects.filter(topic="X").exists()
