"""Read-side queries of the inner cycle: where groups stand, for the home pages and the group page.

Every function takes a queryset of groups already scoped to the user (producers.selectors); none widens it.
"""

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from django.db.models import Case, Count, F, Prefetch, Q, QuerySet, When
from django.shortcuts import get_object_or_404
from django.utils import timezone

from producers.models import ProducerGroup, User
from producers.models.members import MemberStatus
from producers.selectors import can_change_register, group_get_for_user, groups_steered_by
from standards.models import Certificate, CertificateStatus, GroupStandard

from ..gates import Gate
from ..gates_stored import stored_gates
from ..models import CriterionAnswer, Evidence, MoveKind, Phase, PhaseMove, Trajectory

# Moves that open a new stay, even when they land in the phase the group already stands in.
# A member counts until they leave the group.
ACTIVE = ~Q(members__status=MemberStatus.LEFT)

PHASE_CHANGING_KINDS = {MoveKind.START, MoveKind.ADVANCE, MoveKind.OVERRIDE, MoveKind.BACK, MoveKind.SUSPEND}


def group_rows(groups: QuerySet[ProducerGroup]) -> QuerySet[ProducerGroup]:
    """Groups with what a list row shows: phase, time in it, register figures and chosen standards.

    A fixed number of queries whatever the number of groups or members.
    """
    return (
        groups.select_related("organisation", "trajectory__phase")
        .annotate(
            # Members who left stay in the register for its history but are not counted: the same rule as the
            # reports and the gates (cycles.indicators.members_due), with the leavers counted beside.
            member_active=Count("members", filter=ACTIVE, distinct=True),
            member_left=Count("members", filter=~ACTIVE, distinct=True),
            member_approved=Count("members", filter=Q(members__status=MemberStatus.APPROVED), distinct=True),
            member_women=Count("members", filter=ACTIVE & Q(members__gender="female"), distinct=True),
        )
        .prefetch_related(
            Prefetch("chosen_standards", queryset=GroupStandard.objects.select_related("standard")),
        )
        .order_by(F("trajectory__phase__order").asc(nulls_first=True), "organisation__name")
    )


@dataclass
class PhaseCount:
    phase: Phase | None
    count: int
    groups_stuck: int = 0


@dataclass
class Pipeline:
    """How many of the given groups stand in each phase: the coordinator's first view."""

    phases: list[PhaseCount] = field(default_factory=list)
    not_started: int = 0

    @property
    def total(self) -> int:
        return self.not_started + sum(p.count for p in self.phases)


def pipeline(groups: QuerySet[ProducerGroup]) -> Pipeline:
    counts = dict(
        groups.filter(trajectory__isnull=False)
        .values_list("trajectory__phase")
        .annotate(n=Count("pk", distinct=True))
        .values_list("trajectory__phase", "n")
    )
    result = Pipeline(
        phases=[PhaseCount(phase=phase, count=counts.get(phase.pk, 0)) for phase in Phase.objects.order_by("order")],
    )
    result.not_started = groups.filter(trajectory__isnull=True).count()
    return result


def group_certificates(group: ProducerGroup) -> QuerySet[Certificate]:
    return (
        Certificate.objects.filter(group=group)
        .select_related("standard", "certification_body")
        # Active certificates first, then the most recent.
        .order_by(Case(When(status=CertificateStatus.ACTIVE, then=0), default=1), "-valid_from")
    )


def group_recent_moves(group: ProducerGroup, *, limit: int = 5) -> list[PhaseMove]:
    return list(
        PhaseMove.objects.filter(trajectory__group=group)
        .select_related("from_phase", "to_phase", "moved_by")
        .order_by("-moved_at", "-pk")[:limit]
    )


def group_register_figures(group: ProducerGroup) -> dict[str, int]:
    """The register in figures, without a name: what every role that sees the group may see."""
    figures = group.members.aggregate(
        active=Count("pk", filter=~Q(status=MemberStatus.LEFT)),
        women=Count("pk", filter=~Q(status=MemberStatus.LEFT) & Q(gender="female")),
        **{status.value: Count("pk", filter=Q(status=status)) for status in MemberStatus},
    )
    return {key: value or 0 for key, value in figures.items()}


def evidence_get_for_user(*, user: User, pk: int) -> Evidence:
    """An evidence file, if the user may see its group; 404 otherwise."""
    evidence = get_object_or_404(Evidence.objects.select_related("answer"), pk=pk)
    group_get_for_user(user=user, pk=evidence.answer.group_id)
    return evidence


def move_get_for_user(*, user: User, pk: int) -> PhaseMove:
    move = get_object_or_404(
        PhaseMove.objects.select_related("trajectory__group__organisation", "from_phase", "to_phase", "moved_by"),
        pk=pk,
    )
    group_get_for_user(user=user, pk=move.trajectory.group_id)
    return move


def can_steer(user: User, group: ProducerGroup) -> bool:
    return groups_steered_by(user).filter(pk=group.pk).exists()


def can_change(user: User, group: ProducerGroup) -> bool:
    """Those who keep the group's records: its group manager, its field officer, a coordinator."""
    return can_change_register(user, group)


def answers_with_evidence(group: ProducerGroup) -> dict[int, CriterionAnswer]:
    """The group's current answers by criterion id, each with its evidence files, in two queries."""
    return {
        answer.criterion_id: answer
        for answer in CriterionAnswer.objects.filter(group=group)
        .select_related("answered_by")
        .prefetch_related("evidence")
    }


@dataclass
class Stay:
    """A stretch of time a group spent in one phase, opened by the move that brought it there."""

    phase: Phase
    entered_by: PhaseMove
    left_by: PhaseMove | None = None
    events: list[PhaseMove] = field(default_factory=list)  # holds, resumptions, withdrawal in between

    @property
    def days(self) -> int:
        end = self.left_by.moved_at if self.left_by else timezone.now()
        return (end - self.entered_by.moved_at).days

    @property
    def current(self) -> bool:
        return self.left_by is None


def group_timeline(group: ProducerGroup) -> list[Stay]:
    """The group's trajectory as stays in phases, oldest first, from its moves (one query)."""
    stays: list[Stay] = []
    moves = (
        PhaseMove.objects.filter(trajectory__group=group)
        .select_related("from_phase", "to_phase", "moved_by")
        .order_by("moved_at", "pk")
    )
    for move in moves:
        if not stays or move.to_phase_id != stays[-1].phase.pk or move.kind in PHASE_CHANGING_KINDS:
            if stays:
                stays[-1].left_by = move
            stays.append(Stay(phase=move.to_phase, entered_by=move))
        else:
            stays[-1].events.append(move)
    return stays


def time_in_phases(stays: list[Stay]) -> list[tuple[Phase, int]]:
    """Days spent in each phase, all stays added up, in phase order."""
    totals: dict[int, tuple[Phase, int]] = {}
    for stay in stays:
        phase, days = totals.get(stay.phase.pk, (stay.phase, 0))
        totals[stay.phase.pk] = (phase, days + stay.days)
    return sorted(totals.values(), key=lambda item: item[0].order)


@dataclass
class PortfolioRow:
    group: ProducerGroup
    gate: Gate

    @property
    def trajectory(self) -> Trajectory | None:
        return getattr(self.group, "trajectory", None)

    @property
    def days_in_phase(self) -> int | None:
        return self.trajectory.days_in_phase if self.trajectory else None

    @property
    def stuck(self) -> bool:
        trajectory = self.trajectory
        return bool(trajectory and trajectory.days_in_phase > trajectory.phase.stuck_after_days)

    @property
    def unmet(self) -> int:
        return len(self.gate.unmet)


SORT_KEYS: dict[str, Callable[[PortfolioRow], Any]] = {
    "name": lambda row: row.group.organisation.name.lower(),
    "phase": lambda row: (row.trajectory.phase.order if row.trajectory else 0, row.group.organisation.name.lower()),
    "-days": lambda row: -(row.days_in_phase if row.days_in_phase is not None else -1),
    "-unmet": lambda row: (-row.unmet, row.group.organisation.name.lower()),
}


def portfolio(groups: QuerySet[ProducerGroup], *, sort: str = "phase", stuck_only: bool = False) -> list[PortfolioRow]:
    """The groups with their gates evaluated: phase, time in it, unmet criteria, stuck or not.

    A fixed number of queries whatever the number of groups: rows and gates are read in bulk.
    """
    rows_groups = list(group_rows(groups))
    gates = stored_gates(rows_groups)
    rows = [PortfolioRow(group=group, gate=gates[group.pk]) for group in rows_groups]
    if stuck_only:
        rows = [row for row in rows if row.stuck]
    return sorted(rows, key=SORT_KEYS.get(sort, SORT_KEYS["phase"]))
