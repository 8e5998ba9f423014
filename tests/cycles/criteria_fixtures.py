"""What both criteria editing test modules start from: the preconditions phase with a manual and a computed
criterion (fixtures, imported under their own names by the modules that use them), and a new criterion."""

from typing import Any

import pytest

from cycles.models import Criterion, CriterionKind, Phase
from cycles.services.criteria import criterion_create


@pytest.fixture
def phase(db) -> Phase:
    return Phase.objects.get(code="preconditions")


@pytest.fixture
def manual(phase: Phase) -> Criterion:
    return Criterion.objects.get(phase=phase, code="buyer-interested")


@pytest.fixture
def computed(phase: Phase) -> Criterion:
    return Criterion.objects.get(phase=phase, code="basic-member-list")


def _new(phase: Phase, by: Any, **overrides: Any) -> Criterion:
    data: dict[str, Any] = {
        "code": "training-plan",
        "text": "A training plan for the first year is agreed.",
        "guidance": "The plan, signed by the board.",
        "kind": CriterionKind.MANUAL,
        "evaluator": "",
        "parameters": {},
        "mandatory": True,
        "reason": "",
    }
    data.update(overrides)
    return criterion_create(phase=phase, by=by, **data)
