"""The clock of the cycles tests that stop it in mid-June 2026, Nairobi time: the fixture `frozen`, autouse in
each test module that imports it under its own name (`from .clock_fixtures import frozen as frozen`), and TODAY,
the day it stops on."""

import datetime
from zoneinfo import ZoneInfo

import pytest

NAIROBI = ZoneInfo("Africa/Nairobi")
TODAY = datetime.date(2026, 6, 15)


@pytest.fixture(autouse=True)
def frozen(time_machine):
    """Mid-2026, so that "this year", "the future" and the grace months after a year are fixed."""
    time_machine.move_to(datetime.datetime(2026, 6, 15, 10, 0, tzinfo=NAIROBI), tick=False)
