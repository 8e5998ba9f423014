"""Production and sales: a season's page (totals for everyone, records by name for the register's roles), and
recording or changing one member's record."""

from ..factories_records import ProductionRecordFactory
from . import CHANGE_ROLES, EVERY_GROUP_ROLE, ObjectUrl, World, by_id, group_in, group_out


def populate(world: World) -> None:
    scope = world.scope
    for side, member in (("in", scope.member), ("out", scope.other_member)):
        world.ids[f"production_{side}"] = ProductionRecordFactory.create(member=member).pk


OBJECT_URLS: dict[str, ObjectUrl] = {
    "cycles:production_list": ObjectUrl(group_in, group_out, EVERY_GROUP_ROLE),
    "cycles:production_create": ObjectUrl(group_in, group_out, CHANGE_ROLES),
    "cycles:production_update": ObjectUrl(*by_id("production"), CHANGE_ROLES),
}
