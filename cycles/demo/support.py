"""Demo data of the outer cycle: the support the demo groups received (the certified groups' in
`cycles.demo.support_certified`), told along their history in `cycles.demo.history`.

Two findings are planted for the coordination report: the NGO and the trainer both coached Gikoe's internal control
system in the second quarter of 2026 (a duplication), and no buyer has committed to Ngqushwa, which stands at
preconditions (an expected service that is missing).

`seed_services` is deterministic (fixed dates and amounts) and idempotent: a service is found by (group, type,
provider, date) before it is created, so a second run writes nothing.
"""

from datetime import date, datetime, time, timedelta
from decimal import Decimal
from typing import Final

from producers.models import Organisation, ProducerGroup, Programme, User

from ..models import Service, ServiceType
from ..selectors.outer import group_phase_on
from .history import NAIROBI
from .story import (
    EXPORTER,
    GROUP_GIKOE,
    GROUP_NGQUSHWA,
    GROUP_RUPINGAZI,
    GROUP_VHEMBE,
    GROUPS,
    HIVOS,
    NGO,
    PROGRAMME,
    TRAINER,
    VEGETABLE_BUYER,
)
from .support_certified import CERTIFIED_GROUPS_SERVICES, ServiceData

# A service is written up the day after it was delivered, at the end of the working day.
RECORDED_AFTER: Final = timedelta(days=1)
RECORDED_AT: Final = time(16, 30)


SERVICES: Final[list[ServiceData]] = [
    *CERTIFIED_GROUPS_SERVICES,
    # --- Gikoe Highlands: building its system; coached twice in one quarter ----------------------------------------
    ServiceData(
        GROUP_GIKOE,
        "market-linkage",
        EXPORTER,
        date(2024, 6, 18),
        "Letter of intent to buy Fairtrade and organic coffee once certified.",
    ),
    ServiceData(
        GROUP_GIKOE,
        "certification-subsidy",
        HIVOS,
        date(2024, 8, 26),
        "The programme covers half of the certification cost.",
        cost="2400.00",
        currency="EUR",
        paid_by=HIVOS,
        under_programme=True,
        recorded_by="coordinator",
    ),
    ServiceData(
        GROUP_GIKOE,
        "standards-information",
        TRAINER,
        date(2024, 11, 4),
        "Gap analysis against Fairtrade SPO and EU Organic, with the buyer.",
        cost="55000.00",
        currency="KES",
        paid_by=HIVOS,
        under_programme=True,
    ),
    ServiceData(
        GROUP_GIKOE,
        "training",
        TRAINER,
        date(2025, 6, 17),
        "Composting and organic pest control for lead farmers.",
        cost="36000.00",
        currency="KES",
        paid_by=HIVOS,
        under_programme=True,
    ),
    ServiceData(
        GROUP_GIKOE,
        "training",
        TRAINER,
        date(2026, 3, 10),
        "Training of six internal inspectors on the new internal standard.",
        cost="40000.00",
        currency="KES",
        paid_by=HIVOS,
        under_programme=True,
        recorded_by="groupmanager",
    ),
    # The duplication: the NGO and the trainer coach the same internal control system in the same quarter.
    ServiceData(
        GROUP_GIKOE,
        "ics-coaching",
        NGO,
        date(2026, 4, 14),
        "Coaching the ICS manager on the approval of members after their first inspection.",
        cost="35000.00",
        currency="KES",
        paid_by=HIVOS,
        under_programme=True,
    ),
    ServiceData(
        GROUP_GIKOE,
        "ics-coaching",
        TRAINER,
        date(2026, 5, 20),
        "Coaching on inspection records and the approved member list.",
        cost="50000.00",
        currency="KES",
        paid_by=HIVOS,
        under_programme=True,
    ),
    ServiceData(
        GROUP_GIKOE,
        "inputs",
        NGO,
        date(2026, 8, 4),
        "Shade-tree seedlings for the organic conversion.",
        cost="75000.00",
        currency="KES",
        paid_by=HIVOS,
        under_programme=True,
    ),
    # --- Rupingazi and Vhembe: choosing their standards ------------------------------------------------------------
    ServiceData(
        GROUP_RUPINGAZI,
        "market-linkage",
        EXPORTER,
        date(2025, 6, 16),
        "Letter of intent from the exporter that recommended the society to the programme.",
    ),
    ServiceData(
        GROUP_RUPINGAZI,
        "certification-subsidy",
        HIVOS,
        date(2025, 8, 25),
        "The programme shares the certification cost.",
        cost="2000.00",
        currency="EUR",
        paid_by=HIVOS,
        under_programme=True,
        recorded_by="coordinator",
    ),
    ServiceData(
        GROUP_RUPINGAZI,
        "standards-information",
        TRAINER,
        date(2025, 11, 24),
        "Fairtrade SPO gap analysis before the choice of the standard.",
        cost="45000.00",
        currency="KES",
        paid_by=HIVOS,
        under_programme=True,
    ),
    ServiceData(
        GROUP_VHEMBE,
        "market-linkage",
        VEGETABLE_BUYER,
        date(2026, 1, 20),
        "Letter of intent to buy GLOBALG.A.P. tomatoes and cabbage.",
    ),
    ServiceData(
        GROUP_VHEMBE,
        "certification-subsidy",
        HIVOS,
        date(2026, 2, 16),
        "The programme shares the audit cost.",
        cost="1800.00",
        currency="EUR",
        paid_by=HIVOS,
        under_programme=True,
        recorded_by="coordinator",
    ),
    ServiceData(
        GROUP_VHEMBE,
        "standards-information",
        TRAINER,
        date(2026, 6, 2),
        "GLOBALG.A.P. option 2 gap analysis: water testing and pesticide storage first.",
        cost="28500.00",
        currency="ZAR",
        paid_by=HIVOS,
        under_programme=True,
    ),
    # --- Ngqushwa: at preconditions, funded by the NGO, and no buyer yet (the missing service) ---------------------
    ServiceData(
        GROUP_NGQUSHWA,
        "training",
        NGO,
        date(2026, 9, 15),
        "Record keeping for growers: what a member list and a harvest book are for.",
        cost="4800.00",
        currency="ZAR",
        paid_by=NGO,
    ),
    ServiceData(
        GROUP_NGQUSHWA,
        "certification-subsidy",
        NGO,
        date(2026, 10, 5),
        "The NGO covers the first verification against the simplified generic quality system.",
        cost="12000.00",
        currency="ZAR",
        paid_by=NGO,
    ),
]

FIELD_OFFICERS: Final[dict[str, str]] = {data["name"]: data["field_officer"] for data in GROUPS}


def seed_services(
    groups: dict[str, ProducerGroup], organisations: dict[str, Organisation], users: dict[str, User]
) -> int:
    """Create the demo services that are not there yet; return how many it created.

    Called by `cycles.demo.seed.seed_demo` once the groups' trajectories exist, so that each service gets the phase the
    group stood in on the day.
    """
    types = {service_type.code: service_type for service_type in ServiceType.objects.all()}
    programme = Programme.objects.get(name=PROGRAMME.name)
    created_count = 0
    for data in SERVICES:
        group = groups[data.group]
        recorder = users[data.recorded_by or FIELD_OFFICERS[data.group]]
        _, created = Service.objects.get_or_create(
            group=group,
            service_type=types[data.service_type],
            provider=organisations[data.provider],
            delivered_on=data.delivered_on,
            defaults={
                "phase": group_phase_on(group, data.delivered_on),
                "cost": Decimal(data.cost) if data.cost is not None else None,
                "currency": data.currency,
                "paid_by": organisations[data.paid_by] if data.paid_by else None,
                "programme": programme if data.under_programme else None,
                "description": data.description,
                "recorded_at": datetime.combine(data.delivered_on + RECORDED_AFTER, RECORDED_AT, tzinfo=NAIROBI),
                "recorded_by": recorder,
            },
        )
        created_count += created
    return created_count
