"""Internal inspections: rounds and their coverage, one member's inspection, inspectors and conflicts."""

from cycles.services.inspections import inspection_round_open

from ..factories import MemberFactory
from ..factories_inspections import InspectorFactory, inspect
from ..factories_nonconformities import choose
from . import CHANGE_ROLES, EVERY_GROUP_ROLE, REGISTER_ROLES, YEAR, ObjectUrl, World, by_id, group_in, group_out


def populate(world: World) -> None:
    scope = world.scope
    for side, group, member in (
        ("in", scope.group, scope.member),
        ("out", scope.other_group, scope.other_member),
    ):
        choose(group)
        inspector = InspectorFactory.create(group=group)
        inspection_round_open(group=group, year=YEAR, by=scope.coordinator)
        world.ids[f"inspector_{side}"] = inspector.pk
        world.ids[f"inspection_{side}"] = inspect(member=member, inspector=inspector, by=scope.coordinator).pk
        # A member still due, whose inspection form the walk opens.
        world.ids[f"due_member_{side}"] = MemberFactory.create(group=group).pk


def _year(side: str):
    def kwargs(w: World) -> dict[str, int]:
        return {"pk": (w.scope.group if side == "in" else w.scope.other_group).pk, "year": YEAR}

    return kwargs


def _member(side: str):
    def kwargs(w: World) -> dict[str, int]:
        group = w.scope.group if side == "in" else w.scope.other_group
        return {"pk": group.pk, "year": YEAR, "member_pk": w.ids[f"due_member_{side}"]}

    return kwargs


OBJECT_URLS: dict[str, ObjectUrl] = {
    # Figures only: every role that sees the group.
    "cycles:inspection_rounds": ObjectUrl(group_in, group_out, EVERY_GROUP_ROLE),
    "cycles:inspection_round_open": ObjectUrl(group_in, group_out, CHANGE_ROLES, "post"),
    # Members by name: the register's roles only.
    "cycles:inspection_round": ObjectUrl(_year("in"), _year("out"), REGISTER_ROLES),
    "cycles:inspection_create": ObjectUrl(_member("in"), _member("out"), CHANGE_ROLES),
    "cycles:group_assessment": ObjectUrl(_year("in"), _year("out"), CHANGE_ROLES),
    "cycles:inspection_detail": ObjectUrl(*by_id("inspection"), REGISTER_ROLES),
    "cycles:inspectors": ObjectUrl(group_in, group_out, REGISTER_ROLES),
    "cycles:inspector_update": ObjectUrl(*by_id("inspector"), CHANGE_ROLES),
    "cycles:conflict_create": ObjectUrl(*by_id("inspector"), CHANGE_ROLES),
}
