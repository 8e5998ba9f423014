"""The rules that say what is due: one function per rule, each over a queryset of groups (already scoped to the user
by the caller) and a day, returning the reminders it finds.

Every rule runs a fixed number of queries whatever the number of groups or records, and a record's item goes away
as soon as the record is handled (the rule no longer matches it). The thresholds are the team's own design, named
here so that a page, a digest and the tests read the same numbers. This module holds the rules over a group's
records; `rules_certification` and `rules_steering` the others.
"""

from datetime import date, timedelta

from django.db.models import Count, Exists, Max, Min, OuterRef, Q, QuerySet
from django.db.models.functions import Coalesce, TruncDate
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from producers.models import Member, ProducerGroup
from producers.models.members import MemberStatus

from ..models import (
    CorrectiveAction,
    InspectionKind,
    InspectionRound,
    NCStatus,
    NonConformity,
    Severity,
    Trajectory,
    TrajectoryStatus,
)
from ..models.inspections import Inspection
from .common import INSPECTING_PHASES, day_text, group_ids, groups_by_id, url_for_pk
from .items import Item, ItemKind
from .rules_certification import audits_coming_with_majors_open, certificates_expiring
from .rules_steering import groups_stuck, services_missing

# A corrective action is listed from a week before its due date until it is done.
ACTION_NOTICE_DAYS = 7
# A non-conformity without any corrective action is past its deadline this long after it was found.
ACTION_PLAN_DAYS = 30
# This year's round is flagged from this many days before 31 December, while members are still not inspected.
ROUND_NOTICE_DAYS = 60
# An applicant is inspected within this many days of joining (their approval waits for it).
APPLICANT_INSPECTION_DAYS = 30


# --- Corrective actions and non-conformities ----------------------------------------------------------------------


def _member_name(first: str | None, last: str | None, erased: object) -> str:
    """A farmer's name as `Member.full_name` gives it, from the row's columns."""
    if first is None:  # no member
        return ""
    return str(_("Erased member")) if erased is not None else f"{first} {last}"


def _severities() -> dict[str, str]:
    return {value: str(label).lower() for value, label in Severity.choices}


def actions_due(groups: QuerySet[ProducerGroup], *, today: date) -> list[Item]:
    """Corrective actions not done, of a non-conformity not closed, due within the week or overdue. Handled when
    the action is marked done (or its non-conformity closed).

    A large group has a thousand of them: they are read as plain rows, not as six model instances each, and the
    words they share are translated once (the page, the count and the digest all read every item)."""
    rows = list(
        CorrectiveAction.objects.filter(
            nonconformity__group__in=group_ids(groups),
            done_on__isnull=True,
            due_on__lte=today + timedelta(days=ACTION_NOTICE_DAYS),
        )
        .exclude(nonconformity__status=NCStatus.CLOSED)
        .values_list(
            "pk",
            "description",
            "owner",
            "due_on",
            "nonconformity_id",
            "nonconformity__group_id",
            "nonconformity__severity",
            "nonconformity__requirement__code",
            "nonconformity__member__first_name",
            "nonconformity__member__last_name",
            "nonconformity__member__erased_at",
        )
    )
    groups_found = groups_by_id({row[5] for row in rows})
    severity = _severities()
    detail = _("Mark the action done once it is.")
    nc_url = url_for_pk("cycles:nc_detail")
    return [
        Item(
            kind=ItemKind.ACTION_DUE,
            group=groups_found[group_id],
            record=f"{code} ({severity.get(level, level)}): {description}",
            detail=detail,
            member=_member_name(first, last, erased),
            owner=owner,
            due_on=due_on,
            url=nc_url(nc_id) + f"#action-{pk}",
            key=f"action:{pk}",
        )
        for pk, description, owner, due_on, nc_id, group_id, level, code, first, last, erased in rows
    ]


def nonconformity_deadline(*, found_on: date, last_due: date | None) -> date:
    """When a non-conformity should be corrected: the last due date of its actions, or, without any action,
    `ACTION_PLAN_DAYS` after it was found (an action is agreed by then)."""
    return last_due if last_due is not None else found_on + timedelta(days=ACTION_PLAN_DAYS)


def nonconformities_past_deadline(groups: QuerySet[ProducerGroup], *, today: date) -> list[Item]:
    """Non-conformities not closed, past their deadline, with no corrective action left to do: what is late is the
    non-conformity itself (an action to agree, an implementation to report, a verification to make). While an
    action is still open, that action is the reminder (`actions_due`), not its non-conformity. Read as plain rows,
    as the actions are."""
    open_action = CorrectiveAction.objects.filter(nonconformity=OuterRef("pk"), done_on__isnull=True)
    rows = list(
        NonConformity.objects.filter(group__in=group_ids(groups))
        .exclude(status=NCStatus.CLOSED)
        .filter(~Exists(open_action))
        .annotate(last_due=Max("actions__due_on"), actions_total=Count("actions"))
        .filter(Q(last_due__lt=today) | Q(last_due__isnull=True, found_on__lt=today - timedelta(days=ACTION_PLAN_DAYS)))
        .values_list(
            "pk",
            "description",
            "status",
            "severity",
            "found_on",
            "last_due",
            "actions_total",
            "group_id",
            "requirement__code",
            "member__first_name",
            "member__last_name",
            "member__erased_at",
        )
    )
    groups_found = groups_by_id({row[7] for row in rows})
    severity = _severities()
    no_action = _("No corrective action agreed yet.")
    implemented = _("Implemented: it waits for verification by a second person.")
    actions_done = _("Its actions are done: mark it implemented.")
    nc_url = url_for_pk("cycles:nc_detail")
    items = []
    for pk, description, status, level, found_on, last_due, actions, group_id, code, first, last, erased in rows:
        if not actions:
            detail = no_action
        elif status == NCStatus.IMPLEMENTED:
            detail = implemented
        else:
            detail = actions_done
        items.append(
            Item(
                kind=ItemKind.NC_PAST_DEADLINE,
                group=groups_found[group_id],
                record=f"{code} ({severity.get(level, level)}): {description}",
                detail=detail,
                member=_member_name(first, last, erased),
                due_on=nonconformity_deadline(found_on=found_on, last_due=last_due),
                url=nc_url(pk),
                key=f"nc:{pk}",
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
        for item in InspectionRound.objects.filter(group__in=group_ids(groups), year=today.year).select_related(
            "group__organisation"
        )
    }
    without_round = set(
        Trajectory.objects.filter(group__in=group_ids(groups), phase__code__in=INSPECTING_PHASES)
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
    others = groups_by_id(without_round)
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
                detail=_("%(members)s; the round ends on %(end)s.") % {"members": members, "end": day_text(end)},
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
    inspecting = Trajectory.objects.filter(group__in=group_ids(groups), phase__code__in=INSPECTING_PHASES).values(
        "group"
    )
    rows = list(
        Member.objects.filter(group__in=inspecting.values("group"), status=MemberStatus.APPLICANT)
        .filter(~Exists(inspected))
        .values_list("group")
        .annotate(n=Count("pk"), since=Min(Coalesce("joined_on", TruncDate("created_at"))))
        .values_list("group", "n", "since")
    )
    found = groups_by_id({row[0] for row in rows})
    items = []
    for group_id, count, since in rows:
        items.append(
            Item(
                kind=ItemKind.APPLICANTS_WAITING,
                group=found[group_id],
                record=ngettext("%(count)d applicant not inspected", "%(count)d applicants not inspected", count)
                % {"count": count},
                detail=_("Waiting since %(day)s: an applicant is approved only after an inspection.")
                % {"day": day_text(since)},
                due_on=since + timedelta(days=APPLICANT_INSPECTION_DAYS),
                url=reverse("producers:member_list", kwargs={"pk": group_id}) + "?status=applicant",
                key=f"applicants:{group_id}",
            )
        )
    return items


# The rules by audience: those over the records a group keeps (for those who keep them), those over a group's
# certification (also for the donors who fund it), those over its course through the cycles (for those who steer).
RECORD_RULES = (actions_due, nonconformities_past_deadline, rounds_incomplete, applicants_waiting)
CERTIFICATION_RULES = (certificates_expiring, audits_coming_with_majors_open)
STEERING_RULES = (groups_stuck, services_missing)
