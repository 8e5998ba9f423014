"""The demo groups' history: the standards each chose and every move through the inner cycle, with its reasons.

`cycles.demo.seed.seed_demo` replays the moves through `cycles.services`, oldest first.
"""

from datetime import date, datetime
from typing import Final, NamedTuple
from zoneinfo import ZoneInfo

from .story import (
    GROUP_GIKOE,
    GROUP_MUKURWE,
    GROUP_NGQUSHWA,
    GROUP_RUPINGAZI,
    GROUP_THIBA,
    GROUP_VHEMBE,
)

NAIROBI: Final = ZoneInfo("Africa/Nairobi")


def at(year: int, month: int, day: int, hour: int = 10, minute: int = 0) -> datetime:
    """A fixed, timezone-aware moment of the story (Nairobi time)."""
    return datetime(year, month, day, hour, minute, tzinfo=NAIROBI)


class Move(NamedTuple):
    kind: str  # a MoveKind value; the first move of a group is always "start"
    to_phase: str
    at: datetime
    by: str | None  # a username, or None for history copied from paper files
    reason: str


# Days between a field officer's assignment to a group and the group's start.
ASSIGNED_BEFORE_START_DAYS: Final = 14

# The phase each group stands in at the end of the story (the last move's phase).
FINAL_PHASES: Final[dict[str, str]] = {
    GROUP_MUKURWE: "autonomous",
    GROUP_THIBA: "initial-certificate",
    GROUP_GIKOE: "planning-2",
    GROUP_RUPINGAZI: "planning-1",
    GROUP_VHEMBE: "planning-1",
    GROUP_NGQUSHWA: "preconditions",
}

# Standards chosen with the buyer (planning phase 1). Ngqushwa, still at preconditions, has already said it
# will start with the entry-level simplified generic quality system.
CHOSEN_STANDARDS: Final[dict[str, list[tuple[str, date]]]] = {
    GROUP_MUKURWE: [("fairtrade-spo", date(2021, 10, 4)), ("rainforest-2020", date(2024, 2, 12))],
    GROUP_THIBA: [("rainforest-2020", date(2023, 3, 13))],
    GROUP_GIKOE: [("fairtrade-spo", date(2024, 11, 4)), ("eu-organic-group", date(2024, 11, 4))],
    GROUP_RUPINGAZI: [("fairtrade-spo", date(2025, 12, 1))],
    GROUP_VHEMBE: [("globalgap-ifa-opt2", date(2026, 6, 8))],
    GROUP_NGQUSHWA: [("sgqs", date(2026, 10, 5))],
}

MOVES: Final[dict[str, list[Move]]] = {
    GROUP_MUKURWE: [
        Move(
            "start",
            "preconditions",
            at(2021, 2, 15),
            None,
            "Copied from the programme's paper files: the board asked for support after the 2020 AGM.",
        ),
        Move(
            "advance",
            "planning-1",
            at(2021, 7, 12),
            None,
            "Registration current, board elected at the March AGM, letter of intent from Kirima Coffee Exporters, "
            "audit cost shared between the society and the exporter.",
        ),
        Move(
            "advance",
            "planning-2",
            at(2022, 1, 24),
            "fieldofficer",
            "Fairtrade chosen with the exporter; register complete with GPS points; the baseline self-assessment "
            "found 14 gaps, mostly record keeping and agrochemical storage.",
        ),
        Move(
            "override",
            "initial-certificate",
            at(2022, 9, 5),
            "coordinator",
            "Inspection coverage stood at 96%: four members were away for harvest work and are inspected in the "
            "first week of October. Waiting would lose the October audit slot for a year; the board committed in "
            "writing to finish the round before the audit.",
        ),
        Move(
            "advance",
            "autonomous",
            at(2023, 3, 1),
            "fieldofficer",
            "The initial audit in January closed with two minor findings; Fairtrade certificate FLO-ID 41872/C-2023 "
            "issued, valid 1 March 2023 to 28 February 2025.",
        ),
        Move(
            "suspend",
            "planning-2",
            at(2025, 8, 18),
            "fieldofficer",
            "Kilele Certification suspended the Fairtrade certificate after the July surveillance audit: cherry "
            "bought from 14 members exceeded their estimated yield, and the 2024 internal inspection records of 21 "
            "members were missing.",
        ),
        Move(
            "advance",
            "initial-certificate",
            at(2025, 12, 9),
            "fieldofficer",
            "Cherry intake is now checked per member against the estimated yield; a full internal inspection round "
            "was done in October and November and two inspectors were retrained. Follow-up audit requested.",
        ),
        Move(
            "advance",
            "autonomous",
            at(2026, 2, 16),
            "fieldofficer",
            "The follow-up audit on 27 January closed both major non-conformities; the certification body lifted "
            "the suspension on 12 February.",
        ),
    ],
    GROUP_THIBA: [
        Move(
            "start",
            "preconditions",
            at(2022, 4, 4),
            "fieldofficer",
            "The society asked for support after losing a specialty-coffee contract for want of a certificate.",
        ),
        Move(
            "advance",
            "planning-1",
            at(2022, 10, 17),
            "fieldofficer",
            "Board elected in June; the exporter wrote that it wants Rainforest Alliance coffee; certification cost "
            "shared between the society and the exporter.",
        ),
        Move(
            "advance",
            "planning-2",
            at(2023, 8, 28),
            "fieldofficer",
            "Rainforest Alliance chosen with the exporter; register complete; risk assessment done (main risks: "
            "children working at harvest, pesticide storage).",
        ),
        Move(
            "hold",
            "planning-2",
            at(2024, 4, 15),
            "fieldofficer",
            "The Commissioner for Co-operatives dissolved the board over a disputed payout; work stops until new "
            "elections.",
        ),
        Move(
            "resume",
            "planning-2",
            at(2024, 9, 23),
            "fieldofficer",
            "New board elected at the special general meeting on 14 September; the ICS manager was confirmed.",
        ),
        Move(
            "advance",
            "initial-certificate",
            at(2026, 5, 11),
            "fieldofficer",
            "The internal inspection round covered every member, 68 approved, and every non-conformity has a "
            "corrective action. Kilele Certification contracted for the initial audit.",
        ),
    ],
    GROUP_GIKOE: [
        Move(
            "start",
            "preconditions",
            at(2023, 11, 6),
            "fieldofficer",
            "Members voted at the AGM to work towards Fairtrade and organic certification together.",
        ),
        Move(
            "advance",
            "planning-1",
            at(2024, 9, 16),
            "fieldofficer",
            "Registration renewed, the exporter's letter of intent received, and the Hivos programme covers half "
            "of the certification cost.",
        ),
        Move(
            "advance",
            "planning-2",
            at(2026, 2, 2),
            "fieldofficer",
            "Fairtrade and EU Organic chosen with the exporter; register complete; baseline yield, income and "
            "quality measured over the 2024/25 season.",
        ),
    ],
    GROUP_RUPINGAZI: [
        Move(
            "start",
            "preconditions",
            at(2025, 2, 10),
            "fieldofficer.za",
            "The society joined the programme on the exporter's recommendation.",
        ),
        Move(
            "advance",
            "planning-1",
            at(2025, 9, 29),
            "fieldofficer.za",
            "Members' meeting with elections held in July; letter of intent signed; cost shared with the Hivos "
            "programme.",
        ),
    ],
    GROUP_VHEMBE: [
        Move(
            "start",
            "preconditions",
            at(2025, 4, 7),
            "fieldofficer",
            "The association asked for support to supply a fresh-produce trader that requires GLOBALG.A.P.",
        ),
        Move(
            "advance",
            "planning-1",
            at(2026, 3, 23),
            "fieldofficer",
            "Registered association with an elected committee; Thaba Fresh Produce Traders signed a letter of "
            "intent; the Hivos programme shares the audit cost.",
        ),
    ],
    GROUP_NGQUSHWA: [
        Move(
            "start",
            "preconditions",
            at(2026, 8, 10),
            "fieldofficer.za",
            "Growers met the field officer; registration as a co-operative is under way.",
        ),
    ],
}


# The NGO's field officer co-supports the youngest group beside the trainer's officer, so the demo field officer
# can walk a group from the very first phase.
EXTRA_ASSIGNMENTS: Final[list[tuple[str, str]]] = [("fieldofficer", GROUP_NGQUSHWA)]


class Answer(NamedTuple):
    group: str
    criterion: str
    status: str
    note: str
    by: str


# Manual criteria already answered in the groups' current phases: what a field officer would have recorded.
ANSWERS: Final[list[Answer]] = [
    Answer(
        GROUP_NGQUSHWA,
        "members-committed",
        "met",
        "Resolution of the members' meeting of 14 June 2026: 27 of 30 members signed.",
        "fieldofficer.za",
    ),
    Answer(
        GROUP_NGQUSHWA,
        "governed-organisation",
        "not_met",
        "Registration as a primary co-operative is filed but not granted; leaders were elected in June.",
        "fieldofficer.za",
    ),
    Answer(
        GROUP_VHEMBE,
        "risk-assessment",
        "met",
        "Risk assessment of August 2026: water source and pesticide storage are the main risks.",
        "fieldofficer",
    ),
    Answer(
        GROUP_GIKOE,
        "improvement-plan-adopted",
        "met",
        "Improvement plan adopted at the special general meeting of 12 March 2026 (minutes signed).",
        "fieldofficer",
    ),
    Answer(
        GROUP_GIKOE,
        "internal-rules-adopted",
        "met",
        "Internal standard in Kikuyu and English, with the sanctions catalogue, adopted on 12 March 2026.",
        "groupmanager",
    ),
    Answer(
        GROUP_THIBA,
        "certification-body-contracted",
        "met",
        "Contract signed with the certification body; audit week confirmed.",
        "fieldofficer",
    ),
    Answer(
        GROUP_MUKURWE,
        "management-review",
        "met",
        "Management review held on 30 September 2026; minutes in the office file.",
        "fieldofficer",
    ),
]
