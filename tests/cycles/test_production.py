"""Production and sales: the record services and their validations, income defaulting to sold times price, the
traceability flag, the season's totals, concurrent edits, and the season page for every role."""

import datetime
from decimal import Decimal
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from cycles.models import ProductionRecord
from cycles.selectors.production import season_records, season_totals, seasons_recorded
from cycles.services.production import Amounts, production_record_create, production_record_update
from producers.history import StaleRecord, history_entries

from ..factories import MemberFactory
from ..factories_records import ProductionRecordFactory
from ..helpers import RECORD_KEEPERS, flash_messages, page_query_count

NAIROBI = ZoneInfo("Africa/Nairobi")
SEASON = "2025/26"


@pytest.fixture(autouse=True)
def frozen(time_machine):
    time_machine.move_to(datetime.datetime(2026, 6, 15, 10, 0, tzinfo=NAIROBI), tick=False)


def _amounts(**overrides: object) -> Amounts:
    figures: dict[str, object] = {
        "estimated_kg": Decimal("1000"),
        "harvested_kg": Decimal("900"),
        "sold_certified_kg": Decimal("600"),
        "sold_conventional_kg": Decimal("200"),
        "price_per_kg": Decimal("82.50"),
        "income": None,
    }
    figures.update(overrides)
    return Amounts(**figures)  # type: ignore[arg-type]


def _create(scope, **overrides) -> ProductionRecord:
    arguments: dict[str, object] = {
        "group": scope.group,
        "by": scope.group_manager,
        "member": scope.member,
        "season": SEASON,
        "amounts": _amounts(),
    }
    arguments.update(overrides)
    return production_record_create(**arguments)  # type: ignore[arg-type]


# --- Services ------------------------------------------------------------------------------------------------


def test_income_left_empty_is_the_volume_sold_times_the_price(scope):
    record = _create(scope)
    assert record.income == Decimal("66000.00")  # (600 + 200) times 82.50
    assert not record.beyond_estimate
    assert record.history.get().history_user == scope.group_manager


def test_income_given_is_kept(scope):
    assert _create(scope, amounts=_amounts(income=Decimal("70000"))).income == Decimal("70000")


@pytest.mark.parametrize(
    ("overrides", "code"),
    [
        ({"harvested_kg": Decimal("-1")}, "negative"),
        ({"price_per_kg": Decimal("-0.01")}, "negative"),
        ({"income": Decimal("-5")}, "negative"),
        ({"sold_conventional_kg": Decimal("301")}, "sold_above_harvest"),
    ],
)
def test_amounts_that_cannot_be_true_are_refused(scope, overrides, code):
    with pytest.raises(ValidationError) as refused:
        _create(scope, amounts=_amounts(**overrides))
    assert refused.value.code == code
    assert not ProductionRecord.objects.exists()


def test_sold_equal_to_harvested_is_fine(scope):
    assert _create(scope, amounts=_amounts(sold_conventional_kg=Decimal("300"))).sold_kg == Decimal("900")


@pytest.mark.parametrize(("season", "code"), [("2025-26", "season_format"), ("2025/27", "season_format")])
def test_the_season_is_a_year_or_two_following_years(scope, season, code):
    with pytest.raises(ValidationError) as refused:
        _create(scope, season=season)
    assert refused.value.code == code


def test_one_record_per_member_and_season(scope):
    _create(scope)
    with pytest.raises(ValidationError) as refused:
        _create(scope)
    assert refused.value.code == "duplicate_season"
    assert _create(scope, season="2026/27").season == "2026/27"


def test_a_member_of_another_group_is_refused(scope):
    with pytest.raises(ValidationError) as refused:
        _create(scope, member=scope.other_member)
    assert refused.value.code == "member_elsewhere"


@pytest.mark.parametrize("role", ["donor", "outsider"])
def test_records_are_kept_by_those_who_keep_the_records(scope, role):
    with pytest.raises(PermissionDenied):
        _create(scope, by=scope.users()[role])
    record = _create(scope)
    with pytest.raises(PermissionDenied):
        production_record_update(
            record=record, by=scope.users()[role], expected_version=1, amounts=_amounts(harvested_kg=Decimal("950"))
        )


def test_a_certified_sale_beyond_the_estimate_is_saved_and_flagged(scope):
    record = _create(
        scope,
        amounts=_amounts(estimated_kg=Decimal("500"), harvested_kg=Decimal("900"), sold_certified_kg=Decimal("600")),
    )
    assert record.pk
    assert record.beyond_estimate
    records: Any = season_records(group=scope.group, season=SEASON)
    assert list(records.values_list("flagged", flat=True)) == [True]
    assert list(season_records(group=scope.group, season=SEASON, flagged_only=True)) == [record]


def test_a_change_is_a_new_version_with_the_income_counted_again(scope):
    record = _create(scope)
    saved = production_record_update(
        record=record,
        by=scope.field_officer,
        expected_version=1,
        amounts=_amounts(price_per_kg=Decimal("90")),
        reason="Second payment",
    )
    assert (saved.version, saved.income) == (2, Decimal("72000.00"))
    latest = history_entries(saved)[0]
    assert (latest.by, latest.reason) == (scope.field_officer, "Second payment")
    assert {c.field for c in latest.changes} == {"average price per kg", "income"}


def test_a_stale_edit_is_refused_and_writes_nothing(scope):
    record = _create(scope)
    production_record_update(
        record=record, by=scope.field_officer, expected_version=1, amounts=_amounts(price_per_kg=Decimal("90"))
    )
    with pytest.raises(StaleRecord):
        production_record_update(
            record=record, by=scope.group_manager, expected_version=1, amounts=_amounts(price_per_kg=Decimal("10"))
        )
    record.refresh_from_db()
    assert (record.version, record.price_per_kg) == (2, Decimal("90"))


def test_the_season_totals_are_sums_and_counts_of_the_seasons_records(scope):
    grace, john, _without = MemberFactory.create_batch(3, group=scope.group)
    MemberFactory.create(group=scope.group, status="left")  # has left: not missing a record
    ProductionRecordFactory.create(member=scope.member, income=Decimal("1000"))
    ProductionRecordFactory.create(
        member=grace, estimated_kg=Decimal("100"), sold_certified_kg=Decimal("300"), income=Decimal("500")
    )
    ProductionRecordFactory.create(member=john, season="2024/25", income=Decimal("99999"))
    ProductionRecordFactory.create(member=scope.other_member, income=Decimal("99999"))
    totals = season_totals(group=scope.group, season=SEASON)
    assert (totals.records, totals.flagged, totals.members_without_record) == (2, 1, 2)
    assert totals.estimated_kg == Decimal("1100")
    assert totals.harvested_kg == Decimal("1800")
    assert totals.sold_certified_kg == Decimal("900")
    assert totals.sold_conventional_kg == Decimal("400")
    assert totals.income == Decimal("1500")
    assert totals.average_price == Decimal("1.15")
    assert seasons_recorded(scope.group) == ["2025/26", "2024/25"]


def test_an_empty_season_totals_zero(scope):
    totals = season_totals(group=scope.group, season="2030")
    assert (totals.records, totals.harvested_kg, totals.income, totals.average_price) == (0, 0, 0, None)


# --- Pages ---------------------------------------------------------------------------------------------------


def _list(group, query: str = "") -> str:
    return reverse("cycles:production_list", kwargs={"pk": group.pk}) + query


def _new(group) -> str:
    return reverse("cycles:production_create", kwargs={"pk": group.pk})


def _edit(record) -> str:
    return reverse("cycles:production_update", kwargs={"pk": record.pk})


@pytest.mark.parametrize("role", RECORD_KEEPERS)
def test_the_register_roles_see_the_records_with_the_flagged_ones_standing_out(scope, login, role):
    ProductionRecordFactory.create(member=scope.member, estimated_kg=Decimal("100"))
    ProductionRecordFactory.create(member=MemberFactory.create(group=scope.group, last_name="Otieno"))
    response = login(scope.users()[role]).get(_list(scope.group, "?season=2025/26"))
    text = response.content.decode()
    assert "Wanjiru Kamau" in text
    assert "Otieno" in text
    assert text.count("data-flagged") == 1
    assert 'data-testid="traceability-warning"' in text
    assert "1 certified sale beyond the member's estimate" in text


def test_a_donor_sees_the_season_totals_only(scope, login):
    ProductionRecordFactory.create(member=scope.member, estimated_kg=Decimal("100"))
    text = login(scope.donor).get(_list(scope.group)).content.decode()
    assert 'data-testid="season-totals"' in text
    assert 'data-testid="totals-only"' in text
    assert "Kamau" not in text
    assert scope.member.member_number not in text
    assert 'data-testid="production-records"' not in text


def test_every_amount_names_its_currency_on_the_list_and_the_form(scope, login):
    ProductionRecordFactory.create(
        member=scope.member,
        sold_certified_kg=Decimal("100"),
        sold_conventional_kg=Decimal("0"),
        price_per_kg=Decimal("90.50"),
        income=Decimal("9050"),
    )
    client = login(scope.group_manager)
    page = client.get(_list(scope.group, "?season=2025/26"))
    tile = page.content.decode().split('data-testid="income-tile"')[1].split("</div></div>")[0]
    assert "KES</span>&nbsp;9,050" in tile  # the group is Kenyan: its records are in shillings
    assert "KES 90.50 per kg sold" in tile
    assert "Income (KES)" in page.content.decode()
    form = client.get(_new(scope.group)).context["form"]
    assert (str(form["price_per_kg"].label), str(form["income"].label)) == (
        "Average price per kg (KES)",
        "Income (KES)",
    )


def test_the_season_picker_lists_the_seasons_recorded_latest_first(scope, login):
    ProductionRecordFactory.create(member=scope.member, season="2024/25", income=Decimal("1"))
    ProductionRecordFactory.create(member=scope.member, season="2025/26")
    client = login(scope.group_manager)
    response = client.get(_list(scope.group))
    assert response.context["season"] == "2025/26"
    assert response.context["seasons"] == ["2025/26", "2024/25"]
    assert client.get(_list(scope.group, "?season=2024/25")).context["totals"].income == Decimal("1")
    assert client.get(_list(scope.group, "?season=nonsense")).context["season"] == "2025/26"
    empty = client.get(_list(scope.group, "?season=2030"))
    assert empty.context["seasons"][0] == "2030"
    assert 'data-testid="empty-state"' in empty.content.decode()


def test_a_donor_and_an_outsider_cannot_record(scope, login):
    record = ProductionRecordFactory.create(member=scope.member)
    assert login(scope.donor).get(_new(scope.group)).status_code == 403
    assert login(scope.donor).get(_edit(record)).status_code == 403
    assert login(scope.outsider).get(_edit(record)).status_code == 404
    assert login(scope.outsider).get(_list(scope.group)).status_code == 404


def test_recording_through_the_page_flags_a_sale_beyond_the_estimate(scope, login):
    client = login(scope.group_manager)
    form = client.get(_new(scope.group) + f"?season=2025/26&member={scope.member.pk}").context["form"]
    assert form.initial["season"] == "2025/26"
    assert list(form.fields["member"].queryset) == [scope.member]
    response = client.post(
        _new(scope.group),
        {
            "member": scope.member.pk,
            "season": "2025/26",
            "estimated_kg": "400",
            "harvested_kg": "900",
            "sold_certified_kg": "600",
            "sold_conventional_kg": "0",
            "price_per_kg": "80",
            "income": "",
        },
    )
    assert response.status_code == 302
    assert response["Location"] == _list(scope.group, "?season=2025%2F26")
    record = ProductionRecord.objects.get()
    assert record.income == Decimal("48000.00")
    texts = flash_messages(response)
    assert any(
        text.startswith("Traceability: 600 kg sold as certified is more than this member's estimated yield of 400 kg.")
        for text in texts
    )


def test_a_member_of_another_group_cannot_be_posted(scope, login):
    response = login(scope.group_manager).post(
        _new(scope.group),
        {
            "member": scope.other_member.pk,
            "season": "2025/26",
            "estimated_kg": "1",
            "harvested_kg": "0",
            "sold_certified_kg": "0",
            "sold_conventional_kg": "0",
            "price_per_kg": "0",
        },
    )
    assert response.status_code == 400
    assert not ProductionRecord.objects.exists()


def test_sold_above_harvested_through_the_page_keeps_what_was_typed(scope, login):
    response = login(scope.group_manager).post(
        _new(scope.group),
        {
            "member": scope.member.pk,
            "season": "2025/26",
            "estimated_kg": "1000",
            "harvested_kg": "500",
            "sold_certified_kg": "400",
            "sold_conventional_kg": "200",
            "price_per_kg": "80",
        },
    )
    assert response.status_code == 400
    text = response.content.decode()
    assert "Less was harvested than sold (600 kg)" in text
    assert 'value="400"' in text


def test_a_duplicate_through_the_page_says_to_change_the_existing_record(scope, login):
    ProductionRecordFactory.create(member=scope.member)
    response = login(scope.group_manager).post(
        _new(scope.group),
        {
            "member": scope.member.pk,
            "season": "2025/26",
            "estimated_kg": "1000",
            "harvested_kg": "500",
            "sold_certified_kg": "0",
            "sold_conventional_kg": "0",
            "price_per_kg": "0",
        },
    )
    assert response.status_code == 400
    assert "already has a record for 2025/26" in response.content.decode()


def test_the_edit_page_leaves_a_computed_income_empty_and_shows_the_warning_and_history(scope, login):
    record = _create(scope, amounts=_amounts(estimated_kg=Decimal("500")))
    response = login(scope.field_officer).get(_edit(record))
    assert response.context["form"].initial["income"] is None
    text = response.content.decode()
    assert 'data-testid="traceability-warning"' in text
    assert 'data-testid="history"' in text
    kept = _create(scope, season="2026", amounts=_amounts(income=Decimal("1")))
    assert login(scope.field_officer).get(_edit(kept)).context["form"].initial["income"] == Decimal("1")


def test_a_stale_edit_through_the_page_keeps_what_was_typed_beside_the_saved_version(scope, login):
    record = _create(scope)
    production_record_update(
        record=record, by=scope.field_officer, expected_version=1, amounts=_amounts(price_per_kg=Decimal("90"))
    )
    data = {
        "estimated_kg": "1000",
        "harvested_kg": "900",
        "sold_certified_kg": "600",
        "sold_conventional_kg": "250",
        "price_per_kg": "85",
        "expected_version": "1",
    }
    response = login(scope.group_manager).post(_edit(record), data)
    assert response.status_code == 400
    text = response.content.decode()
    assert "Someone else saved this record" in text
    assert 'value="250"' in text
    assert 'data-testid="current-version"' in text
    assert 'name="expected_version" value="2"' in text
    data["expected_version"] = "2"
    assert login(scope.group_manager).post(_edit(record), data).status_code == 302
    record.refresh_from_db()
    assert (record.version, record.income) == (3, Decimal("72250.00"))


@pytest.mark.parametrize(
    ("role", "query"),
    [("group_manager", ""), ("field_officer", "?flagged=1"), ("donor", ""), ("coordinator", "?page=2")],
)
def test_the_season_page_queries_do_not_grow_with_records(scope, login, role, query):
    client = login(scope.users()[role])

    ProductionRecordFactory.create(member=scope.member, estimated_kg=Decimal("1"))
    small = page_query_count(client, _list(scope.group, query))
    for index, member in enumerate(MemberFactory.create_batch(120, group=scope.group)):
        ProductionRecordFactory.create(member=member, estimated_kg=Decimal(index % 3 * 400))
        ProductionRecordFactory.create(member=member, season="2024/25")
    large = page_query_count(client, _list(scope.group, query))
    assert large == small
    assert large <= 20
