"""What both annual cycle test modules build: a group in a phase, certified in a year, standards with
improvement requirements, and the fixtures `autonomous` and `cycle` (imported under their own names by the
modules that use them)."""

import datetime

import pytest
from django.utils import timezone

from cycles.models import AnnualCycle, Phase, Trajectory, TrajectoryStatus
from cycles.services.annual import annual_cycle_open
from producers.models import ProducerGroup
from standards.models import Domain, Level, Requirement, Standard, StandardKind

from ..factories import CertificateFactory


def _in_phase(group: ProducerGroup, code: str, status: str = TrajectoryStatus.ACTIVE) -> Trajectory:
    now = timezone.now()
    return Trajectory.objects.create(
        group=group, phase=Phase.objects.get(code=code), phase_since=now, started_at=now, status=status
    )


def _certified(group: ProducerGroup, year: int) -> None:
    CertificateFactory.create(
        group=group, valid_from=datetime.date(year, 3, 1), valid_to=datetime.date(year + 3, 2, 28)
    )


def _standard(code: str, name: str) -> Standard:
    return Standard.objects.create(
        code=code, name=name, short_name=name, owner="Test owner", version="1", kind=StandardKind.IMPROVEMENT
    )


def _requirement(standard: Standard, code: str, *, year: int, level: str = Level.IMPROVEMENT) -> Requirement:
    return Requirement.objects.create(
        standard=standard,
        code=code,
        text=f"Requirement {code}",
        domain=Domain.ENVIRONMENT,
        level=level,
        applies_from_year=year,
    )


@pytest.fixture
def autonomous(scope):
    """The scope's group, certified in 2023 and running its yearly loop."""
    _in_phase(scope.group, "autonomous")
    _certified(scope.group, 2023)
    return scope


@pytest.fixture
def cycle(autonomous) -> AnnualCycle:
    return annual_cycle_open(group=autonomous.group, year=2026, by=autonomous.field_officer)
