"""Fixtures for every role and an outsider (healthchecks' alice/bob/charlie, grown to this domain).

`scope` builds two groups: `group` is inside the field officer's portfolio, is the group manager's own group
and is supported by the donor's programme; `other_group` is inside nobody's scope but the coordinator's.
"""

import json
import logging
import uuid
from dataclasses import dataclass
from typing import Any

import pytest
from django.conf import settings as django_settings
from django.test import Client
from django.utils import translation

from producers.accounts.selectors import second_factor_required
from producers.models import Member, ProducerGroup, Role, User
from producers.models.organisations import InterestGroup, OrganisationKind
from producers.security_log import LOGGER_NAME

from .factories import (
    AssignmentFactory,
    MemberFactory,
    MembershipFactory,
    OrganisationFactory,
    PlotFactory,
    ProducerGroupFactory,
    ProgrammeFactory,
    UserFactory,
)
from .helpers import force_login_verified


@dataclass
class Scope:
    group: ProducerGroup
    other_group: ProducerGroup
    member: Member
    other_member: Member
    coordinator: User
    field_officer: User
    group_manager: User
    donor: User
    outsider: User

    def users(self) -> dict[str, User]:
        return {
            "coordinator": self.coordinator,
            "field_officer": self.field_officer,
            "group_manager": self.group_manager,
            "donor": self.donor,
            "outsider": self.outsider,
        }


def make_scope() -> Scope:
    ngo = OrganisationFactory.create(name="Quality Support NGO")
    funder = OrganisationFactory.create(name="Funder", kind=OrganisationKind.DONOR)
    group = ProducerGroupFactory.create(organisation__name="Inside Cooperative")
    other_group = ProducerGroupFactory.create(organisation__name="Outside Cooperative")
    member = MemberFactory.create(group=group, first_name="Wanjiru", last_name="Kamau")
    other_member = MemberFactory.create(group=other_group, first_name="Otieno", last_name="Odhiambo")
    PlotFactory.create(member=member)
    PlotFactory.create(member=other_member)

    coordinator = UserFactory.create(username="coordinator")
    MembershipFactory.create(user=coordinator, organisation=ngo, role=Role.COORDINATOR)
    field_officer = UserFactory.create(username="fieldofficer")
    MembershipFactory.create(user=field_officer, organisation=ngo, role=Role.FIELD_OFFICER)
    AssignmentFactory.create(field_officer=field_officer, group=group)
    group_manager = UserFactory.create(username="groupmanager")
    MembershipFactory.create(user=group_manager, organisation=group.organisation, role=Role.GROUP_MANAGER)
    donor = UserFactory.create(username="donor")
    MembershipFactory.create(user=donor, organisation=funder, role=Role.DONOR)
    ProgrammeFactory.create(funder=funder, groups=[group])
    # An outsider holds a role, but one that reaches neither group: a field officer with an empty portfolio.
    outsider = UserFactory.create(username="outsider")
    MembershipFactory.create(
        user=outsider,
        organisation=OrganisationFactory.create(interest_group=InterestGroup.QUALITY_PROFESSIONAL, kind="trainer"),
        role=Role.FIELD_OFFICER,
    )
    return Scope(
        group=group,
        other_group=other_group,
        member=member,
        other_member=other_member,
        coordinator=coordinator,
        field_officer=field_officer,
        group_manager=group_manager,
        donor=donor,
        outsider=outsider,
    )


@pytest.fixture
def scope(db) -> Scope:
    return make_scope()


@pytest.fixture
def login(client: Client):
    """Log the test client in as a user: `login(scope.donor)`. Those whose role needs a second factor (coordinators,
    field officers) come in with it given, as after the code entry; the tests of the rule itself are in
    tests/producers/test_logins_second_factor.py."""

    def _login(user: User) -> Client:
        if second_factor_required(user):
            return force_login_verified(client, user)
        client.force_login(user)
        return client

    return _login


class SecurityLines(list[dict[str, Any]]):
    """The security log's lines written during a test, as dictionaries, and the raw text of each."""

    raw: list[str]

    def events(self, name: str) -> list[dict[str, Any]]:
        return [line for line in self if line["event"] == name]


class _Collect(logging.Handler):
    def __init__(self, lines: SecurityLines) -> None:
        super().__init__(logging.DEBUG)
        self.lines = lines

    def emit(self, record: logging.LogRecord) -> None:
        text = record.getMessage()
        self.lines.raw.append(text)
        self.lines.append(json.loads(text))


@pytest.fixture
def security_log():
    """What the security log (producers/security_log.py) wrote during the test, one dict per line."""
    lines = SecurityLines()
    lines.raw = []
    handler = _Collect(lines)
    logger = logging.getLogger(LOGGER_NAME)
    logger.addHandler(handler)
    try:
        yield lines
    finally:
        logger.removeHandler(handler)


@pytest.fixture(autouse=True)
def _page_cache_of_its_own(settings):
    """Each test keeps its pages apart (producers.page_cache): tests freeze the clock and reuse ids, so two of them
    could otherwise ask for the same key, and the test processes share one Redis in CI."""
    settings.PAGE_CACHE_GENERATION = uuid.uuid4().hex


@pytest.fixture(autouse=True)
def _language_reset():
    """Each test starts in the default language: a request in Kiswahili leaves its language active in the thread
    (Django's LocaleMiddleware activates one per request and never deactivates), and a service called directly by the
    next test would answer in it."""
    yield
    translation.activate(django_settings.LANGUAGE_CODE)
