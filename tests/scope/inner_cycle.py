"""Groups, the register's read pages, the phase gate, moves, timeline, yearly cycle and criteria."""

from django.core.files.uploadedfile import SimpleUploadedFile

from cycles.models import AnswerStatus, Criterion, Evidence, Phase, PhaseMove
from cycles.services import criterion_answer, trajectory_start

from . import (
    CHANGE_ROLES,
    COORDINATOR,
    EVERY_GROUP_ROLE,
    REGISTER_ROLES,
    STEER_ROLES,
    YEAR,
    ObjectUrl,
    World,
    by_id,
    group_in,
    group_out,
    member_in,
    member_out,
)

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def populate(world: World) -> None:
    scope = world.scope
    criterion = Criterion.objects.get(code="governed-organisation")
    for side, group in (("in", scope.group), ("out", scope.other_group)):
        trajectory_start(group=group, by=scope.coordinator)
        answer = criterion_answer(
            group=group,
            criterion=criterion,
            by=scope.coordinator,
            status=AnswerStatus.MET,
            files=[SimpleUploadedFile("minutes.pdf", PDF, content_type="application/pdf")],
        )
        world.ids[f"evidence_{side}"] = Evidence.objects.get(answer=answer).pk
        world.ids[f"move_{side}"] = PhaseMove.objects.get(trajectory__group=group).pk
    world.ids["criterion"] = criterion.pk
    world.ids["phase"] = Phase.objects.get(code="planning-1").pk


def _year_in(w: World) -> dict[str, int]:
    return {"pk": w.scope.group.pk, "year": YEAR}


def _year_out(w: World) -> dict[str, int]:
    return {"pk": w.scope.other_group.pk, "year": YEAR}


OBJECT_URLS: dict[str, ObjectUrl] = {
    "cycles:group_detail": ObjectUrl(group_in, group_out, EVERY_GROUP_ROLE),
    "producers:member_list": ObjectUrl(group_in, group_out, REGISTER_ROLES),
    "producers:plot_list": ObjectUrl(group_in, group_out, REGISTER_ROLES),
    "producers:member_detail": ObjectUrl(member_in, member_out, REGISTER_ROLES),
    "cycles:phase": ObjectUrl(group_in, group_out, EVERY_GROUP_ROLE),
    "cycles:timeline": ObjectUrl(group_in, group_out, EVERY_GROUP_ROLE),
    "cycles:records": ObjectUrl(group_in, group_out, EVERY_GROUP_ROLE),
    "cycles:answer": ObjectUrl(
        lambda w: {"pk": w.scope.group.pk, "criterion_pk": w.ids["criterion"]},
        lambda w: {"pk": w.scope.other_group.pk, "criterion_pk": w.ids["criterion"]},
        CHANGE_ROLES,
        "post",
    ),
    "cycles:start": ObjectUrl(group_in, group_out, STEER_ROLES, "post"),
    "cycles:advance": ObjectUrl(group_in, group_out, STEER_ROLES, "post"),
    "cycles:override": ObjectUrl(group_in, group_out, COORDINATOR, "post"),
    "cycles:move": ObjectUrl(group_in, group_out, STEER_ROLES, "post"),
    "cycles:evidence": ObjectUrl(*by_id("evidence"), EVERY_GROUP_ROLE),
    "cycles:move_detail": ObjectUrl(*by_id("move"), EVERY_GROUP_ROLE),
    "cycles:annual_current": ObjectUrl(group_in, group_out, EVERY_GROUP_ROLE),
    "cycles:annual_cycle": ObjectUrl(_year_in, _year_out, EVERY_GROUP_ROLE),
    "cycles:annual_open": ObjectUrl(_year_in, _year_out, CHANGE_ROLES, "post"),
    "cycles:annual_step": ObjectUrl(_year_in, _year_out, CHANGE_ROLES, "post"),
    "cycles:criterion_create": ObjectUrl(lambda w: {"pk": w.ids["phase"]}, None, COORDINATOR),
    "cycles:criterion_update": ObjectUrl(lambda w: {"pk": w.ids["criterion"]}, None, COORDINATOR),
    "cycles:criterion_retire": ObjectUrl(lambda w: {"pk": w.ids["criterion"]}, None, COORDINATOR, "post"),
    "cycles:criterion_history": ObjectUrl(lambda w: {"pk": w.ids["criterion"]}, None, STEER_ROLES),
}
