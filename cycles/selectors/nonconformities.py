"""Read-side queries of non-conformities, their corrective actions and the sanctions applied to members.

Every object a view touches comes through a `<thing>_get_for_user` helper: 404 outside the user's groups.
"""

from dataclasses import dataclass
from datetime import date

from django.db.models import (
    BooleanField,
    Case,
    Count,
    Exists,
    F,
    IntegerField,
    OuterRef,
    Prefetch,
    Q,
    QuerySet,
    Subquery,
    Value,
    When,
)
from django.db.models.functions import Coalesce
from django.shortcuts import get_object_or_404
from django.utils import timezone

from producers.models import Member, ProducerGroup, User
from producers.selectors import group_get_for_user
from standards.models import Requirement, Standard

from ..models import CorrectiveAction, NCStatus, NCStatusChange, NonConformity, Sanction, SanctionType, Severity

SEVERITY_ORDER = [Severity.CRITICAL, Severity.MAJOR, Severity.MINOR]


def counted_requirements() -> Prefetch:
    """What each non-conformity counts against, with its standard, in one query for a whole list."""
    queryset = Requirement.objects.select_related("standard").order_by("standard__short_name", "code")
    return Prefetch("requirements", queryset=queryset)


def nonconformity_get_for_user(*, user: User, pk: int) -> NonConformity:
    """The non-conformity if the user sees its group; 404 otherwise."""
    nonconformity = get_object_or_404(
        NonConformity.objects.select_related(
            "group__organisation",
            "requirement__standard",
            "member",
            "inspection",
            "audit__standard",
            "audit__certification_body",
        ).prefetch_related(counted_requirements()),
        pk=pk,
    )
    group_get_for_user(user=user, pk=nonconformity.group_id)
    return nonconformity


def corrective_action_get_for_user(*, user: User, pk: int) -> CorrectiveAction:
    action = get_object_or_404(
        CorrectiveAction.objects.select_related("nonconformity__group__organisation", "nonconformity__requirement"),
        pk=pk,
    )
    group_get_for_user(user=user, pk=action.nonconformity.group_id)
    return action


def sanction_get_for_user(*, user: User, pk: int) -> Sanction:
    sanction = get_object_or_404(Sanction.objects.select_related("member__group__organisation", "sanction_type"), pk=pk)
    group_get_for_user(user=user, pk=sanction.member.group_id)
    return sanction


def overdue_action(today: date | None = None) -> QuerySet[CorrectiveAction]:
    """Actions not done whose due date has passed, correlated to the outer non-conformity (for `Exists`)."""
    return CorrectiveAction.objects.filter(
        nonconformity=OuterRef("pk"), done_on__isnull=True, due_on__lt=today or timezone.localdate()
    )


def _overdue_q(today: date) -> Q:
    return Q(Exists(overdue_action(today))) & ~Q(status=NCStatus.CLOSED)


def _count_of(rows: QuerySet[CorrectiveAction]) -> Coalesce:
    """How many of the correlated `rows`, as a column (0 when none)."""
    counted = rows.order_by().values("nonconformity").annotate(n=Count("pk")).values("n")
    return Coalesce(Subquery(counted, output_field=IntegerField()), Value(0))


def nonconformity_list(
    *,
    group: ProducerGroup,
    status: str = "",
    severity: str = "",
    source: str = "",
    overdue: bool = False,
    standard: str = "",
    today: date | None = None,
) -> QuerySet[NonConformity]:
    """The group's non-conformities by due date (the earliest due of their actions not done yet, so the overdue
    ones come first), those with no action left to do after them and the closed ones last; then by severity and
    date. With the figures a list row shows, in a fixed number of queries whatever their number."""
    today = today or timezone.localdate()
    ncs = nonconformity_filter(
        group=group, status=status, source=source, overdue=overdue, standard=standard, today=today
    )
    if severity:
        ncs = ncs.filter(severity=severity)
    return (
        # Fetched for the rows of the page only: joined to every one of a large group's thousands of findings
        # before the sort, they were most of the list's time.
        ncs.prefetch_related("requirement__standard", "member", "audit", counted_requirements())
        # Subqueries, not a join grouped by non-conformity: sorting a large group's thousands of them then needs
        # only the next due date of each, and the database counts the actions of the page's rows alone.
        .annotate(
            action_total=_count_of(CorrectiveAction.objects.filter(nonconformity=OuterRef("pk"))),
            action_done=_count_of(CorrectiveAction.objects.filter(nonconformity=OuterRef("pk"), done_on__isnull=False)),
            next_due=Subquery(
                CorrectiveAction.objects.filter(nonconformity=OuterRef("pk"), done_on__isnull=True)
                .order_by("due_on")
                .values("due_on")[:1]
            ),
            is_overdue=Case(
                When(status=NCStatus.CLOSED, then=Value(False)),
                default=Exists(overdue_action(today)),
                output_field=BooleanField(),
            ),
            is_closed=Case(When(status=NCStatus.CLOSED, then=Value(1)), default=Value(0)),
            severity_rank=Case(
                *(When(severity=value, then=Value(rank)) for rank, value in enumerate(SEVERITY_ORDER)),
                output_field=IntegerField(),
            ),
        )
        .order_by("is_closed", F("next_due").asc(nulls_last=True), "severity_rank", "-found_on", "-pk")
    )


def nonconformity_filter(
    *,
    group: ProducerGroup,
    status: str = "",
    source: str = "",
    overdue: bool = False,
    standard: str = "",
    today: date | None = None,
) -> QuerySet[NonConformity]:
    """The group's non-conformities under every filter but severity (the severity counts are taken from it). By
    standard: those that count against one of its requirements, so a finding on a shared question is under each."""
    ncs = NonConformity.objects.filter(group=group)
    if standard:
        counted = NonConformity.requirements.through.objects.filter(
            nonconformity=OuterRef("pk"), requirement__standard__code=standard
        )
        ncs = ncs.filter(Exists(counted))
    if status:
        ncs = ncs.filter(status=status)
    if source:
        ncs = ncs.filter(source=source)
    if overdue:
        ncs = ncs.filter(_overdue_q(today or timezone.localdate()))
    return ncs


def nonconformity_standards(group: ProducerGroup) -> QuerySet[Standard]:
    """The standards the group's non-conformities may count against: those it chose, and any a finding names."""
    return (
        Standard.objects.filter(Q(group_choices__group=group) | Q(requirements__counted_nonconformities__group=group))
        .distinct()
        .order_by("short_name")
    )


@dataclass(frozen=True)
class SeverityCount:
    severity: str
    label: str
    count: int


def severity_counts(ncs: QuerySet[NonConformity]) -> list[SeverityCount]:
    """How many of these non-conformities there are of each severity, weightiest first (one query)."""
    figures = ncs.aggregate(**{value: Count("pk", filter=Q(severity=value)) for value in SEVERITY_ORDER})
    return [SeverityCount(value, str(Severity(value).label), figures[value] or 0) for value in SEVERITY_ORDER]


def group_overdue_count(group: ProducerGroup, *, today: date | None = None) -> int:
    return NonConformity.objects.filter(group=group).filter(_overdue_q(today or timezone.localdate())).count()


def nonconformity_actions(nonconformity: NonConformity, *, today: date | None = None) -> list[CorrectiveAction]:
    """The non-conformity's actions by due date, each with `is_overdue`."""
    today = today or timezone.localdate()
    return list(
        CorrectiveAction.objects.filter(nonconformity=nonconformity)
        .annotate(
            is_overdue=Case(
                When(
                    Q(done_on__isnull=True, due_on__lt=today) & ~Q(nonconformity__status=NCStatus.CLOSED),
                    then=Value(True),
                ),
                default=Value(False),
                output_field=BooleanField(),
            )
        )
        .order_by("due_on", "pk")
    )


def nonconformity_status_changes(nonconformity: NonConformity) -> list[NCStatusChange]:
    return list(
        NCStatusChange.objects.filter(nonconformity=nonconformity)
        .select_related("changed_by")
        .order_by("changed_at", "pk")
    )


def nonconformity_sanctions(nonconformity: NonConformity) -> list[Sanction]:
    return list(
        Sanction.objects.filter(nonconformity=nonconformity)
        .select_related("sanction_type", "applied_by")
        .order_by("-applied_on", "-pk")
    )


def member_sanctions(member: Member) -> list[Sanction]:
    return list(
        Sanction.objects.filter(member=member)
        .select_related("sanction_type", "applied_by", "nonconformity__requirement")
        .order_by("lifted_on", "-applied_on", "-pk")
    )


def member_open_nonconformities(member: Member) -> QuerySet[NonConformity]:
    """The member's non-conformities a sanction may answer: those of this member, newest first."""
    return (
        NonConformity.objects.filter(member=member)
        .select_related("requirement")
        .order_by(Case(When(status=NCStatus.CLOSED, then=1), default=0), "-found_on", "-pk")
    )


def sanction_types() -> QuerySet[SanctionType]:
    return SanctionType.objects.order_by("order")
