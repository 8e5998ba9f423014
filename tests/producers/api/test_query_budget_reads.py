"""The reads of cycles/api/read_urls.py make as many queries for 200 rows as for 10: trajectories, moves, services,
coordination runs, a programme's groups and its logical framework."""

import datetime
from collections.abc import Callable
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone

from cycles.models import (
    CoordinationRun,
    JobStatus,
    LogframeIndicator,
    LogframeLevel,
    LogframeRow,
    LogframeTarget,
    MoveKind,
    Phase,
    PhaseMove,
    Service,
    ServiceType,
    Trajectory,
)
from cycles.services import trajectory_start
from producers.models import Organisation, ProducerGroup, Programme
from producers.models.organisations import InterestGroup, OrganisationKind
from tests.conftest import Scope
from tests.factories import OrganisationFactory, ProducerGroupFactory
from tests.helpers import page_query_count

BUDGET = 15


def _programme(scope: Scope) -> Programme:
    return Programme.objects.get(funder__memberships__user=scope.donor)


def _providers() -> list[Organisation]:
    return [
        OrganisationFactory.create(interest_group=InterestGroup.QUALITY_PROFESSIONAL, kind=OrganisationKind.TRAINER)
        for _ in range(3)
    ]


def _groups(scope: Scope, count: int) -> list[ProducerGroup]:
    """Groups the donor sees (their programme's) and the coordinator sees (every one), each started."""
    groups = [ProducerGroupFactory.create() for _ in range(count)]
    _programme(scope).groups.add(*groups)
    for group in groups:
        trajectory_start(group=group, by=scope.coordinator)
    return groups


def grow_trajectories(scope: Scope, count: int) -> None:
    _groups(scope, count)


def grow_moves(scope: Scope, count: int) -> None:
    trajectory = Trajectory.objects.filter(group=scope.group).first() or trajectory_start(
        group=scope.group, by=scope.coordinator
    )
    phases = list(Phase.objects.order_by("order"))
    PhaseMove.objects.bulk_create(
        PhaseMove(
            trajectory=trajectory,
            kind=MoveKind.BACK if n % 2 else MoveKind.ADVANCE,
            from_phase=phases[n % 5],
            to_phase=phases[(n + 1) % 5],
            moved_at=timezone.now(),
            moved_by=scope.coordinator if n % 3 else scope.field_officer,
            reason=f"Move {n}",
        )
        for n in range(count)
    )


def grow_services(scope: Scope, count: int) -> None:
    providers = _providers()
    types = list(ServiceType.objects.all())
    phases = list(Phase.objects.all())
    Service.objects.bulk_create(
        Service(
            group=scope.group,
            service_type=types[n % len(types)],
            provider=providers[n % 3],
            paid_by=providers[(n + 1) % 3],
            programme=_programme(scope),
            phase=phases[n % len(phases)],
            delivered_on=datetime.date(2025, 1, 1) + datetime.timedelta(days=n),
            cost=Decimal("10.00"),
            currency="KES",
            recorded_at=timezone.now(),
            recorded_by=scope.coordinator if n % 2 else scope.field_officer,
        )
        for n in range(count)
    )


def grow_runs(scope: Scope, count: int) -> None:
    CoordinationRun.objects.bulk_create(
        CoordinationRun(
            key=f"run-{n}",
            requested_by=scope.coordinator if n % 2 else None,
            period_start=datetime.date(2025, 1, 1),
            period_end=datetime.date(2025, 12, 31),
            filters={"programme": _programme(scope).pk},
            programme=_programme(scope),
            status=JobStatus.DONE if n % 2 else JobStatus.QUEUED,
            created_at=timezone.now(),
        )
        for n in range(count)
    )


def grow_logframe(scope: Scope, count: int) -> None:
    programme = _programme(scope)
    for n in range(count // 10):
        row = LogframeRow.objects.create(programme=programme, level=LogframeLevel.OUTPUT, order=n, statement=f"O{n}")
        indicators = LogframeIndicator.objects.bulk_create(
            LogframeIndicator(row=row, name=f"Indicator {n}.{i}", unit="people") for i in range(10)
        )
        LogframeTarget.objects.bulk_create(
            LogframeTarget(indicator=indicator, period="2025", value=Decimal("5")) for indicator in indicators
        )


def _group_url(name: str) -> Callable[[Scope], str]:
    return lambda scope: reverse(name, args=[scope.group.pk])


def _programme_url(name: str) -> Callable[[Scope], str]:
    return lambda scope: reverse(name, args=[_programme(scope).pk])


LISTS: list[tuple[str, str, Callable[[Scope], str], Callable[[Scope, int], None]]] = [
    ("coordinator", "trajectory_list", lambda scope: reverse("api:trajectory_list"), grow_trajectories),
    ("donor", "trajectory_list", lambda scope: reverse("api:trajectory_list"), grow_trajectories),
    ("donor", "group_trajectory", _group_url("api:group_trajectory"), grow_moves),
    ("field_officer", "service_list", lambda scope: reverse("api:service_list"), grow_services),
    ("donor", "group_services", _group_url("api:group_services"), grow_services),
    ("donor", "coordination_run_list", lambda scope: reverse("api:coordination_run_list"), grow_runs),
    ("coordinator", "coordination_run_list", lambda scope: reverse("api:coordination_run_list"), grow_runs),
    ("donor", "programme_groups", _programme_url("api:programme_groups"), grow_trajectories),
    ("donor", "programme_detail", _programme_url("api:programme_detail"), grow_logframe),
]


@pytest.mark.parametrize(("role", "name", "url", "grow"), LISTS, ids=[f"{r}-{n}" for r, n, _u, _g in LISTS])
def test_api_reads_do_not_grow_with_their_rows(scope, login, role, name, url, grow):
    client = login(scope.users()[role])
    grow(scope, 10)
    small = page_query_count(client, url(scope))
    grow(scope, 190)
    large = page_query_count(client, url(scope))
    assert large == small, f"{small} queries for 10 rows, {large} for 200"
    assert large <= BUDGET
