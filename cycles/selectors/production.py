"""Read-side queries of production and sales: a season's records with the traceability flag, and its totals
computed by the database."""

from dataclasses import dataclass
from decimal import Decimal

from django.db.models import BooleanField, Case, Count, DecimalField, Exists, F, OuterRef, Q, QuerySet, Sum, Value, When
from django.db.models.functions import Coalesce
from django.shortcuts import get_object_or_404
from django.utils import timezone

from producers.models import Member, ProducerGroup, User
from producers.models.members import MemberStatus
from producers.selectors import group_get_for_user

from ..models import ProductionRecord

ZERO = Decimal("0")


def production_record_get_for_user(*, user: User, pk: int) -> ProductionRecord:
    """The record if the user sees the member's group; 404 otherwise."""
    record = get_object_or_404(ProductionRecord.objects.select_related("member__group__organisation"), pk=pk)
    group_get_for_user(user=user, pk=record.member.group_id)
    return record


def seasons_recorded(group: ProducerGroup) -> list[str]:
    """The seasons the group has records for, latest first."""
    return list(
        ProductionRecord.objects.filter(member__group=group)
        .order_by("-season")
        .values_list("season", flat=True)
        .distinct()
    )


def default_season(recorded: list[str]) -> str:
    """The latest season recorded, or this year for a group that has recorded none."""
    return recorded[0] if recorded else str(timezone.localdate().year)


def _beyond_estimate() -> Q:
    return Q(sold_certified_kg__gt=F("estimated_kg"))


def season_records(*, group: ProducerGroup, season: str, flagged_only: bool = False) -> QuerySet[ProductionRecord]:
    """The season's records by member number, each with `flagged` when more was sold as certified than the
    member's estimated yield."""
    records = (
        ProductionRecord.objects.filter(member__group=group, season=season)
        .select_related("member")
        .annotate(
            flagged=Case(When(_beyond_estimate(), then=Value(True)), default=Value(False), output_field=BooleanField())
        )
    )
    if flagged_only:
        records = records.filter(_beyond_estimate())
    return records.order_by("member__member_number")


@dataclass(frozen=True)
class SeasonTotals:
    records: int
    flagged: int
    members_without_record: int
    estimated_kg: Decimal
    harvested_kg: Decimal
    sold_certified_kg: Decimal
    sold_conventional_kg: Decimal
    income: Decimal

    @property
    def sold_kg(self) -> Decimal:
        return self.sold_certified_kg + self.sold_conventional_kg

    @property
    def average_price(self) -> Decimal | None:
        return (self.income / self.sold_kg).quantize(Decimal("0.01")) if self.sold_kg else None


def season_totals(*, group: ProducerGroup, season: str) -> SeasonTotals:
    """The season in figures (two queries): what everybody may see, donors included."""

    def total(field: str) -> Coalesce:
        return Coalesce(Sum(field), Value(ZERO), output_field=DecimalField(max_digits=16, decimal_places=2))

    figures = ProductionRecord.objects.filter(member__group=group, season=season).aggregate(
        records=Count("pk"),
        flagged=Count("pk", filter=_beyond_estimate()),
        estimated_kg=total("estimated_kg"),
        harvested_kg=total("harvested_kg"),
        sold_certified_kg=total("sold_certified_kg"),
        sold_conventional_kg=total("sold_conventional_kg"),
        income=total("income"),
    )
    without = (
        Member.objects.filter(group=group)
        .exclude(status=MemberStatus.LEFT)
        .exclude(Exists(ProductionRecord.objects.filter(member=OuterRef("pk"), season=season)))
        .count()
    )
    return SeasonTotals(members_without_record=without, **figures)


def member_choices(group: ProducerGroup) -> QuerySet[Member]:
    """Every member of the group, those who left included: a record may be for a past season."""
    return Member.objects.filter(group=group).order_by("member_number")
