"""What both indicators test modules build: four members due (the fixture `four`, imported under its own name
by the modules that use it), a round of inspections, and a season's production records."""

import datetime
from decimal import Decimal

import pytest
from django.utils import timezone

from cycles.models import Inspection, InspectionRound
from producers.models import Member, ProducerGroup, User

from ..factories import MemberFactory
from ..factories_inspections import InspectorFactory
from ..factories_records import ProductionRecordFactory


@pytest.fixture
def four(scope) -> list[Member]:
    """Four members due (the scope's member and three more) and one who has left, who never counts."""
    MemberFactory.create(group=scope.group, status="left")
    return [scope.member, *MemberFactory.create_batch(3, group=scope.group)]


def _inspect(group: ProducerGroup, members: list[Member], year: int, by: User) -> None:
    round_, _created = InspectionRound.objects.get_or_create(
        group=group, year=year, defaults={"opened_at": timezone.now(), "opened_by": by}
    )
    inspector = InspectorFactory.create(group=group)
    for member in members:
        Inspection.objects.create(
            round=round_,
            member=member,
            inspector=inspector,
            inspected_on=datetime.date(year, 5, 1),
            proposed_decision="approve",
            recorded_at=timezone.now(),
            recorded_by=by,
        )


def _records(group: ProducerGroup, season: str, incomes: list[int]) -> list[Member]:
    members = MemberFactory.create_batch(len(incomes), group=group)
    for member, income in zip(members, incomes, strict=True):
        ProductionRecordFactory.create(member=member, season=season, income=Decimal(income))
    return members
