"""The internal control records of one member, shown on the member's page in the register (`producers`), which
knows nothing of the records themselves."""

from typing import Any

from django import template

from producers.models import Member

from ..selectors.records import member_records

register = template.Library()


@register.inclusion_tag("cycles/includes/member_records.html", takes_context=True)
def member_records_card(context: template.Context, member: Member, can_change: bool) -> dict[str, Any]:
    # The request goes along: the card names inspectors, and `identities` asks who reads it.
    return {
        "member": member,
        "records": member_records(member),
        "can_change": can_change,
        "request": context.get("request"),
    }
