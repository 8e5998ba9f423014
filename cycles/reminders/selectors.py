"""What is due for one person: the rules run over the groups each reaches, the people who answer for each group
named, and the farmers' names cleared wherever this person may not see the register.

- the record rules over the groups whose records the person keeps (`groups_editable_by`): a field officer's
  portfolio, a group manager's own group, every group for a coordinator;
- the certification rules over every group the person sees (`groups_visible_to`): a donor reads the
  certificates and audits of the groups their funder supports, and nothing else;
- the steering rules over the groups the person steers (`groups_steered_by`).

A fixed number of queries whatever the number of groups: each rule runs once over the whole scope.
"""

from collections import Counter, defaultdict
from dataclasses import dataclass, replace
from datetime import date

from django.core.cache import cache
from django.db.models import QuerySet
from django.utils import timezone

from producers.models import Assignment, Membership, ProducerGroup, Role, User
from producers.selectors import groups_editable_by, groups_steered_by, groups_visible_to, roles_of

from .items import Item, ItemKind, ordered
from .rules import CERTIFICATION_RULES, RECORD_RULES, STEERING_RULES


def register_visible_ids(user: User, groups: QuerySet[ProducerGroup]) -> set[int] | None:
    """The groups among `groups` whose register (farmers' names) this person may see, in one query; None for all.

    The same rule as `producers.selectors.can_see_register`, asked for a whole scope at once: coordinators see
    every register; field officers and group managers those of the groups whose records they keep; donors none.
    """
    roles = roles_of(user)
    if roles.coordinator:
        return None
    if not (roles.field_officer or roles.group_manager):
        return set()
    return set(groups_editable_by(user).filter(pk__in=groups.order_by().values("pk")).values_list("pk", flat=True))


def people_by_group(group_ids: set[int]) -> dict[int, tuple[str, ...]]:
    """The logins who answer for each group: its field officers, then its group managers (two queries)."""
    people: dict[int, list[str]] = defaultdict(list)
    for assignment in (
        Assignment.objects.filter(group__in=group_ids, field_officer__is_active=True)
        .select_related("field_officer")
        .order_by("field_officer__last_name", "field_officer__username")
    ):
        people[assignment.group_id].append(str(assignment.field_officer))
    managers = (
        Membership.objects.filter(
            role=Role.GROUP_MANAGER, organisation__producer_group__in=group_ids, user__is_active=True
        )
        .select_related("user")
        .values_list("organisation__producer_group", "user__first_name", "user__last_name", "user__username")
        .order_by("user__last_name", "user__username")
    )
    for group_id, first, last, username in managers:
        name = f"{first} {last}".strip() or username
        if name not in people[group_id]:
            people[group_id].append(name)
    return {group_id: tuple(names) for group_id, names in people.items()}


def items_for(user: User, *, today: date | None = None) -> list[Item]:
    """Everything due for this person, most urgent first."""
    today = today or timezone.localdate()
    if not roles_of(user).any:
        return []
    editable, visible, steered = groups_editable_by(user), groups_visible_to(user), groups_steered_by(user)
    found: list[Item] = []
    for rule in RECORD_RULES:
        found.extend(rule(editable, today=today))
    for rule in CERTIFICATION_RULES:
        found.extend(rule(visible, today=today))
    for rule in STEERING_RULES:
        found.extend(rule(steered, today=today))
    # A rule reached through two scopes would list its record twice; the key says it is the same item.
    unique = list({item.key: item for item in found}.values())
    people = people_by_group({item.group.pk for item in unique})
    register = register_visible_ids(user, visible)
    items = []
    for item in unique:
        item = replace(item, people=people.get(item.group.pk, ()))
        if register is not None and item.group.pk not in register:
            item = replace(item, member="", owner="")
        items.append(item)
    ordered_items = ordered(items)
    remember_count(user, len(ordered_items), today=today)
    return ordered_items


@dataclass(frozen=True)
class GroupItems:
    group: ProducerGroup
    items: list[Item]
    # All the group's items, where `items` are those of one page of the list.
    total: int = 0


def by_group(items: list[Item], *, every: list[Item] | None = None) -> list[GroupItems]:
    """The items in sections, one per group (organisation), the group with the most urgent item first; within a
    section, most urgent first. `every`: the whole list when `items` is one page of it, for each group's total."""
    totals = Counter(item.group.pk for item in (items if every is None else every))
    sections: dict[int, GroupItems] = {}
    for item in items:  # already most urgent first, so the first item of each group places its section
        section = GroupItems(group=item.group, items=[], total=totals[item.group.pk])
        sections.setdefault(item.group.pk, section).items.append(item)
    return list(sections.values())


def count_by_kind(items: list[Item]) -> list[tuple[str, int]]:
    """How many items of each kind, for the page's summary line."""
    # Counted by kind, then each kind's label translated once: a large group has a thousand items.
    counts = Counter(item.kind for item in items)
    return sorted((str(ItemKind(kind).label), number) for kind, number in counts.items())


# --- The count in the menu ----------------------------------------------------------------------------------------

# Long enough that the menu costs nothing on most pages, short enough that a handled record leaves the count soon;
# the "This week" page writes the fresh count whenever it is opened.
COUNT_SECONDS = 10 * 60


def _count_key(user: User, today: date) -> str:
    return f"reminders:count:{user.pk}:{today.isoformat()}"


def remember_count(user: User, count: int, *, today: date) -> None:
    cache.set(_count_key(user, today), count, COUNT_SECONDS)


def cached_count(user: User, *, today: date | None = None) -> int | None:
    """The number of items as last counted today, from the cache (no query), or None when it is not known."""
    if not user.is_authenticated:
        return None
    value = cache.get(_count_key(user, today or timezone.localdate()))
    return value if isinstance(value, int) else None


def item_count(user: User) -> int:
    """The number of items, counted now (and remembered for the menu)."""
    return len(items_for(user))
