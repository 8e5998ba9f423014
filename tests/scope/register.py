"""The member register: adding and editing members and plots, status changes, import, export and templates."""

from producers.models import Plot

from . import CHANGE_ROLES, REGISTER_ROLES, ObjectUrl, World, by_id, group_in, group_out, member_in, member_out


def populate(world: World) -> None:
    scope = world.scope
    world.ids["register_plot_in"] = Plot.objects.filter(member=scope.member).values_list("pk", flat=True)[0]
    world.ids["register_plot_out"] = Plot.objects.filter(member=scope.other_member).values_list("pk", flat=True)[0]


OBJECT_URLS: dict[str, ObjectUrl] = {
    "producers:member_create": ObjectUrl(group_in, group_out, CHANGE_ROLES),
    "producers:member_update": ObjectUrl(member_in, member_out, CHANGE_ROLES),
    "producers:member_status": ObjectUrl(member_in, member_out, CHANGE_ROLES, "post"),
    "producers:plot_create": ObjectUrl(member_in, member_out, CHANGE_ROLES),
    "producers:plot_update": ObjectUrl(*by_id("register_plot"), CHANGE_ROLES),
    "producers:member_import": ObjectUrl(group_in, group_out, CHANGE_ROLES),
    "producers:member_import_confirm": ObjectUrl(group_in, group_out, CHANGE_ROLES, "post"),
    "producers:member_import_template": ObjectUrl(group_in, group_out, CHANGE_ROLES),
    # Export is a read of the register: for those who may see farmers' personal data.
    "producers:member_export": ObjectUrl(group_in, group_out, REGISTER_ROLES),
}
