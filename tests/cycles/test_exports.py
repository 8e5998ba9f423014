"""The improvement records' lists as spreadsheets (issue #11): each file holds the rows its page shows under the
page's filters and no other, defuses formula-looking text, and names members only to those who may read the
register (donors read the non-conformities without whom they are about, and a season's totals only)."""

import datetime
from decimal import Decimal
from typing import Any

import pytest
from django.urls import reverse

from cycles.demo.history import at
from cycles.models import NonConformity, Service, ServiceType
from producers.models import Organisation, ProducerGroup, User
from producers.models.organisations import InterestGroup, OrganisationKind

from ..factories import MemberFactory, OrganisationFactory
from ..factories_inspections import InspectorFactory, inspect
from ..factories_nonconformities import choose, make_audit, make_nc
from ..factories_records import ProductionRecordFactory, TrainingFactory
from ..producers.test_exports import csv_rows, xlsx_cells, xlsx_rows
from ..scope import YEAR

FORMATS = ["csv", "xlsx"]
NAMES = ("Wanjiru", "Kamau")


def rows_of(response: Any, chosen: str) -> list[list[Any]]:
    assert response.status_code == 200
    return csv_rows(response) if chosen == "csv" else xlsx_rows(response)


def _column(rows: list[list[Any]], heading: str) -> list[Any]:
    index = rows[0].index(heading)
    return [row[index] for row in rows[1:]]


# --- A round's members ------------------------------------------------------------------------------------------


@pytest.fixture
def round_world(scope):
    choose(scope.group)
    inspector = InspectorFactory.create(group=scope.group, name="Grace Wambui")
    inspect(member=scope.member, inspector=inspector, by=scope.coordinator, on=datetime.date(YEAR, 1, 1))
    MemberFactory.create(group=scope.group, member_number="KG-0500", village="=cmd|' /C calc'!A0")
    MemberFactory.create(group=scope.other_group, member_number="KG-0999")
    return reverse("cycles:inspection_round", kwargs={"pk": scope.group.pk, "year": YEAR})


@pytest.mark.parametrize("chosen", FORMATS)
def test_a_rounds_file_holds_the_members_the_filter_keeps(scope, login, round_world, chosen):
    client = login(scope.field_officer)
    due = rows_of(client.get(round_world, {"show": "due", "format": chosen}), chosen)
    assert _column(due, "No.") == ["KG-0500"]
    assert _column(due, "Village") == ["'=cmd|' /C calc'!A0"]
    inspected = rows_of(client.get(round_world, {"show": "inspected", "format": chosen}), chosen)
    assert _column(inspected, "No.") == [scope.member.member_number]
    assert _column(inspected, "Name") == ["Wanjiru Kamau"]
    assert _column(inspected, "Inspector") == ["Grace Wambui"]
    on = _column(inspected, "Inspected on")[0]
    assert on == (f"{YEAR}-01-01" if chosen == "csv" else datetime.datetime(YEAR, 1, 1))
    everyone = rows_of(client.get(round_world, {"format": chosen}), chosen)
    assert sorted(_column(everyone, "No.")) == sorted(["KG-0500", scope.member.member_number])


def test_a_round_not_open_downloads_as_headings_only(scope, login):
    url = reverse("cycles:inspection_round", kwargs={"pk": scope.group.pk, "year": YEAR - 3})
    rows = rows_of(login(scope.group_manager).get(url, {"format": "csv"}), "csv")
    assert rows == [["No.", "Name", "Village", "Status", "Inspected on", "Proposed decision", "Inspector"]]


# --- Non-conformities -----------------------------------------------------------------------------------------------


@pytest.fixture
def findings(scope):
    audit = make_audit(scope.group, scope.coordinator)
    major = make_nc(scope.group, scope.coordinator, member=scope.member, severity="major", audit=audit)
    minor = make_nc(scope.group, scope.coordinator, severity="minor", audit=audit, index=1)
    NonConformity.objects.filter(pk=minor.pk).update(description="@SUM(1+1) in the sales book")
    make_nc(scope.other_group, scope.coordinator, severity="minor")
    return {"major": major, "minor": minor, "url": reverse("cycles:nc_list", kwargs={"pk": scope.group.pk})}


@pytest.mark.parametrize("chosen", FORMATS)
def test_the_nonconformities_file_holds_those_the_filters_keep(scope, login, findings, chosen):
    client = login(scope.group_manager)
    minor = rows_of(client.get(findings["url"], {"severity": "minor", "format": chosen}), chosen)
    assert _column(minor, "Requirement") == [findings["minor"].requirement.code]
    assert _column(minor, "What was found") == ["'@SUM(1+1) in the sales book"]
    assert _column(minor, "Member") == ["the group"]
    everything = rows_of(client.get(findings["url"], {"format": chosen}), chosen)
    assert len(everything) == 3
    assert f"{scope.member.member_number} Wanjiru Kamau" in _column(everything, "Member")
    assert _column(everything, "Actions") == ([0, 0] if chosen == "xlsx" else ["0", "0"])


@pytest.mark.parametrize("chosen", FORMATS)
def test_a_donor_reads_the_nonconformities_without_whom_they_are_about(scope, login, findings, chosen):
    rows = rows_of(login(scope.donor).get(findings["url"], {"format": chosen}), chosen)
    assert len(rows) == 3
    assert "Member" not in rows[0]
    assert not any(name in str(rows) for name in NAMES)
    assert scope.member.member_number not in str(rows)


# --- Trainings ------------------------------------------------------------------------------------------------------


@pytest.mark.parametrize("chosen", FORMATS)
def test_the_trainings_file_holds_those_the_search_keeps(scope, login, chosen):
    TrainingFactory.create(group=scope.group, topic="+Compost making", attendees=[scope.member])
    TrainingFactory.create(group=scope.group, topic="Pruning", held_on=datetime.date(2026, 2, 1))
    TrainingFactory.create(group=scope.other_group, topic="Compost elsewhere")
    url = reverse("cycles:training_list", kwargs={"pk": scope.group.pk})
    rows = rows_of(login(scope.donor).get(url, {"q": "compost", "format": chosen}), chosen)
    assert rows[1][:4] == (
        ["2026-03-10", "'+Compost making", "the group itself", "1"]
        if chosen == "csv"
        else [datetime.datetime(2026, 3, 10), "'+Compost making", "the group itself", 1]
    )
    assert len(rows) == 2
    assert not any(name in str(rows) for name in NAMES)
    assert len(rows_of(login(scope.donor).get(url, {"format": chosen}), chosen)) == 3


# --- Production and sales -------------------------------------------------------------------------------------------


@pytest.fixture
def season(scope):
    ProductionRecordFactory.create(member=scope.member, estimated_kg=Decimal("500"), sold_certified_kg=Decimal("600"))
    ProductionRecordFactory.create(member=MemberFactory.create(group=scope.group, member_number="KG-0700"))
    ProductionRecordFactory.create(member=scope.member, season="2024/25")
    ProductionRecordFactory.create(member=scope.other_member)
    return reverse("cycles:production_list", kwargs={"pk": scope.group.pk})


@pytest.mark.parametrize("chosen", FORMATS)
def test_the_production_file_holds_the_seasons_records_then_its_totals(scope, login, season, chosen):
    client = login(scope.field_officer)
    rows = rows_of(client.get(season, {"season": "2025/26", "format": chosen}), chosen)
    assert _column(rows, "No.") == [*sorted(["KG-0700", scope.member.member_number]), "Season totals"]
    assert set(_column(rows, "Season")) == {"2025/26"}
    flagged = rows_of(client.get(season, {"season": "2025/26", "flagged": "1", "format": chosen}), chosen)
    assert _column(flagged, "No.") == [scope.member.member_number, "Season totals"]
    assert _column(flagged, "Name")[0] == "Wanjiru Kamau"
    certified = _column(flagged, "Certified (kg)")  # the record's, then the season's total
    if chosen == "xlsx":
        assert certified == [600, 1200]
        assert all(isinstance(value, int | float) for value in certified)
    else:
        assert [Decimal(value) for value in certified] == [600, 1200]


@pytest.mark.parametrize("chosen", FORMATS)
def test_a_donor_downloads_the_seasons_totals_only(scope, login, season, chosen):
    rows = rows_of(login(scope.donor).get(season, {"season": "2025/26", "format": chosen}), chosen)
    assert len(rows) == 2
    assert _column(rows, "No.") == ["Season totals"]
    assert not any(name in str(rows) for name in NAMES)
    assert scope.member.member_number not in str(rows)
    assert "KG-0700" not in str(rows)


def test_the_production_file_is_named_for_its_season(scope, login, season):
    response = login(scope.donor).get(season, {"season": "2025/26", "format": "xlsx"})
    assert "-production-2025-26-" in response["Content-Disposition"]


# --- Services -------------------------------------------------------------------------------------------------------


def _trainer(name: str) -> Organisation:
    return OrganisationFactory.create(
        name=name, interest_group=InterestGroup.QUALITY_PROFESSIONAL, kind=OrganisationKind.TRAINER
    )


def _service(group: ProducerGroup, by: User, code: str, provider: Organisation, **fields: Any) -> Service:
    return Service.objects.create(
        group=group,
        service_type=ServiceType.objects.get(code=code),
        provider=provider,
        delivered_on=fields.pop("delivered_on", datetime.date(2025, 6, 2)),
        recorded_at=at(2025, 6, 3),
        recorded_by=by,
        **fields,
    )


@pytest.fixture
def services(scope):
    trainer = _trainer("Kilimo Trainers")
    programme = scope.group.programmes.get()
    _service(
        scope.group,
        scope.field_officer,
        "training",
        trainer,
        cost=Decimal("1500.50"),
        currency="KES",
        description="-5 members absent",
        programme=programme,
    )
    _service(scope.group, scope.field_officer, "ics-coaching", trainer, delivered_on=datetime.date(2024, 3, 1))
    _service(scope.other_group, scope.coordinator, "training", trainer, programme=programme)
    return {"trainer": trainer, "programme": programme}


@pytest.mark.parametrize("chosen", FORMATS)
def test_the_services_files_hold_what_each_list_shows_under_its_filters(scope, login, services, chosen):
    client = login(scope.field_officer)
    group_url = reverse("cycles:group_services", kwargs={"pk": scope.group.pk})
    rows = rows_of(client.get(group_url, {"type": "training", "format": chosen}), chosen)
    assert len(rows) == 2
    assert _column(rows, "Description") == ["'-5 members absent"]
    assert _column(rows, "Cost") == ([1500.5] if chosen == "xlsx" else ["1500.50"])
    assert _column(rows, "Group") == ["Inside Cooperative"]
    by_year = rows_of(client.get(group_url, {"year": "2024", "format": chosen}), chosen)
    assert _column(by_year, "Date") == (["2024-03-01"] if chosen == "csv" else [datetime.datetime(2024, 3, 1)])
    # The provider's list holds the services to the groups the reader sees: not the other group's.
    provider_url = reverse("cycles:provider_services", kwargs={"pk": services["trainer"].pk})
    provided = rows_of(client.get(provider_url, {"format": chosen}), chosen)
    assert _column(provided, "Group") == ["Inside Cooperative", "Inside Cooperative"]
    programme_url = reverse("cycles:programme_services", kwargs={"pk": services["programme"].pk})
    funded = rows_of(login(scope.donor).get(programme_url, {"format": chosen}), chosen)
    assert _column(funded, "Group") == ["Inside Cooperative"]
    assert _column(funded, "Programme") == [services["programme"].name]


def test_a_services_file_is_logged_with_the_list_it_came_from(scope, login, services, security_log):
    url = reverse("cycles:provider_services", kwargs={"pk": services["trainer"].pk})
    assert login(scope.coordinator).get(url, {"format": "xlsx"}).status_code == 200
    line = security_log.events("export")[0]
    assert (line["what"], line["format"], line["provider_id"], line["rows"]) == (
        "services",
        "xlsx",
        services["trainer"].pk,
        3,
    )


def test_a_formula_in_a_services_file_is_text_in_excel(scope, login, services):
    url = reverse("cycles:group_services", kwargs={"pk": scope.group.pk})
    cells = xlsx_cells(login(scope.group_manager).get(url, {"format": "xlsx"}))
    assert not any(cell.data_type == "f" for row in cells for cell in row)
