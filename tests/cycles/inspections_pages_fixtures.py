"""What both inspection page test modules start from: the fixture `world` (imported under its own name by the
modules that use it) and the inspection form's address."""

import datetime

import pytest
from django.urls import reverse

from cycles.models import Compliance, Severity
from cycles.services.inspections import inspection_round_open
from standards.models import Domain, Level

from ..factories import MemberFactory
from ..factories_inspections import InspectorFactory, inspect, requirement, standard, topic
from ..factories_nonconformities import choose


@pytest.fixture
def world(scope):
    """The scope's group with two chosen standards (a cross-walk topic shared), an inspector who is a member,
    the 2026 round open, and one member inspected with a finding."""
    alpha, beta = standard("alpha", "Alpha Standard"), standard("beta", "Beta Standard")
    register = topic("test-member-register", "Member register kept")
    for chosen in (alpha, beta):
        choose(scope.group, chosen.code)
    requirement(alpha, "A-M-01", topic=register)
    requirement(beta, "B-M-01", topic=register)
    environment = requirement(alpha, "A-E-01", domain=Domain.ENVIRONMENT)
    requirement(beta, "B-S-01", domain=Domain.SOCIAL, level=Level.ENTRY)
    grace_member = MemberFactory.create(group=scope.group, first_name="Grace", last_name="Wambui")
    grace = InspectorFactory.create(group=scope.group, name="Grace Wambui", member=grace_member)
    due = MemberFactory.create(group=scope.group, first_name="Njeri", last_name="Mwangi", member_number="GK-0042")
    inspection_round_open(group=scope.group, year=2026, by=scope.group_manager)
    inspection = inspect(
        member=scope.member,
        inspector=grace,
        by=scope.group_manager,
        on=datetime.date(2026, 6, 2),
        answers={f"r{environment.pk}": (Compliance.NOT_COMPLIANT, "Empty pesticide cans by the river")},
        severities={f"r{environment.pk}": Severity.MAJOR},
    )
    return {
        "scope": scope,
        "grace": grace,
        "due": due,
        "inspection": inspection,
        "topic": register,
        "environment": environment,
    }


def _form_url(world, member=None) -> str:
    scope = world["scope"]
    return reverse(
        "cycles:inspection_create",
        kwargs={"pk": scope.group.pk, "year": 2026, "member_pk": (member or world["due"]).pk},
    )
