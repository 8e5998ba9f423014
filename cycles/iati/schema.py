"""The official IATI 2.03 activities schema (from the IATI-Schemas repository, IATI's open licence), loaded once."""

from functools import cache
from pathlib import Path

from lxml import etree

SCHEMA = Path(__file__).parent / "schema" / "iati-activities-schema.xsd"


@cache
def activities_schema() -> etree.XMLSchema:
    return etree.XMLSchema(etree.parse(str(SCHEMA)))


def schema_errors(document: bytes) -> list[str]:
    """What the schema finds wrong with the document, one line per error; empty when it is valid."""
    schema = activities_schema()
    if schema.validate(etree.fromstring(document)):
        return []
    return [f"line {error.line}: {error.message}" for error in schema.error_log]
