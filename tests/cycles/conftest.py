"""Fixtures that several cycles test modules share."""

import pytest

from .reports_fixtures import History, report_history


@pytest.fixture
def history(scope) -> History:
    """The scope's group with a year of records the report tests count on (see report_history)."""
    return report_history(scope)
