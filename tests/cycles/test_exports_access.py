"""Who may download a list, and what it costs: every list's CSV and Excel file answers every role (and an
outsider) as its page does, inside the scope and outside it (the object-scope walk's world, tests/scope/); and a
file's query count does not grow with its rows (10 against 200, as tests/test_query_budget.py holds the pages)."""

from collections.abc import Callable
from typing import Any

import pytest
from django.urls import reverse
from django.utils import timezone

from cycles.models import Service, ServiceType

from ..conftest import Scope
from ..factories import MemberFactory, OrganisationFactory
from ..factories_nonconformities import make_audit, make_nc
from ..factories_records import ProductionRecordFactory, TrainingFactory
from ..helpers import page_query_count
from ..scope import YEAR, World
from ..test_object_scope import OBJECT_URLS, POPULATE

ROLES = ["coordinator", "field_officer", "group_manager", "donor", "outsider"]
# Every list page that downloads, with the filters its file is asked with.
LISTS = {
    "producers:member_list": {"status": "approved"},
    "cycles:inspection_round": {"show": "inspected"},
    "cycles:nc_list": {"severity": "minor"},
    "cycles:training_list": {"q": "a"},
    "cycles:production_list": {"season": "2025/26"},
    "cycles:group_services": {"type": "training"},
    "cycles:provider_services": {"year": "2025"},
    "cycles:programme_services": {},
}


@pytest.fixture
def world(scope) -> World:
    built = World(scope=scope)
    for populate in POPULATE:
        populate(built)
    return built


@pytest.mark.parametrize("name", LISTS)
def test_every_role_gets_the_same_answer_for_a_lists_files_as_for_the_list(world, login, name):
    spec = OBJECT_URLS[name]
    assert spec.outside is not None
    for role in ROLES:
        client = login(world.scope.users()[role])
        for side, kwargs in (("inside", spec.inside(world)), ("outside", spec.outside(world))):
            url = reverse(name, kwargs=kwargs)
            page = client.get(url, LISTS[name]).status_code
            # A coordinator sees every group; everyone else only inside their scope.
            allowed = role in spec.allowed and (side == "inside" or role == "coordinator")
            assert (page == 200) == allowed, f"{name} {side} as {role}: {page}"
            for chosen in ("csv", "xlsx"):
                status = client.get(url, {**LISTS[name], "format": chosen}).status_code
                assert status == page, f"{name}?format={chosen} {side} as {role}: {status}, the page {page}"


# --- The query budget ------------------------------------------------------------------------------------------------


def _members(scope: Scope, count: int) -> None:
    MemberFactory.create_batch(count, group=scope.group)


def _findings(scope: Scope, count: int) -> None:
    audit = make_audit(scope.group, scope.coordinator)
    for index in range(count):
        make_nc(scope.group, scope.coordinator, severity="minor", audit=audit, index=index % 3)


def _trainings(scope: Scope, count: int) -> None:
    for _ in range(count):
        TrainingFactory.create(group=scope.group, attendees=[scope.member])


def _production(scope: Scope, count: int) -> None:
    for member in MemberFactory.create_batch(count, group=scope.group):
        ProductionRecordFactory.create(member=member)


def _services(scope: Scope, count: int) -> None:
    training = ServiceType.objects.get(code="training")
    provider = OrganisationFactory.create(kind="trainer")
    Service.objects.bulk_create(
        Service(
            group=scope.group,
            service_type=training,
            provider=provider,
            delivered_on="2025-06-02",
            recorded_at=timezone.now(),
            recorded_by=scope.field_officer,
            programme=scope.group.programmes.get(),
        )
        for _ in range(count)
    )


def _group(scope: Scope) -> dict[str, Any]:
    return {"pk": scope.group.pk}


def _round(scope: Scope) -> dict[str, Any]:
    from cycles.services.inspections import inspection_round_open

    from ..factories_nonconformities import choose

    choose(scope.group)
    inspection_round_open(group=scope.group, year=YEAR, by=scope.coordinator)
    return {"pk": scope.group.pk, "year": YEAR}


def _programme(scope: Scope) -> dict[str, Any]:
    return {"pk": scope.group.programmes.get().pk}


BUDGETS: list[tuple[str, str, Callable[[Scope], dict[str, Any]], Callable[[Scope, int], None]]] = [
    ("producers:member_list", "group_manager", _group, _members),
    ("cycles:inspection_round", "field_officer", _round, _members),
    ("cycles:nc_list", "donor", _group, _findings),
    ("cycles:nc_list", "group_manager", _group, _findings),
    ("cycles:training_list", "donor", _group, _trainings),
    ("cycles:production_list", "group_manager", _group, _production),
    ("cycles:group_services", "field_officer", _group, _services),
    ("cycles:programme_services", "donor", _programme, _services),
]


@pytest.mark.parametrize(("name", "role", "kwargs", "grow"), BUDGETS, ids=[f"{b[0]}-{b[1]}" for b in BUDGETS])
@pytest.mark.parametrize("chosen", ["csv", "xlsx"])
def test_a_files_queries_do_not_grow_with_its_rows(scope, login, name, role, kwargs, grow, chosen):
    client = login(scope.users()[role])
    url = reverse(name, kwargs=kwargs(scope))
    grow(scope, 10)
    small = page_query_count(client, url, {"format": chosen})
    grow(scope, 190)
    large = page_query_count(client, url, {"format": chosen})
    assert large == small, f"{name}: {small} queries for 10 rows, {large} for 200"
