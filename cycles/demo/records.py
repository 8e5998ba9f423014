"""The demo groups' internal control systems: inspectors, this year's inspection rounds, their findings and
corrective actions, trainings, improvement plans, production and sales, audits and measured indicators.

Every record goes through the services that users' actions go through, so the demo shows what the application
makes, not what a script wrote past it. Deterministic (fixed dates, a seeded generator) and idempotent: a group
whose records exist is left alone.
"""

import random
from datetime import date, timedelta
from decimal import Decimal

from producers.models import Member, Organisation, ProducerGroup, Role, User
from producers.models.members import MemberStatus
from standards.models import Requirement, Standard

from ..models import Compliance, Inspection, InspectionKind, InspectionRound, Inspector, NCStatus, Severity
from ..selectors.inspections import inspection_questions
from ..services.audits import audit_finding_create, audit_record
from ..services.indicators import measure_group
from ..services.inspections import (
    conflict_declare,
    group_assessment_record,
    inspection_record,
    inspection_round_open,
    inspector_create,
)
from ..services.nonconformities import corrective_action_create, corrective_action_done, nonconformity_move
from ..services.plans import plan_action_create
from ..services.production import Amounts, production_record_create
from ..services.trainings import training_create
from .history import at
from .story import CB_KENYA, GROUP_GIKOE, GROUP_MUKURWE, GROUP_THIBA, TRAINER

SEED = 4242
YEAR = 2026

# Per group: how much of this year's round is done, and what share of answers fail.
ROUNDS: dict[str, tuple[float, float]] = {
    GROUP_MUKURWE: (1.0, 0.004),  # autonomous: every member inspected, few findings
    GROUP_THIBA: (1.0, 0.008),
    GROUP_GIKOE: (0.6, 0.02),  # building its system: the first round is under way
}
# The groups that answered this year's group assessment (the questions about the group as a whole), and how many of
# its answers failed; Gikoe has not assessed itself yet, so the demo shows the form.
ASSESSMENTS: dict[str, int] = {GROUP_MUKURWE: 0, GROUP_THIBA: 1}


def seed_records(
    groups: dict[str, ProducerGroup], organisations: dict[str, Organisation], users: dict[str, User]
) -> int:
    """Create the records of the groups that have none yet; return how many groups were seeded."""
    rng = random.Random(SEED)
    seeded = 0
    for name, (coverage, failure_rate) in ROUNDS.items():
        group = groups[name]
        if Inspector.objects.filter(group=group).exists():
            continue
        by = users["fieldofficer"]
        members = list(Member.objects.filter(group=group).exclude(status=MemberStatus.LEFT).order_by("member_number"))
        inspectors = _seed_inspectors(group, members, by)
        _seed_training(group, members, inspectors, organisations[TRAINER], by, rng)
        _seed_round(
            group, members, inspectors, by, coverage, failure_rate, rng, assessment_findings=ASSESSMENTS.get(name)
        )
        _seed_plan(group, by)
        seasons = _seed_production(
            group,
            members,
            by,
            rng,
            seasons=3 if name == GROUP_MUKURWE else 1,
            certified=name == GROUP_MUKURWE,  # Thiba Ridge awaits its first certificate after the initial audit
        )
        if name in (GROUP_MUKURWE, GROUP_THIBA):
            _seed_audit(group, organisations[CB_KENYA], by, initial=name == GROUP_THIBA)
        # The year of the records measures the internal control system (there were no rounds before it to
        # measure); the finished seasons, oldest first, production and income.
        for period in (str(YEAR), *reversed(seasons)):
            measure_group(group=group, period=period, by=by)
        seeded += 1
    return seeded


def _seed_inspectors(group: ProducerGroup, members: list[Member], by: User) -> list[Inspector]:
    approved = [m for m in members if m.status == MemberStatus.APPROVED]
    inspectors = [
        inspector_create(group=group, by=by, member=member, trained_on=date(YEAR, 4, 22)) for member in approved[:3]
    ]
    # A declared conflict: the first inspector's neighbour and in-law.
    conflict_declare(
        inspector=inspectors[0],
        member=approved[5],
        by=by,
        declared_on=date(YEAR, 4, 22),
        reason="Brother-in-law; their farms share a boundary.",
    )
    return inspectors


def _seed_training(
    group: ProducerGroup,
    members: list[Member],
    inspectors: list[Inspector],
    trainer: Organisation,
    by: User,
    rng: random.Random,
) -> None:
    requirements = [q.lead for q in inspection_questions(group=group, year=YEAR)][:4]
    training_create(
        group=group,
        by=by,
        topic="The internal standard, record keeping and safe pesticide storage",
        held_on=date(YEAR, 3, 18),
        trainer=trainer,
        requirements=requirements,
        attendees=[m for m in members if rng.random() < 0.85],
        inspectors=inspectors,
        notes="Two sessions at the collection centre; materials in Kikuyu and English.",
    )


def _inspector_for(member: Member, inspectors: list[Inspector], index: int) -> Inspector:
    """Never the member themselves and never someone who declared a conflict with them."""
    for offset in range(len(inspectors)):
        inspector = inspectors[(index + offset) % len(inspectors)]
        if inspector.member_id == member.pk:
            continue
        if inspector.conflicts.filter(member=member).exists():
            continue
        return inspector
    raise RuntimeError("no inspector without a conflict")


def _seed_round(
    group: ProducerGroup,
    members: list[Member],
    inspectors: list[Inspector],
    by: User,
    coverage: float,
    failure_rate: float,
    rng: random.Random,
    *,
    assessment_findings: int | None,
) -> None:
    round_ = inspection_round_open(group=group, year=YEAR, by=by)
    # The story's round opened the day before its first inspection, not on the day the demo was loaded.
    InspectionRound.objects.filter(pk=round_.pk).update(opened_at=at(YEAR, 2, 1))
    questions = inspection_questions(group=group, year=YEAR)
    to_inspect = members[: round(len(members) * coverage)]
    start = date(YEAR, 2, 2)
    for index, member in enumerate(to_inspect):
        answers: dict[str, tuple[str, str]] = {}
        severities: dict[str, str] = {}
        for question in questions:
            if rng.random() < failure_rate:
                answers[question.key] = (Compliance.NOT_COMPLIANT, f"{question.lead.text[:80]} – not seen on the farm.")
                severities[question.key] = Severity.MAJOR if rng.random() < 0.15 else Severity.MINOR
            else:
                answers[question.key] = (Compliance.COMPLIANT, "")
        inspection_record(
            round=round_,
            member=member,
            inspector=_inspector_for(member, inspectors, index),
            by=by,
            inspected_on=start + timedelta(days=index * 2 % 240),
            answers=answers,
            severities=severities,
        )
    if assessment_findings is not None:
        _seed_assessment(round_, by, findings=assessment_findings)
    # Corrective actions for most findings; the older ones are done and closed, verified by the group's ICS manager
    # (a second person: the field officer reported them done).
    verifier = User.objects.filter(
        memberships__organisation=group.organisation, memberships__role=Role.GROUP_MANAGER
    ).first()
    for inspection in Inspection.objects.filter(round=round_).prefetch_related("nonconformities"):
        for nonconformity in inspection.nonconformities.all():
            if rng.random() < 0.2:
                continue  # no action yet: the gate shows it
            action = corrective_action_create(
                nonconformity=nonconformity,
                by=by,
                description="Put it right and show the inspector at the follow-up visit.",
                owner=inspection.member.full_name if inspection.member is not None else "ICS manager",
                due_on=nonconformity.found_on + timedelta(days=60),
            )
            nonconformity_move(nonconformity=nonconformity, by=by, to_status=NCStatus.ACTION_PLANNED)
            if nonconformity.found_on < date(YEAR, 7, 1):
                corrective_action_done(action=action, by=by, done_on=nonconformity.found_on + timedelta(days=40))
                nonconformity_move(nonconformity=nonconformity, by=by, to_status=NCStatus.IMPLEMENTED)
                if verifier is None:
                    continue
                nonconformity_move(
                    nonconformity=nonconformity,
                    by=verifier,
                    to_status=NCStatus.CLOSED,
                    note="Checked at the follow-up visit.",
                    closed_on=nonconformity.found_on + timedelta(days=45),
                )


def _seed_assessment(round_: InspectionRound, by: User, *, findings: int) -> None:
    """The group's assessment of the year, in March: the first `findings` questions failed, the rest compliant."""
    questions = inspection_questions(group=round_.group, year=YEAR, kind=InspectionKind.GROUP)
    answers: dict[str, tuple[str, str]] = {q.key: (Compliance.COMPLIANT, "") for q in questions}
    for question in questions[:findings]:
        answers[question.key] = (Compliance.NOT_COMPLIANT, f"{question.title[:80]} – not up to date.")
    group_assessment_record(
        round=round_,
        by=by,
        assessed_on=date(YEAR, 3, 10),
        answers=answers,
        notes="With the manager, the ICS manager and two board members, in the office.",
        severities={q.key: str(Severity.MINOR) for q in questions[:findings]},
    )


def _seed_plan(group: ProducerGroup, by: User) -> None:
    plan = [
        ("Build a lockable store for pesticides at the collection centre", "Treasurer", date(YEAR, 9, 30), "done"),
        ("Record every delivery per member against the estimate", "ICS manager", date(YEAR, 6, 30), "in_progress"),
        ("Train the remaining members on the internal standard", "ICS manager", date(YEAR + 1, 3, 31), "planned"),
    ]
    for title, owner, deadline, status in plan:
        plan_action_create(group=group, by=by, title=title, owner=owner, deadline=deadline, gap=title, status=status)


def _seed_production(
    group: ProducerGroup, members: list[Member], by: User, rng: random.Random, *, seasons: int, certified: bool
) -> list[str]:
    """Coffee seasons (October to September), newest first; returns them. A group without a certificate sells
    everything as conventional coffee."""
    finished = [f"{YEAR - 1 - back}/{str(YEAR - back)[-2:]}" for back in range(seasons)]
    share = Decimal("0.7") if certified else Decimal(0)
    for season in finished:
        price = Decimal(str(round(rng.uniform(75, 105), 2)))
        for member in members[:40]:
            estimate = Decimal(rng.randrange(300, 1800))
            harvested = (estimate * Decimal(str(round(rng.uniform(0.7, 1.05), 2)))).quantize(Decimal("1"))
            as_certified = (harvested * share).quantize(Decimal("1"))
            production_record_create(
                group=group,
                by=by,
                member=member,
                season=season,
                amounts=Amounts(
                    estimated_kg=estimate,
                    harvested_kg=harvested,
                    sold_certified_kg=as_certified,
                    sold_conventional_kg=harvested - as_certified,
                    price_per_kg=price,
                ),
            )
    # One certified delivery beyond the member's estimate: traceability flags it.
    if certified:
        production_record_create(
            group=group,
            by=by,
            member=members[40],
            season=finished[0],
            amounts=Amounts(
                estimated_kg=Decimal(400),
                harvested_kg=Decimal(650),
                sold_certified_kg=Decimal(620),
                sold_conventional_kg=Decimal(0),
                price_per_kg=Decimal("96.50"),
            ),
        )
    return finished


def _seed_audit(group: ProducerGroup, certification_body: Organisation, by: User, *, initial: bool) -> None:
    chosen = group.chosen_standards.select_related("standard").first()
    assert chosen is not None
    standard: Standard = chosen.standard
    audit = audit_record(
        group=group,
        by=by,
        standard=standard,
        certification_body=certification_body,
        audit_type="initial" if initial else "surveillance",
        audited_on=date(YEAR, 10, 14),
        auditor="J. Mutua",
        summary="Internal control system in place; traceability records to be completed."
        if initial
        else "Surveillance audit: the system works; one minor finding on records.",
    )
    requirement = Requirement.objects.filter(standard=standard, domain="trade").order_by("code").first()
    if requirement is not None:
        audit_finding_create(
            audit=audit,
            by=by,
            requirement=requirement,
            severity=Severity.MAJOR if initial else Severity.MINOR,
            description="Purchase records of three members do not match their delivery slips.",
        )
