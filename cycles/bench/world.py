"""The page benchmark's world: the demo data (seeded before), plus one large group (2,000 members, five years of
records by default) and a person of each role who reaches it, with the pages each of them is measured on.

The large group is built once and kept (its names start with PREFIX): a second run measures the same data. The
people are made or reset each run with a fresh random password, which only this run knows; the coordinator and
the field officer have an authenticator device, because the server runs with the production settings, where
nobody skips the second factor.
"""

import random
import secrets
from dataclasses import dataclass, field
from datetime import timedelta

from django.db import connection, transaction
from django.db.models import Exists, OuterRef
from django.urls import reverse
from django.utils import timezone
from django_otp.plugins.otp_totp.models import TOTPDevice

from cycles.models import Inspection, InspectionAnswer
from producers.models import Assignment, Member, Membership, ProducerGroup, Programme, Role, User
from standards.models import Standard

from .synthetic import PREFIX, build_group, support_create

GROUP_NUMBER = 900  # its organisation is "Benchmark Farmers Cooperative 900"
ROLES = (Role.COORDINATOR, Role.FIELD_OFFICER, Role.GROUP_MANAGER, Role.DONOR)


@dataclass
class Person:
    role: str
    username: str
    password: str
    otp_key: str = ""  # hex key of the authenticator device, for those who need a second factor


@dataclass
class World:
    group: ProducerGroup
    members: int
    answers: int
    people: dict[str, Person] = field(default_factory=dict)
    # Per role, the pages measured: (name, path).
    pages: dict[str, list[tuple[str, str]]] = field(default_factory=dict)


def _organisation_name() -> str:
    return f"{PREFIX} Farmers Cooperative {GROUP_NUMBER:03d}"


def large_group(*, members: int, years: int, seed: int = 2026) -> ProducerGroup:
    """The large group, built on the first run (inside one transaction, then ANALYZEd) and found after."""
    existing = ProducerGroup.objects.filter(organisation__name=_organisation_name()).first()
    if existing is not None:
        return existing
    this_year = timezone.localdate().year
    with transaction.atomic():
        support = support_create()
        group = build_group(
            random.Random(seed),
            support,
            number=GROUP_NUMBER,
            members=members,
            years=list(range(this_year - years + 1, this_year + 1)),
            standards=[Standard.objects.get(code="fairtrade-spo"), Standard.objects.get(code="rainforest-2020")],
        )
        programme = Programme.objects.create(
            name=f"{PREFIX} programme of the large group",
            funder=support.funder,
            starts_on=timezone.localdate().replace(year=this_year - years + 1, month=1, day=1),
            ends_on=timezone.localdate().replace(year=this_year + 1, month=12, day=31),
        )
        programme.implementers.add(support.providers[0])
        programme.groups.add(group)
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")
    return group


def _person(role: str, group: ProducerGroup, programme: Programme) -> Person:
    username = f"bench-{role.replace('_', '')}"
    password = secrets.token_urlsafe(18)
    user, _created = User.objects.get_or_create(username=username, defaults={"first_name": PREFIX, "last_name": role})
    user.set_password(password)
    user.is_active = True
    user.save()
    organisation = {
        Role.COORDINATOR: programme.implementers.first() or group.organisation,
        Role.FIELD_OFFICER: programme.implementers.first() or group.organisation,
        Role.GROUP_MANAGER: group.organisation,
        Role.DONOR: programme.funder,
    }[Role(role)]
    Membership.objects.get_or_create(user=user, organisation=organisation, role=role)
    if role == Role.FIELD_OFFICER:
        Assignment.objects.get_or_create(
            field_officer=user, group=group, defaults={"assigned_on": timezone.localdate() - timedelta(days=365)}
        )
    person = Person(role=role, username=username, password=password)
    if role in (Role.COORDINATOR, Role.FIELD_OFFICER):
        device, _created = TOTPDevice.objects.get_or_create(user=user, name="benchmark", defaults={"confirmed": True})
        person.otp_key = device.key
    return person


def _uninspected_member(group: ProducerGroup, year: int) -> Member:
    """An approved member not inspected in this year's round: the inspection form a manager opens next."""
    inspected = Inspection.objects.filter(member=OuterRef("pk"), round__year=year)
    member = (
        Member.objects.filter(group=group, status="approved").exclude(Exists(inspected)).order_by("pk").first()
        or Member.objects.filter(group=group, status="approved").order_by("pk").first()
    )
    if member is None:
        raise LookupError(f"{group} has no approved member to inspect")
    return member


def world_prepare(*, members: int = 2000, years: int = 5) -> World:
    """The large group and its people, and the pages each role is measured on."""
    group = large_group(members=members, years=years)
    programme = group.programmes.order_by("pk").first()
    if programme is None:
        raise LookupError(f"{group} belongs to no programme: delete its organisation and run again")
    year = timezone.localdate().year
    member = _uninspected_member(group, year)
    world = World(
        group=group,
        members=Member.objects.filter(group=group).count(),
        answers=InspectionAnswer.objects.filter(inspection__round__group=group).count(),
    )
    world.people = {role: _person(role, group, programme) for role in ROLES}
    overview = reverse("cycles:group_detail", args=[group.pk])
    register = reverse("producers:member_list", args=[group.pk])
    inspection = reverse("cycles:inspection_create", args=[group.pk, year, member.pk])
    nonconformities = reverse("cycles:nc_list", args=[group.pk])
    this_week = reverse("cycles:this_week")
    world.pages = {
        Role.COORDINATOR: [
            ("portfolio", reverse("cycles:home")),
            ("programme page", reverse("cycles:programme_detail", args=[programme.pk])),
        ],
        Role.FIELD_OFFICER: [
            ("portfolio", reverse("cycles:home")),
            ("group overview", overview),
            ("phase page", reverse("cycles:phase", args=[group.pk])),
            ("register", register),
            ("inspection form", inspection),
            ("non-conformities", nonconformities),
            ("this week", this_week),
        ],
        Role.GROUP_MANAGER: [
            ("group overview", overview),
            ("register", register),
            ("inspection form", inspection),
            ("non-conformities", nonconformities),
            ("this week", this_week),
        ],
        Role.DONOR: [("programme page", reverse("cycles:programme_detail", args=[programme.pk]))],
    }
    return world
