"""What both support services test modules use: providers, a service type, a group walked through its phases,
and a service recorded with what the test does not care about filled in."""

import datetime
from typing import Any

from cycles.models import Service, ServiceType
from cycles.services.outer import service_record
from producers.models import Organisation, ProducerGroup, User
from producers.models.organisations import InterestGroup, OrganisationKind
from tests.factories import OrganisationFactory

from .coordination_fixtures import phase as phase
from .coordination_fixtures import walk as walk


def trainer(**fields: Any) -> Organisation:
    return OrganisationFactory.create(
        interest_group=InterestGroup.QUALITY_PROFESSIONAL, kind=OrganisationKind.TRAINER, **fields
    )


def buyer(name: str = "Kirima Coffee Exporters") -> Organisation:
    return OrganisationFactory.create(name=name, interest_group=InterestGroup.BUYER, kind=OrganisationKind.EXPORTER)


def service_type(code: str) -> ServiceType:
    return ServiceType.objects.get(code=code)


def record(group: ProducerGroup, by: User, **overrides: Any) -> Service:
    values: dict[str, Any] = {
        "service_type": service_type("training"),
        "provider": overrides.pop("provider", None) or trainer(),
        "delivered_on": datetime.date(2025, 6, 2),
    }
    values.update(overrides)
    return service_record(group=group, by=by, **values)
