"""Demo data of the outer cycle, part one: the support of the two groups with a certificate history (Mukurwe
Valley, certified since 2023, and Thiba Ridge, waiting for its initial certificate), and the shape of a service.

The groups working towards a certificate, and `seed_services`, are in `cycles.demo.support`.
"""

from datetime import date
from typing import Final, NamedTuple

from .story import CB_KENYA, EXPORTER, GROUP_MUKURWE, GROUP_THIBA, HIVOS, NGO, TRAINER


class ServiceData(NamedTuple):
    group: str
    service_type: str  # a ServiceType code
    provider: str
    delivered_on: date
    description: str
    cost: str | None = None  # a decimal, in `currency`
    currency: str = ""
    paid_by: str | None = None
    under_programme: bool = False  # delivered under the Hivos programme
    recorded_by: str | None = None  # a username; the group's field officer when None


CERTIFIED_GROUPS_SERVICES: Final[list[ServiceData]] = [
    # --- Mukurwe Valley: certified since 2023, suspended in 2025 and back --------------------------------------
    ServiceData(
        GROUP_MUKURWE,
        "market-linkage",
        EXPORTER,
        date(2021, 5, 20),
        "Letter of intent to buy the society's Fairtrade parchment once certified.",
    ),
    ServiceData(
        GROUP_MUKURWE,
        "certification-subsidy",
        EXPORTER,
        date(2021, 6, 14),
        "The exporter pays half of the initial audit, against a first claim on the certified parchment.",
        cost="180000.00",
        currency="KES",
        paid_by=EXPORTER,
    ),
    ServiceData(
        GROUP_MUKURWE,
        "standards-information",
        TRAINER,
        date(2021, 10, 4),
        "Fairtrade SPO gap analysis with the board and the factory manager.",
        cost="45000.00",
        currency="KES",
        paid_by=EXPORTER,
    ),
    ServiceData(
        GROUP_MUKURWE,
        "ics-coaching",
        TRAINER,
        date(2022, 3, 15),
        "Setting up the internal control system: member files, inspection checklist, sanctions catalogue.",
        cost="60000.00",
        currency="KES",
        paid_by=EXPORTER,
    ),
    ServiceData(
        GROUP_MUKURWE,
        "training",
        TRAINER,
        date(2022, 5, 10),
        "Training of eight internal inspectors.",
        cost="38000.00",
        currency="KES",
        paid_by=EXPORTER,
    ),
    ServiceData(
        GROUP_MUKURWE,
        "audit-certification",
        CB_KENYA,
        date(2023, 1, 17),
        "Initial Fairtrade audit; closed with two minor findings.",
        cost="410000.00",
        currency="KES",
    ),
    ServiceData(
        GROUP_MUKURWE,
        "audit-certification",
        CB_KENYA,
        date(2024, 8, 20),
        "Initial Rainforest Alliance audit.",
        cost="385000.00",
        currency="KES",
        paid_by=HIVOS,
        under_programme=True,
        recorded_by="coordinator",
    ),
    ServiceData(
        GROUP_MUKURWE,
        "certification-subsidy",
        HIVOS,
        date(2024, 7, 1),
        "Half of the Rainforest Alliance audit cost.",
        cost="1350.00",
        currency="EUR",
        paid_by=HIVOS,
        under_programme=True,
        recorded_by="coordinator",
    ),
    ServiceData(
        GROUP_MUKURWE,
        "audit-certification",
        CB_KENYA,
        date(2025, 7, 22),
        "Fairtrade surveillance audit: two major non-conformities, certificate suspended in August.",
        cost="290000.00",
        currency="KES",
    ),
    ServiceData(
        GROUP_MUKURWE,
        "ics-coaching",
        NGO,
        date(2025, 10, 7),
        "Coaching after the suspension: checking cherry intake against each member's estimated yield.",
        cost=None,
        currency="",
        paid_by=NGO,
        under_programme=True,
    ),
    ServiceData(
        GROUP_MUKURWE,
        "training",
        TRAINER,
        date(2025, 10, 21),
        "Two internal inspectors retrained; inspection records rebuilt for 2025.",
        cost="42000.00",
        currency="KES",
        paid_by=HIVOS,
        under_programme=True,
    ),
    ServiceData(
        GROUP_MUKURWE,
        "certification-subsidy",
        HIVOS,
        date(2026, 1, 12),
        "The programme pays the follow-up audit.",
        cost="1900.00",
        currency="EUR",
        paid_by=HIVOS,
        under_programme=True,
        recorded_by="coordinator",
    ),
    ServiceData(
        GROUP_MUKURWE,
        "audit-certification",
        CB_KENYA,
        date(2026, 1, 27),
        "Follow-up audit: both major non-conformities closed.",
        cost="220000.00",
        currency="KES",
        paid_by=HIVOS,
        under_programme=True,
    ),
    ServiceData(
        GROUP_MUKURWE,
        "market-linkage",
        EXPORTER,
        date(2026, 3, 12),
        "Purchase contract for the 2026/27 crop: 60 tonnes of Fairtrade parchment.",
    ),
    ServiceData(
        GROUP_MUKURWE,
        "prefinance-credit",
        EXPORTER,
        date(2026, 4, 8),
        "Pre-finance against the contract, repaid from the first deliveries.",
        cost="2500000.00",
        currency="KES",
        paid_by=EXPORTER,
    ),
    ServiceData(
        GROUP_MUKURWE,
        "audit-certification",
        CB_KENYA,
        date(2026, 9, 8),
        "Rainforest Alliance surveillance audit.",
        cost="260000.00",
        currency="KES",
    ),
    # --- Thiba Ridge: on hold in 2024, waiting for its initial certificate ---------------------------------------
    ServiceData(
        GROUP_THIBA,
        "market-linkage",
        EXPORTER,
        date(2022, 9, 5),
        "The exporter wrote that it wants Rainforest Alliance coffee from the society.",
    ),
    ServiceData(
        GROUP_THIBA,
        "standards-information",
        TRAINER,
        date(2023, 2, 14),
        "Rainforest Alliance gap analysis.",
        cost="45000.00",
        currency="KES",
        paid_by=EXPORTER,
    ),
    ServiceData(
        GROUP_THIBA,
        "ics-coaching",
        TRAINER,
        date(2023, 11, 7),
        "Coaching the new ICS manager on the member register and the risk assessment.",
        cost="52000.00",
        currency="KES",
        paid_by=EXPORTER,
    ),
    ServiceData(
        GROUP_THIBA,
        "training",
        TRAINER,
        date(2025, 3, 4),
        "Training of members on the internal standard, in four villages.",
        cost="64000.00",
        currency="KES",
        paid_by=HIVOS,
        under_programme=True,
    ),
    ServiceData(
        GROUP_THIBA,
        "ics-coaching",
        TRAINER,
        date(2025, 6, 10),
        "Coaching the first full round of internal inspections.",
        cost="48000.00",
        currency="KES",
        paid_by=HIVOS,
        under_programme=True,
    ),
    ServiceData(
        GROUP_THIBA,
        "certification-subsidy",
        HIVOS,
        date(2026, 6, 15),
        "Half of the initial Rainforest Alliance audit.",
        cost="1500.00",
        currency="EUR",
        paid_by=HIVOS,
        under_programme=True,
        recorded_by="coordinator",
    ),
    ServiceData(
        GROUP_THIBA,
        "audit-certification",
        CB_KENYA,
        date(2026, 7, 21),
        "Initial Rainforest Alliance audit; the certification decision is pending.",
        cost="395000.00",
        currency="KES",
    ),
]
