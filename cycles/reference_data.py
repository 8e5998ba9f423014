"""The five inner-cycle phases and their default criteria, as shipped with every install.

A data migration loads them; coordinators then edit them in the application. Computed criteria name an
evaluation function (`evaluator`) registered in `cycles.gates`, and keep its parameters here. Criteria about
inspections, trainings, non-conformities and audits are answered by hand until the improvement records exist
to compute them from.
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
            _manual(
                "inspectors-trained",
                "An ICS manager and internal inspectors are appointed and trained.",
                "Appointment letters of the ICS manager and inspectors; attendance lists of their training.",
            ),
            _manual(
                "members-trained",
                "Members are trained on the internal standard.",
                "Attendance lists of the trainings on the internal standard (at least 80% of members).",
            ),
            _manual(
                "first-inspection-round",
                "A first round of internal inspections covers every member.",
                "The inspection forms of the round and the list of members inspected against the register.",
            ),
            _manual(
                "nonconformities-have-actions",
                "Every non-conformity found has a corrective action.",
                "The register of non-conformities, each with its corrective action, owner and due date.",
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
            _manual(
                "external-audit-done",
                "The certification body has audited the group.",
                "The certification body's audit report.",
            ),
            _manual(
                "findings-recorded",
                "The audit's findings are recorded as non-conformities.",
                "The audit report, its findings entered in the register of non-conformities.",
            ),
            _manual(
                "major-nonconformities-closed",
                "Major and critical non-conformities are closed in time.",
                "The certification body's confirmation that major and critical findings are closed.",
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
            _manual(
                "inspection-round",
                "Every member was inspected internally this year.",
                "The inspection forms of the round and the list of members inspected against the register.",
            ),
            _manual(
                "external-audit",
                "The external audit of the year is done.",
                "The audit report of the last 12 months.",
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
