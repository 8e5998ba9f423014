"""The rules that say what is due: one function per rule, each over a queryset of groups (already scoped to the user
by the caller) and a day, returning the reminders it finds.

Every rule runs a fixed number of queries whatever the number of groups or records, and a record's item goes away
as soon as the record is handled (the rule no longer matches it). The thresholds are the team's own design, named
here so that a page, a digest and the tests read the same numbers.
"""

from collections import defaultdict
from datetime import date, timedelta
from typing import Any

from django.db.models import Count, Exists, Max, Min, OuterRef, Q, QuerySet
from django.db.models.functions import Coalesce, TruncDate
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from producers.models import Member, ProducerGroup
from producers.models.members import MemberStatus
from standards.models import Audit, Certificate, CertificateStatus, Standard

from ..models import (
    CorrectiveAction,
    InspectionKind,
    InspectionRound,
    InteractionPoint,
    NCStatus,
    NonConformity,
    Service,
    Severity,
    Trajectory,
    TrajectoryStatus,
)
from ..models.inspections import Inspection
from .items import Item, ItemKind

# A corrective action is listed from a week before its due date until it is done.
ACTION_NOTICE_DAYS = 7
# A non-conformity without any corrective action is past its deadline this long after it was found.
ACTION_PLAN_DAYS = 30
# This year's round is flagged from this many days before 31 December, while members are still not inspected.
ROUND_NOTICE_DAYS = 60
# The phases whose groups run a yearly round of internal inspections (from planning phase 2 on).
INSPECTING_PHASES = ("planning-2", "initial-certificate", "autonomous")
# An applicant is inspected within this many days of joining (their approval waits for it).
APPLICANT_INSPECTION_DAYS = 30
# A certificate is listed from 90 days before it ends; the stages say how close it is (a digest sends each once).
CERTIFICATE_STAGES = (90, 30, 7)
# The yearly external audit is expected this long after the last one, and listed from 30 days before.
AUDIT_INTERVAL_DAYS = 365
AUDIT_NOTICE_DAYS = 30
WEIGHTY = (Severity.MAJOR, Severity.CRITICAL)
# An interaction point's service is expected within this many days of the group entering the phase.
SERVICE_EXPECTED_DAYS = 60


def _ids(groups: QuerySet[ProducerGroup]) -> QuerySet[ProducerGroup, Any]:
    """The groups as a subquery of ids: the scope's joins stay out of the rule's own query."""
    return groups.order_by().values("pk")


def _groups_by_id(ids: set[int]) -> dict[int, ProducerGroup]:
    if not ids:
        return {}
    return {group.pk: group for group in ProducerGroup.objects.filter(pk__in=ids).select_related("organisation")}


def _day(value: date) -> str:
    return date_format(value, "j F Y")


# --- Corrective actions and non-conformities ----------------------------------------------------------------------


def actions_due(groups: QuerySet[ProducerGroup], *, today: date) -> list[Item]:
    """Corrective actions not done, of a non-conformity not closed, due within the week or overdue. Handled when
    the action is marked done (or its non-conformity closed)."""
    actions = (
        CorrectiveAction.objects.filter(
            nonconformity__group__in=_ids(groups),
            done_on__isnull=True,
            due_on__lte=today + timedelta(days=ACTION_NOTICE_DAYS),
        )
        .exclude(nonconformity__status=NCStatus.CLOSED)
        .select_related("nonconformity__group__organisation", "nonconformity__requirement", "nonconformity__member")
    )
    items = []
    for action in actions:
        nc = action.nonconformity
        items.append(
            Item(
                kind=ItemKind.ACTION_DUE,
                group=nc.group,
                record=f"{nc.requirement.code} ({nc.get_severity_display().lower()}): {action.description}",
                detail=_("Mark the action done once it is."),
                member=nc.member.full_name if nc.member is not None else "",
                owner=action.owner,
                due_on=action.due_on,
                url=reverse("cycles:nc_detail", kwargs={"pk": nc.pk}) + f"#action-{action.pk}",
                key=f"action:{action.pk}",
            )
        )
    return items


def nonconformity_deadline(*, found_on: date, last_due: date | None) -> date:
    """When a non-conformity should be corrected: the last due date of its actions, or, without any action,
    `ACTION_PLAN_DAYS` after it was found (an action is agreed by then)."""
    return last_due if last_due is not None else found_on + timedelta(days=ACTION_PLAN_DAYS)


def nonconformities_past_deadline(groups: QuerySet[ProducerGroup], *, today: date) -> list[Item]:
    """Non-conformities not closed, past their deadline, with no corrective action left to do: what is late is the
    non-conformity itself (an action to agree, an implementation to report, a verification to make). While an
    action is still open, that action is the reminder (`actions_due`), not its non-conformity."""
    open_action = CorrectiveAction.objects.filter(nonconformity=OuterRef("pk"), done_on__isnull=True)
    ncs = (
        NonConformity.objects.filter(group__in=_ids(groups))
        .exclude(status=NCStatus.CLOSED)
        .filter(~Exists(open_action))
        .annotate(last_due=Max("actions__due_on"), actions_total=Count("actions"))
        .filter(Q(last_due__lt=today) | Q(last_due__isnull=True, found_on__lt=today - timedelta(days=ACTION_PLAN_DAYS)))
        .select_related("group__organisation", "requirement", "member")
    )
    items = []
    for nc in ncs:
        if not nc.actions_total:
            detail = _("No corrective action agreed yet.")
        elif nc.status == NCStatus.IMPLEMENTED:
            detail = _("Implemented: it waits for verification by a second person.")
        else:
            detail = _("Its actions are done: mark it implemented.")
        items.append(
            Item(
                kind=ItemKind.NC_PAST_DEADLINE,
                group=nc.group,
                record=f"{nc.requirement.code} ({nc.get_severity_display().lower()}): {nc.description}",
                detail=detail,
                member=nc.member.full_name if nc.member is not None else "",
                due_on=nonconformity_deadline(found_on=nc.found_on, last_due=nc.last_due),
                url=reverse("cycles:nc_detail", kwargs={"pk": nc.pk}),
                key=f"nc:{nc.pk}",
            )
        )
    return items


# --- Inspections --------------------------------------------------------------------------------------------------


def round_end(year: int) -> date:
    """A round runs in its calendar year."""
    return date(year, 12, 31)


def rounds_incomplete(groups: QuerySet[ProducerGroup], *, today: date) -> list[Item]:
    """In the last `ROUND_NOTICE_DAYS` of the year: groups whose round of the year leaves members not inspected,
    and groups of the inspecting phases that have not opened this year's round at all. Handled when every member
    who has not left is inspected."""
    end = round_end(today.year)
    if today < end - timedelta(days=ROUND_NOTICE_DAYS):
        return []
    rounds = {
        item.group_id: item
        for item in InspectionRound.objects.filter(group__in=_ids(groups), year=today.year).select_related(
            "group__organisation"
        )
    }
    without_round = set(
        Trajectory.objects.filter(group__in=_ids(groups), phase__code__in=INSPECTING_PHASES)
        .exclude(status=TrajectoryStatus.WITHDRAWN)
        .exclude(group__in=list(rounds))
        .values_list("group", flat=True)
    )
    concerned = set(rounds) | without_round
    due = dict(
        Member.objects.filter(group__in=concerned)
        .exclude(status=MemberStatus.LEFT)
        .values_list("group")
        .annotate(n=Count("pk"))
        .values_list("group", "n")
    )
    inspected = dict(
        Inspection.objects.filter(round__in=list(rounds.values()), kind=InspectionKind.MEMBER)
        .exclude(member__status=MemberStatus.LEFT)
        .values_list("round__group")
        .annotate(n=Count("pk"))
        .values_list("round__group", "n")
    )
    others = _groups_by_id(without_round)
    items = []
    for group_id in sorted(concerned):
        remaining = due.get(group_id, 0) - inspected.get(group_id, 0)
        if remaining <= 0:
            continue
        members = ngettext("%(count)d member not inspected yet", "%(count)d members not inspected yet", remaining) % {
            "count": remaining
        }
        if group_id in rounds:
            group = rounds[group_id].group
            record = _("The %(year)d round of internal inspections") % {"year": today.year}
            url = reverse("cycles:inspection_round", kwargs={"pk": group_id, "year": today.year}) + "?show=due"
        else:
            group = others[group_id]
            record = _("The %(year)d round of internal inspections is not opened") % {"year": today.year}
            url = reverse("cycles:inspection_rounds", kwargs={"pk": group_id})
        items.append(
            Item(
                kind=ItemKind.ROUND_INCOMPLETE,
                group=group,
                record=record,
                detail=_("%(members)s; the round ends on %(end)s.") % {"members": members, "end": _day(end)},
                due_on=end,
                url=url,
                key=f"round:{group_id}:{today.year}",
            )
        )
    return items


def applicants_waiting(groups: QuerySet[ProducerGroup], *, today: date) -> list[Item]:
    """Applicants never inspected, in the groups that run internal inspections (before planning phase 2 every
    member is an applicant and nobody is inspected yet): their approval waits for it. One item per group (how many,
    since when), so that no farmer is named here; the register's applicants list names them to those who may see
    it. Due `APPLICANT_INSPECTION_DAYS` after the earliest of them joined (or was registered). Handled when each
    applicant is inspected (or leaves the applicants)."""
    inspected = Inspection.objects.filter(member=OuterRef("pk"))
    inspecting = Trajectory.objects.filter(group__in=_ids(groups), phase__code__in=INSPECTING_PHASES).values("group")
    rows = list(
        Member.objects.filter(group__in=inspecting, status=MemberStatus.APPLICANT)
        .filter(~Exists(inspected))
        .values_list("group")
        .annotate(n=Count("pk"), since=Min(Coalesce("joined_on", TruncDate("created_at"))))
        .values_list("group", "n", "since")
    )
    groups_by_id = _groups_by_id({row[0] for row in rows})
    items = []
    for group_id, count, since in rows:
        items.append(
            Item(
                kind=ItemKind.APPLICANTS_WAITING,
                group=groups_by_id[group_id],
                record=ngettext("%(count)d applicant not inspected", "%(count)d applicants not inspected", count)
                % {"count": count},
                detail=_("Waiting since %(day)s: an applicant is approved only after an inspection.")
                % {"day": _day(since)},
                due_on=since + timedelta(days=APPLICANT_INSPECTION_DAYS),
                url=reverse("producers:member_list", kwargs={"pk": group_id}) + "?status=applicant",
                key=f"applicants:{group_id}",
            )
        )
    return items


# --- Certificates and audits --------------------------------------------------------------------------------------


def certificate_stage(days_left: int) -> int | None:
    """The closest stage a certificate ending in `days_left` days has reached (90, 30 or 7), or None if it ends
    later than the first stage (or has ended)."""
    if days_left < 0:
        return None
    reached = [stage for stage in CERTIFICATE_STAGES if days_left <= stage]
    return min(reached) if reached else None


def certificates_expiring(groups: QuerySet[ProducerGroup], *, today: date) -> list[Item]:
    """Active certificates ending within 90 days (by stage: 90, 30, 7) that no later certificate of the same
    standard replaces yet. Handled when the renewal is recorded (or the certificate is suspended or withdrawn)."""
    renewed = Certificate.objects.filter(
        group=OuterRef("group"), standard=OuterRef("standard"), valid_to__gt=OuterRef("valid_to")
    ).exclude(status__in=[CertificateStatus.SUSPENDED, CertificateStatus.WITHDRAWN])
    certificates = (
        Certificate.objects.filter(
            group__in=_ids(groups),
            status=CertificateStatus.ACTIVE,
            valid_to__gte=today,
            valid_to__lte=today + timedelta(days=max(CERTIFICATE_STAGES)),
        )
        .filter(~Exists(renewed))
        .select_related("group__organisation", "standard")
    )
    items = []
    for certificate in certificates:
        stage = certificate_stage((certificate.valid_to - today).days)
        items.append(
            Item(
                kind=ItemKind.CERTIFICATE_EXPIRING,
                group=certificate.group,
                record=_("%(standard)s certificate %(number)s")
                % {"standard": _standard_name(certificate.standard), "number": certificate.number},
                detail=_("Ends on %(day)s (within %(stage)d days): plan the renewal audit.")
                % {"day": _day(certificate.valid_to), "stage": stage},
                due_on=certificate.valid_to,
                url=reverse("cycles:audit_list", kwargs={"pk": certificate.group_id}),
                key=f"certificate:{certificate.pk}:{stage}",
            )
        )
    return items


def _standard_name(standard: Standard) -> str:
    return standard.short_name or standard.name


def audits_coming_with_majors_open(groups: QuerySet[ProducerGroup], *, today: date) -> list[Item]:
    """The yearly external audit of a standard (expected `AUDIT_INTERVAL_DAYS` after the group's last audit of it)
    coming within 30 days while major or critical non-conformities that count against the standard are still open.
    Handled when they are closed (or the audit is recorded: the next one is then a year away)."""
    last_audits = list(
        Audit.objects.filter(group__in=_ids(groups))
        .values_list("group", "standard")
        .annotate(last=Max("audited_on"))
        .values_list("group", "standard", "last")
    )
    coming = {
        (group_id, standard_id): last + timedelta(days=AUDIT_INTERVAL_DAYS)
        for group_id, standard_id, last in last_audits
        if today <= last + timedelta(days=AUDIT_INTERVAL_DAYS) <= today + timedelta(days=AUDIT_NOTICE_DAYS)
    }
    if not coming:
        return []
    counted = NonConformity.requirements.through.objects.filter(
        nonconformity__group__in={group_id for group_id, _standard in coming},
        nonconformity__severity__in=WEIGHTY,
        requirement__standard__in={standard_id for _group, standard_id in coming},
    ).exclude(nonconformity__status=NCStatus.CLOSED)
    weighty = {
        (group_id, standard_id): count
        for group_id, standard_id, count in counted.values_list("nonconformity__group", "requirement__standard")
        .annotate(findings=Count("nonconformity", distinct=True))
        .values_list("nonconformity__group", "requirement__standard", "findings")  # type: ignore[misc]
    }
    concerned = {key: day for key, day in coming.items() if weighty.get(key)}
    groups_by_id = _groups_by_id({group_id for group_id, _standard in concerned})
    standards = Standard.objects.in_bulk({standard_id for _group, standard_id in concerned})
    items = []
    for (group_id, standard_id), expected in concerned.items():
        standard = standards[standard_id]
        count = weighty[(group_id, standard_id)]
        items.append(
            Item(
                kind=ItemKind.AUDIT_WITH_MAJORS,
                group=groups_by_id[group_id],
                record=_("The yearly %(standard)s audit, expected around %(day)s")
                % {"standard": _standard_name(standard), "day": _day(expected)},
                detail=ngettext(
                    "%(count)d major or critical non-conformity is still open.",
                    "%(count)d major or critical non-conformities are still open.",
                    count,
                )
                % {"count": count},
                due_on=expected,
                url=reverse("cycles:nc_list", kwargs={"pk": group_id}) + f"?standard={standard.code}",
                key=f"audit:{group_id}:{standard_id}:{expected.isoformat()}",
            )
        )
    return items


# --- The inner and the outer cycle --------------------------------------------------------------------------------


def _active_trajectories(groups: QuerySet[ProducerGroup]) -> list[Trajectory]:
    return list(
        Trajectory.objects.filter(group__in=_ids(groups), status=TrajectoryStatus.ACTIVE).select_related(
            "group__organisation", "phase"
        )
    )


def _since(trajectory: Trajectory) -> date:
    return timezone.localtime(trajectory.phase_since).date()


def groups_stuck(groups: QuerySet[ProducerGroup], *, today: date) -> list[Item]:
    """Active groups longer in their phase than the phase's `stuck_after_days` (the portfolio's notion of stuck),
    dated the first day they count as stuck. Handled when the group moves on (or back, or is put on hold)."""
    items = []
    for trajectory in _active_trajectories(groups):
        days = (today - _since(trajectory)).days
        if days <= trajectory.phase.stuck_after_days:
            continue
        items.append(
            Item(
                kind=ItemKind.GROUP_STUCK,
                group=trajectory.group,
                record=trajectory.phase.label,
                detail=_("%(days)d days in this phase; a group is flagged after %(limit)d.")
                % {"days": days, "limit": trajectory.phase.stuck_after_days},
                due_on=_since(trajectory) + timedelta(days=trajectory.phase.stuck_after_days + 1),
                url=reverse("cycles:phase", kwargs={"pk": trajectory.group_id}),
                key=f"stuck:{trajectory.group_id}:{trajectory.phase_id}:{_since(trajectory).isoformat()}",
            )
        )
    return items


def services_missing(groups: QuerySet[ProducerGroup], *, today: date) -> list[Item]:
    """The services the group's phase expects (its interaction points) that it has not received since entering the
    phase, once it has been there `SERVICE_EXPECTED_DAYS` days. A service of the type counts whoever delivered it,
    as on the group's services page. Handled when such a service is recorded."""
    trajectories = [
        trajectory
        for trajectory in _active_trajectories(groups)
        if (today - _since(trajectory)).days >= SERVICE_EXPECTED_DAYS
    ]
    if not trajectories:
        return []
    points: dict[int, list[InteractionPoint]] = defaultdict(list)
    for point in InteractionPoint.objects.filter(
        phase__in={trajectory.phase_id for trajectory in trajectories}
    ).select_related("service_type"):
        points[point.phase_id].append(point)
    latest = {
        (group_id, type_id): day
        for group_id, type_id, day in Service.objects.filter(group__in=[t.group_id for t in trajectories])
        .values_list("group", "service_type")
        .annotate(last=Max("delivered_on"))
        .values_list("group", "service_type", "last")
    }
    items = []
    for trajectory in trajectories:
        since = _since(trajectory)
        for point in points.get(trajectory.phase_id, []):
            received = latest.get((trajectory.group_id, point.service_type_id))
            if received is not None and received >= since:
                continue
            items.append(
                Item(
                    kind=ItemKind.SERVICE_MISSING,
                    group=trajectory.group,
                    record=point.service_type.name,
                    detail=_("Expected in %(phase)s, since %(day)s: %(why)s")
                    % {"phase": trajectory.phase.name, "day": _day(since), "why": point.description or "—"},
                    due_on=since + timedelta(days=SERVICE_EXPECTED_DAYS),
                    url=reverse("cycles:group_services", kwargs={"pk": trajectory.group_id}),
                    key=f"service:{trajectory.group_id}:{point.pk}:{since.isoformat()}",
                )
            )
    return items


# The rules by audience: those over the records a group keeps (for those who keep them), those over a group's
# certification (also for the donors who fund it), those over its course through the cycles (for those who steer).
RECORD_RULES = (actions_due, nonconformities_past_deadline, rounds_incomplete, applicants_waiting)
CERTIFICATION_RULES = (certificates_expiring, audits_coming_with_majors_open)
STEERING_RULES = (groups_stuck, services_missing)
