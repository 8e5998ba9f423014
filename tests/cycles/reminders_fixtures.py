"""Builders and the clock for the reminders' tests: a day to freeze on, and the records each rule reads."""

import datetime
from zoneinfo import ZoneInfo

import pytest

from cycles.models import Phase, Trajectory
from cycles.services import trajectory_start
from producers.models import ProducerGroup, User

NAIROBI = ZoneInfo("Africa/Nairobi")
TODAY = datetime.date(2026, 6, 15)


def freeze(time_machine, day: datetime.date) -> None:
    """Stop the clock at ten in the morning of `day`, Nairobi time."""
    time_machine.move_to(datetime.datetime(day.year, day.month, day.day, 10, 0, tzinfo=NAIROBI), tick=False)


@pytest.fixture(autouse=True)
def frozen(time_machine):
    """Mid-June 2026 unless a test moves the clock itself."""
    freeze(time_machine, TODAY)


def days(n: int) -> datetime.date:
    """`n` days from TODAY: negative for the past."""
    return TODAY + datetime.timedelta(days=n)


def start_in(group: ProducerGroup, code: str, *, since: datetime.date, by: User | None = None) -> Trajectory:
    """The group in phase `code` since `since` (straight in: the rules read where it stands, not how it came)."""
    trajectory = trajectory_start(group=group, by=by)
    moment = datetime.datetime(since.year, since.month, since.day, 9, 0, tzinfo=NAIROBI)
    Trajectory.objects.filter(pk=trajectory.pk).update(phase=Phase.objects.get(code=code), phase_since=moment)
    trajectory.refresh_from_db()
    return trajectory
