"""Support programmes and their logical frameworks: donors read their funder's programmes, coordinators read and
change every programme; the other roles reach none of them."""

from cycles.models import LogframeIndicator, LogframeLevel, LogframeRow
from producers.models import Programme
from producers.models.organisations import OrganisationKind

from ..factories import OrganisationFactory, ProgrammeFactory
from . import COORDINATOR, ObjectUrl, World, by_id

READERS = frozenset({"coordinator", "donor"})


def populate(world: World) -> None:
    scope = world.scope
    # Other areas add programmes of their own to the same world: pick the donor's by its funder, and give the
    # outside one names nobody else uses.
    inside = Programme.objects.filter(groups=scope.group, funder__memberships__user=scope.donor).order_by("pk")[0]
    outside = ProgrammeFactory.create(
        name="Logframe walk: a programme of a funder nobody here works for",
        funder=OrganisationFactory.create(kind=OrganisationKind.DONOR),
        groups=[scope.other_group],
    )
    for side, programme in (("in", inside), ("out", outside)):
        # What the IATI export needs, so that the file is served to those who may read it.
        programme.funder.iati_identifier = f"XM-WALK-{side}"
        programme.funder.save(update_fields=["iati_identifier"])
        programme.iati_activity_id = "walk"
        programme.save(update_fields=["iati_activity_id"])
        row = LogframeRow.objects.create(programme=programme, level=LogframeLevel.OUTPUT, order=1, statement="Trained")
        indicator = LogframeIndicator.objects.create(row=row, name="Lead farmers trained", unit="people")
        world.ids[f"programme_{side}"] = programme.pk
        world.ids[f"iati_programme_{side}"] = programme.pk  # other areas reuse "programme_*" for their own
        world.ids[f"logframe_row_{side}"] = row.pk
        world.ids[f"logframe_indicator_{side}"] = indicator.pk


OBJECT_URLS: dict[str, ObjectUrl] = {
    "cycles:programme_detail": ObjectUrl(*by_id("programme"), READERS),
    "cycles:programme_groups": ObjectUrl(*by_id("programme"), COORDINATOR),
    # The IATI export: its page (with the form for coordinators) and the file, for those who read the programme.
    "cycles:programme_iati": ObjectUrl(*by_id("iati_programme"), READERS),
    "cycles:programme_iati_xml": ObjectUrl(*by_id("iati_programme"), READERS),
    "cycles:logframe_row_create": ObjectUrl(*by_id("programme"), COORDINATOR),
    "cycles:logframe_row_update": ObjectUrl(*by_id("logframe_row"), COORDINATOR),
    "cycles:logframe_row_delete": ObjectUrl(*by_id("logframe_row"), COORDINATOR, "post"),
    "cycles:logframe_indicator_create": ObjectUrl(*by_id("logframe_row"), COORDINATOR),
    "cycles:logframe_indicator_update": ObjectUrl(*by_id("logframe_indicator"), COORDINATOR),
    "cycles:logframe_indicator_delete": ObjectUrl(*by_id("logframe_indicator"), COORDINATOR, "post"),
    "cycles:logframe_target_set": ObjectUrl(*by_id("logframe_indicator"), COORDINATOR, "post"),
    "cycles:logframe_actual_enter": ObjectUrl(*by_id("logframe_indicator"), COORDINATOR, "post"),
}
