"""Builders for internal inspections: inspectors, standards with requirements, and a whole inspection answered.

A group chooses a shipped standard with factories_nonconformities.choose."""

import datetime

import factory
from django.utils import timezone

from cycles.models import Compliance, Inspection, InspectionKind, InspectionRound, Inspector, Severity
from cycles.selectors.inspections import inspection_questions
from cycles.services.inspections import inspection_record, inspection_round_open
from producers.models import Member, ProducerGroup, User
from standards.models import CrosswalkTopic, Domain, GroupStandard, Level, Requirement, Standard, StandardKind

from .factories import ProducerGroupFactory


class InspectorFactory(factory.django.DjangoModelFactory[Inspector]):
    class Meta:
        model = Inspector

    group = factory.SubFactory(ProducerGroupFactory)
    name = factory.Sequence(lambda n: f"Inspector {n}")
    trained_on = datetime.date(2024, 2, 1)
    active = True


def standard(code: str, name: str | None = None) -> Standard:
    return Standard.objects.create(
        code=code,
        name=name or code.upper(),
        short_name=(name or code.upper())[:40],
        owner="Test owner",
        version="1",
        kind=StandardKind.IMPROVEMENT,
    )


def topic(code: str, name: str | None = None) -> CrosswalkTopic:
    return CrosswalkTopic.objects.create(code=code, name=name or code.replace("-", " ").capitalize())


def requirement(
    standard: Standard,
    code: str,
    *,
    level: str = Level.CORE,
    year: int = 0,
    domain: str = Domain.MANAGEMENT,
    topic: CrosswalkTopic | None = None,
) -> Requirement:
    return Requirement.objects.create(
        standard=standard,
        code=code,
        text=f"Requirement {code}",
        domain=domain,
        level=level,
        applies_from_year=year,
        crosswalk_topic=topic,
    )


def grow_standards(group: ProducerGroup, count: int) -> None:
    """The group chooses one more standard of `count` requirements across the domains, a quarter of them with a
    cross-walk topic of their own: a long inspection form, for the query budgets."""
    extra = standard(f"extra-{count}")
    GroupStandard.objects.create(group=group, standard=extra, chosen_on=datetime.date(2024, 5, 1))
    for index in range(count):
        shared = topic(f"extra-topic-{count}-{index}") if index % 4 == 0 else None
        domain = list(Domain.values)[index % len(Domain.values)]
        requirement(extra, f"X{count}-{index:03d}", domain=domain, topic=shared)


def all_compliant(group: ProducerGroup, year: int, *, kind: str = InspectionKind.MEMBER) -> dict[str, tuple[str, str]]:
    return {q.key: (Compliance.COMPLIANT, "") for q in inspection_questions(group=group, year=year, kind=kind)}


def inspect(
    *,
    member: Member,
    inspector: Inspector,
    by: User,
    year: int | None = None,
    on: datetime.date | None = None,
    answers: dict[str, tuple[str, str]] | None = None,
    severities: dict[str, str] | None = None,
) -> Inspection:
    """Record an inspection of the member, every question compliant unless `answers` says otherwise; a finding is
    minor unless `severities` says otherwise (the inspector always chooses: here the test does)."""
    today = timezone.localdate()
    year = year or today.year
    round_: InspectionRound = inspection_round_open(group=member.group, year=year, by=by)
    given = all_compliant(member.group, year)
    given.update(answers or {})
    chosen: dict[str, str] = {
        key: Severity.MINOR for key, (answer, _notes) in given.items() if answer == Compliance.NOT_COMPLIANT
    }
    chosen.update(severities or {})
    return inspection_record(
        round=round_,
        member=member,
        inspector=inspector,
        by=by,
        inspected_on=on or (today if year == today.year else datetime.date(year, 6, 1)),
        answers=given,
        severities=chosen,
    )
