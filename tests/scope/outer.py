"""The outer cycle's services: a group's services (and recording one), a provider's, a programme's, and deleting one.

The provider inside the scope served the scoped group; the one outside served only the other group. The service
inside was recorded by the field officer, so only they and a coordinator may delete it.
"""

import datetime

from django.utils import timezone

from cycles.models import Service, ServiceType
from producers.models.organisations import InterestGroup, OrganisationKind

from ..factories import OrganisationFactory, ProgrammeFactory
from . import COORDINATOR, EVERY_GROUP_ROLE, ObjectUrl, World, by_id, group_in, group_out

PROGRAMME_READERS = frozenset({"coordinator", "donor"})


def populate(world: World) -> None:
    scope = world.scope
    training = ServiceType.objects.get(code="training")
    for side, group, recorder in (
        ("in", scope.group, scope.field_officer),
        ("out", scope.other_group, scope.coordinator),
    ):
        provider = OrganisationFactory.create(
            name=f"Scope trainer {side}",
            interest_group=InterestGroup.QUALITY_PROFESSIONAL,
            kind=OrganisationKind.TRAINER,
        )
        service = Service.objects.create(
            group=group,
            service_type=training,
            provider=provider,
            delivered_on=datetime.date(2025, 6, 2),
            recorded_at=timezone.now(),
            recorded_by=recorder,
        )
        world.ids[f"provider_{side}"] = provider.pk
        world.ids[f"service_{side}"] = service.pk
    world.ids["programme_in"] = scope.group.programmes.earliest("pk").pk  # the donor's, from conftest
    world.ids["programme_out"] = ProgrammeFactory.create(groups=[scope.other_group]).pk


OBJECT_URLS: dict[str, ObjectUrl] = {
    # Reading a group's services: every role that sees the group (the form is shown to those who may record).
    "cycles:group_services": ObjectUrl(group_in, group_out, EVERY_GROUP_ROLE),
    "cycles:provider_services": ObjectUrl(*by_id("provider"), EVERY_GROUP_ROLE),
    "cycles:programme_services": ObjectUrl(*by_id("programme"), PROGRAMME_READERS),
    # The recorder or a coordinator.
    "cycles:service_delete": ObjectUrl(*by_id("service"), COORDINATOR | {"field_officer"}, "post"),
}
