"""Read-side queries of the inner cycle: where groups stand, for the home pages and the group page.

Every function takes a queryset of groups already scoped to the user (producers.selectors); none widens it.
"""

from dataclasses import dataclass, field

from django.db.models import Case, Count, F, Prefetch, Q, QuerySet, When

from producers.models import ProducerGroup
from producers.models.members import MemberStatus
from standards.models import Certificate, CertificateStatus, GroupStandard

from .models import Phase, PhaseMove


def group_rows(groups: QuerySet[ProducerGroup]) -> QuerySet[ProducerGroup]:
    """Groups with what a list row shows: phase, time in it, register figures and chosen standards.

    A fixed number of queries whatever the number of groups or members.
    """
    return (
        groups.select_related("organisation", "trajectory__phase")
        .annotate(
            member_total=Count("members", distinct=True),
            member_approved=Count("members", filter=Q(members__status=MemberStatus.APPROVED), distinct=True),
            member_women=Count("members", filter=Q(members__gender="female"), distinct=True),
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
        total=Count("pk"),
        women=Count("pk", filter=Q(gender="female")),
        **{status.value: Count("pk", filter=Q(status=status)) for status in MemberStatus},
    )
    return {key: value or 0 for key, value in figures.items()}
