"""Field capture: a group's capture page and form downloads, the import, the submissions waiting for review, and a
person's own phone keys (nobody else's)."""

from django.core.files.uploadedfile import SimpleUploadedFile

from cycles.collect.keys import collect_key_create
from cycles.collect.receive import submission_receive
from cycles.collect.sample import SAMPLE_JPEG, submission_xml
from cycles.collect.xlsform import round_form
from cycles.models import InspectionPhoto
from cycles.services.inspections import inspection_round_open
from producers.models import Role

from ..factories import MemberFactory, MembershipFactory, UserFactory
from ..factories_inspections import InspectorFactory
from ..factories_nonconformities import choose
from . import CHANGE_ROLES, YEAR, ObjectUrl, World, by_id, group_in, group_out


def populate(world: World) -> None:
    scope = world.scope
    for side, group, member in (("in", scope.group, scope.member), ("out", scope.other_group, scope.other_member)):
        choose(group)
        inspection_round = inspection_round_open(group=group, year=YEAR, by=scope.coordinator)
        inspector = InspectorFactory.create(group=group)
        xml = submission_xml(round_form(inspection_round), member=member, inspector=inspector, version="old")
        receipt = submission_receive(xml=xml, files={}, by=scope.coordinator)
        world.ids[f"submission_{side}"] = receipt.submission.pk
        form = round_form(inspection_round)
        key = form.questions[0].key
        photographed = MemberFactory.create(group=group)  # other areas inspect the scope's own members
        xml = submission_xml(
            form, member=photographed, inspector=inspector, on=f"{YEAR}-01-02", photos={key: "farm.jpg"}
        )
        submission_receive(
            xml=xml, files={"farm.jpg": SimpleUploadedFile("farm.jpg", SAMPLE_JPEG)}, by=scope.coordinator
        )
        world.ids[f"photo_{side}"] = InspectionPhoto.objects.get(inspection__member=photographed).pk
    world.ids["key_in"] = collect_key_create(user=scope.field_officer, by=scope.field_officer, label="In").key.pk
    # Another person's phone: only its owner or a coordinator revokes it.
    colleague = UserFactory.create(username="colleague")
    MembershipFactory.create(user=colleague, organisation=scope.other_group.organisation, role=Role.GROUP_MANAGER)
    world.ids["key_out"] = collect_key_create(user=colleague, by=colleague, label="Out").key.pk


OBJECT_URLS: dict[str, ObjectUrl] = {
    "collect:group": ObjectUrl(group_in, group_out, CHANGE_ROLES),
    "collect:xlsform": ObjectUrl(group_in, group_out, CHANGE_ROLES),
    "collect:xform": ObjectUrl(group_in, group_out, CHANGE_ROLES),
    "collect:import": ObjectUrl(group_in, group_out, CHANGE_ROLES, "post"),
    "collect:submission_detail": ObjectUrl(*by_id("submission"), CHANGE_ROLES),
    "collect:submission_retry": ObjectUrl(*by_id("submission"), CHANGE_ROLES, "post"),
    "collect:submission_reject": ObjectUrl(*by_id("submission"), CHANGE_ROLES, "post"),
    "collect:photo": ObjectUrl(*by_id("photo"), CHANGE_ROLES),
    "collect:key_revoke": ObjectUrl(*by_id("key"), frozenset({"field_officer", "coordinator"}), "post"),
}
