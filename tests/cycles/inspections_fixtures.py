"""The fixtures both inspection service test modules use (imported under their own names by the modules that
use them): two standards chosen by the group, and a member who is also one of its inspectors."""

import pytest

from standards.models import Domain, Level

from ..factories import MemberFactory
from ..factories_inspections import InspectorFactory, requirement, standard, topic
from ..factories_nonconformities import choose


@pytest.fixture
def standards(scope):
    """Two standards chosen by the scope's group; their register requirements are equivalent in the cross-walk."""
    alpha, beta = standard("alpha", "Alpha Standard"), standard("beta", "Beta Standard")
    register = topic("test-member-register", "Member register kept")
    for chosen in (alpha, beta):
        choose(scope.group, chosen.code)
    return {
        "alpha": alpha,
        "beta": beta,
        "topic": register,
        "A-M-01": requirement(alpha, "A-M-01", topic=register),
        "B-M-01": requirement(beta, "B-M-01", topic=register),
        "A-Q-01": requirement(alpha, "A-Q-01", level=Level.ENTRY, domain=Domain.QUALITY),
        "A-E-01": requirement(alpha, "A-E-01", domain=Domain.ENVIRONMENT),
        "B-S-01": requirement(beta, "B-S-01", domain=Domain.SOCIAL),
        "A-M-02": requirement(alpha, "A-M-02", level=Level.IMPROVEMENT, year=3),
    }


@pytest.fixture
def grace(scope):
    """A member of the group who is also one of its inspectors."""
    member = MemberFactory.create(group=scope.group, first_name="Grace", last_name="Wambui")
    return InspectorFactory.create(group=scope.group, name="Grace Wambui", member=member)
