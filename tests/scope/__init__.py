"""What the object-scope walk (tests/test_object_scope.py) needs to know about each URL with an id.

Each module in this package covers one area: it defines `OBJECT_URLS` (URL name → ObjectUrl) and
`populate(world)`, which creates that area's objects on both sides of the scope and records their ids in
`world.ids`. The walk merges every module it finds here.
"""

from collections.abc import Callable
from dataclasses import dataclass, field

from django.utils import timezone

from ..conftest import Scope


@dataclass
class World:
    """The scope of tests/conftest.py (`group` inside the scoped roles' reach, `other_group` outside), with the
    objects each area adds on both sides."""

    scope: Scope
    ids: dict[str, int] = field(default_factory=dict)


@dataclass(frozen=True)
class ObjectUrl:
    inside: Callable[[World], dict[str, int]]
    # None for reference data (criteria, phases): the same for everybody, guarded by role alone.
    outside: Callable[[World], dict[str, int]] | None
    # The roles that may use the URL inside the scope; the others get 403 or 404.
    allowed: frozenset[str]
    method: str = "get"


EVERY_GROUP_ROLE = frozenset({"coordinator", "field_officer", "group_manager", "donor"})
# Farmers' personal data: not for funders.
REGISTER_ROLES = frozenset({"coordinator", "field_officer", "group_manager"})
# Those who keep the group's records and answer its criteria.
CHANGE_ROLES = REGISTER_ROLES
# Those who move the group through the phases.
STEER_ROLES = frozenset({"coordinator", "field_officer"})
COORDINATOR = frozenset({"coordinator"})
YEAR = timezone.localdate().year


def group_in(w: World) -> dict[str, int]:
    return {"pk": w.scope.group.pk}


def group_out(w: World) -> dict[str, int]:
    return {"pk": w.scope.other_group.pk}


def member_in(w: World) -> dict[str, int]:
    return {"pk": w.scope.member.pk}


def member_out(w: World) -> dict[str, int]:
    return {"pk": w.scope.other_member.pk}


def by_id(key: str) -> tuple[Callable[[World], dict[str, int]], Callable[[World], dict[str, int]]]:
    """The inside and outside kwargs for an object recorded as `<key>_in` / `<key>_out` in world.ids."""
    return (lambda w: {"pk": w.ids[f"{key}_in"]}), (lambda w: {"pk": w.ids[f"{key}_out"]})
