"""The inner and outer cycle read through the API as the pages read them: a group's phase and trajectory, a
programme's logical framework, services, coordination runs and a season's production in figures; each for the
same people as the page, with the same 403 or 404 for the others."""

import datetime
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone

from cycles.models import (
    CoordinationRun,
    JobStatus,
    LogframeActual,
    LogframeIndicator,
    LogframeLevel,
    LogframeRow,
    LogframeTarget,
    Phase,
    Service,
    ServiceType,
)
from cycles.services import phase_override, trajectory_hold, trajectory_start
from producers.models import Programme
from producers.models.organisations import InterestGroup, OrganisationKind
from tests.factories import OrganisationFactory, ProgrammeFactory
from tests.factories_records import ProductionRecordFactory

JUSTIFICATION = "The buyer signed the contract today"


def _get(login, user, name: str, *args: int, **query: str):
    return login(user).get(reverse(name, args=args), query)


# --- Phase and trajectory ---------------------------------------------------------------------------------------


def test_a_group_that_has_not_started_has_no_phase(scope, login):
    body = _get(login, scope.donor, "api:group_phase", scope.group.pk).json()
    assert body["group"] == scope.group.pk
    assert body["started"] is False
    assert body["phase"] is None
    assert body["criteria"] == []


def test_the_phase_and_the_trajectory_as_the_timeline_tells_them(scope, login):
    trajectory_start(group=scope.group, by=scope.coordinator)
    preconditions = Phase.objects.get(order=1)
    override = phase_override(
        group=scope.group,
        by=scope.coordinator,
        expected_phase=preconditions,
        justification=JUSTIFICATION,
    )
    trajectory_hold(group=scope.group, by=scope.coordinator, expected_phase=override.to_phase, reason="Drought")

    phase = _get(login, scope.donor, "api:group_phase", scope.group.pk).json()
    assert phase["started"] is True
    assert phase["phase"]["order"] == 2
    assert phase["phase"]["label"].startswith("Phase 2 of 5")
    assert phase["status"] == "on_hold"
    assert phase["gate_open"] is False
    assert {"code", "status", "mandatory"} <= set(phase["criteria"][0])

    moves = _get(login, scope.donor, "api:group_trajectory", scope.group.pk).json()["results"]
    assert [move["kind"] for move in moves] == ["start", "override", "hold"]
    assert moves[0]["from_phase"] is None
    assert moves[1]["from_phase"]["order"] == 1
    assert moves[1]["to_phase"]["order"] == 2
    assert moves[1]["reason"] == JUSTIFICATION
    assert moves[1]["moved_by"] == str(scope.coordinator)

    detail = _get(login, scope.donor, "api:move_detail", override.pk).json()
    assert detail["criteria"], "the gate's criteria as they stood"
    assert {"code", "status", "mandatory"} <= set(detail["criteria"][0])

    kinds = _get(login, scope.donor, "api:group_trajectory", scope.group.pk, kind="override").json()["results"]
    assert [move["id"] for move in kinds] == [override.pk]


def test_the_trajectories_list_only_the_groups_a_person_sees(scope, login):
    trajectory_start(group=scope.group, by=scope.coordinator)
    trajectory_start(group=scope.other_group, by=scope.coordinator)
    listed = _get(login, scope.field_officer, "api:trajectory_list").json()["results"]
    assert [row["group"] for row in listed] == [scope.group.pk]
    assert listed[0]["phase"]["code"] == "preconditions"
    assert _get(login, scope.coordinator, "api:trajectory_list", phase="planning-1").json()["results"] == []
    assert len(_get(login, scope.coordinator, "api:trajectory_list", phase_order="1").json()["results"]) == 2


@pytest.mark.parametrize("name", ["api:group_phase", "api:group_trajectory"])
def test_a_group_outside_the_scope_is_not_found(scope, login, name):
    trajectory_start(group=scope.other_group, by=scope.coordinator)
    assert _get(login, scope.donor, name, scope.other_group.pk).status_code == 404


# --- Programmes -------------------------------------------------------------------------------------------------


def _donors_programme(scope) -> Programme:
    return Programme.objects.get(funder__memberships__user=scope.donor)


def test_a_programme_with_its_logical_framework_as_the_page_shows_it(scope, login):
    programme = _donors_programme(scope)
    output = LogframeRow.objects.create(programme=programme, level=LogframeLevel.OUTPUT, order=1, statement="Trained")
    goal = LogframeRow.objects.create(programme=programme, level=LogframeLevel.GOAL, order=1, statement="Incomes up")
    indicator = LogframeIndicator.objects.create(
        row=output, name="Lead farmers trained", unit="people", baseline=Decimal("3"), baseline_period="2024"
    )
    LogframeTarget.objects.create(indicator=indicator, period="2025", value=Decimal("20"))
    LogframeActual.objects.create(
        indicator=indicator, period="2025", value=Decimal("24"), entered_at=timezone.now(), entered_by=scope.coordinator
    )

    body = _get(login, scope.donor, "api:programme_detail", programme.pk).json()
    assert body["funder_name"] == programme.funder.name
    assert "2025" in body["periods"]
    assert [row["id"] for row in body["logframe"]] == [goal.pk, output.pk]
    line = body["logframe"][1]["indicators"][0]
    assert line["name"] == "Lead farmers trained"
    assert Decimal(line["baseline"]) == 3
    assert line["measured_indicator"] is None
    assert line["on_track"] is True
    cell = next(cell for cell in line["periods"] if cell["period"] == "2025")
    assert (Decimal(cell["target"]), Decimal(cell["actual"]), cell["source"]) == (20, 24, "entered")

    groups = _get(login, scope.donor, "api:programme_groups", programme.pk).json()["results"]
    assert [group["id"] for group in groups] == [scope.group.pk]
    assert groups[0]["phase"] is None


@pytest.mark.parametrize("role", ["field_officer", "group_manager", "outsider"])
def test_a_programme_is_not_there_for_those_the_page_refuses(scope, login, role):
    programme = _donors_programme(scope)
    assert _get(login, scope.users()[role], "api:programme_detail", programme.pk).status_code == 404
    assert _get(login, scope.users()[role], "api:programme_groups", programme.pk).status_code == 404


def test_another_funders_programme_is_not_there_for_a_donor(scope, login):
    other = ProgrammeFactory.create(groups=[scope.other_group])
    assert _get(login, scope.donor, "api:programme_detail", other.pk).status_code == 404
    assert _get(login, scope.coordinator, "api:programme_detail", other.pk).status_code == 200


# --- Services ---------------------------------------------------------------------------------------------------


def _service(scope, group, code: str, on: datetime.date) -> Service:
    provider = OrganisationFactory.create(
        interest_group=InterestGroup.QUALITY_PROFESSIONAL, kind=OrganisationKind.TRAINER
    )
    return Service.objects.create(
        group=group,
        service_type=ServiceType.objects.get(code=code),
        provider=provider,
        delivered_on=on,
        cost=Decimal("150.00"),
        currency="KES",
        recorded_at=timezone.now(),
        recorded_by=scope.coordinator,
    )


def test_services_filtered_by_group_type_and_dates_within_the_scope(scope, login):
    june = _service(scope, scope.group, "training", datetime.date(2025, 6, 2))
    _service(scope, scope.group, "ics-coaching", datetime.date(2024, 3, 1))
    outside = _service(scope, scope.other_group, "training", datetime.date(2025, 6, 2))

    def ids(**query: str) -> list[int]:
        return [row["id"] for row in _get(login, scope.donor, "api:service_list", **query).json()["results"]]

    assert len(ids()) == 2
    assert ids(service_type="training") == [june.pk]
    assert ids(delivered_after="2025-01-01", delivered_before="2025-12-31") == [june.pk]
    assert ids(group=str(scope.other_group.pk)) == []
    body = _get(login, scope.donor, "api:service_detail", june.pk).json()
    assert (body["service_type"], body["group"], body["currency"]) == ("training", scope.group.pk, "KES")
    assert _get(login, scope.donor, "api:service_detail", outside.pk).status_code == 404
    assert [row["id"] for row in _get(login, scope.donor, "api:group_services", scope.group.pk).json()["results"]] == [
        june.pk,
        *ids(service_type="ics-coaching"),
    ]
    assert _get(login, scope.donor, "api:group_services", scope.other_group.pk).status_code == 404


# --- Coordination runs ------------------------------------------------------------------------------------------


def _run(programme: Programme, status: str, key: str) -> CoordinationRun:
    return CoordinationRun.objects.create(
        key=key,
        period_start=datetime.date(2025, 1, 1),
        period_end=datetime.date(2025, 12, 31),
        filters={"programme": programme.pk},
        programme=programme,
        status=status,
        created_at=timezone.now(),
    )


def test_coordination_runs_for_coordinators_and_the_donors_of_the_programme(scope, login):
    ready = _run(_donors_programme(scope), JobStatus.DONE, "ready")
    waiting = _run(_donors_programme(scope), JobStatus.QUEUED, "waiting")
    other = _run(ProgrammeFactory.create(groups=[scope.other_group]), JobStatus.DONE, "other")

    listed = _get(login, scope.donor, "api:coordination_run_list").json()["results"]
    assert {run["id"] for run in listed} == {ready.pk, waiting.pk}
    assert len(_get(login, scope.coordinator, "api:coordination_run_list").json()["results"]) == 3
    assert [
        r["id"] for r in _get(login, scope.donor, "api:coordination_run_list", status="queued").json()["results"]
    ] == [waiting.pk]
    body = _get(login, scope.donor, "api:coordination_run_detail", ready.pk).json()
    export = reverse("cycles:coordination_export", args=[ready.pk])
    assert body["downloads"]["pdf"].endswith(f"{export}?format=pdf")
    assert set(body["downloads"]) == {"pdf", "csv", "xlsx"}
    assert _get(login, scope.donor, "api:coordination_run_detail", waiting.pk).json()["downloads"] is None
    assert _get(login, scope.donor, "api:coordination_run_detail", other.pk).status_code == 404


@pytest.mark.parametrize("role", ["field_officer", "group_manager", "outsider"])
def test_coordination_runs_are_refused_to_the_other_roles(scope, login, role):
    run = _run(_donors_programme(scope), JobStatus.DONE, "ready")
    assert _get(login, scope.users()[role], "api:coordination_run_list").status_code == 403
    assert _get(login, scope.users()[role], "api:coordination_run_detail", run.pk).status_code == 403


# --- Production in figures --------------------------------------------------------------------------------------


def test_a_donor_reads_the_seasons_figures_and_not_the_members_records(scope, login):
    ProductionRecordFactory.create(member=scope.member, season="2025/26")
    totals = _get(login, scope.donor, "api:group_production_totals", scope.group.pk)
    assert totals.status_code == 200
    body = totals.json()
    assert (body["season"], body["seasons"], body["records"]) == ("2025/26", ["2025/26"], 1)
    assert Decimal(body["sold_kg"]) == 800
    assert Decimal(body["average_price"]) == 80
    assert "member" not in body
    assert _get(login, scope.donor, "api:group_production_totals", scope.group.pk, season="2024").json()["records"] == 0
    bad = _get(login, scope.donor, "api:group_production_totals", scope.group.pk, season="last year")
    assert bad.status_code == 400
    # The records name members: for those who see the register only, as on the page.
    assert _get(login, scope.donor, "api:group_production", scope.group.pk).status_code == 403
    assert _get(login, scope.donor, "api:group_production_totals", scope.other_group.pk).status_code == 404


# --- The lists without an id, for every role and an outsider ------------------------------------------------------

LIST_READERS = {
    "api:trajectory_list": {"coordinator", "field_officer", "group_manager", "donor", "outsider"},
    "api:service_list": {"coordinator", "field_officer", "group_manager", "donor", "outsider"},
    "api:coordination_run_list": {"coordinator", "donor"},
}


@pytest.mark.parametrize("role", ["coordinator", "field_officer", "group_manager", "donor", "outsider"])
@pytest.mark.parametrize("name", sorted(LIST_READERS))
def test_every_list_keeps_to_the_persons_scope(scope, login, name, role):
    inside_run = _run(_donors_programme(scope), JobStatus.DONE, "in")
    outside_run = _run(ProgrammeFactory.create(groups=[scope.other_group]), JobStatus.DONE, "out")
    for group in (scope.group, scope.other_group):
        trajectory_start(group=group, by=scope.coordinator)
        _service(scope, group, "training", datetime.date(2025, 6, 2))
    response = _get(login, scope.users()[role], name)
    if role not in LIST_READERS[name]:
        assert response.status_code == 403
        return
    assert response.status_code == 200
    rows = response.json()["results"]
    if name == "api:coordination_run_list":
        expected = {inside_run.pk, outside_run.pk} if role == "coordinator" else {inside_run.pk}
        assert {row["id"] for row in rows} == expected
        return
    sees_inside = role in {"coordinator", "field_officer", "group_manager", "donor"}
    expected_groups = {scope.group.pk} if sees_inside else set()
    if role == "coordinator":
        expected_groups.add(scope.other_group.pk)
    assert {row["group"] for row in rows} == expected_groups
