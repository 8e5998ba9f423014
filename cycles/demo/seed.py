"""Demo data: a Kenyan coffee pilot and two South African vegetable groups, their support structure and history.

`seed_demo` is deterministic (one seeded generator, fixed dates) and idempotent: every row is found by its natural
key before it is created, a group's trajectory is replayed only if the group has none, and a second run writes
nothing. The story itself is in `cycles.demo.story` and `cycles.demo.history`.
"""

import random
from datetime import timedelta
from typing import Protocol

from django.db import transaction
from django.utils import timezone

from producers.models import Assignment, Membership, Organisation, ProducerGroup, Programme, User
from producers.models.organisations import InterestGroup, LegalForm, OrganisationKind
from standards.models import Certificate, GroupStandard, Standard

from ..models import Criterion, CriterionAnswer, MoveKind, Phase, Trajectory
from ..services import criterion_answer, phase_move_record, trajectory_start
from .collect import seed_field_capture
from .history import ANSWERS, ASSIGNED_BEFORE_START_DAYS, CHOSEN_STANDARDS, EXTRA_ASSIGNMENTS, FINAL_PHASES, MOVES
from .logframe import seed_logframe
from .records import seed_records
from .register import register_sample, seed_register
from .reminders import seed_reminders
from .story import (
    CERTIFICATES,
    DEMO_PASSWORD,
    GROUPS,
    ORGANISATIONS,
    PROGRAMME,
    SEED,
    USERS,
    UserData,
)
from .support import seed_services

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
    "reminders",
    "field_submissions",
)


class Writer(Protocol):
    def write(self, msg: str, /) -> object: ...


def seed_demo(*, stdout: Writer | None = None) -> dict[str, int]:
    """Create the demo data that is not there yet, in one transaction; return how many rows of each kind it made."""
    counts = dict.fromkeys(COUNTED, 0)
    rng = random.Random(SEED)
    # Drawn before anything is read, so the register never depends on what the database already holds.
    registers = {data["name"]: register_sample(data, rng) for data in GROUPS}
    with transaction.atomic():
        organisations = _seed_organisations(counts)
        groups = _seed_groups(organisations, counts)
        users = _seed_users(organisations, counts)
        _seed_assignments(groups, users, counts)
        _seed_programme(organisations, groups, counts)
        for data in GROUPS:
            added = seed_register(groups[data["name"]], registers[data["name"]], users[data["consent_by"]], counts)
            if stdout is not None and any(added):
                stdout.write(f"{data['name']}: {added[0]} members and {added[1]} plots added\n")
        _seed_trajectories(groups, users, counts)
        _seed_standards_and_certificates(organisations, groups, counts)
        _seed_answers(groups, users, counts)
        counts["record_groups"] += seed_records(groups, organisations, users)
        counts["services"] += seed_services(groups, organisations, users)
        counts["reminders"] += seed_reminders(groups, organisations, users)
        counts["field_submissions"] += seed_field_capture(groups, users)
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
            preferred_language=data.language,
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
            "iati_activity_id": PROGRAMME.iati_activity_id,
            "budget": PROGRAMME.budget,
            "budget_currency": PROGRAMME.budget_currency,
        },
    )
    counts["programmes"] += created
    funder = organisations[PROGRAMME.funder]
    if not funder.iati_identifier:
        funder.iati_identifier = PROGRAMME.funder_iati
        funder.save(update_fields=["iati_identifier"])
    # add() inserts only the links that are missing.
    programme.implementers.add(*(organisations[name] for name in PROGRAMME.implementers))
    programme.groups.add(*(groups[name] for name in PROGRAMME.groups))


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
                "valid_to": cert.valid_to
                if cert.ends_in_days is None
                else timezone.localdate() + timedelta(days=cert.ends_in_days),
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
