"""Reference content every install has: the five shipped standards, their requirements in our own words,
and the cross-walk.

Texts are paraphrases written for a group manager, never quotes of a standard's document. ``clause`` points
to where the fact comes from; ``unverified`` marks a detail that could not be checked against the standard's
text.
"""

from typing import Final, TypedDict


class RequirementData(TypedDict):
    code: str  # unique within its standard, e.g. "FT-M-01"
    text: str  # short, plain, our own words, <= 200 chars, one requirement
    domain: str  # one of: management, quality, environment, social, health_safety, trade
    level: str  # one of: entry, core, improvement
    applies_from_year: int  # 0, 1, 3 or 6 (years counted from the initial certificate)
    clause: str  # where the fact comes from, e.g. "§4.2", "1.4.1", "Art 36(1)(g)(ii)"; "" when not located
    unverified: bool
    crosswalk: str  # a CROSSWALK_TOPICS code, or "" when the requirement has no equivalent elsewhere


class StandardData(TypedDict):
    code: str  # one of: "sgqs", "fairtrade-spo", "eu-organic-group", "rainforest-2020", "globalgap-ifa-opt2"
    name: str
    owner: str  # owner body, e.g. "Fairtrade International"
    version: str  # e.g. "2.6 (2019)", "1.3", "Reg. (EU) 2018/848", "IFA v5.2", "1.0"
    kind: str  # one of: entry_level, minimum_requirements, improvement
    description: str  # two or three sentences for a group manager
    requirements: list[RequirementData]


class CrosswalkTopicData(TypedDict):
    code: str
    name: str
    description: str


CROSSWALK_TOPICS: Final[list[CrosswalkTopicData]] = [
    {
        "code": "legal-entity-rules",
        "name": "Legal entity and documented rules",
        "description": "The group is an organised body or legal entity with its rules written down.",
    },
    {
        "code": "member-register",
        "name": "Member register",
        "description": "A current list of members and their farms: location, area, crops, expected yield.",
    },
    {
        "code": "member-agreements",
        "name": "Signed member agreements",
        "description": "Each member signs an agreement to follow the rules and accept inspections.",
    },
    {
        "code": "annual-internal-inspection",
        "name": "Yearly internal inspection of every member",
        "description": (
            "The group's own inspectors visit every member at least once a year and record what they find."
        ),
    },
    {
        "code": "new-member-inspection",
        "name": "Inspection before admitting a new member",
        "description": (
            "A new member, or a new plot, is checked and approved before its produce is sold as certified."
        ),
    },
    {
        "code": "trained-inspectors",
        "name": "Trained inspectors free of conflicts",
        "description": "Internal inspectors are trained and never inspect a farm they have an interest in.",
    },
    {
        "code": "risk-assessment",
        "name": "Risk assessment",
        "description": "The group finds where rules are most likely to be broken and checks there most.",
    },
    {
        "code": "sanctions-procedure",
        "name": "Sanctions procedure",
        "description": "A written list of measures for broken rules, applied and followed up case by case.",
    },
    {
        "code": "grievance-complaints",
        "name": "Grievances and complaints",
        "description": "Members, workers or others can complain; the group records and resolves each case.",
    },
    {
        "code": "training-records",
        "name": "Training records",
        "description": "Each training is recorded: topic, date, trainer and who attended.",
    },
    {
        "code": "traceability-volumes",
        "name": "Traceability and volumes against estimates",
        "description": "Purchases are recorded per member and checked against that member's estimated yield.",
    },
    {
        "code": "segregation",
        "name": "Segregation and parallel production",
        "description": "Certified produce is kept apart from the rest; parallel crops stay distinguishable.",
    },
    {
        "code": "annual-plan-review",
        "name": "Annual plan, management review or internal audit",
        "description": "The group plans its year, and reviews or audits how its management system works.",
    },
    {
        "code": "premium-use",
        "name": "Premium or differential use",
        "description": "Extra money paid for certified produce is handled openly, as the standard requires.",
    },
    {
        "code": "child-labour-procedure",
        "name": "Child-labour procedure",
        "description": "A way to prevent, find and remedy child labour among members and their workers.",
    },
    {
        "code": "pesticide-restrictions",
        "name": "Pesticide restrictions",
        "description": "Banned pesticides are never used; others only under the standard's conditions.",
    },
    {
        "code": "deforestation-cutoff",
        "name": "Deforestation cut-off",
        "description": (
            "No farming on land cleared of forest or natural ecosystems after the standard's cut-off date."
        ),
    },
]

STANDARDS: Final[list[StandardData]] = [
    {
        "code": "sgqs",
        "name": "Simplified generic quality system",
        "owner": "hivos-qm, after the IFOAM ICS guidance",
        "version": "1.0",
        "kind": "entry_level",
        "description": (
            "A first step for groups not yet ready for a certification standard. It sets up the basics of an"
            " internal control system (member register, commitments, yearly inspections, sanctions and "
            "traceability) that every other standard builds on."
        ),
        "requirements": [
            {
                "code": "SG-M-01",
                "text": (
                    "The group is an organised body (association, cooperative or company) that sells "
                    "members' produce and answers for their compliance."
                ),
                "domain": "management",
                "level": "entry",
                "applies_from_year": 0,
                "clause": "IFOAM ICS",
                "unverified": False,
                "crosswalk": "legal-entity-rules",
            },
            {
                "code": "SG-M-02",
                "text": "Name a contact person who runs the internal controls and speaks for the group.",
                "domain": "management",
                "level": "entry",
                "applies_from_year": 0,
                "clause": "IFOAM ICS",
                "unverified": False,
                "crosswalk": "",
            },
            {
                "code": "SG-M-03",
                "text": "Keep a basic member list: name, gender, village and main crop of each member.",
                "domain": "management",
                "level": "entry",
                "applies_from_year": 0,
                "clause": "IFOAM ICS",
                "unverified": False,
                "crosswalk": "",
            },
            {
                "code": "SG-M-04",
                "text": "Each member signs a commitment to follow the group's rules and accept inspections.",
                "domain": "management",
                "level": "entry",
                "applies_from_year": 0,
                "clause": "IFOAM ICS",
                "unverified": False,
                "crosswalk": "member-agreements",
            },
            {
                "code": "SG-M-05",
                "text": "Write the group's rules in the local language and explain them to every member.",
                "domain": "management",
                "level": "core",
                "applies_from_year": 0,
                "clause": "IFOAM ICS",
                "unverified": False,
                "crosswalk": "",
            },
            {
                "code": "SG-M-06",
                "text": (
                    "Keep the member register up to date: farm location, area, crops and estimated yield for"
                    " each member."
                ),
                "domain": "management",
                "level": "core",
                "applies_from_year": 0,
                "clause": "IFOAM ICS",
                "unverified": False,
                "crosswalk": "member-register",
            },
            {
                "code": "SG-M-07",
                "text": "Inspect every member's farm at least once a year and write down what was found.",
                "domain": "management",
                "level": "core",
                "applies_from_year": 0,
                "clause": "IFOAM ICS",
                "unverified": False,
                "crosswalk": "annual-internal-inspection",
            },
            {
                "code": "SG-M-08",
                "text": "Visit a new member's farm and approve it before they sell through the group.",
                "domain": "management",
                "level": "core",
                "applies_from_year": 0,
                "clause": "IFOAM ICS",
                "unverified": False,
                "crosswalk": "new-member-inspection",
            },
            {
                "code": "SG-M-09",
                "text": "Train the internal inspectors; no one inspects their own farm or a relative's.",
                "domain": "management",
                "level": "core",
                "applies_from_year": 1,
                "clause": "IFOAM ICS",
                "unverified": False,
                "crosswalk": "trained-inspectors",
            },
            {
                "code": "SG-M-10",
                "text": "An approval committee decides each member's status from the inspection reports.",
                "domain": "management",
                "level": "core",
                "applies_from_year": 1,
                "clause": "IFOAM ICS",
                "unverified": False,
                "crosswalk": "",
            },
            {
                "code": "SG-M-11",
                "text": (
                    "Keep a list of sanctions for broken rules, and record each sanction given and how it "
                    "was followed up."
                ),
                "domain": "management",
                "level": "core",
                "applies_from_year": 1,
                "clause": "IFOAM ICS",
                "unverified": False,
                "crosswalk": "sanctions-procedure",
            },
            {
                "code": "SG-M-12",
                "text": "Record each training: date, topic, trainer and who attended.",
                "domain": "management",
                "level": "core",
                "applies_from_year": 1,
                "clause": "IFOAM ICS",
                "unverified": False,
                "crosswalk": "training-records",
            },
            {
                "code": "SG-M-13",
                "text": "Make a yearly work plan and review it at year end with members' representatives.",
                "domain": "management",
                "level": "improvement",
                "applies_from_year": 1,
                "clause": "IFOAM ICS",
                "unverified": True,
                "crosswalk": "annual-plan-review",
            },
            {
                "code": "SG-M-14",
                "text": "Each year, find where rules are most likely to be broken and check there more.",
                "domain": "management",
                "level": "improvement",
                "applies_from_year": 3,
                "clause": "IFOAM ICS",
                "unverified": False,
                "crosswalk": "risk-assessment",
            },
            {
                "code": "SG-Q-01",
                "text": "Keep harvested produce clean, dry, off the ground and away from fuel and chemicals.",
                "domain": "quality",
                "level": "core",
                "applies_from_year": 0,
                "clause": "hivos-qm",
                "unverified": False,
                "crosswalk": "",
            },
            {
                "code": "SG-Q-02",
                "text": (
                    "Check the quality of each delivery (for example moisture and foreign matter) and record"
                    " the result."
                ),
                "domain": "quality",
                "level": "core",
                "applies_from_year": 1,
                "clause": "hivos-qm",
                "unverified": False,
                "crosswalk": "",
            },
            {
                "code": "SG-E-01",
                "text": (
                    "Members use no banned pesticides; the group keeps the list of banned products and looks"
                    " for them at inspections."
                ),
                "domain": "environment",
                "level": "core",
                "applies_from_year": 0,
                "clause": "IFOAM ICS",
                "unverified": False,
                "crosswalk": "pesticide-restrictions",
            },
            {
                "code": "SG-E-02",
                "text": (
                    "Help members protect their soil from erosion and keep it fertile, for example with "
                    "mulch, compost or cover crops."
                ),
                "domain": "environment",
                "level": "improvement",
                "applies_from_year": 3,
                "clause": "hivos-qm",
                "unverified": False,
                "crosswalk": "",
            },
            {
                "code": "SG-S-01",
                "text": "Admit any eligible producer, whatever their gender, religion or ethnic group.",
                "domain": "social",
                "level": "core",
                "applies_from_year": 0,
                "clause": "hivos-qm",
                "unverified": False,
                "crosswalk": "",
            },
            {
                "code": "SG-S-02",
                "text": "Members use no forced labour; children under 15 go to school, not to work.",
                "domain": "social",
                "level": "core",
                "applies_from_year": 0,
                "clause": "hivos-qm",
                "unverified": False,
                "crosswalk": "",
            },
            {
                "code": "SG-S-03",
                "text": "Give members a simple, safe way to complain, and record how each case is handled.",
                "domain": "social",
                "level": "improvement",
                "applies_from_year": 1,
                "clause": "hivos-qm",
                "unverified": False,
                "crosswalk": "grievance-complaints",
            },
            {
                "code": "SG-S-04",
                "text": "Agree a simple way to prevent, spot and remedy child labour on members' farms.",
                "domain": "social",
                "level": "improvement",
                "applies_from_year": 3,
                "clause": "hivos-qm",
                "unverified": False,
                "crosswalk": "child-labour-procedure",
            },
            {
                "code": "SG-H-01",
                "text": (
                    "Members store pesticides locked away from food, children and water, and never reuse "
                    "empty containers for food or water."
                ),
                "domain": "health_safety",
                "level": "core",
                "applies_from_year": 1,
                "clause": "hivos-qm",
                "unverified": False,
                "crosswalk": "",
            },
            {
                "code": "SG-H-02",
                "text": "Train members who spray to wear protective clothing and to wash after spraying.",
                "domain": "health_safety",
                "level": "improvement",
                "applies_from_year": 3,
                "clause": "hivos-qm",
                "unverified": False,
                "crosswalk": "",
            },
            {
                "code": "SG-T-01",
                "text": "Buy only from approved members; record each purchase: member, date, amount, price.",
                "domain": "trade",
                "level": "core",
                "applies_from_year": 0,
                "clause": "IFOAM ICS",
                "unverified": False,
                "crosswalk": "",
            },
            {
                "code": "SG-T-02",
                "text": "Store and transport the group's produce apart from other produce, clearly labelled.",
                "domain": "trade",
                "level": "core",
                "applies_from_year": 0,
                "clause": "IFOAM ICS",
                "unverified": False,
                "crosswalk": "segregation",
            },
            {
                "code": "SG-T-03",
                "text": (
                    "Check each member's deliveries over the season against their estimated yield and follow"
                    " up any excess."
                ),
                "domain": "trade",
                "level": "core",
                "applies_from_year": 1,
                "clause": "IFOAM ICS",
                "unverified": False,
                "crosswalk": "traceability-volumes",
            },
        ],
    },
    {
        "code": "fairtrade-spo",
        "name": "Fairtrade Small-scale Producer Organizations",
        "owner": "Fairtrade International",
        "version": "2.6 (2019)",
        "kind": "improvement",
        "description": (
            "For democratic organisations of small family farmers selling Fairtrade products. Core "
            "requirements apply from year 0, 1, 3 or 6 after certification; development requirements are "
            "scored from 1 to 5 and must average at least 3. Interpretation notes of 2023 phase in some "
            "labour rules."
        ),
        "requirements": [
            {
                "code": "FT-M-01",
                "text": (
                    "The group is a registered organisation whose statutes give each member a vote; most "
                    "members are small family farmers who supply most of the volume."
                ),
                "domain": "management",
                "level": "entry",
                "applies_from_year": 0,
                "clause": "§1.2; §4.2",
                "unverified": False,
                "crosswalk": "legal-entity-rules",
            },
            {
                "code": "FT-M-02",
                "text": "Name a contact person for Fairtrade and report any change of board or membership.",
                "domain": "management",
                "level": "entry",
                "applies_from_year": 0,
                "clause": "§1.1",
                "unverified": False,
                "crosswalk": "",
            },
            {
                "code": "FT-M-03",
                "text": "Accept audits, announced or not, and give auditors the information they ask for.",
                "domain": "management",
                "level": "entry",
                "applies_from_year": 0,
                "clause": "§1.1",
                "unverified": False,
                "crosswalk": "",
            },
            {
                "code": "FT-M-04",
                "text": "Keep a current member list with each member's land area, crops and volumes.",
                "domain": "management",
                "level": "entry",
                "applies_from_year": 0,
                "clause": "§1.2/§4.2",
                "unverified": True,
                "crosswalk": "member-register",
            },
            {
                "code": "FT-M-05",
                "text": (
                    "Hold a general assembly every year, with board elections and minutes; present the "
                    "annual report, accounts and budget to it."
                ),
                "domain": "management",
                "level": "core",
                "applies_from_year": 0,
                "clause": "§4.2",
                "unverified": False,
                "crosswalk": "",
            },
            {
                "code": "FT-M-06",
                "text": (
                    "Draw up a development plan, have the general assembly approve it before any premium is "
                    "spent, and report progress every year."
                ),
                "domain": "management",
                "level": "core",
                "applies_from_year": 0,
                "clause": "§4.1",
                "unverified": False,
                "crosswalk": "annual-plan-review",
            },
            {
                "code": "FT-M-07",
                "text": "Keep Fairtrade premium money in separate accounts that members can follow.",
                "domain": "management",
                "level": "core",
                "applies_from_year": 0,
                "clause": "§4.1",
                "unverified": True,
                "crosswalk": "premium-use",
            },
            {
                "code": "FT-M-08",
                "text": (
                    "Explain the Fairtrade rules to members and check every member each year through an "
                    "internal control system."
                ),
                "domain": "management",
                "level": "core",
                "applies_from_year": 1,
                "clause": "§3.1",
                "unverified": True,
                "crosswalk": "annual-internal-inspection",
            },
            {
                "code": "FT-M-09",
                "text": (
                    "Have each member sign an agreement to follow the Fairtrade rules and the group's "
                    "internal controls."
                ),
                "domain": "management",
                "level": "core",
                "applies_from_year": 1,
                "clause": "",
                "unverified": True,
                "crosswalk": "member-agreements",
            },
            {
                "code": "FT-M-10",
                "text": "Check a new member's farm against the rules before they sell as Fairtrade.",
                "domain": "management",
                "level": "core",
                "applies_from_year": 1,
                "clause": "",
                "unverified": True,
                "crosswalk": "new-member-inspection",
            },
            {
                "code": "FT-M-11",
                "text": "Train member inspectors; nobody inspects their own or a relative's farm.",
                "domain": "management",
                "level": "core",
                "applies_from_year": 1,
                "clause": "",
                "unverified": True,
                "crosswalk": "trained-inspectors",
            },
            {
                "code": "FT-M-12",
                "text": "Keep written sanctions for breaking the rules, and record how each case ended.",
                "domain": "management",
                "level": "core",
                "applies_from_year": 1,
                "clause": "",
                "unverified": True,
                "crosswalk": "sanctions-procedure",
            },
            {
                "code": "FT-M-13",
                "text": "Record the trainings given to members and staff: topic, date and who attended.",
                "domain": "management",
                "level": "core",
                "applies_from_year": 1,
                "clause": "§3.1",
                "unverified": True,
                "crosswalk": "training-records",
            },
            {
                "code": "FT-M-14",
                "text": (
                    "Assess where members risk breaking the environmental and labour rules, and focus checks"
                    " and training there."
                ),
                "domain": "management",
                "level": "core",
                "applies_from_year": 1,
                "clause": "§3.2/§3.3",
                "unverified": True,
                "crosswalk": "risk-assessment",
            },
            {
                "code": "FT-M-15",
                "text": "Assess what members need and track how the organisation develops over the years.",
                "domain": "management",
                "level": "improvement",
                "applies_from_year": 3,
                "clause": "§4.1",
                "unverified": False,
                "crosswalk": "",
            },
            {
                "code": "FT-E-01",
                "text": (
                    "Use no prohibited (red-list) pesticides; use restricted (orange-list) ones only under "
                    "the stated conditions."
                ),
                "domain": "environment",
                "level": "core",
                "applies_from_year": 0,
                "clause": "§3.2",
                "unverified": False,
                "crosswalk": "pesticide-restrictions",
            },
            {
                "code": "FT-E-02",
                "text": "Use no genetically modified seed or planting material.",
                "domain": "environment",
                "level": "core",
                "applies_from_year": 0,
                "clause": "§3.2",
                "unverified": True,
                "crosswalk": "",
            },
            {
                "code": "FT-E-03",
                "text": "Do not clear forest or protected land to grow crops.",
                "domain": "environment",
                "level": "core",
                "applies_from_year": 0,
                "clause": "§3.2",
                "unverified": False,
                "crosswalk": "deforestation-cutoff",
            },
            {
                "code": "FT-E-04",
                "text": "Handle and store waste safely, above all hazardous waste.",
                "domain": "environment",
                "level": "core",
                "applies_from_year": 1,
                "clause": "§3.2",
                "unverified": False,
                "crosswalk": "",
            },
            {
                "code": "FT-E-05",
                "text": "Keep buffer zones between crops and water, forest or protected areas.",
                "domain": "environment",
                "level": "improvement",
                "applies_from_year": 3,
                "clause": "§3.2",
                "unverified": False,
                "crosswalk": "",
            },
            {
                "code": "FT-E-06",
                "text": "Use integrated pest management to cut the use of agrochemicals.",
                "domain": "environment",
                "level": "improvement",
                "applies_from_year": 3,
                "clause": "§3.2",
                "unverified": True,
                "crosswalk": "",
            },
            {
                "code": "FT-E-07",
                "text": "Prevent erosion, keep the soil fertile, and protect water and use it sparingly.",
                "domain": "environment",
                "level": "improvement",
                "applies_from_year": 3,
                "clause": "§3.2",
                "unverified": True,
                "crosswalk": "",
            },
            {
                "code": "FT-E-08",
                "text": "Help members adapt to climate change and cut greenhouse gas emissions.",
                "domain": "environment",
                "level": "improvement",
                "applies_from_year": 6,
                "clause": "§3.2",
                "unverified": False,
                "crosswalk": "",
            },
            {
                "code": "FT-S-01",
                "text": "No discrimination, harassment or forced labour in the group or on members' farms.",
                "domain": "social",
                "level": "core",
                "applies_from_year": 0,
                "clause": "§3.3",
                "unverified": False,
                "crosswalk": "",
            },
            {
                "code": "FT-S-02",
                "text": (
                    "No one under 15 works and no one under 18 does hazardous work; children help on family "
                    "farms only safely and outside school hours."
                ),
                "domain": "social",
                "level": "core",
                "applies_from_year": 0,
                "clause": "§3.3",
                "unverified": False,
                "crosswalk": "",
            },
            {
                "code": "FT-S-03",
                "text": "Let workers join or form a union of their choice.",
                "domain": "social",
                "level": "core",
                "applies_from_year": 0,
                "clause": "§3.3",
                "unverified": False,
                "crosswalk": "",
            },
            {
                "code": "FT-S-04",
                "text": "Give hired workers fair terms: at least the legal wage, paid on time, with records.",
                "domain": "social",
                "level": "core",
                "applies_from_year": 0,
                "clause": "3.3.18-24",
                "unverified": False,
                "crosswalk": "",
            },
            {
                "code": "FT-S-05",
                "text": "Keep membership open to all eligible producers, without discrimination.",
                "domain": "social",
                "level": "core",
                "applies_from_year": 0,
                "clause": "§4.3",
                "unverified": False,
                "crosswalk": "",
            },
            {
                "code": "FT-S-06",
                "text": "Where child labour risk is high, have a policy to prevent, find and remedy cases.",
                "domain": "social",
                "level": "core",
                "applies_from_year": 1,
                "clause": "§3.3",
                "unverified": True,
                "crosswalk": "child-labour-procedure",
            },
            {
                "code": "FT-S-07",
                "text": "Give members and workers a way to complain, and record how each case is resolved.",
                "domain": "social",
                "level": "core",
                "applies_from_year": 1,
                "clause": "§3.3",
                "unverified": True,
                "crosswalk": "grievance-complaints",
            },
            {
                "code": "FT-S-08",
                "text": "Adopt a gender policy and put it into practice.",
                "domain": "social",
                "level": "improvement",
                "applies_from_year": 3,
                "clause": "§4.3",
                "unverified": False,
                "crosswalk": "",
            },
            {
                "code": "FT-H-01",
                "text": "Give workers basic health and safety: first aid, drinking water, safe conditions.",
                "domain": "health_safety",
                "level": "core",
                "applies_from_year": 0,
                "clause": "3.3.30-36",
                "unverified": False,
                "crosswalk": "",
            },
            {
                "code": "FT-H-02",
                "text": (
                    "Train pesticide handlers; they wear protective gear, store products safely and dispose "
                    "of empty containers properly."
                ),
                "domain": "health_safety",
                "level": "core",
                "applies_from_year": 1,
                "clause": "§3.2",
                "unverified": True,
                "crosswalk": "",
            },
            {
                "code": "FT-T-01",
                "text": "Record every purchase from members (date, member, volume, price) and every sale.",
                "domain": "trade",
                "level": "core",
                "applies_from_year": 0,
                "clause": "§2.1",
                "unverified": False,
                "crosswalk": "traceability-volumes",
            },
            {
                "code": "FT-T-02",
                "text": (
                    "Keep Fairtrade product physically separate where required; use mass balance only where "
                    "it is allowed."
                ),
                "domain": "trade",
                "level": "core",
                "applies_from_year": 0,
                "clause": "§2.1",
                "unverified": False,
                "crosswalk": "segregation",
            },
            {
                "code": "FT-T-03",
                "text": (
                    "Sell as Fairtrade only what members produced, under contracts, and use the Fairtrade "
                    "mark correctly."
                ),
                "domain": "trade",
                "level": "core",
                "applies_from_year": 0,
                "clause": "§2.2-2.4",
                "unverified": False,
                "crosswalk": "",
            },
        ],
    },
    {
        "code": "eu-organic-group",
        "name": "EU Organic – group of operators",  # noqa: RUF001 (the en dash belongs to the name)
        "owner": "European Union",
        "version": "Reg. (EU) 2018/848",
        "kind": "minimum_requirements",
        "description": (
            "Group certification for small organic farmers under the EU organic regulation (Art. 36), with "
            "Delegated Reg. 2021/715 and Implementing Reg. 2021/279. Every rule is mandatory from the start;"
            " conversion periods decide when produce can be sold as organic."
        ),
        "requirements": [
            {
                "code": "EO-M-01",
                "text": "All members are farmers; they may also process or sell their produce.",
                "domain": "management",
                "level": "entry",
                "applies_from_year": 0,
                "clause": "Art 36(1)(a)",
                "unverified": False,
                "crosswalk": "",
            },
            {
                "code": "EO-M-02",
                "text": (
                    "Each member stays within the size limits: up to 5 ha (0.5 ha greenhouse, 15 ha "
                    "grassland), or organic turnover up to €25,000 where certification would cost over 2%."
                ),
                "domain": "management",
                "level": "entry",
                "applies_from_year": 0,
                "clause": "Art 36(1)(b)",
                "unverified": False,
                "crosswalk": "",
            },
            {
                "code": "EO-M-03",
                "text": "The group has its own legal personality.",
                "domain": "management",
                "level": "entry",
                "applies_from_year": 0,
                "clause": "Art 36(1)(c)-(d)",
                "unverified": False,
                "crosswalk": "legal-entity-rules",
            },
            {
                "code": "EO-M-04",
                "text": "Members farm close to each other, in one country.",
                "domain": "management",
                "level": "entry",
                "applies_from_year": 0,
                "clause": "Art 36(1)(e); Del. Reg. 2021/715",
                "unverified": False,
                "crosswalk": "",
            },
            {
                "code": "EO-M-05",
                "text": (
                    "Each member signs an agreement to follow the organic rules and the group's internal "
                    "control system."
                ),
                "domain": "management",
                "level": "entry",
                "applies_from_year": 0,
                "clause": "Impl. Reg. 2021/279",
                "unverified": False,
                "crosswalk": "member-agreements",
            },
            {
                "code": "EO-M-06",
                "text": "Run a written internal control system; a named person or body checks each member.",
                "domain": "management",
                "level": "core",
                "applies_from_year": 0,
                "clause": "Art 36(1)(g)",
                "unverified": False,
                "crosswalk": "",
            },
            {
                "code": "EO-M-07",
                "text": "Register members through a set procedure and keep the register current.",
                "domain": "management",
                "level": "core",
                "applies_from_year": 0,
                "clause": "Art 36(1)(g)(i)",
                "unverified": False,
                "crosswalk": "member-register",
            },
            {
                "code": "EO-M-08",
                "text": "Physically inspect every member at least once a year.",
                "domain": "management",
                "level": "core",
                "applies_from_year": 0,
                "clause": "Art 36(1)(g)(ii)",
                "unverified": False,
                "crosswalk": "annual-internal-inspection",
            },
            {
                "code": "EO-M-09",
                "text": "Add extra visits, based on risk, to members more likely to break the rules.",
                "domain": "management",
                "level": "core",
                "applies_from_year": 0,
                "clause": "Art 36(1)(g)(ii)",
                "unverified": False,
                "crosswalk": "risk-assessment",
            },
            {
                "code": "EO-M-10",
                "text": "Approve new members or new plots only after checking them.",
                "domain": "management",
                "level": "core",
                "applies_from_year": 0,
                "clause": "Art 36(1)(g)",
                "unverified": True,
                "crosswalk": "new-member-inspection",
            },
            {
                "code": "EO-M-11",
                "text": "Appoint an ICS manager and trained ICS inspectors who have no conflict of interest.",
                "domain": "management",
                "level": "core",
                "applies_from_year": 0,
                "clause": "Del. Reg. 2021/715",
                "unverified": True,
                "crosswalk": "trained-inspectors",
            },
            {
                "code": "EO-M-12",
                "text": "Train inspectors and members, and keep a record of each training.",
                "domain": "management",
                "level": "core",
                "applies_from_year": 0,
                "clause": "Impl. Reg. 2021/279",
                "unverified": True,
                "crosswalk": "training-records",
            },
            {
                "code": "EO-M-13",
                "text": "Keep the required ICS documents; the group has at most 2,000 members.",
                "domain": "management",
                "level": "core",
                "applies_from_year": 0,
                "clause": "Impl. Reg. 2021/279",
                "unverified": True,
                "crosswalk": "",
            },
            {
                "code": "EO-M-14",
                "text": (
                    "Keep a catalogue of measures for breaches and follow up each case; a failing control "
                    "system can cost the whole group its certificate."
                ),
                "domain": "management",
                "level": "core",
                "applies_from_year": 0,
                "clause": "Impl. Reg. 2021/279; Art 36(2)",
                "unverified": False,
                "crosswalk": "sanctions-procedure",
            },
            {
                "code": "EO-Q-01",
                "text": (
                    "Respect conversion periods: 2 years before sowing annual crops, 3 years before "
                    "harvesting perennial crops."
                ),
                "domain": "quality",
                "level": "core",
                "applies_from_year": 0,
                "clause": "Art 10; Annex II",
                "unverified": False,
                "crosswalk": "",
            },
            {
                "code": "EO-Q-02",
                "text": "Use organic seed; use non-organic seed only with an authorisation.",
                "domain": "quality",
                "level": "core",
                "applies_from_year": 0,
                "clause": "Annex II 1.8; Art 26",
                "unverified": False,
                "crosswalk": "",
            },
            {
                "code": "EO-Q-03",
                "text": (
                    "Take precautions against contamination; investigate and report any suspected non-"
                    "permitted substance."
                ),
                "domain": "quality",
                "level": "core",
                "applies_from_year": 0,
                "clause": "Arts 28-29",
                "unverified": False,
                "crosswalk": "",
            },
            {
                "code": "EO-E-01",
                "text": "Use no GMOs and no irradiation.",
                "domain": "environment",
                "level": "core",
                "applies_from_year": 0,
                "clause": "Arts 9, 11",
                "unverified": False,
                "crosswalk": "",
            },
            {
                "code": "EO-E-02",
                "text": (
                    "Use no synthetic fertilisers or pesticides; use only authorised inputs, and only when "
                    "prevention is not enough."
                ),
                "domain": "environment",
                "level": "core",
                "applies_from_year": 0,
                "clause": "Annex II",
                "unverified": False,
                "crosswalk": "pesticide-restrictions",
            },
            {
                "code": "EO-E-03",
                "text": (
                    "Keep soil fertile with rotations that include legumes, green manure and organic matter;"
                    " grow crops in the soil."
                ),
                "domain": "environment",
                "level": "core",
                "applies_from_year": 0,
                "clause": "Annex II",
                "unverified": False,
                "crosswalk": "",
            },
            {
                "code": "EO-T-01",
                "text": "Market the members' products jointly.",
                "domain": "trade",
                "level": "core",
                "applies_from_year": 0,
                "clause": "Art 36(1)(f)",
                "unverified": False,
                "crosswalk": "",
            },
            {
                "code": "EO-T-02",
                "text": "Check each member's deliveries against their estimated yield.",
                "domain": "trade",
                "level": "core",
                "applies_from_year": 0,
                "clause": "",
                "unverified": True,
                "crosswalk": "traceability-volumes",
            },
            {
                "code": "EO-T-03",
                "text": (
                    "Allow parallel production only with clearly separate units and varieties that are easy "
                    "to tell apart."
                ),
                "domain": "trade",
                "level": "core",
                "applies_from_year": 0,
                "clause": "Art 9(7)",
                "unverified": False,
                "crosswalk": "segregation",
            },
            {
                "code": "EO-T-04",
                "text": "Record inputs, production and sales; use the certificate and logo correctly.",
                "domain": "trade",
                "level": "core",
                "applies_from_year": 0,
                "clause": "Arts 32-35, 39",
                "unverified": False,
                "crosswalk": "",
            },
        ],
    },
    {
        "code": "rainforest-2020",
        "name": "Rainforest Alliance Sustainable Agriculture Standard 2020",
        "owner": "Rainforest Alliance",
        "version": "1.3",
        "kind": "improvement",
        "description": (
            "Farm requirements for certified groups: core requirements from the start, improvement level 1 "
            "by year 3, level 2 by year 6, and smart meters measured every year. Version 1.4, binding since "
            "1 October 2025, renames the levels and makes all of them mandatory."
        ),
        "requirements": [
            {
                "code": "RA-M-01",
                "text": "Group management commits to the standard and gives it enough staff and resources.",
                "domain": "management",
                "level": "entry",
                "applies_from_year": 0,
                "clause": "1.1.1",
                "unverified": False,
                "crosswalk": "legal-entity-rules",
            },
            {
                "code": "RA-M-02",
                "text": "Keep a register of all members and their farms.",
                "domain": "management",
                "level": "entry",
                "applies_from_year": 0,
                "clause": "§1.2",
                "unverified": False,
                "crosswalk": "member-register",
            },
            {
                "code": "RA-M-03",
                "text": "Sign an agreement with each member setting out what both sides commit to.",
                "domain": "management",
                "level": "entry",
                "applies_from_year": 0,
                "clause": "§1.2",
                "unverified": False,
                "crosswalk": "member-agreements",
            },
            {
                "code": "RA-M-04",
                "text": "Assess the group's management capacity at least every three years.",
                "domain": "management",
                "level": "core",
                "applies_from_year": 0,
                "clause": "1.1.1",
                "unverified": False,
                "crosswalk": "",
            },
            {
                "code": "RA-M-05",
                "text": "Follow the law or the collective agreement, whichever is stricter.",
                "domain": "management",
                "level": "core",
                "applies_from_year": 0,
                "clause": "1.2.1",
                "unverified": False,
                "crosswalk": "",
            },
            {
                "code": "RA-M-06",
                "text": "Assess the risks of not meeting the standard and keep the assessment up to date.",
                "domain": "management",
                "level": "core",
                "applies_from_year": 0,
                "clause": "§1.3",
                "unverified": False,
                "crosswalk": "risk-assessment",
            },
            {
                "code": "RA-M-07",
                "text": "Keep a management plan, including a training plan, that acts on the risks found.",
                "domain": "management",
                "level": "core",
                "applies_from_year": 0,
                "clause": "§1.3",
                "unverified": False,
                "crosswalk": "annual-plan-review",
            },
            {
                "code": "RA-M-08",
                "text": "Train internal inspectors before they inspect members.",
                "domain": "management",
                "level": "core",
                "applies_from_year": 0,
                "clause": "1.3.3",
                "unverified": False,
                "crosswalk": "trained-inspectors",
            },
            {
                "code": "RA-M-09",
                "text": "Record trainings for inspectors, members and workers: topic, date and who attended.",
                "domain": "management",
                "level": "core",
                "applies_from_year": 0,
                "clause": "1.3.3",
                "unverified": False,
                "crosswalk": "training-records",
            },
            {
                "code": "RA-M-10",
                "text": "Inspect all members every year and do a self-assessment before the external audit.",
                "domain": "management",
                "level": "core",
                "applies_from_year": 0,
                "clause": "1.4.1",
                "unverified": False,
                "crosswalk": "annual-internal-inspection",
            },
            {
                "code": "RA-M-11",
                "text": "Inspect new members before they are added to the certificate.",
                "domain": "management",
                "level": "core",
                "applies_from_year": 0,
                "clause": "",
                "unverified": True,
                "crosswalk": "new-member-inspection",
            },
            {
                "code": "RA-M-12",
                "text": "Apply a sanctions procedure to members who do not comply, and follow up each case.",
                "domain": "management",
                "level": "core",
                "applies_from_year": 0,
                "clause": "",
                "unverified": True,
                "crosswalk": "sanctions-procedure",
            },
            {
                "code": "RA-M-13",
                "text": "Keep a sustainability investment plan and records of how the money is spent.",
                "domain": "management",
                "level": "core",
                "applies_from_year": 0,
                "clause": "ch. 3",
                "unverified": False,
                "crosswalk": "",
            },
            {
                "code": "RA-M-14",
                "text": "Report the standard's indicator data; they are measured every year.",
                "domain": "management",
                "level": "improvement",
                "applies_from_year": 1,
                "clause": "1.7.1",
                "unverified": False,
                "crosswalk": "",
            },
            {
                "code": "RA-M-15",
                "text": "Raise the group's management capacity scores and services to members over time.",
                "domain": "management",
                "level": "improvement",
                "applies_from_year": 3,
                "clause": "§1.1",
                "unverified": True,
                "crosswalk": "",
            },
            {
                "code": "RA-Q-01",
                "text": "Harvest produce and handle it after harvest in a hygienic way.",
                "domain": "quality",
                "level": "core",
                "applies_from_year": 0,
                "clause": "§4.7",
                "unverified": False,
                "crosswalk": "",
            },
            {
                "code": "RA-E-01",
                "text": "Geolocate every farm: a GPS point, or a polygon for larger farms.",
                "domain": "environment",
                "level": "core",
                "applies_from_year": 0,
                "clause": "1.2.10-1.2.11",
                "unverified": False,
                "crosswalk": "",
            },
            {
                "code": "RA-E-02",
                "text": "Grow no genetically modified crops.",
                "domain": "environment",
                "level": "core",
                "applies_from_year": 0,
                "clause": "§4.3",
                "unverified": False,
                "crosswalk": "",
            },
            {
                "code": "RA-E-03",
                "text": "Assess the soil, apply fertiliser according to what it needs, and control erosion.",
                "domain": "environment",
                "level": "core",
                "applies_from_year": 0,
                "clause": "§4.4",
                "unverified": False,
                "crosswalk": "",
            },
            {
                "code": "RA-E-04",
                "text": "Have a pest management (IPM) strategy, monitor pests, and train members in it.",
                "domain": "environment",
                "level": "core",
                "applies_from_year": 0,
                "clause": "§4.5",
                "unverified": False,
                "crosswalk": "",
            },
            {
                "code": "RA-E-05",
                "text": "Cut the amount and toxicity of pesticides used; both are measured every year.",
                "domain": "environment",
                "level": "core",
                "applies_from_year": 0,
                "clause": "6.1.1-6.1.2",
                "unverified": False,
                "crosswalk": "deforestation-cutoff",
            },
            {
                "code": "RA-E-06",
                "text": "Keep vegetation along rivers, protect wildlife, and manage wastewater and waste.",
                "domain": "environment",
                "level": "core",
                "applies_from_year": 0,
                "clause": "§6.3-6.9",
                "unverified": False,
                "crosswalk": "",
            },
            {
                "code": "RA-E-07",
                "text": (
                    "Measure the quantity and toxicity of pesticides used; this is measured every year and "
                    "should go down."
                ),
                "domain": "environment",
                "level": "improvement",
                "applies_from_year": 1,
                "clause": "§4.6",
                "unverified": True,
                "crosswalk": "",
            },
            {
                "code": "RA-E-08",
                "text": "Conserve or restore natural vegetation on and around members' farms.",
                "domain": "environment",
                "level": "improvement",
                "applies_from_year": 3,
                "clause": "6.2.3-6.2.4",
                "unverified": True,
                "crosswalk": "",
            },
            {
                "code": "RA-S-01",
                "text": "Run a grievance mechanism for members, workers and communities; remedy valid cases.",
                "domain": "social",
                "level": "core",
                "applies_from_year": 0,
                "clause": "1.5",
                "unverified": False,
                "crosswalk": "grievance-complaints",
            },
            {
                "code": "RA-S-02",
                "text": "Name a person or committee for gender equality and act on gender discrimination.",
                "domain": "social",
                "level": "core",
                "applies_from_year": 0,
                "clause": "§1.6",
                "unverified": False,
                "crosswalk": "",
            },
            {
                "code": "RA-S-03",
                "text": (
                    "Set up an assess-and-address committee that watches for child labour, forced labour, "
                    "discrimination and violence, and remedies cases."
                ),
                "domain": "social",
                "level": "core",
                "applies_from_year": 0,
                "clause": "§5.1",
                "unverified": False,
                "crosswalk": "child-labour-procedure",
            },
            {
                "code": "RA-S-04",
                "text": (
                    "Respect freedom of association; pay at least the minimum wage; give workers contracts "
                    "and legal working hours."
                ),
                "domain": "social",
                "level": "core",
                "applies_from_year": 0,
                "clause": "§5.2-5.5",
                "unverified": False,
                "crosswalk": "",
            },
            {
                "code": "RA-S-05",
                "text": "Get free, prior and informed consent before using land where others hold rights.",
                "domain": "social",
                "level": "core",
                "applies_from_year": 0,
                "clause": "5.8",
                "unverified": False,
                "crosswalk": "",
            },
            {
                "code": "RA-S-06",
                "text": "Strengthen prevention and monitoring of child labour and forced labour.",
                "domain": "social",
                "level": "improvement",
                "applies_from_year": 3,
                "clause": "5.1.5-5.1.8",
                "unverified": False,
                "crosswalk": "",
            },
            {
                "code": "RA-S-07",
                "text": "Measure the gap between wages paid and a living wage, and narrow it.",
                "domain": "social",
                "level": "improvement",
                "applies_from_year": 6,
                "clause": "5.4.1",
                "unverified": False,
                "crosswalk": "",
            },
            {
                "code": "RA-H-01",
                "text": (
                    "Use no banned pesticides; only trained applicators with protective equipment spray; "
                    "store pesticides safely; keep buffers."
                ),
                "domain": "health_safety",
                "level": "core",
                "applies_from_year": 0,
                "clause": "§4.6",
                "unverified": False,
                "crosswalk": "pesticide-restrictions",
            },
            {
                "code": "RA-H-02",
                "text": (
                    "Provide first aid, protective equipment and drinking water; no hazardous work for "
                    "pregnant or young workers."
                ),
                "domain": "health_safety",
                "level": "core",
                "applies_from_year": 0,
                "clause": "§5.6",
                "unverified": False,
                "crosswalk": "",
            },
            {
                "code": "RA-T-01",
                "text": (
                    "Record purchases and sales per member; certified volume bought never exceeds the "
                    "member's estimated yield."
                ),
                "domain": "trade",
                "level": "core",
                "applies_from_year": 0,
                "clause": "§2.1",
                "unverified": False,
                "crosswalk": "traceability-volumes",
            },
            {
                "code": "RA-T-02",
                "text": (
                    "Report transactions on the certification platform and follow the segregation and mass-"
                    "balance rules."
                ),
                "domain": "trade",
                "level": "core",
                "applies_from_year": 0,
                "clause": "§2.2-2.3",
                "unverified": False,
                "crosswalk": "segregation",
            },
            {
                "code": "RA-T-03",
                "text": "Pass the sustainability differential paid by buyers in full to members.",
                "domain": "trade",
                "level": "core",
                "applies_from_year": 0,
                "clause": "ch. 3",
                "unverified": False,
                "crosswalk": "premium-use",
            },
        ],
    },
    {
        "code": "globalgap-ifa-opt2",
        "name": "GLOBALG.A.P. IFA option 2 (producer group)",
        "owner": "GLOBALG.A.P.",
        "version": "IFA v5.2",
        "kind": "minimum_requirements",
        "description": (
            "Group certification of good agricultural practice, here for fruit and vegetables. The group "
            "must meet all quality-management points, all major musts and 95% of minor musts; "
            "recommendations are optional. IFA v6 Smart has been obligatory since 1 January 2024; clause "
            "numbers here are from version 5."
        ),
        "requirements": [
            {
                "code": "GG-M-01",
                "text": "The group is a legal entity able to sign contracts with its members.",
                "domain": "management",
                "level": "entry",
                "applies_from_year": 0,
                "clause": "GR II §1.1",
                "unverified": False,
                "crosswalk": "legal-entity-rules",
            },
            {
                "code": "GG-M-02",
                "text": "Sign a written agreement with each member.",
                "domain": "management",
                "level": "entry",
                "applies_from_year": 0,
                "clause": "GR II §1.2",
                "unverified": False,
                "crosswalk": "member-agreements",
            },
            {
                "code": "GG-M-03",
                "text": "Keep a register of members and their production sites, showing each one's status.",
                "domain": "management",
                "level": "entry",
                "applies_from_year": 0,
                "clause": "GR II §1.3",
                "unverified": False,
                "crosswalk": "member-register",
            },
            {
                "code": "GG-M-04",
                "text": (
                    "Set up a clear structure with trained staff, a qualified internal auditor and qualified"
                    " internal inspectors."
                ),
                "domain": "management",
                "level": "core",
                "applies_from_year": 0,
                "clause": "GR II §2; Annex II.1",
                "unverified": False,
                "crosswalk": "trained-inspectors",
            },
            {
                "code": "GG-M-05",
                "text": "Internal inspectors never inspect their own farms.",
                "domain": "management",
                "level": "core",
                "applies_from_year": 0,
                "clause": "Annex II.1",
                "unverified": True,
                "crosswalk": "",
            },
            {
                "code": "GG-M-06",
                "text": "Keep a quality manual and control documents so only current versions are used.",
                "domain": "management",
                "level": "core",
                "applies_from_year": 0,
                "clause": "GR II §3",
                "unverified": False,
                "crosswalk": "",
            },
            {
                "code": "GG-M-07",
                "text": "Handle complaints about the group or its products; record each and its outcome.",
                "domain": "management",
                "level": "core",
                "applies_from_year": 0,
                "clause": "§1.4 (v4)",
                "unverified": False,
                "crosswalk": "grievance-complaints",
            },
            {
                "code": "GG-M-08",
                "text": "Audit the group's quality management system internally at least once a year.",
                "domain": "management",
                "level": "core",
                "applies_from_year": 0,
                "clause": "QMS internal audit",
                "unverified": False,
                "crosswalk": "annual-plan-review",
            },
            {
                "code": "GG-M-09",
                "text": "Inspect every member and site each year, and correct what the inspection finds.",
                "domain": "management",
                "level": "core",
                "applies_from_year": 0,
                "clause": "QMS; AF 2.2-2.3",
                "unverified": False,
                "crosswalk": "annual-internal-inspection",
            },
            {
                "code": "GG-M-10",
                "text": "Record non-conformities, agree corrective actions, and apply written sanctions.",
                "domain": "management",
                "level": "core",
                "applies_from_year": 0,
                "clause": "§1.7 (v4)",
                "unverified": False,
                "crosswalk": "sanctions-procedure",
            },
            {
                "code": "GG-M-11",
                "text": "Keep control over subcontractors working for the group or its members.",
                "domain": "management",
                "level": "core",
                "applies_from_year": 0,
                "clause": "§1.10 (v4)",
                "unverified": False,
                "crosswalk": "",
            },
            {
                "code": "GG-M-12",
                "text": "Register, inspect and approve new members and sites before they are certified.",
                "domain": "management",
                "level": "core",
                "applies_from_year": 0,
                "clause": "§1.11 (v4)",
                "unverified": False,
                "crosswalk": "new-member-inspection",
            },
            {
                "code": "GG-M-13",
                "text": "Keep training records for staff, inspectors and members.",
                "domain": "management",
                "level": "core",
                "applies_from_year": 0,
                "clause": "GR II §2.2",
                "unverified": False,
                "crosswalk": "training-records",
            },
            {
                "code": "GG-Q-01",
                "text": "Test the product withdrawal procedure at least once a year.",
                "domain": "quality",
                "level": "core",
                "applies_from_year": 0,
                "clause": "IFA v6 QMS checklist",
                "unverified": False,
                "crosswalk": "",
            },
            {
                "code": "GG-Q-02",
                "text": "Inspect every central packhouse internally each year.",
                "domain": "quality",
                "level": "core",
                "applies_from_year": 0,
                "clause": "QMS checklist v5.2",
                "unverified": False,
                "crosswalk": "",
            },
            {
                "code": "GG-Q-03",
                "text": "Have a written food-safety policy.",
                "domain": "quality",
                "level": "core",
                "applies_from_year": 0,
                "clause": "AF 15",
                "unverified": True,
                "crosswalk": "",
            },
            {
                "code": "GG-Q-04",
                "text": (
                    "Use only pesticides registered for the crop, on competent advice; record every spray "
                    "and respect pre-harvest intervals."
                ),
                "domain": "quality",
                "level": "core",
                "applies_from_year": 0,
                "clause": "CB 7.1-7.4",
                "unverified": True,
                "crosswalk": "pesticide-restrictions",
            },
            {
                "code": "GG-Q-05",
                "text": (
                    "Know the buyers' residue limits, test residues at an accredited lab based on risk, and "
                    "act if a limit is exceeded."
                ),
                "domain": "quality",
                "level": "core",
                "applies_from_year": 0,
                "clause": "CB 7.6",
                "unverified": True,
                "crosswalk": "",
            },
            {
                "code": "GG-E-01",
                "text": "Assess a new site's risks (food safety, environment, health) before farming it.",
                "domain": "environment",
                "level": "core",
                "applies_from_year": 0,
                "clause": "AF 1.2",
                "unverified": True,
                "crosswalk": "risk-assessment",
            },
            {
                "code": "GG-E-02",
                "text": "Base fertiliser use on advice, record it, store it safely; never use sewage sludge.",
                "domain": "environment",
                "level": "core",
                "applies_from_year": 0,
                "clause": "CB 4",
                "unverified": True,
                "crosswalk": "",
            },
            {
                "code": "GG-E-03",
                "text": "Plan irrigation, use a legal water source, and assess and test water quality.",
                "domain": "environment",
                "level": "core",
                "applies_from_year": 0,
                "clause": "CB 5; FV 4-5",
                "unverified": True,
                "crosswalk": "",
            },
            {
                "code": "GG-E-04",
                "text": "Use integrated pest management: prevent first, monitor, then intervene.",
                "domain": "environment",
                "level": "core",
                "applies_from_year": 0,
                "clause": "CB 6",
                "unverified": True,
                "crosswalk": "",
            },
            {
                "code": "GG-E-05",
                "text": "Manage farm waste properly and keep a conservation plan for the farm.",
                "domain": "environment",
                "level": "core",
                "applies_from_year": 0,
                "clause": "AF 6-7",
                "unverified": False,
                "crosswalk": "",
            },
            {
                "code": "GG-E-06",
                "text": (
                    "Do not farm land cleared of natural forest or other natural habitat after the "
                    "standard's cut-off date."
                ),
                "domain": "environment",
                "level": "core",
                "applies_from_year": 0,
                "clause": "",
                "unverified": True,
                "crosswalk": "deforestation-cutoff",
            },
            {
                "code": "GG-E-07",
                "text": "Track the farm's energy use and look for ways to use less.",
                "domain": "environment",
                "level": "improvement",
                "applies_from_year": 1,
                "clause": "AF 6-7",
                "unverified": False,
                "crosswalk": "",
            },
            {
                "code": "GG-H-01",
                "text": (
                    "Assess hygiene risks, train workers in hygiene, and provide toilets and hand-washing "
                    "near the field."
                ),
                "domain": "health_safety",
                "level": "core",
                "applies_from_year": 0,
                "clause": "AF 3; FV 5",
                "unverified": True,
                "crosswalk": "",
            },
            {
                "code": "GG-H-02",
                "text": "Assess worker health and safety risks, train workers, and keep first aid at hand.",
                "domain": "health_safety",
                "level": "core",
                "applies_from_year": 0,
                "clause": "AF 4",
                "unverified": True,
                "crosswalk": "",
            },
            {
                "code": "GG-H-03",
                "text": "Only competent people handle pesticides, wearing the protection the label asks for.",
                "domain": "health_safety",
                "level": "core",
                "applies_from_year": 0,
                "clause": "AF 4",
                "unverified": True,
                "crosswalk": "",
            },
            {
                "code": "GG-H-04",
                "text": "Store pesticides safely; dispose safely of leftover mix, empty and old containers.",
                "domain": "health_safety",
                "level": "core",
                "applies_from_year": 0,
                "clause": "CB 7.5-7.9",
                "unverified": True,
                "crosswalk": "",
            },
            {
                "code": "GG-T-01",
                "text": (
                    "Keep certified product traceable to the member and site it came from, with records of "
                    "volumes bought and sold."
                ),
                "domain": "trade",
                "level": "core",
                "applies_from_year": 0,
                "clause": "§1.8 (v4)",
                "unverified": False,
                "crosswalk": "traceability-volumes",
            },
            {
                "code": "GG-T-02",
                "text": (
                    "Where members grow the same crop both certified and not, keep the two apart and clearly"
                    " identified."
                ),
                "domain": "trade",
                "level": "core",
                "applies_from_year": 0,
                "clause": "AF 13",
                "unverified": True,
                "crosswalk": "segregation",
            },
            {
                "code": "GG-T-03",
                "text": "Keep a mass balance: certified volume sold never exceeds volume produced or bought.",
                "domain": "trade",
                "level": "core",
                "applies_from_year": 0,
                "clause": "CB 1; AF 14",
                "unverified": True,
                "crosswalk": "",
            },
        ],
    },
]
