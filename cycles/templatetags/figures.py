"""Figures as people read them: a percentage to one decimal (86.8%), money in whole units with its currency
(KES 82,224), counts in whole numbers. One rule for the report page, its PDF and the programme's framework, so the
same value never reads two ways."""

from decimal import ROUND_HALF_UP, Decimal

from django import template
from django.template.defaultfilters import floatformat

register = template.Library()

# The unit measured indicators give money in: the amount is in the currency of the group it was measured for.
LOCAL_CURRENCY = "local currency"
PERCENT = "%"


def _is_currency_code(unit: str) -> bool:
    return len(unit) == 3 and unit.isalpha() and unit.isupper()


@register.simple_tag
def as_read(value: Decimal | int | float | None, unit: str = "", currency: str = "") -> str:
    """`value` in `unit` as a reader expects it; "—" when there is none. `currency` names the local currency when
    the unit is "local currency" and every group of the figure is paid in the same one."""
    if value is None:
        return "—"
    number = Decimal(str(value))
    if unit == PERCENT:
        return f"{floatformat(number.quantize(Decimal('0.1'), ROUND_HALF_UP), '-1g')}%"
    money = currency if unit == LOCAL_CURRENCY else unit if _is_currency_code(unit) else ""
    whole = floatformat(number.quantize(Decimal("1"), ROUND_HALF_UP), "0g")
    if money:
        return f"{money}\N{NO-BREAK SPACE}{whole}"
    if unit == LOCAL_CURRENCY or number == number.to_integral_value() or abs(number) >= 100:
        return str(whole)
    return str(floatformat(number.quantize(Decimal("0.1"), ROUND_HALF_UP), "-1g"))
