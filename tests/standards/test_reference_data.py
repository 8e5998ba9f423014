"""The shipped reference content is complete and consistent: standards, requirements and the cross-walk."""

import re
from collections import Counter

import pytest

from standards.reference_data import CROSSWALK_TOPICS, STANDARDS

EXPECTED_STANDARDS = {
    "sgqs": "SG",
    "fairtrade-spo": "FT",
    "eu-organic-group": "EO",
    "rainforest-2020": "RA",
    "globalgap-ifa-opt2": "GG",
}
DOMAIN_LETTERS = {
    "management": "M",
    "quality": "Q",
    "environment": "E",
    "social": "S",
    "health_safety": "H",
    "trade": "T",
}
LEVELS = {"entry", "core", "improvement"}
KINDS = {"entry_level", "minimum_requirements", "improvement"}
YEARS = {0, 1, 3, 6}
TOPIC_CODES = {topic["code"] for topic in CROSSWALK_TOPICS}

ALL_REQUIREMENTS = [(standard["code"], req) for standard in STANDARDS for req in standard["requirements"]]
REQUIREMENT_IDS = [req["code"] for _, req in ALL_REQUIREMENTS]


def test_exactly_the_five_shipped_standards_are_present() -> None:
    codes = [standard["code"] for standard in STANDARDS]
    assert sorted(codes) == sorted(EXPECTED_STANDARDS)


@pytest.mark.parametrize("standard", STANDARDS, ids=lambda s: s["code"])
def test_each_standard_has_between_15_and_40_requirements(standard) -> None:
    assert 15 <= len(standard["requirements"]) <= 40


@pytest.mark.parametrize("standard", STANDARDS, ids=lambda s: s["code"])
def test_each_standard_has_a_known_kind_and_filled_in_identity(standard) -> None:
    assert standard["kind"] in KINDS
    for field in ("name", "owner", "version", "description"):
        assert standard[field].strip(), field


@pytest.mark.parametrize("standard", STANDARDS, ids=lambda s: s["code"])
def test_requirement_codes_are_unique_within_a_standard(standard) -> None:
    counts = Counter(req["code"] for req in standard["requirements"])
    assert [code for code, n in counts.items() if n > 1] == []


@pytest.mark.parametrize(("standard_code", "req"), ALL_REQUIREMENTS, ids=REQUIREMENT_IDS)
def test_requirement_code_has_the_standard_prefix_and_its_domain_letter(standard_code, req) -> None:
    prefix = EXPECTED_STANDARDS[standard_code]
    assert re.fullmatch(rf"{prefix}-[MQESHT]-\d{{2}}", req["code"])
    assert req["code"].split("-")[1] == DOMAIN_LETTERS[req["domain"]]


@pytest.mark.parametrize(("standard_code", "req"), ALL_REQUIREMENTS, ids=REQUIREMENT_IDS)
def test_requirement_domain_level_and_year_are_allowed_values(standard_code, req) -> None:
    assert req["domain"] in DOMAIN_LETTERS
    assert req["level"] in LEVELS
    assert req["applies_from_year"] in YEARS


@pytest.mark.parametrize(("standard_code", "req"), ALL_REQUIREMENTS, ids=REQUIREMENT_IDS)
def test_entry_requirements_apply_from_the_start(standard_code, req) -> None:
    if req["level"] == "entry":
        assert req["applies_from_year"] == 0


@pytest.mark.parametrize(("standard_code", "req"), ALL_REQUIREMENTS, ids=REQUIREMENT_IDS)
def test_requirement_text_is_present_and_short_enough_for_a_phone(standard_code, req) -> None:
    assert req["text"].strip()
    assert len(req["text"]) <= 200


@pytest.mark.parametrize(("standard_code", "req"), ALL_REQUIREMENTS, ids=REQUIREMENT_IDS)
def test_requirement_clause_fits_the_database_field_and_unverified_is_a_flag(standard_code, req) -> None:
    assert isinstance(req["clause"], str)
    assert len(req["clause"]) <= 60
    assert isinstance(req["unverified"], bool)


@pytest.mark.parametrize("standard", STANDARDS, ids=lambda s: s["code"])
def test_each_standard_has_entry_and_core_requirements(standard) -> None:
    levels = {req["level"] for req in standard["requirements"]}
    assert {"entry", "core"} <= levels


def test_crosswalk_topic_codes_are_unique_kebab_case_and_described() -> None:
    codes = [topic["code"] for topic in CROSSWALK_TOPICS]
    assert len(codes) == len(set(codes))
    for topic in CROSSWALK_TOPICS:
        assert re.fullmatch(r"[a-z0-9]+(-[a-z0-9]+)*", topic["code"])
        assert topic["name"].strip()
        assert topic["description"].strip()


@pytest.mark.parametrize(("standard_code", "req"), ALL_REQUIREMENTS, ids=REQUIREMENT_IDS)
def test_every_crosswalk_code_used_is_a_known_topic(standard_code, req) -> None:
    assert req["crosswalk"] == "" or req["crosswalk"] in TOPIC_CODES


@pytest.mark.parametrize("topic", CROSSWALK_TOPICS, ids=lambda t: t["code"])
def test_every_crosswalk_topic_links_at_least_two_standards(topic) -> None:
    standards_using = {code for code, req in ALL_REQUIREMENTS if req["crosswalk"] == topic["code"]}
    assert len(standards_using) >= 2


@pytest.mark.parametrize("standard", STANDARDS, ids=lambda s: s["code"])
def test_a_standard_links_at_most_one_requirement_to_each_topic(standard) -> None:
    counts = Counter(req["crosswalk"] for req in standard["requirements"] if req["crosswalk"])
    assert [topic for topic, n in counts.items() if n > 1] == []
