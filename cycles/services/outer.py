"""Services of the outer cycle: support delivered to a group by an organisation of the support structure.

A service is a fact: it is recorded once, with the group's phase on the day filled in from the group's moves. A
mistake is corrected by deleting the service (the recorder or a coordinator, with a reason that goes to the log)
and recording it again.
"""

import logging
import re
from datetime import date
from decimal import Decimal

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from producers.models import Organisation, ProducerGroup, Programme, User
from producers.models.organisations import InterestGroup
from producers.records_version import changes_records, records_changed

from ..models import Service, ServiceType
from ..selectors.outer import can_delete_service, can_record_services, group_phase_on

logger = logging.getLogger(__name__)

CURRENCY = re.compile(r"[A-Z]{3}")
# The model keeps 14 digits, two of them after the point.
COST_LIMIT = Decimal("1000000000000")
CENT = Decimal("0.01")
REASON_MAX_LENGTH = 300


def service_check(
    *,
    group: ProducerGroup,
    provider: Organisation,
    delivered_on: date,
    cost: Decimal | None,
    currency: str,
    paid_by: Organisation | None,
    programme: Programme | None,
) -> None:
    """Every rule a service must meet; all the broken ones are told at once, each on its field."""
    errors: dict[str, ValidationError] = {}
    if provider.interest_group == InterestGroup.PRODUCER_GROUP:
        errors["provider"] = ValidationError(
            _(
                "A service comes from the support structure: a buyer, a quality professional or civil society, not a "
                "producer group."
            ),
            code="provider_is_producer",
        )
    if paid_by is not None and paid_by.interest_group == InterestGroup.PRODUCER_GROUP:
        errors["paid_by"] = ValidationError(
            _("Who paid is an organisation of the support structure, not a producer group."),
            code="payer_is_producer",
        )
    if delivered_on > timezone.localdate():
        errors["delivered_on"] = ValidationError(
            _("A service is recorded once it has been delivered: the date cannot be in the future."),
            code="future_date",
        )
    elif group.founded and delivered_on.year < group.founded:
        errors["delivered_on"] = ValidationError(
            _("The group was founded in %(year)d: a service cannot be delivered to it before then.")
            % {"year": group.founded},
            code="before_group_founded",
        )
    if cost is not None:
        if cost < 0:
            errors["cost"] = ValidationError(_("A cost cannot be negative."), code="negative_cost")
        elif cost >= COST_LIMIT or cost != cost.quantize(CENT):
            errors["cost"] = ValidationError(
                _("Give the cost in at most twelve digits and two decimals."), code="cost_precision"
            )
        if not currency:
            errors["currency"] = ValidationError(
                _("Say in which currency the cost was paid (three letters, such as KES, ZAR or EUR)."),
                code="currency_required",
            )
        elif not CURRENCY.fullmatch(currency):
            errors["currency"] = ValidationError(
                _("A currency is three capital letters, such as KES, ZAR or EUR."), code="currency_format"
            )
    if programme is not None:
        if not programme.groups.filter(pk=group.pk).exists():
            errors["programme"] = ValidationError(
                _("“%(programme)s” does not support this group.") % {"programme": programme.name},
                code="programme_not_supporting",
            )
        elif not programme.starts_on <= delivered_on <= programme.ends_on:
            errors["programme"] = ValidationError(
                _("“%(programme)s” runs from %(start)s to %(end)s: the service falls outside it.")
                % {"programme": programme.name, "start": programme.starts_on, "end": programme.ends_on},
                code="outside_programme_period",
            )
    if errors:
        raise ValidationError(errors)


@changes_records
@transaction.atomic
def service_record(
    *,
    group: ProducerGroup,
    by: User,
    service_type: ServiceType,
    provider: Organisation,
    delivered_on: date,
    cost: Decimal | None = None,
    currency: str = "",
    paid_by: Organisation | None = None,
    programme: Programme | None = None,
    description: str = "",
) -> Service:
    """Record support delivered to a group, with the group's phase on that day taken from its moves.

    For the group's field officer, its group manager and coordinators; anyone else is refused (PermissionDenied).
    A currency given without a cost is dropped: the form proposes the group's currency before a cost is known.
    """
    if not can_record_services(by, group):
        raise PermissionDenied(
            _("Only the group's field officer, its group manager or a coordinator records its services.")
        )
    currency = currency.strip().upper() if cost is not None else ""
    service_check(
        group=group,
        provider=provider,
        delivered_on=delivered_on,
        cost=cost,
        currency=currency,
        paid_by=paid_by,
        programme=programme,
    )
    return Service.objects.create(
        group=group,
        service_type=service_type,
        provider=provider,
        delivered_on=delivered_on,
        phase=group_phase_on(group, delivered_on),
        cost=cost,
        currency=currency,
        paid_by=paid_by,
        programme=programme,
        description=description.strip(),
        recorded_at=timezone.now(),
        recorded_by=by,
    )


@transaction.atomic
def service_delete(*, service: Service, by: User, reason: str) -> None:
    """Delete a service recorded by mistake, to record it again correctly: for its recorder (while they still keep
    the group's records) or a coordinator. What was deleted, by whom and why goes to the log."""
    if not can_delete_service(by, service):
        logger.warning(
            "Refused to delete service %s of group %s for user %s: neither its recorder nor a coordinator.",
            service.pk,
            service.group_id,
            by.pk,
        )
        raise PermissionDenied(_("Only whoever recorded a service, or a coordinator, may delete it."))
    reason = reason.strip()
    if not reason:
        raise ValidationError({"reason": ValidationError(_("Say why the service is deleted."), code="reason_required")})
    if len(reason) > REASON_MAX_LENGTH:
        raise ValidationError(
            {
                "reason": ValidationError(
                    _("Say why in %(max)d characters at most.") % {"max": REASON_MAX_LENGTH}, code="reason_too_long"
                )
            }
        )
    logger.info(
        "Service %s deleted by user %s (%s): %s to group %s from organisation %s on %s, cost %s %s, recorded by user "
        "%s. Reason: %s",
        service.pk,
        by.pk,
        by.get_username(),
        service.service_type.code,
        service.group_id,
        service.provider_id,
        service.delivered_on.isoformat(),
        service.cost if service.cost is not None else "-",
        service.currency or "",
        service.recorded_by_id,
        reason,
    )
    group_id = service.group_id
    service.delete()
    records_changed([group_id])  # "This week" lists the groups that lack a service
