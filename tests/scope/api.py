"""The REST API (/api/v1/): the same objects as the pages, with the same roles; a person's own API tokens.

The objects come from the other areas' `populate` (inspections, non-conformities, trainings, production, plots);
this module adds the API tokens."""

from producers.api.tokens import api_token_create

from . import (
    CHANGE_ROLES,
    COORDINATOR,
    EVERY_GROUP_ROLE,
    REGISTER_ROLES,
    ObjectUrl,
    World,
    by_id,
    group_in,
    group_out,
    member_in,
    member_out,
)

# Programmes and coordination runs: the coordinators and the funder's donors, as on the pages.
PROGRAMME_READERS = frozenset({"coordinator", "donor"})


def populate(world: World) -> None:
    officer = world.scope.field_officer
    world.ids["api_token_in"] = api_token_create(user=officer, by=officer, label="In").token.pk


OBJECT_URLS: dict[str, ObjectUrl] = {
    "api:group_detail": ObjectUrl(group_in, group_out, EVERY_GROUP_ROLE),
    "api:group_members": ObjectUrl(group_in, group_out, REGISTER_ROLES),
    "api:group_plots": ObjectUrl(group_in, group_out, REGISTER_ROLES),
    "api:member_detail": ObjectUrl(
        lambda w: {"pk": w.scope.member.pk}, lambda w: {"pk": w.scope.other_member.pk}, REGISTER_ROLES
    ),
    "api:plot_detail": ObjectUrl(*by_id("register_plot"), REGISTER_ROLES),
    "api:group_inspections": ObjectUrl(group_in, group_out, REGISTER_ROLES),
    "api:group_nonconformities": ObjectUrl(group_in, group_out, EVERY_GROUP_ROLE),
    "api:group_trainings": ObjectUrl(group_in, group_out, EVERY_GROUP_ROLE),
    "api:group_production": ObjectUrl(group_in, group_out, REGISTER_ROLES),
    "api:group_measurements": ObjectUrl(group_in, group_out, EVERY_GROUP_ROLE),
    "api:inspection_detail": ObjectUrl(*by_id("inspection"), REGISTER_ROLES),
    "api:nonconformity_detail": ObjectUrl(*by_id("nc"), EVERY_GROUP_ROLE),
    "api:nonconformity_actions": ObjectUrl(*by_id("nc"), CHANGE_ROLES, "post"),
    "api:training_detail": ObjectUrl(*by_id("training"), EVERY_GROUP_ROLE),
    "api:production_detail": ObjectUrl(*by_id("production"), REGISTER_ROLES),
    # Writes (tests/producers/api/test_writes_*.py): an empty request is refused with a 400 to those who may write.
    "api:member_status": ObjectUrl(member_in, member_out, CHANGE_ROLES, "post"),
    "api:nonconformity_move": ObjectUrl(*by_id("nc"), CHANGE_ROLES, "post"),
    "api:action_detail": ObjectUrl(*by_id("action"), EVERY_GROUP_ROLE),
    # api:group_services (GET below) records a service by POST too: tests/cycles/api/test_service_writes.py.
    # The recorder (the field officer, tests/scope/outer.py) or a coordinator.
    "api:service_delete": ObjectUrl(*by_id("service"), COORDINATOR | {"field_officer"}, "post"),
    # The reads of cycles/api/read_urls.py: the objects of the inner cycle, outer cycle and programmes areas.
    "api:group_phase": ObjectUrl(group_in, group_out, EVERY_GROUP_ROLE),
    "api:group_trajectory": ObjectUrl(group_in, group_out, EVERY_GROUP_ROLE),
    "api:move_detail": ObjectUrl(*by_id("move"), EVERY_GROUP_ROLE),
    "api:group_production_totals": ObjectUrl(group_in, group_out, EVERY_GROUP_ROLE),
    "api:programme_detail": ObjectUrl(*by_id("programme"), PROGRAMME_READERS),
    "api:programme_groups": ObjectUrl(*by_id("programme"), PROGRAMME_READERS),
    "api:group_services": ObjectUrl(group_in, group_out, EVERY_GROUP_ROLE),
    "api:service_detail": ObjectUrl(*by_id("service"), EVERY_GROUP_ROLE),
    "api:coordination_run_detail": ObjectUrl(*by_id("coordination_run"), PROGRAMME_READERS),
    # A person's own token: nobody else's, whatever their role (tests/producers/api/test_tokens.py).
    "api_token_revoke": ObjectUrl(by_id("api_token")[0], None, frozenset({"field_officer"}), "post"),
}
