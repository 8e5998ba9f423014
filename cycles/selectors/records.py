"""The improvement records of one group in figures: the hub page's cards. A fixed number of queries."""

from dataclasses import dataclass
from datetime import date

from django.db.models import Case, Count, Exists, F, OuterRef, Q, When
from django.utils import timezone

from producers.models import Member, ProducerGroup
from producers.models.members import MemberStatus
from producers.selectors import without_consent
from standards.models import Audit

from ..models import (
    CorrectiveAction,
    Inspection,
    Measurement,
    NCStatus,
    NonConformity,
    PlanAction,
    PlanStatus,
    ProductionRecord,
    Sanction,
    Training,
)


@dataclass
class RecordsSummary:
    year: int
    members: int
    approved: int
    no_consent: int
    due: int
    inspected: int
    open_ncs: int
    open_major: int
    overdue_ncs: int
    trainings: int
    trained_members: int
    plan_open: int
    plan_overdue: int
    last_season: str | None
    flagged_sales: int
    audits: int
    last_audit: date | None
    last_measured: str | None

    @property
    def coverage(self) -> int | None:
        return round(100 * self.inspected / self.due) if self.due else None


def records_summary(group: ProducerGroup) -> RecordsSummary:
    today = timezone.localdate()
    year = today.year
    register = Member.objects.filter(group=group).aggregate(
        members=Count("pk"),
        approved=Count("pk", filter=Q(status=MemberStatus.APPROVED)),
        no_consent=Count("pk", filter=without_consent()),
        due=Count("pk", filter=~Q(status=MemberStatus.LEFT)),
        inspected=Count(
            "pk",
            filter=~Q(status=MemberStatus.LEFT)
            & Q(Exists(Inspection.objects.filter(member=OuterRef("pk"), round__year=year))),
        ),
        trained=Count("pk", filter=Q(Exists(Training.objects.filter(attendees=OuterRef("pk"), group=group)))),
    )
    overdue_action = CorrectiveAction.objects.filter(
        nonconformity=OuterRef("pk"), done_on__isnull=True, due_on__lt=today
    )
    ncs = (
        NonConformity.objects.filter(group=group)
        .exclude(status=NCStatus.CLOSED)
        .aggregate(
            open=Count("pk"),
            major=Count("pk", filter=Q(severity__in=["major", "critical"])),
            overdue=Count("pk", filter=Q(Exists(overdue_action))),
        )
    )
    plan = PlanAction.objects.filter(group=group).aggregate(
        open=Count("pk", filter=Q(status__in=[PlanStatus.PLANNED, PlanStatus.IN_PROGRESS])),
        overdue=Count("pk", filter=Q(status__in=[PlanStatus.PLANNED, PlanStatus.IN_PROGRESS], deadline__lt=today)),
    )
    production = ProductionRecord.objects.filter(member__group=group)
    last_season = production.order_by("-season").values_list("season", flat=True).first()
    flagged = (
        production.filter(season=last_season, sold_certified_kg__gt=F("estimated_kg")).count() if last_season else 0
    )
    audits = Audit.objects.filter(group=group).order_by("-audited_on")
    return RecordsSummary(
        year=year,
        members=register["members"],
        approved=register["approved"],
        no_consent=register["no_consent"],
        due=register["due"],
        inspected=register["inspected"],
        open_ncs=ncs["open"],
        open_major=ncs["major"],
        overdue_ncs=ncs["overdue"],
        trainings=Training.objects.filter(group=group).count(),
        trained_members=register["trained"],
        plan_open=plan["open"],
        plan_overdue=plan["overdue"],
        last_season=last_season,
        flagged_sales=flagged,
        audits=audits.count(),
        last_audit=audits.values_list("audited_on", flat=True).first(),
        last_measured=Measurement.objects.filter(group=group)
        .order_by("-period")
        .values_list("period", flat=True)
        .first(),
    )


@dataclass
class MemberRecords:
    """What the internal control system holds about one member, for the member's page."""

    inspections: list[Inspection]
    nonconformities: list[NonConformity]
    open_nonconformities: int
    sanctions_in_force: list[str]
    sanctions: int
    trainings: list[Training]


MEMBER_RECORDS_SHOWN = 5


def member_records(member: Member) -> MemberRecords:
    """The member's latest inspections, non-conformities and trainings, and their sanctions: five queries."""
    inspections = list(
        Inspection.objects.filter(member=member)
        .select_related("round", "inspector")
        .order_by("-inspected_on", "-pk")[:MEMBER_RECORDS_SHOWN]
    )
    ncs = NonConformity.objects.filter(member=member)
    nonconformities = list(
        ncs.select_related("requirement").order_by(
            Case(When(status=NCStatus.CLOSED, then=1), default=0), "-found_on", "-pk"
        )[:MEMBER_RECORDS_SHOWN]
    )
    sanctions = list(
        Sanction.objects.filter(member=member).select_related("sanction_type").order_by("-applied_on", "-pk")
    )
    return MemberRecords(
        inspections=inspections,
        nonconformities=nonconformities,
        open_nonconformities=ncs.exclude(status=NCStatus.CLOSED).count(),
        sanctions_in_force=[sanction.sanction_type.name for sanction in sanctions if sanction.lifted_on is None],
        sanctions=len(sanctions),
        # Training is a translated model's neighbour (django-modeltranslation): the stubs lose its managers.
        trainings=list(member.trainings.select_related("trainer").order_by("-held_on", "-pk")[:MEMBER_RECORDS_SHOWN]),  # type: ignore[attr-defined]
    )
