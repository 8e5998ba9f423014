"""Read-side queries of the outer cycle's services: the group's phase on a day, the lists of services by group, by
provider and by programme with their totals, the interaction points and whether a group received what its phase
expects.

Every list takes the user's scope from `producers.selectors` and runs a fixed number of queries whatever the
number of services.
"""

from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal

from django.db.models import Count, Prefetch, Q, QuerySet, Sum
from django.http import Http404
from django.shortcuts import get_object_or_404
from django.utils import timezone
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from producers.models import Membership, Organisation, ProducerGroup, Programme, User
from producers.models.organisations import InterestGroup
from producers.selectors import group_get_for_user, groups_visible_to, roles_of

from ..models import InteractionPoint, Phase, PhaseMove, Service, ServiceType, Trajectory
from .phases import can_change


def group_phase_on(group: ProducerGroup, on: date) -> Phase | None:
    """The phase the group stood in on that day, from its moves; None before it started the inner cycle.

    A move counts from its own day (in the project's time zone): a service delivered on the day a group advanced
    belongs to the phase it advanced to.
    """
    move = (
        PhaseMove.objects.filter(trajectory__group=group, moved_at__date__lte=on)
        .select_related("to_phase")
        .order_by("-moved_at", "-pk")
        .first()
    )
    return move.to_phase if move is not None else None


# --- Who may do what ----------------------------------------------------------------------------------------------


def can_record_services(user: User, group: ProducerGroup) -> bool:
    """A coordinator, the group's field officer (the groups they steer) and its group manager (their own group)."""
    return can_change(user, group)


def can_delete_service(user: User, service: Service) -> bool:
    """A coordinator, or whoever recorded the service while they still keep the group's records."""
    if roles_of(user).coordinator:
        return True
    return service.recorded_by_id == user.pk and can_record_services(user, service.group)


# --- Scoped objects -----------------------------------------------------------------------------------------------


def service_get_for_user(*, user: User, pk: int) -> Service:
    """The service if the user sees its group; 404 otherwise, so ids outside the scope reveal nothing."""
    service = get_object_or_404(
        Service.objects.select_related("group__organisation", "service_type", "provider"), pk=pk
    )
    group_get_for_user(user=user, pk=service.group_id)
    return service


def provider_get_for_user(*, user: User, pk: int) -> Organisation:
    """An outer-cycle organisation, for the list of its services: every one for a coordinator; for anyone else
    their own organisation or one that served a group they see. 404 otherwise, and for producer groups, which
    receive services and do not provide them."""
    organisations = Organisation.objects.exclude(interest_group=InterestGroup.PRODUCER_GROUP)
    roles = roles_of(user)
    if not roles.any:
        raise Http404
    if not roles.coordinator:
        organisations = organisations.filter(
            Q(pk__in=Membership.objects.filter(user=user).values("organisation"))
            | Q(pk__in=Service.objects.filter(group__in=groups_visible_to(user)).values("provider"))
        )
    return get_object_or_404(organisations, pk=pk)


# --- Lists --------------------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class ServiceFilter:
    """What a list is narrowed to: a service type's code and a year of delivery, each optional."""

    service_type: str = ""
    year: int | None = None

    def apply(self, services: QuerySet[Service]) -> QuerySet[Service]:
        if self.service_type:
            services = services.filter(service_type__code=self.service_type)
        if self.year is not None:
            services = services.filter(delivered_on__year=self.year)
        return services

    @property
    def active(self) -> bool:
        return bool(self.service_type) or self.year is not None


def _listed(services: QuerySet[Service]) -> QuerySet[Service]:
    return services.select_related(
        "group__organisation", "service_type", "provider", "phase", "paid_by", "programme", "recorded_by"
    ).order_by("-delivered_on", "-pk")


def group_services(*, group: ProducerGroup, filters: ServiceFilter = ServiceFilter()) -> QuerySet[Service]:
    """The services a group received, latest first."""
    return _listed(filters.apply(Service.objects.filter(group=group)))


def services_visible_to(*, user: User, filters: ServiceFilter = ServiceFilter()) -> QuerySet[Service]:
    """The services delivered to every group this user may see, latest first (the API's list of services)."""
    return _listed(filters.apply(Service.objects.filter(group__in=groups_visible_to(user).values("pk"))))


def provider_services(
    *, provider: Organisation, user: User, filters: ServiceFilter = ServiceFilter()
) -> QuerySet[Service]:
    """The services an organisation delivered to the groups this user may see, latest first."""
    services = Service.objects.filter(provider=provider, group__in=groups_visible_to(user).values("pk"))
    return _listed(filters.apply(services))


def programme_services(
    *, programme: Programme, user: User, filters: ServiceFilter = ServiceFilter()
) -> QuerySet[Service]:
    """The services delivered under a programme to the groups this user may see, latest first."""
    services = Service.objects.filter(programme=programme, group__in=groups_visible_to(user).values("pk"))
    return _listed(filters.apply(services))


@dataclass(frozen=True)
class CurrencyTotal:
    currency: str
    total: Decimal
    services: int


@dataclass(frozen=True)
class ServiceTotals:
    """A list's services in figures: how many, and what they cost per currency (never added across currencies)."""

    count: int
    by_currency: list[CurrencyTotal] = field(default_factory=list)
    without_cost: int = 0


def service_totals(services: QuerySet[Service]) -> ServiceTotals:
    """The totals of a list, summed by the database in one query (a row per currency) whatever the number of
    services."""
    rows = list(
        services.order_by()
        .values("currency")
        .annotate(n=Count("pk"), costed=Count("cost"), total=Sum("cost"))
        .order_by("currency")
    )
    return ServiceTotals(
        count=sum(row["n"] for row in rows),
        by_currency=[
            CurrencyTotal(currency=row["currency"], total=row["total"], services=row["costed"])
            for row in rows
            if row["costed"]
        ],
        without_cost=sum(row["n"] - row["costed"] for row in rows),
    )


def service_years(services: QuerySet[Service]) -> list[int]:
    """The years in which the list's services were delivered, latest first: the choices of the year filter."""
    return [day.year for day in services.order_by().dates("delivered_on", "year", order="DESC")]


def service_type_choices() -> QuerySet[ServiceType]:
    return ServiceType.objects.order_by("order", "name")


def provider_choices() -> QuerySet[Organisation]:
    """Every organisation outside the producer groups: they are the support structure."""
    return Organisation.objects.exclude(interest_group=InterestGroup.PRODUCER_GROUP).order_by("interest_group", "name")


def programme_choices(group: ProducerGroup) -> QuerySet[Programme]:
    """The programmes that support the group: a service is delivered under one of them, or under none."""
    return Programme.objects.filter(groups=group).order_by("-starts_on", "name")


# --- Interaction points -------------------------------------------------------------------------------------------


def interaction_points_by_phase() -> list[Phase]:
    """The phases in order, each with its expected services (`phase.expected`), in two queries."""
    return list(
        Phase.objects.order_by("order").prefetch_related(
            Prefetch(
                "interaction_points",
                queryset=InteractionPoint.objects.select_related("service_type").order_by("service_type__order"),
                to_attr="expected",
            )
        )
    )


# How a sentence names the interest group a service is expected from.
EXPECTED_FROM: dict[str, Promise] = {
    InterestGroup.PRODUCER_GROUP: _("from a producer group"),
    InterestGroup.BUYER: _("from a buyer"),
    InterestGroup.QUALITY_PROFESSIONAL: _("from a quality professional"),
    InterestGroup.CIVIL_SOCIETY: _("from civil society or a funder"),
}


def expected_from(point: InteractionPoint) -> Promise | str:
    return EXPECTED_FROM.get(point.provider_interest_group, "")


@dataclass(frozen=True)
class ExpectedService:
    """One interaction point of the group's current phase and what the group received of it since entering it.

    A service of the type counts whoever delivered it, as in the coordination report's missing services; `received`
    is the latest one from the expected interest group, or else the latest from another, which the page tells apart
    (a market linkage brokered by an NGO is not quite a buyer's commitment).
    """

    point: InteractionPoint
    received: Service | None = None

    @property
    def missing(self) -> bool:
        return self.received is None

    @property
    def from_expected_side(self) -> bool:
        return self.received is not None and _from_expected(self.point, self.received)

    @property
    def expected_from(self) -> Promise | str:
        return expected_from(self.point)


@dataclass(frozen=True)
class InteractionStatus:
    phase: Phase
    since: date
    expected: list[ExpectedService]

    @property
    def missing(self) -> int:
        return sum(1 for row in self.expected if row.missing)


def _from_expected(point: InteractionPoint, service: Service) -> bool:
    return not point.provider_interest_group or service.provider.interest_group == point.provider_interest_group


def interaction_status(group: ProducerGroup) -> InteractionStatus | None:
    """The services the group's current phase expects, each received or missing since the group entered the phase
    (its current stay: after a move back, what came in the earlier stay does not count). None before it started.

    Three queries whatever the number of services.
    """
    trajectory = Trajectory.objects.filter(group=group).select_related("phase").first()
    if trajectory is None:
        return None
    since = timezone.localtime(trajectory.phase_since).date()
    points = list(
        InteractionPoint.objects.filter(phase=trajectory.phase)
        .select_related("service_type")
        .order_by("service_type__order")
    )
    services = list(
        Service.objects.filter(
            group=group, delivered_on__gte=since, service_type__in=[point.service_type_id for point in points]
        )
        .select_related("provider")
        .order_by("-delivered_on", "-pk")
    )
    rows = []
    for point in points:
        of_type = [service for service in services if service.service_type_id == point.service_type_id]
        preferred = next((service for service in of_type if _from_expected(point, service)), None)
        rows.append(ExpectedService(point=point, received=preferred or next(iter(of_type), None)))
    return InteractionStatus(phase=trajectory.phase, since=since, expected=rows)
