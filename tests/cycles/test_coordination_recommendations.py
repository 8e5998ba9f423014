"""Every recommendation rule, on findings written by hand: it fires when its condition holds, names the groups
concerned and addresses the right interest group; it stays silent when the condition does not hold."""

import pytest

from cycles.reports import recommendations as rules
from cycles.reports.recommendations import RULES, in_sentence, recommend


def stuck(name, phase="planning-2", coverage=0.5, phase_name="Planning phase 2: building the system"):
    return {"name": name, "phase": phase, "phase_name": phase_name, "coverage": coverage, "days": 400}


def missing(phase, service_type, groups, *, service_name="Service", expected_from_label="Buyer"):
    return {
        "phase": phase,
        "service_type": service_type,
        "service_name": service_name,
        "expected_from_label": expected_from_label,
        "count": len(groups),
        "groups": groups,
    }


def supply(share, supply_kg=10_000.0, label="Coffee"):
    return {"label": label, "share": share, "supply_kg": supply_kg, "certified_groups": 3, "sold_certified_kg": 1.0}


def only(findings, rule):
    made = RULES[rule](findings)
    assert all(item.rule == rule for item in made)
    return made


def test_every_rule_is_named_and_registered():
    assert set(RULES) == {
        "stuck_groups_review_gate",
        "autonomous_groups_request_services",
        "buyer_commitment_at_preconditions",
        "certified_share_sold_low",
        "ics_coaching_for_stuck_planning_2",
        "gap_analysis_in_planning_1",
        "training_for_common_failures",
        "combined_audits",
        "coordinate_duplicated_services",
        "fund_certification_cost",
        "prefinance_for_unstable_income",
    }


def test_ics_coaching_for_groups_stuck_in_planning_2_with_low_inspection_coverage():
    findings = {"stuck": {"groups": [stuck("Alpha", coverage=0.5), stuck("Beta", coverage=0.9)]}}
    (made,) = only(findings, "ics_coaching_for_stuck_planning_2")
    assert made.audience == "quality_professional"
    assert made.subjects == ["Alpha"]
    assert "ICS coaching for Alpha (50 %)" in made.text


@pytest.mark.parametrize(
    "groups",
    [
        [stuck("Beta", coverage=0.8)],  # at the threshold: enough
        [stuck("Gamma", phase="planning-1", coverage=0.1)],  # another phase
        [],
    ],
)
def test_ics_coaching_does_not_fire_with_enough_coverage_or_outside_planning_2(groups):
    assert only({"stuck": {"groups": groups}}, "ics_coaching_for_stuck_planning_2") == []


def test_stuck_groups_are_told_to_review_their_gate_one_recommendation_per_phase():
    findings = {
        "stuck": {
            "groups": [
                stuck("Alpha"),
                stuck("Beta"),
                stuck("Gamma", phase="preconditions", phase_name="Preconditions"),
            ]
        }
    }
    made = only(findings, "stuck_groups_review_gate")
    assert [(item.audience, item.subjects) for item in made] == [
        ("producer_group", ["Alpha", "Beta"]),
        ("producer_group", ["Gamma"]),
    ]
    assert only({"stuck": {"groups": []}}, "stuck_groups_review_gate") == []


def test_buyers_are_asked_for_a_commitment_at_preconditions():
    findings = {"missing_services": [missing("preconditions", "market-linkage", ["Beta", "Zeta"])]}
    (made,) = only(findings, "buyer_commitment_at_preconditions")
    assert made.audience == "buyer"
    assert made.subjects == ["Beta", "Zeta"]
    assert "2 groups in preconditions have no buyer's commitment: Beta and Zeta" in made.text
    none_missing = {"missing_services": [missing("preconditions", "market-linkage", [])]}
    assert only(none_missing, "buyer_commitment_at_preconditions") == []
    elsewhere = {"missing_services": [missing("autonomous", "market-linkage", ["Delta"])]}
    assert only(elsewhere, "buyer_commitment_at_preconditions") == []


def test_certified_share_sold_below_60_percent_addresses_buyers():
    (made,) = only({"certified_supply": [supply(0.4), supply(0.75, label="Tea")]}, "certified_share_sold_low")
    assert made.audience == "buyer"
    assert made.subjects == ["Coffee"]
    assert "Only 40 % of the certified coffee harvest" in made.text


@pytest.mark.parametrize("row", [supply(0.6), supply(None), supply(0.1, supply_kg=0.0)])
def test_certified_share_rule_is_silent_at_the_threshold_without_supply_or_share(row):
    assert only({"certified_supply": [row]}, "certified_share_sold_low") == []


def test_duplicated_services_ask_civil_society_and_funders_to_coordinate():
    findings = {
        "duplicated_services": {
            "items": [
                {
                    "group": "Gamma",
                    "service_name": "Training",
                    "providers": [{"name": "Trainer One"}, {"name": "Trainer Two"}],
                }
            ]
        }
    }
    (made,) = only(findings, "coordinate_duplicated_services")
    assert made.audience == "civil_society"
    assert made.subjects == ["Gamma"]
    assert "Coordinate training: Gamma (Trainer One, Trainer Two)" in made.text
    assert only({"duplicated_services": {"items": []}}, "coordinate_duplicated_services") == []


def test_unstable_income_asks_funders_for_pre_finance():
    findings = {
        "income": [
            {"label": "Coffee", "country": "KE", "cv": 0.41, "seasons": [1, 2, 3]},
            {"label": "Tea", "country": "KE", "cv": 0.3, "seasons": [1, 2]},
            {"label": "Cocoa", "country": "UG", "cv": None, "seasons": [1]},
        ]
    }
    (made,) = only(findings, "prefinance_for_unstable_income")
    assert made.audience == "civil_society"
    assert made.subjects == ["Coffee (KE)"]
    assert "Pre-finance or credit for coffee farmers in KE" in made.text


def test_missing_certification_subsidy_asks_funders_to_cover_the_cost():
    findings = {"missing_services": [missing("preconditions", "certification-subsidy", ["Beta"])]}
    (made,) = only(findings, "fund_certification_cost")
    assert (made.audience, made.subjects) == ("civil_society", ["Beta"])
    assert only({"missing_services": []}, "fund_certification_cost") == []


def test_missing_gap_analysis_in_planning_1_addresses_quality_professionals():
    findings = {"missing_services": [missing("planning-1", "standards-information", ["Gamma"])]}
    (made,) = only(findings, "gap_analysis_in_planning_1")
    assert (made.audience, made.subjects) == ("quality_professional", ["Gamma"])
    assert (
        only({"missing_services": [missing("planning-1", "training", ["Gamma"])]}, "gap_analysis_in_planning_1") == []
    )


def test_autonomous_groups_are_told_to_request_their_missing_services():
    findings = {
        "missing_services": [
            missing("autonomous", "audit-certification", ["Delta"], service_name="Audit and certification"),
            missing("planning-2", "training", ["Alpha"]),
        ]
    }
    (made,) = only(findings, "autonomous_groups_request_services")
    assert (made.audience, made.subjects) == ("producer_group", ["Delta"])
    assert "audit and certification" in made.text
    assert only({"missing_services": [missing("autonomous", "audit-certification", [])]}, made.rule) == []


def test_a_requirement_failed_in_three_groups_is_a_training_need_by_region():
    findings = {
        "failed_requirements": {
            "top": [
                {"requirement": "FT-1", "standard": "FT", "text": "Keep records", "groups": 3, "members": 40},
                {"requirement": "FT-2", "standard": "FT", "text": "Store safely", "groups": 2, "members": 90},
            ],
            "by_region": [
                {"requirement": "FT-1", "region": "Nyeri"},
                {"requirement": "FT-1", "region": "Meru"},
                {"requirement": "FT-2", "region": "Meru"},
            ],
        }
    }
    (made,) = only(findings, "training_for_common_failures")
    assert made.audience == "quality_professional"
    assert made.subjects == ["FT FT-1"]
    assert "in Meru and Nyeri" in made.text
    assert only({"failed_requirements": {"top": [], "by_region": []}}, "training_for_common_failures") == []


def test_mergeable_audits_ask_certification_bodies_for_a_combined_audit():
    findings = {"mergeable_audits": {"items": [{"group": "Delta", "standards": ["Fairtrade SPO", "RA"]}]}}
    (made,) = only(findings, "combined_audits")
    assert (made.audience, made.subjects) == ("quality_professional", ["Delta"])
    assert "Delta (Fairtrade SPO + RA)" in made.text
    assert only({"mergeable_audits": {"items": []}}, "combined_audits") == []


def test_names_are_cut_after_eight_with_a_count():
    assert rules.names(["A"]) == "A"
    assert rules.names(["A", "B", "C"]) == "A, B and C"
    assert rules.names([str(n) for n in range(10)]) == "0, 1, 2, 3, 4, 5, 6, 7 and 2 more"


def test_recommend_orders_by_interest_group_and_is_json_ready():
    findings = {
        "stuck": {"groups": [stuck("Alpha", coverage=0.1)]},
        "certified_supply": [supply(0.2)],
        "income": [{"label": "Coffee", "country": "KE", "cv": 0.9, "seasons": [1, 2]}],
    }
    made = recommend(findings)
    assert [item["audience"] for item in made] == [
        "producer_group",
        "buyer",
        "quality_professional",
        "civil_society",
    ]
    assert all(isinstance(item["audience"], str) and item["rule"] and item["text"] for item in made)


def test_no_findings_no_recommendations():
    assert recommend({}) == []


def test_names_inside_a_sentence_keep_their_initialisms():
    assert in_sentence("ICS coaching") == "ICS coaching"
    assert in_sentence("EU Organic") == "EU Organic"
    assert in_sentence("Pre-finance or credit") == "pre-finance or credit"
    assert in_sentence("Coffee") == "coffee"
    assert in_sentence("") == ""
