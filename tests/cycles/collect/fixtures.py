"""Fixtures of the field-capture tests (imported under their own names): a group with two chosen standards, its
round of 2026 open, an inspector, and a key for the field officer's phone."""

from dataclasses import dataclass

import pytest

from cycles.collect.keys import IssuedKey, collect_key_create
from cycles.collect.xlsform import RoundForm, round_form
from cycles.models import InspectionRound, Inspector
from cycles.services.inspections import inspection_round_open

from ...factories_inspections import InspectorFactory


@dataclass
class Field:
    round: InspectionRound
    form: RoundForm
    inspector: Inspector
    key: IssuedKey


@pytest.fixture
def field(scope, standards) -> Field:
    inspection_round = inspection_round_open(group=scope.group, year=2026, by=scope.group_manager)
    inspector = InspectorFactory.create(group=scope.group, name="Peter Njoroge")
    key = collect_key_create(user=scope.field_officer, by=scope.field_officer, label="Tecno of the office")
    return Field(round=inspection_round, form=round_form(inspection_round), inspector=inspector, key=key)


def collect_url(key: IssuedKey, tail: str) -> str:
    return f"/collect/key/{key.raw}/{tail}"
