"""Demo data: the logical framework of the demo programme, "Inclusive Quality Improvement Programme 2024-2027".

`seed_logframe(programme)` is idempotent: rows are found by their statement, indicators by their name in the
row, targets and entered values by their period, and what exists is left as it is (a coordinator may have
changed it in the application). The measured indicators take their actual values from the groups'
measurements, so the only values written here are those entered by hand.
"""

from datetime import datetime
from decimal import Decimal
from typing import Final, NamedTuple

from django.db import transaction
from django.utils import timezone

from producers.models import Programme, Role, User

from ..models import (
    Aggregation,
    Indicator,
    LogframeActual,
    LogframeIndicator,
    LogframeLevel,
    LogframeRow,
    LogframeTarget,
)


class IndicatorData(NamedTuple):
    name: str
    measured_by: str  # the code of a measured indicator; "" for one entered by hand
    unit: str
    baseline: Decimal
    targets: dict[str, Decimal]
    means_of_verification: str
    aggregation: str = Aggregation.MEAN
    entered: tuple[tuple[str, Decimal, str], ...] = ()  # period, value, source


class RowData(NamedTuple):
    level: str
    statement: str
    assumptions: str
    indicators: list[IndicatorData]


BASELINE_PERIOD: Final = "2024"
# Entered values carry the date the programme officer would have written them down.
ENTERED_ON: Final = {"2024": datetime(2025, 2, 14, 10, 0), "2025": datetime(2026, 2, 12, 10, 0)}


def _targets(y2025: str, y2026: str, y2027: str) -> dict[str, Decimal]:
    return {"2025": Decimal(y2025), "2026": Decimal(y2026), "2027": Decimal(y2027)}


LOGFRAME: Final[list[RowData]] = [
    RowData(
        LogframeLevel.GOAL,
        "Smallholder coffee and vegetable farmers in the supported groups earn a higher and more stable income "
        "from their crops.",
        "Coffee and vegetable prices do not collapse; no drought or disease takes a whole season's harvest across "
        "the region.",
        [
            IndicatorData(
                "Income per member from the crop",
                "income-per-member",
                "local currency",
                Decimal("72000"),
                _targets("78000", "84000", "90000"),
                "Production and sales records per member and season, checked against the co-operatives' payment "
                "lists. Each group reports in its own currency (Kenyan shillings; rand for the Limpopo "
                "association): read the figures per group in the progress report.",
            ),
            IndicatorData(
                "Income variation across seasons",
                "income-variation",
                "%",
                Decimal("32"),
                _targets("28", "24", "20"),
                "Income per member over the last five seasons, from the production and sales records.",
            ),
        ],
    ),
    RowData(
        LogframeLevel.PURPOSE,
        "The supported producer groups run their own internal control system well enough to reach a certificate "
        "and keep it.",
        "Buyers keep asking for certified coffee and vegetables and pay for it; with the programme's share, audit "
        "fees stay within the groups' reach.",
        [
            IndicatorData(
                "Groups holding a valid certificate",
                "",
                "groups",
                Decimal("1"),
                _targets("2", "3", "4"),
                "Certificates recorded in hivos-qm, checked against the certification bodies' public certificate "
                "lists.",
                entered=(
                    ("2024", Decimal("1"), "Mukurwe Valley: Fairtrade and Rainforest Alliance certificates."),
                    ("2025", Decimal("1"), "Mukurwe Valley renewed; Thiba Ridge's initial audit moved to 2026."),
                ),
            ),
            IndicatorData(
                "Non-conformities closed",
                "nc-closure-rate",
                "%",
                Decimal("55"),
                _targets("65", "75", "85"),
                "The groups' non-conformity registers; the certification bodies' audit reports.",
            ),
        ],
    ),
    RowData(
        LogframeLevel.OUTPUT,
        "Internal control systems work: every member is inspected each year and what is wrong is put right.",
        "Trained internal inspectors stay in post; members accept inspections of their plots.",
        [
            IndicatorData(
                "Members inspected in the year",
                "inspection-coverage",
                "%",
                Decimal("48"),
                _targets("70", "90", "100"),
                "Internal inspection records and the approved member lists.",
            ),
        ],
    ),
    RowData(
        LogframeLevel.OUTPUT,
        "Farmers are trained in the internal standard and in good agricultural practice.",
        "Members can spare the time to attend in the quiet months of the season.",
        [
            IndicatorData(
                "Members trained in the year",
                "training-coverage",
                "%",
                Decimal("35"),
                _targets("60", "75", "85"),
                "Attendance lists of the trainings.",
            ),
            IndicatorData(
                "Lead farmers trained to train their neighbours",
                "",
                "people",
                Decimal("0"),
                _targets("20", "40", "50"),
                "The training provider's attendance certificates.",
                entered=(("2024", Decimal("8"), "Shambani Skills: first lead-farmer course, Karatina, October 2024."),),
            ),
        ],
    ),
    RowData(
        LogframeLevel.OUTPUT,
        "Groups sell their certified produce on certified terms.",
        "The exporter and the packhouse honour their letters of intent.",
        [
            IndicatorData(
                "Certified volume sold as certified",
                "certified-share-sold",
                "%",
                Decimal("40"),
                _targets("50", "60", "70"),
                "Sales records per member and season; the buyers' purchase contracts.",
            ),
        ],
    ),
]


def _entering_user() -> User | None:
    """The coordinator who writes down the values entered by hand; without one, none are written."""
    return (
        User.objects.filter(memberships__role=Role.COORDINATOR, is_active=True).order_by("pk").first()
        or User.objects.filter(is_superuser=True, is_active=True).order_by("pk").first()
    )


@transaction.atomic
def seed_logframe(programme: Programme) -> dict[str, int]:
    """Give the demo programme its logical framework; return how many rows of each kind were made."""
    counts = {"logframe_rows": 0, "logframe_indicators": 0, "logframe_targets": 0, "logframe_actuals": 0}
    indicators = {indicator.code: indicator for indicator in Indicator.objects.all()}
    by = _entering_user()
    orders: dict[str, int] = {}
    for data in LOGFRAME:
        orders[data.level] = orders.get(data.level, 0) + 1
        row, created = LogframeRow.objects.get_or_create(
            programme=programme,
            statement=data.statement,
            defaults={"level": data.level, "order": orders[data.level], "assumptions": data.assumptions},
        )
        counts["logframe_rows"] += created
        for item in data.indicators:
            measured = indicators.get(item.measured_by) if item.measured_by else None
            if item.measured_by and measured is None:
                continue  # reference data not loaded: leave the indicator out rather than enter it by hand
            line, created = LogframeIndicator.objects.get_or_create(
                row=row,
                name=item.name,
                defaults={
                    "indicator": measured,
                    "aggregation": item.aggregation,
                    "unit": item.unit,
                    "baseline": item.baseline,
                    "baseline_period": BASELINE_PERIOD,
                    "means_of_verification": item.means_of_verification,
                },
            )
            counts["logframe_indicators"] += created
            for period, value in item.targets.items():
                _target, created = LogframeTarget.objects.get_or_create(
                    indicator=line, period=period, defaults={"value": value}
                )
                counts["logframe_targets"] += created
            if by is None or line.indicator_id is not None:
                continue
            for period, value, note in item.entered:
                _actual, created = LogframeActual.objects.get_or_create(
                    indicator=line,
                    period=period,
                    defaults={
                        "value": value,
                        "note": note,
                        "entered_at": timezone.make_aware(ENTERED_ON[period]),
                        "entered_by": by,
                    },
                )
                counts["logframe_actuals"] += created
    return counts
