"""The evaluation functions that computed criteria name, registered under those names.

Each works on many groups at once and returns an Outcome per group: met or not, and why, in words a field officer
reads. One query per function call, whatever the number of groups. Parameters come from the criterion (reference
data), checked by `Evaluator.clean_parameters`.
"""

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import timedelta
from typing import Any

from django.db.models import Count, Exists, OuterRef, Q, QuerySet
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

from producers.models import Assignment, Member, Plot
from producers.models.members import MemberStatus
from standards.models import Audit, Certificate, CertificateStatus, GroupStandard

from .models import CorrectiveAction, Inspection, Inspector, NCStatus, NonConformity, Severity


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
    # The group's records page that would change the outcome (a URL name taking the group's pk), and what to do
    # there, for the phase page's link; None where the records are kept elsewhere (the admin).
    records: tuple[str, Any] | None = None

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
    name: str, label: Any, *, records: tuple[str, Any] | None = None, **parameters: tuple[type, Any]
) -> Callable[[EvaluatorFunction], EvaluatorFunction]:
    """Register an evaluation function under the name that criteria use in their `evaluator` field."""

    def register(function: EvaluatorFunction) -> EvaluatorFunction:
        REGISTRY[name] = Evaluator(name=name, label=label, parameters=parameters, function=function, records=records)
        return function

    return register


def _counts_by_group(rows: QuerySet[Any], *, distinct: bool = False) -> dict[int, int]:
    """How many of `rows` each group has, in one grouped query; a group without any is left out."""
    return dict(rows.values_list("group_id").annotate(n=Count("pk", distinct=distinct)).values_list("group_id", "n"))


@evaluator("field_officer_assigned", gettext_lazy("A field officer or trainer is assigned"))
def _field_officer_assigned(group_ids: Sequence[int], params: dict[str, Any]) -> dict[int, Outcome]:
    counts = _counts_by_group(Assignment.objects.filter(group_id__in=group_ids))
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


def _members_due(group_ids: Sequence[int]) -> QuerySet[Member]:
    """Everybody in the register who has not left: the members counted, and those a round must cover."""
    return Member.objects.filter(group_id__in=group_ids).exclude(status=MemberStatus.LEFT)


@evaluator(
    "member_count_at_least",
    gettext_lazy("At least a number of members in the register"),
    records=("producers:member_list", gettext_lazy("Add members to the register")),
    minimum=(int, 10),
)
def _member_count_at_least(group_ids: Sequence[int], params: dict[str, Any]) -> dict[int, Outcome]:
    counts = _counts_by_group(_members_due(group_ids))
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


@evaluator(
    "register_complete",
    gettext_lazy("The member register is complete"),
    records=("producers:member_list", gettext_lazy("Complete the register")),
    share=(float, 1.0),
)
def _register_complete(group_ids: Sequence[int], params: dict[str, Any]) -> dict[int, Outcome]:
    rows = (
        _members_due(group_ids)
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


@evaluator(
    "approved_member_list",
    gettext_lazy("An approved member list exists"),
    records=("producers:member_list", gettext_lazy("Approve members in the register")),
    minimum=(int, 1),
)
def _approved_member_list(group_ids: Sequence[int], params: dict[str, Any]) -> dict[int, Outcome]:
    counts = _counts_by_group(Member.objects.filter(group_id__in=group_ids, status=MemberStatus.APPROVED))
    return {
        gid: Outcome(
            counts.get(gid, 0) >= params["minimum"],
            ngettext("%(n)d approved member.", "%(n)d approved members.", counts.get(gid, 0))
            % {"n": counts.get(gid, 0)},
        )
        for gid in group_ids
    }


@evaluator(
    "valid_certificate",
    gettext_lazy("A valid certificate"),
    records=("cycles:audit_list", gettext_lazy("Record the audit and its certificate")),
)
def _valid_certificate(group_ids: Sequence[int], params: dict[str, Any]) -> dict[int, Outcome]:
    today = timezone.localdate()
    valid: dict[int, list[str]] = {gid: [] for gid in group_ids}
    for gid, name, number, valid_to in (
        Certificate.objects.filter(group_id__in=group_ids, status=CertificateStatus.ACTIVE)
        .covering(today, today)
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


@evaluator(
    "trained_inspectors",
    gettext_lazy("Trained internal inspectors"),
    records=("cycles:inspectors", gettext_lazy("Record the internal inspectors")),
    minimum=(int, 2),
)
def _trained_inspectors(group_ids: Sequence[int], params: dict[str, Any]) -> dict[int, Outcome]:
    counts = _counts_by_group(
        Inspector.objects.filter(group_id__in=group_ids, active=True).filter(
            Q(trained_on__isnull=False) | Q(trainings__isnull=False)
        ),
        distinct=True,
    )
    return {
        gid: Outcome(
            counts.get(gid, 0) >= params["minimum"],
            _("%(n)d trained internal inspectors; at least %(minimum)d needed.")
            % {"n": counts.get(gid, 0), "minimum": params["minimum"]},
        )
        for gid in group_ids
    }


@evaluator(
    "training_coverage",
    gettext_lazy("Share of members trained"),
    records=("cycles:training_list", gettext_lazy("Record a training")),
    share=(float, 0.8),
)
def _training_coverage(group_ids: Sequence[int], params: dict[str, Any]) -> dict[int, Outcome]:
    rows = (
        _members_due(group_ids)
        .values("group_id")
        .annotate(
            total=Count("pk", distinct=True), trained=Count("pk", filter=Q(trainings__isnull=False), distinct=True)
        )
        .values_list("group_id", "total", "trained")
    )
    return _share_outcomes(
        group_ids,
        {gid: (total, done) for gid, total, done in rows},
        params["share"],
        _("%(done)d of %(total)d members attended a training; %(needed)d%% needed."),
    )


@evaluator(
    "inspection_coverage",
    gettext_lazy("Share of members inspected this year"),
    records=("cycles:inspection_rounds", gettext_lazy("Record an inspection")),
    share=(float, 1.0),
)
def _inspection_coverage(group_ids: Sequence[int], params: dict[str, Any]) -> dict[int, Outcome]:
    year = timezone.localdate().year
    inspected = Inspection.objects.filter(member=OuterRef("pk"), round__year=year)
    rows = (
        _members_due(group_ids)
        .annotate(inspected=Exists(inspected))
        .values("group_id")
        .annotate(total=Count("pk"), done=Count("pk", filter=Q(inspected=True)))
        .values_list("group_id", "total", "done")
    )
    return _share_outcomes(
        group_ids,
        {gid: (total, done) for gid, total, done in rows},
        params["share"],
        _("%(done)d of %(total)d members inspected in %(year)d; %(needed)d%% needed."),
        year=year,
    )


def _share_outcomes(
    group_ids: Sequence[int], figures: dict[int, tuple[int, int]], share: float, words: str, **extra: Any
) -> dict[int, Outcome]:
    """Met when `done` reaches the share of `total`; an empty register never meets a share."""
    result = {}
    for gid in group_ids:
        total, done = figures.get(gid, (0, 0))
        result[gid] = Outcome(
            total > 0 and done >= share * total,
            words % {"done": done, "total": total, "needed": round(share * 100), **extra},
        )
    return result


@evaluator(
    "nonconformities_without_action",
    gettext_lazy("Open non-conformities without a corrective action"),
    records=("cycles:nc_list", gettext_lazy("Add corrective actions")),
    maximum=(int, 0),
)
def _nonconformities_without_action(group_ids: Sequence[int], params: dict[str, Any]) -> dict[int, Outcome]:
    counts = _counts_by_group(
        NonConformity.objects.filter(group_id__in=group_ids)
        .exclude(status=NCStatus.CLOSED)
        .exclude(Exists(CorrectiveAction.objects.filter(nonconformity=OuterRef("pk"))))
    )
    return {
        gid: Outcome(
            counts.get(gid, 0) <= params["maximum"],
            ngettext(
                "%(n)d open non-conformity has no corrective action.",
                "%(n)d open non-conformities have no corrective action.",
                counts.get(gid, 0),
            )
            % {"n": counts.get(gid, 0)},
        )
        for gid in group_ids
    }


@evaluator(
    "open_major_nonconformities",
    gettext_lazy("Open major and critical non-conformities"),
    records=("cycles:nc_list", gettext_lazy("Close the major non-conformities")),
    maximum=(int, 0),
)
def _open_major_nonconformities(group_ids: Sequence[int], params: dict[str, Any]) -> dict[int, Outcome]:
    counts = _counts_by_group(
        NonConformity.objects.filter(group_id__in=group_ids, severity__in=[Severity.MAJOR, Severity.CRITICAL]).exclude(
            status=NCStatus.CLOSED
        )
    )
    return {
        gid: Outcome(
            counts.get(gid, 0) <= params["maximum"],
            ngettext(
                "%(n)d major or critical non-conformity is open.",
                "%(n)d major or critical non-conformities are open.",
                counts.get(gid, 0),
            )
            % {"n": counts.get(gid, 0)},
        )
        for gid in group_ids
    }


@evaluator(
    "external_audit_done",
    gettext_lazy("An external audit recently"),
    records=("cycles:audit_list", gettext_lazy("Record the external audit")),
    within_days=(int, 365),
)
def _external_audit_done(group_ids: Sequence[int], params: dict[str, Any]) -> dict[int, Outcome]:
    since = timezone.localdate() - timedelta(days=params["within_days"])
    latest: dict[int, Any] = {}
    for gid, audited_on, standard in (
        Audit.objects.filter(group_id__in=group_ids, audited_on__gte=since)
        .order_by("audited_on")
        .values_list("group_id", "audited_on", "standard__short_name")
    ):
        latest[gid] = (audited_on, standard)
    return {
        gid: Outcome(
            gid in latest,
            _("Last audit: %(standard)s on %(date)s.")
            % {"standard": latest[gid][1], "date": date_format(latest[gid][0])}
            if gid in latest
            else _("No external audit in the last %(days)d days.") % {"days": params["within_days"]},
        )
        for gid in group_ids
    }
