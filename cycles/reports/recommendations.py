"""Recommendations of the coordination report: explicit, named rules over its findings.

Each rule reads the findings (the dict made by `cycles.reports.coordination.coordination_findings`), decides whether
it fires, and addresses what should happen to one of the four interest groups, naming the groups concerned. A rule
that does not fire says nothing. The thresholds are here, in the open, so a coordinator can read why a
recommendation was made; the tests prove each rule both ways.
"""

from collections.abc import Callable
from dataclasses import asdict, dataclass, field
from typing import Any

from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from producers.models.organisations import InterestGroup

# Stuck in planning phase 2 with fewer members inspected than this in the last 12 months: the ICS needs coaching.
COVERAGE_BELOW = 0.8
# Less of the certified harvest sold as certified than this: buyers are not taking the certified supply.
CERTIFIED_SHARE_BELOW = 0.6
# Income per member varying more than this across seasons (coefficient of variation): income is not stable.
INCOME_CV_ABOVE = 0.3
# A requirement failed in at least this many groups is a common training need, not one group's problem.
TRAINING_NEED_GROUPS = 3
# Names quoted in one recommendation; the rest are counted.
NAMES_IN_TEXT = 8


@dataclass(frozen=True)
class Recommendation:
    rule: str
    audience: str  # an InterestGroup value
    text: str
    subjects: list[str] = field(default_factory=list)


Findings = dict[str, Any]
Rule = Callable[[Findings], list[Recommendation]]
RULES: dict[str, Rule] = {}


def rule(name: str) -> Callable[[Rule], Rule]:
    def register(function: Rule) -> Rule:
        RULES[name] = function
        return function

    return register


def in_sentence(label: str) -> str:
    """A name in the middle of a sentence: "Pre-finance or credit" becomes "pre-finance or credit", while an
    initialism such as "ICS coaching" or "EU Organic" keeps its capitals."""
    first = label.split(" ", 1)[0]
    if len(first) > 1 and first.isupper():
        return label
    return label[:1].lower() + label[1:]


def names(items: list[str]) -> str:
    """'A, B and C', or 'A, B, … and 12 more' past NAMES_IN_TEXT."""
    if len(items) > NAMES_IN_TEXT:
        shown = ", ".join(items[:NAMES_IN_TEXT])
        return _("%(names)s and %(count)d more") % {"names": shown, "count": len(items) - NAMES_IN_TEXT}
    if len(items) <= 1:
        return "".join(items)
    return _("%(names)s and %(last)s") % {"names": ", ".join(items[:-1]), "last": items[-1]}


def percent(share: float) -> str:
    return f"{round(share * 100)} %"


def _missing(findings: Findings, phase: str, service_type: str) -> dict[str, Any] | None:
    for item in findings.get("missing_services", []):
        if item["phase"] == phase and item["service_type"] == service_type and item["count"]:
            return item
    return None


# --- Producer groups -----------------------------------------------------------------------------------------------


@rule("stuck_groups_review_gate")
def stuck_groups_review_gate(findings: Findings) -> list[Recommendation]:
    """Groups stuck in a phase: each reviews its open criteria with its field officer."""
    by_phase: dict[str, list[str]] = {}
    for group in findings.get("stuck", {}).get("groups", []):
        by_phase.setdefault(group["phase_name"], []).append(group["name"])
    return [
        Recommendation(
            rule="stuck_groups_review_gate",
            audience=InterestGroup.PRODUCER_GROUP,
            text=_(
                "%(groups)s: longer in “%(phase)s” than expected. Go through the open criteria of the phase with "
                "your field officer and agree who does what by when."
            )
            % {"groups": names(groups), "phase": phase},
            subjects=groups,
        )
        for phase, groups in by_phase.items()
    ]


@rule("autonomous_groups_request_services")
def autonomous_groups_request_services(findings: Findings) -> list[Recommendation]:
    """Autonomous groups ask for their services themselves: a missing contract or audit is theirs to request."""
    result = []
    for item in findings.get("missing_services", []):
        if item["phase"] == "autonomous" and item["count"]:
            result.append(
                Recommendation(
                    rule="autonomous_groups_request_services",
                    audience=InterestGroup.PRODUCER_GROUP,
                    text=_("%(groups)s: no %(service)s since reaching autonomous management; request it from %(from)s.")
                    % {
                        "groups": names(item["groups"]),
                        "service": in_sentence(item["service_name"]),
                        "from": in_sentence(item["expected_from_label"]) or _("your partners"),
                    },
                    subjects=item["groups"],
                )
            )
    return result


# --- Buyers --------------------------------------------------------------------------------------------------------


@rule("buyer_commitment_at_preconditions")
def buyer_commitment_at_preconditions(findings: Findings) -> list[Recommendation]:
    """Groups in preconditions without a buyer's commitment cannot start: the pilots showed they fail later."""
    item = _missing(findings, "preconditions", "market-linkage")
    if item is None:
        return []
    return [
        Recommendation(
            rule="buyer_commitment_at_preconditions",
            audience=InterestGroup.BUYER,
            text=ngettext(
                "%(count)d group in preconditions has no buyer's commitment: %(groups)s. A letter of intent to buy "
                "its certified produce lets it start.",
                "%(count)d groups in preconditions have no buyer's commitment: %(groups)s. A letter of intent to buy "
                "their certified produce lets them start.",
                item["count"],
            )
            % {"count": item["count"], "groups": names(item["groups"])},
            subjects=item["groups"],
        )
    ]


@rule("certified_share_sold_low")
def certified_share_sold_low(findings: Findings) -> list[Recommendation]:
    """Buyers take too little of the certified supply as certified: the premium that pays for certification is lost."""
    result = []
    for row in findings.get("certified_supply", []):
        share = row.get("share")
        if share is not None and share < CERTIFIED_SHARE_BELOW and row["supply_kg"]:
            result.append(
                Recommendation(
                    rule="certified_share_sold_low",
                    audience=InterestGroup.BUYER,
                    text=ngettext(
                        "Only %(share)s of the certified %(commodity)s harvest (%(supply)s kg from %(groups)d "
                        "certified group) was sold as certified, below %(threshold)s: buy more of it as certified, "
                        "or agree volumes before the season.",
                        "Only %(share)s of the certified %(commodity)s harvest (%(supply)s kg from %(groups)d "
                        "certified groups) was sold as certified, below %(threshold)s: buy more of it as certified, "
                        "or agree volumes before the season.",
                        row["certified_groups"],
                    )
                    % {
                        "share": percent(share),
                        "commodity": in_sentence(row["label"]),
                        "supply": f"{round(row['supply_kg']):,}",
                        "groups": row["certified_groups"],
                        "threshold": percent(CERTIFIED_SHARE_BELOW),
                    },
                    subjects=[row["label"]],
                )
            )
    return result


# --- Quality professionals -----------------------------------------------------------------------------------------


@rule("ics_coaching_for_stuck_planning_2")
def ics_coaching_for_stuck_planning_2(findings: Findings) -> list[Recommendation]:
    """Stuck while building the system and not inspecting its members: the ICS itself needs coaching."""
    groups = [
        group
        for group in findings.get("stuck", {}).get("groups", [])
        if group["phase"] == "planning-2" and (group["coverage"] or 0) < COVERAGE_BELOW
    ]
    if not groups:
        return []
    labels = [f"{group['name']} ({percent(group['coverage'] or 0)})" for group in groups]
    return [
        Recommendation(
            rule="ics_coaching_for_stuck_planning_2",
            audience=InterestGroup.QUALITY_PROFESSIONAL,
            text=_(
                "ICS coaching for %(groups)s: stuck in planning phase 2 with less than %(threshold)s of their members "
                "inspected in the last 12 months."
            )
            % {"groups": names(labels), "threshold": percent(COVERAGE_BELOW)},
            subjects=[group["name"] for group in groups],
        )
    ]


@rule("gap_analysis_in_planning_1")
def gap_analysis_in_planning_1(findings: Findings) -> list[Recommendation]:
    """Planning phase 1 without a trainer's gap analysis: the group does not know what to improve."""
    item = _missing(findings, "planning-1", "standards-information")
    if item is None:
        return []
    return [
        Recommendation(
            rule="gap_analysis_in_planning_1",
            audience=InterestGroup.QUALITY_PROFESSIONAL,
            text=_("A gap analysis against the chosen standards for %(groups)s: none since they entered planning 1.")
            % {"groups": names(item["groups"])},
            subjects=item["groups"],
        )
    ]


@rule("training_for_common_failures")
def training_for_common_failures(findings: Findings) -> list[Recommendation]:
    """A requirement failed across many groups is a training need for the trainers, region by region."""
    failed = findings.get("failed_requirements", {})
    regions: dict[str, list[str]] = {}
    for row in failed.get("by_region", []):
        regions.setdefault(row["requirement"], []).append(row["region"])
    result = []
    for row in failed.get("top", []):
        if row["groups"] < TRAINING_NEED_GROUPS:
            continue
        where = sorted(set(regions.get(row["requirement"], [])))
        result.append(
            Recommendation(
                rule="training_for_common_failures",
                audience=InterestGroup.QUALITY_PROFESSIONAL,
                text=_(
                    "Train on %(standard)s %(code)s (%(text)s): failed by %(members)d members in %(groups)d groups, "
                    "in %(regions)s."
                )
                % {
                    "standard": row["standard"],
                    "code": row["requirement"],
                    "text": row["text"],
                    "members": row["members"],
                    "groups": row["groups"],
                    "regions": names(where) or _("several regions"),
                },
                subjects=[f"{row['standard']} {row['requirement']}"],
            )
        )
    return result


@rule("combined_audits")
def combined_audits(findings: Findings) -> list[Recommendation]:
    """Several audits in a year against standards that share cross-walk topics: one combined audit would do."""
    items = findings.get("mergeable_audits", {}).get("items", [])
    if not items:
        return []
    labels = [f"{item['group']} ({' + '.join(item['standards'])})" for item in items]
    return [
        Recommendation(
            rule="combined_audits",
            audience=InterestGroup.QUALITY_PROFESSIONAL,
            text=_(
                "Certification bodies: offer a combined audit to %(groups)s. They were audited several times within "
                "a year against standards whose requirements overlap in the cross-walk."
            )
            % {"groups": names(labels)},
            subjects=[item["group"] for item in items],
        )
    ]


# --- Civil society and funders -------------------------------------------------------------------------------------


@rule("coordinate_duplicated_services")
def coordinate_duplicated_services(findings: Findings) -> list[Recommendation]:
    """Two or more organisations doing the same for one group: the support structure pulls in different
    directions and wastes money."""
    by_type: dict[str, list[dict[str, Any]]] = {}
    for item in findings.get("duplicated_services", {}).get("items", []):
        by_type.setdefault(item["service_name"], []).append(item)
    result = []
    for service, items in by_type.items():
        labels = [f"{item['group']} ({', '.join(p['name'] for p in item['providers'])})" for item in items]
        result.append(
            Recommendation(
                rule="coordinate_duplicated_services",
                audience=InterestGroup.CIVIL_SOCIETY,
                text=_(
                    "Coordinate %(service)s: %(groups)s received it from more than one organisation in the period. "
                    "Agree one lead provider per group."
                )
                % {"service": in_sentence(service), "groups": names(labels)},
                subjects=[item["group"] for item in items],
            )
        )
    return result


@rule("fund_certification_cost")
def fund_certification_cost(findings: Findings) -> list[Recommendation]:
    """Preconditions without the cost of certification covered: the entry threshold stays too high."""
    item = _missing(findings, "preconditions", "certification-subsidy")
    if item is None:
        return []
    return [
        Recommendation(
            rule="fund_certification_cost",
            audience=InterestGroup.CIVIL_SOCIETY,
            text=_("Cover or share the certification cost of %(groups)s: no subsidy since they entered preconditions.")
            % {"groups": names(item["groups"])},
            subjects=item["groups"],
        )
    ]


@rule("prefinance_for_unstable_income")
def prefinance_for_unstable_income(findings: Findings) -> list[Recommendation]:
    """Income that swings from season to season: pre-finance or credit bridges the bad seasons."""
    result = []
    for row in findings.get("income", []):
        if row.get("cv") is not None and row["cv"] > INCOME_CV_ABOVE:
            label = f"{row['label']} ({row['country']})"
            result.append(
                Recommendation(
                    rule="prefinance_for_unstable_income",
                    audience=InterestGroup.CIVIL_SOCIETY,
                    text=_(
                        "Pre-finance or credit for %(commodity)s farmers in %(country)s: income per member varied by "
                        "%(cv)s across %(seasons)d seasons (more than %(threshold)s)."
                    )
                    % {
                        "commodity": in_sentence(row["label"]),
                        "country": row["country"],
                        "cv": percent(row["cv"]),
                        "seasons": len(row["seasons"]),
                        "threshold": percent(INCOME_CV_ABOVE),
                    },
                    subjects=[label],
                )
            )
    return result


AUDIENCES = [
    InterestGroup.PRODUCER_GROUP,
    InterestGroup.BUYER,
    InterestGroup.QUALITY_PROFESSIONAL,
    InterestGroup.CIVIL_SOCIETY,
]


def recommend(findings: Findings) -> list[dict[str, Any]]:
    """Every rule over the findings, in the order of the four interest groups; JSON-serialisable."""
    made = [recommendation for function in RULES.values() for recommendation in function(findings)]
    order = {audience.value: index for index, audience in enumerate(AUDIENCES)}
    made.sort(key=lambda recommendation: order.get(recommendation.audience, len(order)))
    return [{**asdict(recommendation), "audience": str(recommendation.audience)} for recommendation in made]
