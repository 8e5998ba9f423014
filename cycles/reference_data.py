"""The five inner-cycle phases and their default criteria, as shipped with every install.

A data migration loads them; coordinators then edit them in the application. Computed criteria name an
evaluation function (`evaluator`) registered in `cycles.gates`, and keep its parameters here: the improvement
records (register, inspections, trainings, non-conformities, audits, certificates) answer them.
"""

from typing import Any, Final, TypedDict


class CriterionData(TypedDict):
    code: str
    text: str
    guidance: str
    kind: str  # "manual" or "computed"
    evaluator: str
    parameters: dict[str, Any]
    mandatory: bool


class PhaseData(TypedDict):
    code: str
    order: int
    name: str
    description: str
    stuck_after_days: int
    criteria: list[CriterionData]


def _manual(code: str, text: str, guidance: str, *, mandatory: bool = True) -> CriterionData:
    return {
        "code": code,
        "text": text,
        "guidance": guidance,
        "kind": "manual",
        "evaluator": "",
        "parameters": {},
        "mandatory": mandatory,
    }


def _computed(code: str, text: str, guidance: str, evaluator: str, **parameters: Any) -> CriterionData:
    return {
        "code": code,
        "text": text,
        "guidance": guidance,
        "kind": "computed",
        "evaluator": evaluator,
        "parameters": parameters,
        "mandatory": True,
    }


PHASES: Final[list[PhaseData]] = [
    {
        "code": "preconditions",
        "order": 1,
        "name": "Preconditions",
        "description": "Is the group ready to start? The pilots showed that a group that starts without these "
        "fails later, so this gate is real.",
        "stuck_after_days": 180,
        "criteria": [
            _manual(
                "governed-organisation",
                "The group is governed: registered or registering, with elected leaders and a members' meeting "
                "in the last 12 months.",
                "Registration certificate or application; minutes of the last members' meeting with the "
                "election of the leaders.",
            ),
            _manual(
                "members-committed",
                "Members have agreed to work towards certification together.",
                "A resolution of the members' meeting, or signed commitments from most members.",
            ),
            _manual(
                "buyer-interested",
                "A buyer has said in writing that it wants the group's certified produce.",
                "A letter of intent, a memorandum of understanding or a draft contract.",
            ),
            _computed(
                "support-assigned",
                "A field officer or trainer is assigned to the group.",
                "Read from the field officers' portfolios.",
                "field_officer_assigned",
            ),
            _manual(
                "cost-covered",
                "The cost of certification is covered or shared (group, buyer, funder).",
                "A budget with the share each party pays, or a funder's commitment.",
            ),
            _computed(
                "basic-member-list",
                "A basic member list exists.",
                "At least the given number of members in the register.",
                "member_count_at_least",
                minimum=10,
            ),
        ],
    },
    {
        "code": "planning-1",
        "order": 2,
        "name": "Planning phase 1: baseline and choice",
        "description": "The group chooses the standard(s) to aim for with its buyer, completes its register "
        "and measures where it starts.",
        "stuck_after_days": 270,
        "criteria": [
            _computed(
                "standards-chosen",
                "The standard(s) to aim for are chosen with the buyer.",
                "At least one chosen standard recorded for the group.",
                "standards_chosen",
                minimum=1,
            ),
            _computed(
                "register-complete",
                "The member register is complete: identity, gender, year of birth, plots and area for every member.",
                "Share of active members whose register entry is complete.",
                "register_complete",
                share=1.0,
            ),
            _manual(
                "baseline-self-assessment",
                "A baseline self-assessment against the entry requirements of the chosen standards shows the gaps.",
                "The completed self-assessment with the list of gaps.",
            ),
            _manual(
                "risk-assessment",
                "A risk assessment is done.",
                "The risk assessment: which members, plots and practices carry most risk of non-compliance.",
            ),
            _manual(
                "baseline-indicators",
                "Baseline indicators are measured: yield, income and quality.",
                "The baseline survey or the production records it is based on.",
            ),
        ],
    },
    {
        "code": "planning-2",
        "order": 3,
        "name": "Planning phase 2: building the system",
        "description": "The group builds its internal control system and runs it once over every member.",
        "stuck_after_days": 365,
        "criteria": [
            _manual(
                "improvement-plan-adopted",
                "The members adopted an improvement plan: actions linked to the gaps, with owners and deadlines.",
                "The plan and the minutes of the meeting that adopted it.",
            ),
            _manual(
                "internal-rules-adopted",
                "The group adopted its internal rules (internal standard, sanctions catalogue).",
                "The internal standard in the local language and the minutes of its adoption.",
            ),
            _computed(
                "inspectors-trained",
                "An ICS manager and internal inspectors are appointed and trained.",
                "Active internal inspectors with a training on record; at least two.",
                "trained_inspectors",
                minimum=2,
            ),
            _computed(
                "members-trained",
                "Members are trained on the internal standard.",
                "Share of members (not counting those who left) who attended a training of the group.",
                "training_coverage",
                share=0.8,
            ),
            _computed(
                "first-inspection-round",
                "A first round of internal inspections covers every member.",
                "Share of members due who were inspected in this year's round.",
                "inspection_coverage",
                share=1.0,
            ),
            _computed(
                "nonconformities-have-actions",
                "Every non-conformity found has a corrective action.",
                "Open non-conformities without a corrective action.",
                "nonconformities_without_action",
                maximum=0,
            ),
            _computed(
                "approved-member-list",
                "An approved member list exists.",
                "Members whose status is approved after inspection.",
                "approved_member_list",
                minimum=1,
            ),
        ],
    },
    {
        "code": "initial-certificate",
        "order": 4,
        "name": "Initial certificate",
        "description": "A certification body audits the group; the findings are corrected; a certificate is issued.",
        "stuck_after_days": 365,
        "criteria": [
            _manual(
                "certification-body-contracted",
                "A certification body is contracted.",
                "The signed contract or the confirmed audit date.",
            ),
            _computed(
                "external-audit-done",
                "The certification body has audited the group.",
                "An external audit recorded in the last 12 months.",
                "external_audit_done",
                within_days=365,
            ),
            _manual(
                "findings-recorded",
                "The audit's findings are recorded as non-conformities.",
                "The audit report, its findings entered in the register of non-conformities.",
            ),
            _computed(
                "major-nonconformities-closed",
                "Major and critical non-conformities are closed in time.",
                "Major and critical non-conformities not yet closed.",
                "open_major_nonconformities",
                maximum=0,
            ),
            _computed(
                "certificate-issued",
                "A certificate is issued: standard, scope, valid from and to.",
                "A valid certificate on record.",
                "valid_certificate",
            ),
        ],
    },
    {
        "code": "autonomous",
        "order": 5,
        "name": "Autonomous management and continual improvement",
        "description": "A yearly loop that the group runs itself: management review, updated plan, internal "
        "inspection of every member, external audit, renewal.",
        "stuck_after_days": 400,
        "criteria": [
            _manual(
                "management-review",
                "This year's management review is held and minuted.",
                "The minutes of the review: results, non-conformities, complaints, next year's priorities.",
            ),
            _manual(
                "plan-updated",
                "The improvement plan is updated for the coming year.",
                "The updated plan, with the improvement requirements that fall due.",
            ),
            _computed(
                "inspection-round",
                "Every member was inspected internally this year.",
                "Share of members due who were inspected in this year's round.",
                "inspection_coverage",
                share=1.0,
            ),
            _computed(
                "external-audit",
                "The external audit of the year is done.",
                "An external audit recorded in the last 12 months.",
                "external_audit_done",
                within_days=365,
            ),
            _computed(
                "certificate-valid",
                "The certificate is valid or renewed.",
                "A valid certificate on record.",
                "valid_certificate",
            ),
            _manual(
                "services-requested",
                "Support services are requested by the group rather than pushed at it.",
                "Requests for services made by the group this year.",
                mandatory=False,
            ),
        ],
    },
]


class SanctionTypeData(TypedDict):
    code: str
    name: str
    description: str
    order: int
    member_status: str


# The catalogue of measures for non-compliance that the standards ask a group to keep (IFOAM ICS; EU 2021/279).
SANCTION_TYPES: Final[list[SanctionTypeData]] = [
    {
        "code": "warning",
        "name": "Warning",
        "description": "A written warning with a corrective action and a date by which it is checked.",
        "order": 1,
        "member_status": "sanctioned",
    },
    {
        "code": "suspension",
        "name": "Suspension",
        "description": "The member's produce is not sold as certified until a re-inspection finds it corrected.",
        "order": 2,
        "member_status": "suspended",
    },
    {
        "code": "exclusion",
        "name": "Exclusion",
        "description": "The member leaves the certified group, for a serious or repeated breach (e.g. a prohibited "
        "pesticide, produce bought in from outside).",
        "order": 3,
        "member_status": "left",
    },
]


class VerificationRuleData(TypedDict):
    severity: str
    not_by_implementer: bool
    not_by_finder: bool
    by_ics_manager: bool
    by_internal_inspector: bool
    by_field_officer: bool
    by_coordinator: bool


# Who verifies a correction (IFOAM ICS; EU 2021/715: the ICS manager and its inspectors control the members). Never
# the one who reported the actions done; a major or critical finding also not by the one who recorded it, so that
# no single person finds, fixes and closes it. Field officers and coordinators support the group from outside its
# internal control system: a coordinator may let them verify where a group has nobody else.
VERIFICATION_RULES: Final[list[VerificationRuleData]] = [
    {
        "severity": severity,
        "not_by_implementer": True,
        "not_by_finder": severity != "minor",
        "by_ics_manager": True,
        "by_internal_inspector": True,
        "by_field_officer": False,
        "by_coordinator": False,
    }
    for severity in ("minor", "major", "critical")
]


class IndicatorData(TypedDict):
    code: str
    name: str
    unit: str
    description: str
    computation: str
    higher_is_better: bool
    order: int


INDICATORS: Final[list[IndicatorData]] = [
    {
        "code": "inspection-coverage",
        "name": "Internal inspection coverage",
        "unit": "%",
        "description": "Members inspected in the year's round, of the members due (all who have not left).",
        "computation": "inspection_coverage",
        "higher_is_better": True,
        "order": 1,
    },
    {
        "code": "nc-closure-rate",
        "name": "Non-conformity closure rate",
        "unit": "%",
        "description": "Non-conformities found in the period that are verified and closed.",
        "computation": "nc_closure_rate",
        "higher_is_better": True,
        "order": 2,
    },
    {
        "code": "nc-days-to-close",
        "name": "Median days to close a non-conformity",
        "unit": "days",
        "description": "From finding to verified closure, for the non-conformities closed in the period.",
        "computation": "nc_median_days_to_close",
        "higher_is_better": False,
        "order": 3,
    },
    {
        "code": "training-coverage",
        "name": "Training coverage",
        "unit": "%",
        "description": "Members who attended at least one training in the period, of the members who have not left.",
        "computation": "training_coverage",
        "higher_is_better": True,
        "order": 4,
    },
    {
        "code": "income-per-member",
        "name": "Income per member",
        "unit": "local currency",
        "description": "Average income from the crop per member with a production record in the season.",
        "computation": "income_per_member",
        "higher_is_better": True,
        "order": 5,
    },
    {
        "code": "income-variation",
        "name": "Income variation across seasons",
        "unit": "%",
        "description": "Coefficient of variation of the group's income per member over the last seasons: lower "
        "is more stable.",
        "computation": "income_variation",
        "higher_is_better": False,
        "order": 6,
    },
    {
        "code": "yield-per-hectare",
        "name": "Yield per hectare",
        "unit": "kg/ha",
        "description": "Harvested volume divided by the members' plot area.",
        "computation": "yield_per_hectare",
        "higher_is_better": True,
        "order": 7,
    },
    {
        "code": "certified-share-sold",
        "name": "Share of certified volume sold as certified",
        "unit": "%",
        "description": "Volume sold as certified, of the certified supply (the harvest of members in a certified "
        "group).",
        "computation": "certified_share_sold",
        "higher_is_better": True,
        "order": 8,
    },
    {
        "code": "top-grade-share",
        "name": "Share of top quality grade",
        "unit": "%",
        "description": "Entered from the buyer's grading reports.",
        "computation": "",
        "higher_is_better": True,
        "order": 9,
    },
    {
        "code": "certification-cost-per-member",
        "name": "Certification cost per member",
        "unit": "local currency",
        "description": "Audit and certification fees of the year divided by the approved members.",
        "computation": "",
        "higher_is_better": False,
        "order": 10,
    },
]


class ServiceTypeData(TypedDict):
    code: str
    name: str
    description: str
    order: int


SERVICE_TYPES: Final[list[ServiceTypeData]] = [
    {
        "code": "training",
        "name": "Training",
        "description": "Training of members, ICS staff or inspectors.",
        "order": 1,
    },
    {
        "code": "ics-coaching",
        "name": "ICS coaching",
        "description": "Coaching the group in running its internal control system.",
        "order": 2,
    },
    {
        "code": "standards-information",
        "name": "Information on standards",
        "description": "Explaining the standards, their requirements and a gap analysis against them.",
        "order": 3,
    },
    {
        "code": "audit-certification",
        "name": "Audit and certification",
        "description": "An external audit and the certification decision.",
        "order": 4,
    },
    {
        "code": "prefinance-credit",
        "name": "Pre-finance or credit",
        "description": "Money advanced against the harvest, or a loan.",
        "order": 5,
    },
    {
        "code": "market-linkage",
        "name": "Market linkage or purchase contract",
        "description": "A buyer's commitment or contract to buy the group's certified produce.",
        "order": 6,
    },
    {
        "code": "certification-subsidy",
        "name": "Certification-cost subsidy",
        "description": "A contribution to the cost of audits and certification.",
        "order": 7,
    },
    {"code": "inputs", "name": "Inputs", "description": "Seed, seedlings, tools or authorised inputs.", "order": 8},
]


class InteractionPointData(TypedDict):
    phase: str
    service_type: str
    provider_interest_group: str
    description: str


# Which services a group is expected to receive in which phase (DOMAIN.md, "Interaction points").
INTERACTION_POINTS: Final[list[InteractionPointData]] = [
    {
        "phase": "preconditions",
        "service_type": "market-linkage",
        "provider_interest_group": "buyer",
        "description": "A buyer commits to take the group's certified produce.",
    },
    {
        "phase": "preconditions",
        "service_type": "certification-subsidy",
        "provider_interest_group": "civil_society",
        "description": "The cost of certification is covered or shared.",
    },
    {
        "phase": "planning-1",
        "service_type": "standards-information",
        "provider_interest_group": "quality_professional",
        "description": "A trainer's gap analysis against the chosen standards.",
    },
    {
        "phase": "planning-2",
        "service_type": "ics-coaching",
        "provider_interest_group": "quality_professional",
        "description": "Coaching while the group builds its internal control system.",
    },
    {
        "phase": "planning-2",
        "service_type": "training",
        "provider_interest_group": "quality_professional",
        "description": "Training of the ICS staff, inspectors and members.",
    },
    {
        "phase": "initial-certificate",
        "service_type": "audit-certification",
        "provider_interest_group": "quality_professional",
        "description": "The initial audit by a certification body.",
    },
    {
        "phase": "autonomous",
        "service_type": "market-linkage",
        "provider_interest_group": "buyer",
        "description": "Purchase contracts for the certified produce.",
    },
    {
        "phase": "autonomous",
        "service_type": "audit-certification",
        "provider_interest_group": "quality_professional",
        "description": "The yearly surveillance or renewal audit.",
    },
]
