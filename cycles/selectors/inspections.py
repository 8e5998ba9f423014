"""Read side of internal inspections: the questions an inspection asks, the coverage of a round, and the scoped
look-ups of inspectors and inspections.

The form, the service and the tests ask `inspection_questions` the same question, so the form never shows a
question that the service would not accept, nor the other way round. It is also the one place that sorts the
requirements by scope: a member inspection asks the farm-level ones, the group's yearly assessment the group-level
ones; any other client (the field-capture form) asks it too.
"""

from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.db.models import Count, Exists, OuterRef, Prefetch, Q, QuerySet
from django.shortcuts import get_object_or_404
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from producers.models import Member, Membership, ProducerGroup, User
from producers.models.members import MemberStatus
from producers.selectors import group_register_get_for_user
from standards.models import CrosswalkTopic, Domain, Requirement, Scope, Standard

from ..annual import initial_certificate_year
from ..indicators import members_due
from ..models import (
    Compliance,
    ConflictOfInterest,
    Decision,
    Inspection,
    InspectionAnswer,
    InspectionKind,
    InspectionPhoto,
    InspectionRound,
    Inspector,
)

# Domains in the order the standards present them (management first), not alphabetically.
DOMAIN_ORDER = {value: index for index, value in enumerate(Domain.values)}


def _requirement_order(requirement: Requirement) -> tuple[int, str, str]:
    return DOMAIN_ORDER.get(requirement.domain, len(DOMAIN_ORDER)), requirement.code, requirement.standard.name


# --- The questions of an inspection ------------------------------------------------------------------------------


@dataclass
class Question:
    """One question of an inspection: a requirement of one chosen standard, or a cross-walk topic that several
    chosen standards ask in their own words (answered once, counted for each)."""

    key: str
    requirements: list[Requirement]
    topic: CrosswalkTopic | None = None

    @property
    def lead(self) -> Requirement:
        """The requirement that places the question (domain, code) and that a finding is recorded against."""
        return self.requirements[0]

    @property
    def code(self) -> str:
        return self.lead.code

    @property
    def domain(self) -> str:
        return self.lead.domain

    @property
    def domain_label(self) -> str:
        return self.lead.get_domain_display()

    @property
    def title(self) -> str:
        return self.topic.name if self.topic is not None else self.lead.text

    @property
    def standards(self) -> list[Standard]:
        return [requirement.standard for requirement in self.requirements]


def group_year(*, group: ProducerGroup, year: int) -> int:
    """The group's year of certification in `year`: years since its earliest certificate, 0 without one (and
    never below 0: before the certificate the group is at its start)."""
    initial = initial_certificate_year(group)
    return 0 if initial is None else max(0, year - initial)


def question_key(requirement: Requirement) -> str:
    """The key of the question that asks this requirement."""
    topic_id = requirement.crosswalk_topic_id
    return f"t{topic_id}" if topic_id is not None else f"r{requirement.pk}"


# What each kind of inspection asks about: a member's inspection the farm, the group's assessment the group.
SCOPE_OF_KIND = {InspectionKind.MEMBER: Scope.FARM, InspectionKind.GROUP: Scope.GROUP}


def inspection_questions(*, group: ProducerGroup, year: int, kind: str = InspectionKind.MEMBER) -> list[Question]:
    """The questions of an inspection of `group` in `year`, ordered by domain, then code: by default those of a
    member's inspection (the farm-level requirements); with `kind=InspectionKind.GROUP`, those of the group's yearly
    assessment (the requirements about the group as a whole).

    They are the requirements of the group's chosen standards that apply at the group's year of certification
    (entry, core and improvement requirements whose `applies_from_year` has come). Requirements that share a
    cross-walk topic are asked once, naming every standard the answer counts for; the others are asked per
    standard. Two queries, whatever the number of standards and requirements.
    """
    requirements = sorted(
        Requirement.objects.filter(
            standard__group_choices__group=group,
            applies_from_year__lte=group_year(group=group, year=year),
            scope=SCOPE_OF_KIND[InspectionKind(kind)],
        ).select_related("standard", "crosswalk_topic"),
        key=_requirement_order,
    )
    questions: dict[str, Question] = {}
    for requirement in requirements:
        key = question_key(requirement)
        if key in questions:
            questions[key].requirements.append(requirement)
        else:
            questions[key] = Question(key=key, requirements=[requirement], topic=requirement.crosswalk_topic)
    return list(questions.values())


# --- The proposal that follows an inspection ---------------------------------------------------------------------


def propose_decision(severities: list[str]) -> str:
    """The approval decision an inspection proposes, from the severities of its findings: approve when nothing
    failed; with conditions when only minor findings; a sanction for any major; not approved for any critical."""
    if "critical" in severities:
        return Decision.EXCLUDE
    if "major" in severities:
        return Decision.SANCTION
    if severities:
        return Decision.APPROVE_WITH_CONDITIONS
    return Decision.APPROVE


def inspector_refusal(*, inspector: Inspector, member: Member) -> ValidationError | None:
    """Why this inspector may not inspect this member's farm, or None: their own farm, or a declared conflict of
    interest. The form and the service ask the same question."""
    if inspector.member_id == member.pk:
        return ValidationError(
            _("%(inspector)s may not inspect their own farm.") % {"inspector": inspector.name}, code="own_farm"
        )
    conflict = ConflictOfInterest.objects.filter(inspector=inspector, member=member).first()
    if conflict is not None:
        return ValidationError(
            _("%(inspector)s declared a conflict of interest with %(member)s on %(date)s: %(reason)s")
            % {
                "inspector": inspector.name,
                "member": member.full_name,
                "date": date_format(conflict.declared_on, "j F Y"),
                "reason": conflict.reason,
            },
            code="conflict_of_interest",
        )
    return None


# --- Scoped look-ups ---------------------------------------------------------------------------------------------


def inspector_get_for_user(*, user: User, pk: int) -> Inspector:
    """An inspector, for those who may see the group's register: 404 outside the user's groups, 403 for those who
    see the group but not its people (donors)."""
    inspector = get_object_or_404(Inspector.objects.select_related("group__organisation", "member", "user"), pk=pk)
    group_register_get_for_user(user=user, pk=inspector.group_id)
    return inspector


def inspection_get_for_user(*, user: User, pk: int) -> Inspection:
    """An inspection names a member: 404 outside the user's groups, 403 for those who may not see the register."""
    inspection = get_object_or_404(
        Inspection.objects.select_related(
            "round__group__organisation", "member", "inspector", "recorded_by", "round__opened_by"
        ),
        pk=pk,
    )
    group_register_get_for_user(user=user, pk=inspection.round.group_id)
    return inspection


def group_assessment_of(round: InspectionRound) -> Inspection | None:
    """The group's own assessment in this round (once a year), or None before it is recorded."""
    return Inspection.objects.filter(round=round, kind=InspectionKind.GROUP).select_related("recorded_by").first()


def inspectors_of(group: ProducerGroup) -> QuerySet[Inspector]:
    """The group's inspectors, active first, each with its conflicts of interest (two queries)."""
    return (
        Inspector.objects.filter(group=group)
        .select_related("member", "user")
        .prefetch_related(
            Prefetch(
                "conflicts",
                queryset=ConflictOfInterest.objects.select_related("member").order_by("member__member_number"),
            )
        )
        .order_by("-active", "name")
    )


def inspector_choices(group: ProducerGroup) -> QuerySet[Inspector]:
    """Who may be chosen to inspect: the group's active inspectors."""
    return Inspector.objects.filter(group=group, active=True).select_related("member").order_by("name")


def member_choices(group: ProducerGroup) -> QuerySet[Member]:
    """Members a form may name: this group's, who have not left."""
    return members_due(group).order_by("member_number")


def login_choices(group: ProducerGroup) -> QuerySet[User]:
    """Logins an inspector may be linked to: people of the group's own organisation and its field officers."""
    return (
        User.objects.filter(is_active=True)
        .filter(
            Q(pk__in=Membership.objects.filter(organisation=group.organisation).values("user"))
            | Q(pk__in=group.assignments.values("field_officer"))
        )
        .order_by("username")
    )


# --- Rounds and their coverage -----------------------------------------------------------------------------------


@dataclass
class Coverage:
    due: int
    inspected: int

    @property
    def remaining(self) -> int:
        return max(0, self.due - self.inspected)

    @property
    def percent(self) -> int:
        """Whole per cent inspected, rounded down so that 99.6 % never reads as complete."""
        return (100 * self.inspected) // self.due if self.due else 0

    @property
    def complete(self) -> bool:
        return self.due > 0 and self.inspected >= self.due


@dataclass
class RoundSummary:
    round: InspectionRound
    coverage: Coverage


def round_coverage(*, round: InspectionRound) -> Coverage:
    """Inspected against due: of the members who have not left, how many were inspected in this round. One query."""
    figures = (
        members_due(round.group)
        .annotate(inspected=Exists(Inspection.objects.filter(round=round, member=OuterRef("pk"))))
        .aggregate(due=Count("pk"), done=Count("pk", filter=Q(inspected=True)))
    )
    return Coverage(due=figures["due"], inspected=figures["done"])


def round_summaries(*, group: ProducerGroup) -> list[RoundSummary]:
    """The group's rounds, newest first, each with its coverage against today's register. Two queries."""
    due = members_due(group).count()
    rounds = (
        InspectionRound.objects.filter(group=group)
        .select_related("opened_by")
        .annotate(
            done=Count(
                "inspections",
                filter=Q(inspections__kind=InspectionKind.MEMBER) & ~Q(inspections__member__status=MemberStatus.LEFT),
            ),
        )
        .order_by("-year")
    )
    return [RoundSummary(round=item, coverage=Coverage(due=due, inspected=item.done)) for item in rounds]


ROUND_FILTERS = ("due", "inspected")


def round_members(*, round: InspectionRound, query: str = "", show: str = "") -> QuerySet[Member]:
    """The members a round concerns: those due (not left) and those inspected in it, the ones still due first.

    `show` narrows to "due" (not inspected yet) or "inspected"; `query` searches number, name and village.
    """
    inspected = Exists(Inspection.objects.filter(round=round, member=OuterRef("pk")))
    members = (
        Member.objects.filter(group=round.group)
        .annotate(inspected=inspected)
        .filter(~Q(status=MemberStatus.LEFT) | Q(inspected=True))
    )
    if query:
        members = members.filter(
            Q(member_number__icontains=query)
            | Q(first_name__icontains=query)
            | Q(last_name__icontains=query)
            | Q(village__icontains=query)
        )
    if show == "due":
        members = members.filter(inspected=False)
    elif show == "inspected":
        members = members.filter(inspected=True)
    return members.order_by("inspected", "member_number")


def inspections_by_member(*, round: InspectionRound, members: list[Member]) -> dict[int, Inspection]:
    """The inspections of these members in the round, by member id: one query for a page of members."""
    return {
        inspection.member_id: inspection
        for inspection in Inspection.objects.filter(round=round, member__in=members).select_related("inspector")
        if inspection.member_id is not None
    }


def round_inspections(*, round: InspectionRound) -> dict[int, Inspection]:
    """Every member's inspection in the round, by member id, in one query: for a list of all the round's members
    (a download), where `inspections_by_member` would name thousands of ids."""
    return {
        inspection.member_id: inspection
        for inspection in Inspection.objects.filter(round=round, member__isnull=False).select_related("inspector")
        if inspection.member_id is not None
    }


# --- One inspection, read back -----------------------------------------------------------------------------------


@dataclass
class AnswerRow:
    """One question as it was answered: a requirement, or a cross-walk topic answered for several standards."""

    answer: str
    answer_label: str
    notes: str
    topic: CrosswalkTopic | None
    requirements: list[Requirement] = field(default_factory=list)
    # The photo taken for the question on the farm, when the inspection came from a phone.
    photo: InspectionPhoto | None = None

    @property
    def lead(self) -> Requirement:
        return self.requirements[0]

    @property
    def title(self) -> str:
        return self.topic.name if self.topic is not None else self.lead.text

    @property
    def failed(self) -> bool:
        return self.answer == Compliance.NOT_COMPLIANT


def inspection_answer_rows(inspection: Inspection) -> list[AnswerRow]:
    """The inspection's answers as they were asked (one row per question), ordered by domain, then code, with the
    photo taken for each on the farm. Two queries."""
    answers = sorted(
        InspectionAnswer.objects.filter(inspection=inspection).select_related(
            "requirement__standard", "crosswalk_topic"
        ),
        key=lambda item: _requirement_order(item.requirement),
    )
    rows: dict[str, AnswerRow] = {}
    for item in answers:
        key = f"t{item.crosswalk_topic_id}" if item.crosswalk_topic_id is not None else f"r{item.requirement_id}"
        if key not in rows:
            rows[key] = AnswerRow(
                answer=item.answer,
                answer_label=item.get_answer_display(),
                notes=item.notes,
                topic=item.crosswalk_topic,
            )
        rows[key].requirements.append(item.requirement)
    for photo in InspectionPhoto.objects.filter(inspection=inspection).select_related("attachment"):
        if photo.question_key in rows:
            rows[photo.question_key].photo = photo
    return list(rows.values())
