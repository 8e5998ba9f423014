"""Figures read one way on the report page, its PDF and the programme's framework (#17 point 2)."""

from decimal import Decimal

import pytest

from cycles.templatetags.figures import as_read


@pytest.mark.parametrize(
    ("value", "unit", "currency", "expected"),
    [
        (Decimal("86.77"), "%", "", "86.8%"),
        (Decimal("86.73"), "%", "", "86.7%"),
        (Decimal("100.00"), "%", "", "100%"),
        (Decimal("82223.73"), "local currency", "KES", "KES\N{NO-BREAK SPACE}82,224"),
        (Decimal("82223.73"), "local currency", "", "82,224"),
        (Decimal("1500.4"), "ZAR", "", "ZAR\N{NO-BREAK SPACE}1,500"),
        (Decimal("3"), "groups", "", "3"),
        (Decimal("2.46"), "people", "", "2.5"),
        (None, "%", "", "—"),
    ],
)
def test_a_value_reads_as_people_read_it(value, unit, currency, expected):
    assert as_read(value, unit, currency) == expected
