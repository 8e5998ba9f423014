"""What the phase page offers: the moves that apply to the group now, and for each unmet computed criterion the
records page that would change it."""

from dataclasses import dataclass, field

from django.urls import reverse
from django.utils.translation import ngettext

from producers.models import ProducerGroup

from ..evaluators import REGISTRY
from ..gates import Gate
from ..models import CriterionKind, MoveKind, Phase, Trajectory
from ..moves import move_refusal, moves_that_apply, standing_of


@dataclass(frozen=True)
class PhaseMoves:
    next_phase: Phase | None
    # Why Advance may not be pressed now, in a sentence; empty when it may.
    advance_refusal: str = ""
    # A coordinator's override applies: the gate is closed, but nothing else stops the group.
    overridable: bool = False
    other: list[MoveKind] = field(default_factory=list)


def phase_moves(*, trajectory: Trajectory, gate: Gate) -> PhaseMoves:
    """The moves that apply to the group now, as the services will judge them."""
    standing = standing_of(trajectory)
    refusal = move_refusal(MoveKind.ADVANCE, standing)
    reason = refusal.messages[0] if refusal is not None else ""
    if refusal is None and not gate.open:
        count = len(gate.unmet)
        reason = ngettext(
            "Closed: %(count)d mandatory criterion is not met yet (listed above).",
            "Closed: %(count)d mandatory criteria are not met yet (listed above).",
            count,
        ) % {"count": count}
    return PhaseMoves(
        next_phase=standing.next_phase,
        advance_refusal=reason,
        overridable=refusal is None and not gate.open,
        other=moves_that_apply(standing),
    )


@dataclass(frozen=True)
class RecordsLink:
    url: str
    label: str


def criterion_records_links(*, group: ProducerGroup, gate: Gate) -> dict[int, RecordsLink]:
    """For each unmet computed criterion, the group's records page that would change it, by criterion id."""
    links = {}
    for result in gate.results:
        registered = REGISTRY.get(result.evaluator)
        if result.kind != CriterionKind.COMPUTED or result.status == "met" or registered is None:
            continue
        if registered.records is not None:
            url_name, label = registered.records
            links[result.criterion_id] = RecordsLink(url=reverse(url_name, kwargs={"pk": group.pk}), label=str(label))
    return links
