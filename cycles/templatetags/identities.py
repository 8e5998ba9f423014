"""Who a page may name: the one place a template turns a member, an inspector or an action's owner into words.

A member's name and number, an internal inspector's name (inspectors are members, or staff of the group) and the
owner of a corrective or planned action (free text that often names a member: "Wanjiru Kamau, with the ICS
manager") are farmers' personal data. They are written out for those who may see the group's register
(`producers.selectors.can_see_register`, asked once per group and page) and replaced by words that name nobody for
everybody else: donors read "a member". A template never prints `member.full_name`, `inspector.name` or
`action.owner` itself; tests/test_personal_data.py walks every page to hold it to that.
"""

from typing import Any

from django import template
from django.utils.translation import gettext as _

from producers.models import Member
from producers.selectors import can_see_register

from ..models import CorrectiveAction, Inspector, PlanAction

register = template.Library()


def _group_id(record: Any) -> int:
    """The group whose register decides: a member's, an inspector's, an action's, or any record's of a group
    (a training, for a page that says how many instead of who)."""
    if isinstance(record, CorrectiveAction):
        # The action's finding is at hand wherever actions are listed (the finding's page, its form).
        return record.nonconformity.group_id
    group_id: int = record.group_id
    return group_id


def may_name(context: template.Context | dict[str, Any], record: Any) -> bool:
    """Whether the reader of this page may read who `record` (a member, an inspector, an action) names."""
    request = context.get("request")
    if request is None or record is None:
        return False  # no reader known: name nobody
    return can_see_register(request.user, _group_id(record))


@register.simple_tag(takes_context=True)
def member_name(context: template.Context, member: Member | None, numbered: bool = False) -> str:
    """The member's name (with the member number before it when `numbered`), or "a member"."""
    if member is None:
        return ""
    if not may_name(context, member):
        return _("a member")
    return f"{member.member_number} {member.full_name}" if numbered else member.full_name


@register.simple_tag(takes_context=True)
def inspector_name(context: template.Context, inspector: Inspector | None) -> str:
    """The internal inspector's name, or "an internal inspector"."""
    if inspector is None:
        return ""
    return inspector.name if may_name(context, inspector) else _("an internal inspector")


@register.simple_tag(takes_context=True)
def action_owner(context: template.Context, action: CorrectiveAction | PlanAction) -> str:
    """Who does the action, as written; to those who may not see the register, that somebody is named. The
    owner is free text: there is no telling a member's name in it from a role, so all of it is withheld."""
    return action.owner if may_name(context, action) else _("someone named in the group's records")


@register.simple_tag(takes_context=True)
def names_shown(context: template.Context, record: Any) -> bool:
    """The rule itself, for a template that shows more than a name (a link to the member's page, a number):
    `{% names_shown nc.member as named %}{% if named %}…{% endif %}`."""
    return may_name(context, record)
