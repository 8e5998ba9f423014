"""Production and sales through the API, as on the production pages: the same services, history and refusals; the
member scoped to the group's register; the version read as If-Match; the same 403/404 for the same person."""

from decimal import Decimal
from typing import Any

import pytest
from django.urls import reverse

from cycles.models import ProductionRecord
from cycles.services.production import Amounts, production_record_update
from tests.factories_records import ProductionRecordFactory
from tests.helpers_api import problem_of, send, token_client

SEASON = {
    "season": "2024/25",
    "estimated_kg": "500",
    "harvested_kg": "400",
    "sold_certified_kg": "300",
    "sold_conventional_kg": "50",
    "price_per_kg": "40",
}


def list_url(group: Any) -> str:
    return reverse("api:group_production", args=[group.pk])


def detail_url(record: ProductionRecord) -> str:
    return reverse("api:production_detail", args=[record.pk])


def etag(record: ProductionRecord) -> str:
    record.refresh_from_db()
    return f'"{record.version}"'


@pytest.fixture
def record(scope) -> ProductionRecord:
    return ProductionRecordFactory.create(member=scope.member)


def test_a_season_is_recorded_by_the_service_with_its_income_counted(scope):
    body = {**SEASON, "member": scope.member.pk}
    response = send(token_client(scope.group_manager), "post", list_url(scope.group), body)
    assert response.status_code == 201, response.content
    record = ProductionRecord.objects.get(pk=response.json()["id"])
    assert record.income == Decimal("14000.00")
    assert record.history.get().history_user == scope.group_manager


def test_a_member_of_another_group_or_a_negative_figure_is_a_field_error(scope):
    body = {**SEASON, "member": scope.other_member.pk, "harvested_kg": "-1"}
    problem = problem_of(send(token_client(scope.field_officer), "post", list_url(scope.group), body), 400)
    assert problem["errors"]["member"][0]["code"] == "does_not_exist"
    assert problem["errors"]["harvested_kg"][0]["code"] == "min_value"


@pytest.mark.parametrize(
    ("changes", "code"),
    [
        ({"season": "2025/26"}, "duplicate_season"),
        ({"season": "last year"}, "season_format"),
        ({"sold_certified_kg": "450"}, "sold_above_harvest"),
    ],
)
def test_the_services_refusals_come_back_with_their_codes(scope, record, changes, code):
    body = {**SEASON, "member": scope.member.pk, **changes}
    problem = problem_of(send(token_client(scope.field_officer), "post", list_url(scope.group), body), 400)
    assert problem["code"] == code
    assert ProductionRecord.objects.filter(member=scope.member).count() == 1


def test_a_change_keeps_what_is_not_sent_and_counts_the_income_again(scope, record):
    before = etag(record)
    body = {"price_per_kg": "90", "reason": "Price from the buyer's statement."}
    response = send(token_client(scope.field_officer), "patch", detail_url(record), body, before)
    assert response.status_code == 200, response.content
    record.refresh_from_db()
    assert (record.price_per_kg, record.harvested_kg, record.income) == (
        Decimal("90"),
        Decimal("900"),
        Decimal("72000"),
    )
    assert response["ETag"] == '"2"'
    latest = record.history.order_by("-history_id").first()
    assert (latest.history_user, latest.history_change_reason) == (
        scope.field_officer,
        "Price from the buyer's statement.",
    )


def test_a_change_the_service_refuses_keeps_the_record(scope, record):
    response = send(
        token_client(scope.field_officer), "patch", detail_url(record), {"harvested_kg": "10"}, etag(record)
    )
    assert problem_of(response, 400)["code"] == "sold_above_harvest"
    assert etag(record) == '"1"'


def test_a_change_needs_the_current_version_and_one_in_between_is_a_409(scope, record, monkeypatch):
    client = token_client(scope.field_officer)
    assert problem_of(send(client, "patch", detail_url(record), {"price_per_kg": "1"}), 428)
    assert problem_of(send(client, "patch", detail_url(record), {"price_per_kg": "1"}, '"3"'), 412)
    from producers.api import concurrency

    real = concurrency.expected_version

    def racing(request: Any, current: ProductionRecord) -> int:
        version = real(request, current)
        amounts = Amounts(Decimal("1000"), Decimal("900"), Decimal("600"), Decimal("200"), Decimal("70"))
        production_record_update(record=current, by=scope.coordinator, expected_version=version, amounts=amounts)
        return version

    monkeypatch.setattr("cycles.api.records.expected_version", racing)
    problem = problem_of(send(client, "patch", detail_url(record), {"price_per_kg": "1"}, etag(record)), 409)
    assert problem["code"] == "stale_record"


def test_a_donor_may_not_record_or_change_and_an_outsider_finds_nothing(scope, record):
    body = {**SEASON, "member": scope.member.pk}
    donor = token_client(scope.donor)
    assert problem_of(send(donor, "post", list_url(scope.group), body), 403)
    assert problem_of(send(donor, "patch", detail_url(record), {"price_per_kg": "1"}, etag(record)), 403)
    outsider = token_client(scope.outsider)
    assert problem_of(send(outsider, "post", list_url(scope.group), body), 404)
    assert problem_of(send(outsider, "patch", detail_url(record), {"price_per_kg": "1"}, etag(record)), 404)
    assert ProductionRecord.objects.count() == 1
    assert etag(record) == '"1"'
