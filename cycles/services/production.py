"""Production and sales: one record per member and season. What is sold cannot exceed what was harvested; a
certified sale beyond the member's estimated yield is saved but flagged, since it is what traceability checks."""

from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from producers.history import save_versioned, stamp
from producers.models import Member, ProducerGroup, User

from ..indicators import is_season
from ..models import ProductionRecord
from .permissions import require_change
from .production_totals import production_totals_record_added, production_totals_record_changed
from .reasons import clean_reason

CENTS = Decimal("0.01")


@dataclass(frozen=True)
class Amounts:
    """The figures of a record as a person enters them; `income` None means "sold times price"."""

    estimated_kg: Decimal
    harvested_kg: Decimal
    sold_certified_kg: Decimal
    sold_conventional_kg: Decimal
    price_per_kg: Decimal
    income: Decimal | None = None


def kg(value: Decimal) -> str:
    """An amount as people write it: 600, 12.5."""
    return f"{value.normalize():f}"


def _clean_amounts(amounts: Amounts) -> dict[str, Decimal]:
    """The amounts to save, income filled in; ValidationError when they cannot be true."""
    named = {
        "estimated_kg": amounts.estimated_kg,
        "harvested_kg": amounts.harvested_kg,
        "sold_certified_kg": amounts.sold_certified_kg,
        "sold_conventional_kg": amounts.sold_conventional_kg,
        "price_per_kg": amounts.price_per_kg,
    }
    if amounts.income is not None:
        named["income"] = amounts.income
    if any(value < 0 for value in named.values()):
        raise ValidationError(_("Amounts, prices and income cannot be negative."), code="negative")
    sold = amounts.sold_certified_kg + amounts.sold_conventional_kg
    if sold > amounts.harvested_kg:
        raise ValidationError(
            _(
                "%(sold)s kg sold (certified and conventional together) is more than the %(harvested)s kg harvested. "
                "Check the figures."
            )
            % {"sold": kg(sold), "harvested": kg(amounts.harvested_kg)},
            code="sold_above_harvest",
        )
    if amounts.income is None:
        named["income"] = (sold * amounts.price_per_kg).quantize(CENTS, rounding=ROUND_HALF_UP)
    return named


def _check_season(season: str) -> str:
    season = season.strip()
    if not is_season(season):
        raise ValidationError(_("Write the season as a year (2026) or as two years (2025/26)."), code="season_format")
    return season


def traceability_warning(record: ProductionRecord) -> str:
    """What a flagged record says: more sold as certified than the member can have grown."""
    return _(
        "Traceability: %(sold)s kg sold as certified is more than this member's estimated yield of %(estimate)s kg. "
        "Produce from outside may have been sold as certified: check the estimate and the sales."
    ) % {"sold": kg(record.sold_certified_kg), "estimate": kg(record.estimated_kg)}


@transaction.atomic
def production_record_create(
    *, group: ProducerGroup, by: User, member: Member, season: str, amounts: Amounts
) -> ProductionRecord:
    """Record a member's production and sales for a season. A certified sale beyond the estimate is saved and
    flagged (`beyond_estimate`), not refused: the record must show what happened."""
    require_change(by, group)
    if member.group_id != group.pk:
        raise ValidationError(_("The member belongs to another group."), code="member_elsewhere")
    season = _check_season(season)
    if ProductionRecord.objects.filter(member=member, season=season).exists():
        raise ValidationError(
            _("%(member)s already has a record for %(season)s: change that one.")
            % {"member": member.member_number, "season": season},
            code="duplicate_season",
        )
    record = ProductionRecord(member=member, season=season, **_clean_amounts(amounts))
    record.full_clean()
    stamp(record, by=by)
    record.save()
    production_totals_record_added(record=record)
    return record


@transaction.atomic
def production_record_update(
    *, record: ProductionRecord, by: User, expected_version: int, amounts: Amounts, reason: str = ""
) -> ProductionRecord:
    """Change a record's figures if nobody saved it since `expected_version` was read (StaleRecord otherwise).
    The member and the season stay: a record for another season is another record."""
    require_change(by, record.member.group)
    # The record as stored, locked: what its group's total counts now, whatever copy the caller holds.
    before = ProductionRecord.objects.select_for_update(of=("self",)).select_related("member").get(pk=record.pk)
    saved = save_versioned(
        record, expected_version=expected_version, by=by, changes=_clean_amounts(amounts), reason=clean_reason(reason)
    )
    assert isinstance(saved, ProductionRecord)
    production_totals_record_changed(before=before, after=saved)
    return saved
