"""Gate checks: may a group leave its phase? Pure reads over the records, asked the same way by the pages,
the services and the tests.

A computed criterion names an evaluator registered in `cycles.evaluators` and keeps the evaluator's
parameters in the database. Evaluators work on many groups at once, so a portfolio of any size costs one query
per computed criterion, not one per group.
"""

from collections.abc import Sequence
from dataclasses import asdict, dataclass, field
from datetime import datetime
from typing import Any

from django.db.models import Count
from django.utils.translation import gettext as _

from producers.languages import is_untranslated
from producers.models import ProducerGroup

from .evaluators import REGISTRY, Outcome
from .models import Criterion, CriterionAnswer, CriterionKind, Trajectory

MET = "met"
NOT_MET = "not_met"
NOT_APPLICABLE = "not_applicable"
UNANSWERED = "unanswered"


@dataclass(frozen=True)
class CriterionResult:
    """One criterion for one group, as the page shows it and a decision records it."""

    criterion_id: int
    code: str
    text: str
    kind: str
    mandatory: bool
    version: int
    status: str  # met, not_met, not_applicable or unanswered
    detail: str = ""
    answered_by: str = ""
    answered_at: str = ""
    evidence_count: int = 0
    evaluator: str = ""  # a computed criterion's evaluation function, by its registered name
    # Shown in English because the reader's language has no text for it yet (the page marks it).
    untranslated: bool = False

    @property
    def blocking(self) -> bool:
        """Whether this criterion stops the group from advancing."""
        return self.mandatory and self.status not in (MET, NOT_APPLICABLE)

    def as_json(self) -> dict[str, Any]:
        # What a decision records: the criterion as it stood, not how one reader's page showed it.
        return {name: value for name, value in asdict(self).items() if name != "untranslated"}


@dataclass
class Gate:
    """The criteria of a group's current phase, evaluated."""

    results: list[CriterionResult] = field(default_factory=list)

    @property
    def unmet(self) -> list[CriterionResult]:
        return [r for r in self.results if r.blocking]

    @property
    def open(self) -> bool:
        return not self.unmet

    def snapshot(self) -> list[dict[str, Any]]:
        return [r.as_json() for r in self.results]


def _answer_outcome(answer: CriterionAnswer | None, evidence_counts: dict[int, int]) -> dict[str, Any]:
    if answer is None:
        return {"status": UNANSWERED, "detail": _("Not answered yet.")}
    answered_at: datetime = answer.answered_at
    return {
        "status": answer.status,
        "detail": answer.evidence_note,
        "answered_by": str(answer.answered_by),
        "answered_at": answered_at.isoformat(),
        "evidence_count": evidence_counts.get(answer.pk, 0),
    }


def evaluate_gates(groups: Sequence[ProducerGroup]) -> dict[int, Gate]:
    """The gate of each group's current phase. Groups that have not started have an empty gate.

    Queries: one for the trajectories, one for the criteria, one for the answers, one for their evidence
    counts and one per computed criterion in use, whatever the number of groups.
    """
    group_ids = [g.pk for g in groups]
    phase_of = dict(Trajectory.objects.filter(group_id__in=group_ids).values_list("group_id", "phase_id"))
    criteria = list(
        Criterion.objects.filter(phase_id__in=set(phase_of.values()), active=True).order_by("phase_id", "order")
    )
    by_phase: dict[int, list[Criterion]] = {}
    for criterion in criteria:
        by_phase.setdefault(criterion.phase_id, []).append(criterion)

    manual_ids = [c.pk for c in criteria if c.kind == CriterionKind.MANUAL]
    answers = {
        (a.group_id, a.criterion_id): a
        for a in CriterionAnswer.objects.filter(group_id__in=group_ids, criterion_id__in=manual_ids).select_related(
            "answered_by"
        )
    }
    evidence_counts = (
        dict(
            CriterionAnswer.objects.filter(pk__in=[a.pk for a in answers.values()], evidence__isnull=False)
            .values_list("pk")
            .annotate(n=Count("evidence"))
            .values_list("pk", "n")
        )
        if answers
        else {}
    )

    computed: dict[int, dict[int, Outcome]] = {}
    for criterion in criteria:
        if criterion.kind != CriterionKind.COMPUTED:
            continue
        in_phase = [gid for gid, pid in phase_of.items() if pid == criterion.phase_id]
        registered = REGISTRY.get(criterion.evaluator)
        if registered is None:
            computed[criterion.pk] = {
                gid: Outcome(False, _("The evaluation “%(name)s” is unknown.") % {"name": criterion.evaluator})
                for gid in in_phase
            }
            continue
        try:
            params = registered.clean_parameters(criterion.parameters or {})
        except ValueError as error:
            computed[criterion.pk] = {gid: Outcome(False, str(error)) for gid in in_phase}
            continue
        computed[criterion.pk] = registered.function(in_phase, params)

    gates: dict[int, Gate] = {gid: Gate() for gid in group_ids}
    for gid, phase_id in phase_of.items():
        for criterion in by_phase.get(phase_id, []):
            common: dict[str, Any] = {
                "criterion_id": criterion.pk,
                "code": criterion.code,
                "text": criterion.text,
                "kind": criterion.kind,
                "mandatory": criterion.mandatory,
                "version": criterion.version,
                "untranslated": is_untranslated(criterion, "text"),
            }
            if criterion.kind == CriterionKind.MANUAL:
                outcome = _answer_outcome(answers.get((gid, criterion.pk)), evidence_counts)
            else:
                result = computed[criterion.pk][gid]
                outcome = {"status": MET if result.met else NOT_MET, "detail": result.detail}
                outcome["evaluator"] = criterion.evaluator
            gates[gid].results.append(CriterionResult(**common, **outcome))
    return gates


def evaluate_gate(group: ProducerGroup) -> Gate:
    return evaluate_gates([group])[group.pk]


__all__ = [
    "MET",
    "NOT_APPLICABLE",
    "NOT_MET",
    "REGISTRY",
    "UNANSWERED",
    "CriterionResult",
    "Gate",
    "Outcome",
    "evaluate_gate",
    "evaluate_gates",
]
