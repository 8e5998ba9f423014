"""Gate checks: may a group leave its phase? Pure reads over the records, asked the same way by the pages,
the services and the tests.

A computed criterion names an evaluator registered here and keeps the evaluator's parameters in the database.
Evaluators work on many groups at once, so a portfolio of any size costs one query per computed criterion,
not one per group.
"""

from collections.abc import Callable, Iterable, Sequence
from dataclasses import asdict, dataclass, field
from datetime import datetime
from typing import Any

from django.db.models import Count, Exists, OuterRef, Q
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

from producers.models import Assignment, Member, Plot, ProducerGroup
from producers.models.members import MemberStatus
from standards.models import Certificate, CertificateStatus, GroupStandard

from .models import Criterion, CriterionAnswer, CriterionKind, Trajectory

MET = "met"
NOT_MET = "not_met"
NOT_APPLICABLE = "not_applicable"
UNANSWERED = "unanswered"


@dataclass(frozen=True)
class Outcome:
    """What an evaluator says of one group: met or not, and why, in words a field officer reads."""

    met: bool
    detail: str


EvaluatorFunction = Callable[[Sequence[int], dict[str, Any]], dict[int, Outcome]]


@dataclass(frozen=True)
class Evaluator:
    name: str
    label: Any  # a lazy translation
    # The parameters a coordinator may set, with their type and default.
    parameters: dict[str, tuple[type, Any]]
    function: EvaluatorFunction

    def clean_parameters(self, raw: dict[str, Any]) -> dict[str, Any]:
        """The parameters with their types, defaults filled in; ValueError names what is wrong."""
        unknown = set(raw) - set(self.parameters)
        if unknown:
            raise ValueError(_("Unknown parameters: %(names)s.") % {"names": ", ".join(sorted(unknown))})
        clean: dict[str, Any] = {}
        for name, (kind, default) in self.parameters.items():
            value = raw.get(name, default)
            try:
                value = kind(value)
            except (TypeError, ValueError):
                raise ValueError(_("%(name)s must be a number.") % {"name": name}) from None
            if value < 0 or (kind is float and value > 1):
                raise ValueError(
                    _("%(name)s must be between 0 and 1.") % {"name": name}
                    if kind is float
                    else _("%(name)s cannot be negative.") % {"name": name}
                )
            clean[name] = value
        return clean


REGISTRY: dict[str, Evaluator] = {}


def evaluator(
    name: str, label: Any, **parameters: tuple[type, Any]
) -> Callable[[EvaluatorFunction], EvaluatorFunction]:
    """Register an evaluation function under the name that criteria use in their `evaluator` field."""

    def register(function: EvaluatorFunction) -> EvaluatorFunction:
        REGISTRY[name] = Evaluator(name=name, label=label, parameters=parameters, function=function)
        return function

    return register


def _counts(rows: Iterable[tuple[int, int]]) -> dict[int, int]:
    return dict(rows)


@evaluator("field_officer_assigned", gettext_lazy("A field officer or trainer is assigned"))
def _field_officer_assigned(group_ids: Sequence[int], params: dict[str, Any]) -> dict[int, Outcome]:
    counts = _counts(
        Assignment.objects.filter(group_id__in=group_ids)
        .values_list("group_id")
        .annotate(n=Count("pk"))
        .values_list("group_id", "n")
    )
    return {
        gid: Outcome(
            counts.get(gid, 0) > 0,
            ngettext("%(n)d field officer assigned.", "%(n)d field officers assigned.", counts.get(gid, 0))
            % {"n": counts.get(gid, 0)}
            if counts.get(gid)
            else _("No field officer or trainer is assigned."),
        )
        for gid in group_ids
    }


def _active_members(group_ids: Sequence[int]):  # type: ignore[no-untyped-def]
    return Member.objects.filter(group_id__in=group_ids).exclude(status=MemberStatus.LEFT)


@evaluator("member_count_at_least", gettext_lazy("At least a number of members in the register"), minimum=(int, 10))
def _member_count_at_least(group_ids: Sequence[int], params: dict[str, Any]) -> dict[int, Outcome]:
    counts = _counts(
        _active_members(group_ids).values_list("group_id").annotate(n=Count("pk")).values_list("group_id", "n")
    )
    minimum = params["minimum"]
    return {
        gid: Outcome(
            counts.get(gid, 0) >= minimum,
            _("%(n)d members in the register; at least %(minimum)d needed.")
            % {"n": counts.get(gid, 0), "minimum": minimum},
        )
        for gid in group_ids
    }


@evaluator("standards_chosen", gettext_lazy("Standards chosen"), minimum=(int, 1))
def _standards_chosen(group_ids: Sequence[int], params: dict[str, Any]) -> dict[int, Outcome]:
    chosen: dict[int, list[str]] = {gid: [] for gid in group_ids}
    for gid, name in GroupStandard.objects.filter(group_id__in=group_ids).values_list(
        "group_id", "standard__short_name"
    ):
        chosen[gid].append(name)
    return {
        gid: Outcome(
            len(names) >= params["minimum"],
            _("Chosen: %(names)s.") % {"names": ", ".join(sorted(names))} if names else _("No standard chosen yet."),
        )
        for gid, names in chosen.items()
    }


@evaluator("register_complete", gettext_lazy("The member register is complete"), share=(float, 1.0))
def _register_complete(group_ids: Sequence[int], params: dict[str, Any]) -> dict[int, Outcome]:
    rows = (
        _active_members(group_ids)
        .annotate(has_plot=Exists(Plot.objects.filter(member=OuterRef("pk"), area_ha__gt=0)))
        .values("group_id")
        .annotate(
            total=Count("pk"),
            complete=Count("pk", filter=Q(year_of_birth__isnull=False, has_plot=True) & ~Q(gender="")),
        )
        .values_list("group_id", "total", "complete")
    )
    figures = {gid: (total, complete) for gid, total, complete in rows}
    share = params["share"]
    result = {}
    for gid in group_ids:
        total, complete = figures.get(gid, (0, 0))
        result[gid] = Outcome(
            total > 0 and complete >= share * total,
            _(
                "%(complete)d of %(total)d members have identity, gender, year of birth and a plot with its area; "
                "%(needed)d%% needed."
            )
            % {"complete": complete, "total": total, "needed": round(share * 100)},
        )
    return result


@evaluator("approved_member_list", gettext_lazy("An approved member list exists"), minimum=(int, 1))
def _approved_member_list(group_ids: Sequence[int], params: dict[str, Any]) -> dict[int, Outcome]:
    counts = _counts(
        Member.objects.filter(group_id__in=group_ids, status=MemberStatus.APPROVED)
        .values_list("group_id")
        .annotate(n=Count("pk"))
        .values_list("group_id", "n")
    )
    return {
        gid: Outcome(
            counts.get(gid, 0) >= params["minimum"],
            ngettext("%(n)d approved member.", "%(n)d approved members.", counts.get(gid, 0))
            % {"n": counts.get(gid, 0)},
        )
        for gid in group_ids
    }


@evaluator("valid_certificate", gettext_lazy("A valid certificate"))
def _valid_certificate(group_ids: Sequence[int], params: dict[str, Any]) -> dict[int, Outcome]:
    today = timezone.localdate()
    valid: dict[int, list[str]] = {gid: [] for gid in group_ids}
    for gid, name, number, valid_to in (
        Certificate.objects.filter(
            group_id__in=group_ids, status=CertificateStatus.ACTIVE, valid_from__lte=today, valid_to__gte=today
        )
        .order_by("valid_to")
        .values_list("group_id", "standard__short_name", "number", "valid_to")
    ):
        valid[gid].append(
            _("%(standard)s %(number)s, valid to %(date)s")
            % {"standard": name, "number": number, "date": date_format(valid_to)}
        )
    return {
        gid: Outcome(bool(items), "; ".join(items) + "." if items else _("No valid certificate."))
        for gid, items in valid.items()
    }


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

    @property
    def blocking(self) -> bool:
        """Whether this criterion stops the group from advancing."""
        return self.mandatory and self.status not in (MET, NOT_APPLICABLE)

    def as_json(self) -> dict[str, Any]:
        return asdict(self)


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
        _counts(
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
            }
            if criterion.kind == CriterionKind.MANUAL:
                outcome = _answer_outcome(answers.get((gid, criterion.pk)), evidence_counts)
            else:
                result = computed[criterion.pk][gid]
                outcome = {"status": MET if result.met else NOT_MET, "detail": result.detail}
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
