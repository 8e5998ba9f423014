"""Demo data: a Kenyan coffee pilot and two South African vegetable groups, their support structure and history.

`seed_demo` is deterministic (one seeded generator, fixed dates) and idempotent: every row is found by its natural
key before it is created, a group's trajectory is replayed only if the group has none, and a second run writes
nothing. The story itself is in `cycles.demo_data` and `cycles.demo_history`.
"""

import random
from dataclasses import dataclass, field
from datetime import date, timedelta
from decimal import Decimal
from typing import Protocol

from django.db import transaction

from producers.models import Assignment, Member, Membership, Organisation, Plot, ProducerGroup, Programme, User
from producers.models.members import ConversionStatus, MemberStatus
from producers.models.organisations import InterestGroup, LegalForm, OrganisationKind
from standards.models import Certificate, GroupStandard, Standard

from .demo_data import (
    CERTIFICATES,
    COFFEE_VARIETIES,
    DEMO_PASSWORD,
    FOOD_CROP,
    GROUPS,
    KENYAN_PLOT_NAMES,
    ORGANISATIONS,
    PROGRAMME,
    SEED,
    SOUTH_AFRICAN_PLOT_NAMES,
    STORY_END,
    USERS,
    VEGETABLES,
    GroupData,
    UserData,
)
from .demo_history import ANSWERS, ASSIGNED_BEFORE_START_DAYS, CHOSEN_STANDARDS, EXTRA_ASSIGNMENTS, FINAL_PHASES, MOVES
from .demo_logframe import seed_logframe
from .demo_records import seed_records
from .demo_services import seed_services
from .models import Criterion, CriterionAnswer, MoveKind, Phase, Trajectory
from .services import criterion_answer, phase_move_record, trajectory_start

COUNTED = (
    "organisations",
    "producer_groups",
    "users",
    "memberships",
    "assignments",
    "programmes",
    "members",
    "plots",
    "group_standards",
    "certificates",
    "trajectories",
    "phase_moves",
    "answers",
    "record_groups",
    "services",
    "logframe_rows",
)

# Applicants of a group that already approves members joined in the last months of the story.
RECENT_APPLICANTS_DAYS = 270
# Members whose plots count for a certificate: the certificate covers approved and sanctioned members only.
CERTIFIED_STATUSES = {MemberStatus.APPROVED, MemberStatus.SANCTIONED}
TWO_PLACES = Decimal("0.01")
SIX_PLACES = Decimal("0.000001")


class Writer(Protocol):
    def write(self, msg: str, /) -> object: ...


@dataclass
class PlotSpec:
    name: str
    crop: str
    area_ha: Decimal
    certified_area_ha: Decimal
    latitude: Decimal | None
    longitude: Decimal | None
    conversion_status: str


@dataclass
class MemberSpec:
    member_number: str
    first_name: str
    last_name: str
    gender: str
    year_of_birth: int | None
    phone: str
    village: str
    joined_on: date
    status: str
    consent_given_on: date | None
    plots: list[PlotSpec] = field(default_factory=list)


def seed_demo(*, stdout: Writer | None = None) -> dict[str, int]:
    """Create the demo data that is not there yet, in one transaction; return how many rows of each kind it made."""
    counts = dict.fromkeys(COUNTED, 0)
    rng = random.Random(SEED)
    # Drawn before anything is read, so the register never depends on what the database already holds.
    registers = {data["name"]: _register_sample(data, rng) for data in GROUPS}
    with transaction.atomic():
        organisations = _seed_organisations(counts)
        groups = _seed_groups(organisations, counts)
        users = _seed_users(organisations, counts)
        _seed_assignments(groups, users, counts)
        _seed_programme(organisations, groups, counts)
        for data in GROUPS:
            added = _seed_register(groups[data["name"]], registers[data["name"]], users[data["consent_by"]], counts)
            if stdout is not None and any(added):
                stdout.write(f"{data['name']}: {added[0]} members and {added[1]} plots added\n")
        _seed_trajectories(groups, users, counts)
        _seed_standards_and_certificates(organisations, groups, counts)
        _seed_answers(groups, users, counts)
        counts["record_groups"] += seed_records(groups, organisations, users)
        counts["services"] += seed_services(groups, organisations, users)
        counts["logframe_rows"] += seed_logframe(Programme.objects.get(name=PROGRAMME.name))["logframe_rows"]
    return counts


# --- Organisations, people, programme -----------------------------------------------------------------------------


def _seed_organisations(counts: dict[str, int]) -> dict[str, Organisation]:
    organisations: dict[str, Organisation] = {}
    for org in ORGANISATIONS:
        organisations[org.name], created = Organisation.objects.get_or_create(
            name=org.name,
            defaults={
                "country": org.country,
                "interest_group": org.interest_group,
                "kind": org.kind,
                "website": org.website,
            },
        )
        counts["organisations"] += created
    return organisations


def _seed_groups(organisations: dict[str, Organisation], counts: dict[str, int]) -> dict[str, ProducerGroup]:
    groups: dict[str, ProducerGroup] = {}
    for data in GROUPS:
        kind = OrganisationKind.COOPERATIVE
        if data["legal_form"] in (LegalForm.ASSOCIATION, LegalForm.INFORMAL):
            kind = OrganisationKind.ASSOCIATION
        organisation, created = Organisation.objects.get_or_create(
            name=data["name"],
            defaults={"country": data["country"], "interest_group": InterestGroup.PRODUCER_GROUP, "kind": kind},
        )
        counts["organisations"] += created
        organisations[data["name"]] = organisation
        groups[data["name"]], created = ProducerGroup.objects.get_or_create(
            organisation=organisation,
            defaults={
                "commodity": data["commodity"],
                "region": data["region"],
                "legal_form": data["legal_form"],
                "founded": data["founded"],
            },
        )
        counts["producer_groups"] += created
    return groups


def _seed_user(data: UserData, counts: dict[str, int]) -> User:
    user = User.objects.filter(username=data.username).first()
    if user is None:
        user = User(
            username=data.username,
            first_name=data.first_name,
            last_name=data.last_name,
            email=f"{data.username}@example.org",
        )
        if data.demo_login:
            user.set_password(DEMO_PASSWORD)
        else:
            user.set_unusable_password()
        user.save()
        counts["users"] += 1
    elif data.demo_login and not user.check_password(DEMO_PASSWORD):
        # Only a changed password is reset: a hash that still checks is left alone, so a second run writes nothing.
        user.set_password(DEMO_PASSWORD)
        user.save(update_fields=["password"])
    return user


def _seed_users(organisations: dict[str, Organisation], counts: dict[str, int]) -> dict[str, User]:
    users: dict[str, User] = {}
    for data in USERS:
        users[data.username] = user = _seed_user(data, counts)
        _, created = Membership.objects.get_or_create(
            user=user, organisation=organisations[data.organisation], role=data.role
        )
        counts["memberships"] += created
    return users


def _seed_assignments(groups: dict[str, ProducerGroup], users: dict[str, User], counts: dict[str, int]) -> None:
    for data in GROUPS:
        start = MOVES[data["name"]][0].at.date()
        _, created = Assignment.objects.get_or_create(
            field_officer=users[data["field_officer"]],
            group=groups[data["name"]],
            defaults={"assigned_on": start - timedelta(days=ASSIGNED_BEFORE_START_DAYS)},
        )
        counts["assignments"] += created
    for username, group_name in EXTRA_ASSIGNMENTS:
        _, created = Assignment.objects.get_or_create(
            field_officer=users[username],
            group=groups[group_name],
            defaults={"assigned_on": MOVES[group_name][0].at.date()},
        )
        counts["assignments"] += created


def _seed_programme(
    organisations: dict[str, Organisation], groups: dict[str, ProducerGroup], counts: dict[str, int]
) -> None:
    programme, created = Programme.objects.get_or_create(
        name=PROGRAMME.name,
        defaults={
            "funder": organisations[PROGRAMME.funder],
            "starts_on": PROGRAMME.starts_on,
            "ends_on": PROGRAMME.ends_on,
            "description": PROGRAMME.description,
        },
    )
    counts["programmes"] += created
    # add() inserts only the links that are missing.
    programme.implementers.add(*(organisations[name] for name in PROGRAMME.implementers))
    programme.groups.add(*(groups[name] for name in PROGRAMME.groups))


# --- The register -------------------------------------------------------------------------------------------------


def _day_between(rng: random.Random, first: date, last: date) -> date:
    return first + timedelta(days=rng.randint(0, (last - first).days))


def _phone(country: str, rng: random.Random) -> str:
    if country == "KE":
        return f"+254{rng.choice(('70', '71', '72', '74', '79'))}{rng.randint(0, 9_999_999):07d}"
    return f"+27{rng.choice(('72', '73', '76', '78', '82', '83'))}{rng.randint(0, 9_999_999):07d}"


def _register_sample(data: GroupData, rng: random.Random) -> list[MemberSpec]:
    """The group's members and plots as the demo wants them, drawn from `rng` in a fixed order."""
    size = sum(data["statuses"].values())
    statuses = [status for status, number in data["statuses"].items() for _ in range(number)]
    rng.shuffle(statuses)
    women = round(size * data["women_share"])
    genders = ["female"] * women + ["male"] * (size - women)
    rng.shuffle(genders)
    without_year = set(rng.sample(range(size), data["missing_year_of_birth"]))
    without_plots = set(rng.sample(range(size), data["without_plots"]))
    without_phone = set(rng.sample(range(size), data["without_phone"]))
    consented = set(rng.sample(range(size), round(size * data["consent_share"])))
    names = data["names"]
    villages = data["villages"].split()
    consent_from = MOVES[data["name"]][0].at.date()
    approves_members = MemberStatus.APPROVED in data["statuses"]
    recent_from = STORY_END - timedelta(days=RECENT_APPLICANTS_DAYS)
    members: list[MemberSpec] = []
    for index in range(size):
        status, gender = statuses[index], genders[index]
        female = gender == "female"
        first_name = rng.choice((names.female if female else names.male).split())
        second_names = (names.female_second if female else names.male_second).split()
        if second_names and rng.random() < 0.5:
            first_name = f"{first_name} {rng.choice(second_names)}"
        last_name = rng.choice(names.surnames.split())
        year_of_birth = int(rng.triangular(1948, 2002, 1968))
        phone = _phone(data["country"], rng)
        village = rng.choice(villages)
        if approves_members and status == MemberStatus.APPLICANT:
            joined_on = _day_between(rng, recent_from, STORY_END - timedelta(days=30))
        else:
            joined_on = _day_between(rng, data["joined_from"], data["joined_to"])
        consent_on = None
        if index in consented:
            consent_on = min(max(joined_on, consent_from) + timedelta(days=rng.randint(0, 45)), STORY_END)
        members.append(
            MemberSpec(
                member_number=f"{data['prefix']}-{index + 1:04d}",
                first_name=first_name,
                last_name=last_name,
                gender=gender,
                year_of_birth=None if index in without_year else year_of_birth,
                phone="" if index in without_phone else phone,
                village=village,
                joined_on=joined_on,
                status=status,
                consent_given_on=consent_on,
                plots=[] if index in without_plots else _plot_sample(data, status, rng),
            )
        )
    return members


def _plot_sample(data: GroupData, status: str, rng: random.Random) -> list[PlotSpec]:
    kenyan = data["country"] == "KE"
    organic = any(code == "eu-organic-group" for code, _ in CHOSEN_STANDARDS[data["name"]])
    certified = any(cert.group == data["name"] and cert.status == "active" for cert in CERTIFICATES)
    count = rng.choices((1, 2, 3), weights=(50, 35, 15))[0]
    names = rng.sample(KENYAN_PLOT_NAMES if kenyan else SOUTH_AFRICAN_PLOT_NAMES, count)
    lat_min, lat_max, lon_min, lon_max = data["bbox"]
    plots: list[PlotSpec] = []
    for position, name in enumerate(names):
        if kenyan and position > 0 and rng.random() < 0.5:
            crop, area = FOOD_CROP, rng.uniform(0.1, 1.0)
        elif kenyan:
            crop, area = rng.choices(COFFEE_VARIETIES, weights=(45, 30, 25))[0], rng.triangular(0.1, 2.0, 0.4)
        else:
            crop, area = rng.choice(VEGETABLES), rng.triangular(0.2, 3.0, 0.8)
        area_ha = max(Decimal(area).quantize(TWO_PLACES), Decimal("0.10"))
        certified_area = Decimal("0")
        if certified and crop != FOOD_CROP and status in CERTIFIED_STATUSES:
            # Some members keep a buffer strip along a river or road out of the certified area.
            share = Decimal("0.9") if rng.random() < 0.15 else Decimal("1")
            certified_area = (area_ha * share).quantize(TWO_PLACES)
        latitude = longitude = None
        if rng.random() < data["gps_share"]:
            latitude = Decimal(rng.uniform(lat_min, lat_max)).quantize(SIX_PLACES)
            longitude = Decimal(rng.uniform(lon_min, lon_max)).quantize(SIX_PLACES)
        conversion = ConversionStatus.NOT_APPLICABLE
        if organic:
            conversion = ConversionStatus.CONVERSION_2
            if crop == FOOD_CROP or status != MemberStatus.APPROVED:
                conversion = ConversionStatus.CONVERSION_1
        plots.append(PlotSpec(name, crop, area_ha, certified_area, latitude, longitude, conversion))
    return plots


def _seed_register(
    group: ProducerGroup, sample: list[MemberSpec], recorder: User, counts: dict[str, int]
) -> tuple[int, int]:
    """Insert the members and plots of the sample that the register lacks; return how many of each."""
    existing = set(Member.objects.filter(group=group).values_list("member_number", flat=True))
    new_members = [
        Member(
            group=group,
            member_number=spec.member_number,
            first_name=spec.first_name,
            last_name=spec.last_name,
            gender=spec.gender,
            year_of_birth=spec.year_of_birth,
            phone=spec.phone,
            village=spec.village,
            joined_on=spec.joined_on,
            status=spec.status,
            consent_given_on=spec.consent_given_on,
            consent_recorded_by=recorder if spec.consent_given_on else None,
        )
        for spec in sample
        if spec.member_number not in existing
    ]
    Member.objects.bulk_create(new_members)
    ids = dict(Member.objects.filter(group=group).values_list("member_number", "id"))
    existing_plots = set(Plot.objects.filter(member__group=group).values_list("member_id", "name"))
    new_plots = [
        Plot(
            member_id=ids[spec.member_number],
            name=plot.name,
            crop=plot.crop,
            area_ha=plot.area_ha,
            certified_area_ha=plot.certified_area_ha,
            latitude=plot.latitude,
            longitude=plot.longitude,
            conversion_status=plot.conversion_status,
        )
        for spec in sample
        for plot in spec.plots
        if (ids[spec.member_number], plot.name) not in existing_plots
    ]
    Plot.objects.bulk_create(new_plots)
    counts["members"] += len(new_members)
    counts["plots"] += len(new_plots)
    return len(new_members), len(new_plots)


# --- History, standards, certificates -----------------------------------------------------------------------------


def _user_or_none(users: dict[str, User], username: str | None) -> User | None:
    return users[username] if username is not None else None


def _seed_trajectories(groups: dict[str, ProducerGroup], users: dict[str, User], counts: dict[str, int]) -> None:
    phases = {phase.code: phase for phase in Phase.objects.all()}
    started = set(Trajectory.objects.filter(group__in=groups.values()).values_list("group_id", flat=True))
    for name, group in groups.items():
        if group.pk in started:
            continue
        first, *later = MOVES[name]
        trajectory_start(group=group, by=_user_or_none(users, first.by), at=first.at, reason=first.reason)
        for move in later:
            phase_move_record(
                group=group,
                kind=MoveKind(move.kind),
                to_phase=phases[move.to_phase],
                by=_user_or_none(users, move.by),
                reason=move.reason,
                at=move.at,
            )
        counts["trajectories"] += 1
        counts["phase_moves"] += 1 + len(later)


def _seed_standards_and_certificates(
    organisations: dict[str, Organisation], groups: dict[str, ProducerGroup], counts: dict[str, int]
) -> None:
    codes = {code for chosen in CHOSEN_STANDARDS.values() for code, _ in chosen} | {c.standard for c in CERTIFICATES}
    standards = {code: Standard.objects.get(code=code) for code in sorted(codes)}
    for name, chosen in CHOSEN_STANDARDS.items():
        for code, chosen_on in chosen:
            _, created = GroupStandard.objects.get_or_create(
                group=groups[name], standard=standards[code], defaults={"chosen_on": chosen_on}
            )
            counts["group_standards"] += created
    for cert in CERTIFICATES:
        _, created = Certificate.objects.get_or_create(
            certification_body=organisations[cert.certification_body],
            number=cert.number,
            defaults={
                "group": groups[cert.group],
                "standard": standards[cert.standard],
                "scope": cert.scope,
                "valid_from": cert.valid_from,
                "valid_to": cert.valid_to,
                "status": cert.status,
            },
        )
        counts["certificates"] += created


def _seed_answers(groups: dict[str, ProducerGroup], users: dict[str, User], counts: dict[str, int]) -> None:
    """Answers to manual criteria of the groups' current phases, through the service that records who and when."""
    answered = set(CriterionAnswer.objects.filter(group__in=groups.values()).values_list("group_id", "criterion__code"))
    criteria = {(c.phase.code, c.code): c for c in Criterion.objects.select_related("phase")}
    for answer in ANSWERS:
        group = groups[answer.group]
        if (group.pk, answer.criterion) in answered:
            continue
        criterion = criteria[(FINAL_PHASES[answer.group], answer.criterion)]
        criterion_answer(
            group=group, criterion=criterion, by=users[answer.by], status=answer.status, evidence_note=answer.note
        )
        counts["answers"] += 1
