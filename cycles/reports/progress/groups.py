"""The report's groups: which groups it covers, one line per group, the cover, and the phase timeline."""

from datetime import date

from django.db.models import Count, Q, QuerySet
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django_countries import countries

from producers.models import ProducerGroup, Programme
from producers.models.members import MemberStatus

from ...models import (
    MoveKind,
    Phase,
    PhaseMove,
)
from ...selectors.phases import PHASE_CHANGING_KINDS
from .figures import STATUS_KINDS, Cover, GroupLine, GroupTimeline, Period, PhaseCount, StayLine, TimelineSection


def report_groups(*, group: ProducerGroup | None = None, programme: Programme | None = None) -> QuerySet[ProducerGroup]:
    """The groups a report covers: the one group, or every group the programme supports."""
    if (group is None) == (programme is None):
        raise ValueError("a report is about one group or one programme")
    if group is not None:
        return ProducerGroup.objects.filter(pk=group.pk)
    assert programme is not None
    return ProducerGroup.objects.filter(pk__in=programme.groups.values("pk"))


def group_lines(groups: QuerySet[ProducerGroup]) -> list[GroupLine]:
    """The groups with their register in figures (members who have not left). One query."""
    rows = (
        groups.select_related("organisation")
        .annotate(
            due=Count("members", filter=~Q(members__status=MemberStatus.LEFT), distinct=True),
            women=Count(
                "members",
                filter=Q(members__gender="female") & ~Q(members__status=MemberStatus.LEFT),
                distinct=True,
            ),
            approved=Count("members", filter=Q(members__status=MemberStatus.APPROVED), distinct=True),
        )
        .order_by("organisation__name")
    )
    return [
        GroupLine(
            pk=group.pk,
            name=group.organisation.name,
            country=str(group.organisation.country),
            country_name=str(countries.name(str(group.organisation.country))),
            commodity=group.get_commodity_display(),
            region=group.region,
            members=group.due,
            women=group.women,
            approved=group.approved,
        )
        for group in rows
    ]


def build_cover(group: ProducerGroup | None, programme: Programme | None, lines: list[GroupLine]) -> Cover:
    if programme is not None:
        implementers = ", ".join(org.name for org in programme.implementers.all())
        details = [_("Funded by %(funder)s") % {"funder": programme.funder.name}]
        if implementers:
            details.append(_("Implemented by %(names)s") % {"names": implementers})
        countries = sorted({line.country_name for line in lines})
        details.append(
            ngettext("%(count)d group in %(countries)s", "%(count)d groups in %(countries)s", len(lines))
            % {"count": len(lines), "countries": ", ".join(countries) or "—"}
        )
        return Cover(_("Programme progress report"), programme.name, details, timezone.now())
    assert group is not None
    line = lines[0]
    details = [f"{line.country_name} · {line.commodity} · {line.region}"]
    return Cover(_("Group progress report"), line.name, details, timezone.now())


def build_timeline(groups: QuerySet[ProducerGroup], lines: list[GroupLine], period: Period) -> TimelineSection:
    """Every group's stays in the phases up to the period's end, from its moves: one query for all groups.

    A stay opens with a move that changes the phase (or re-enters it, as a suspension does), exactly as
    `cycles.selectors.group_timeline` reads one group's moves; holds and resumptions are events within a stay.
    """
    phases = list(Phase.objects.order_by("order"))
    phase_ids = [phase.pk for phase in phases]
    by_group: dict[int, GroupTimeline] = {line.pk: GroupTimeline(group=line) for line in lines}
    moves = (
        PhaseMove.objects.filter(trajectory__group__in=groups)
        .order_by("trajectory__group_id", "moved_at", "pk")
        .values_list("trajectory__group_id", "kind", "to_phase_id", "moved_at")
    )
    phases_by_id = {phase.pk: phase for phase in phases}
    kinds = dict(MoveKind.choices)
    for group_id, kind, to_phase_id, moved_at in moves:
        timeline = by_group[group_id]
        day = timezone.localdate(moved_at)
        if day > period.as_of:
            continue
        stays = timeline.stays
        if not stays or to_phase_id != stays[-1].phase.pk or kind in PHASE_CHANGING_KINDS:
            if stays:
                stays[-1].left_on = day
            stays.append(
                StayLine(phase=phases_by_id[to_phase_id], entered_on=day, left_on=None, days=0, how=str(kinds[kind]))
            )
        else:
            stays[-1].events.append(f"{kinds[kind]} {date_format(day, 'j M Y')}")
        if kind in STATUS_KINDS:
            timeline.status_at_end = STATUS_KINDS[kind]
        elif kind in PHASE_CHANGING_KINDS:
            timeline.status_at_end = ""
        if day <= period.start:
            timeline.phase_at_start = phases_by_id[to_phase_id]
        timeline.phase_at_end = phases_by_id[to_phase_id]
    for timeline in by_group.values():
        entered: dict[int, date] = {}
        for stay in timeline.stays:
            entered.setdefault(stay.phase.pk, stay.entered_on)
            stay.days = ((stay.left_on or period.as_of) - stay.entered_on).days
            stay.in_period = (stay.left_on is None or stay.left_on >= period.start) and stay.entered_on <= period.end
        timeline.entries = [entered.get(phase_id) for phase_id in phase_ids]
    counts = [PhaseCount(phase=None, at_start=0, at_end=0)] + [PhaseCount(phase, 0, 0) for phase in phases]
    index = {None: 0} | {phase.pk: i + 1 for i, phase in enumerate(phases)}
    forward = back = 0
    for timeline in by_group.values():
        start = timeline.phase_at_start
        end = timeline.phase_at_end
        counts[index[start.pk if start else None]].at_start += 1
        counts[index[end.pk if end else None]].at_end += 1
        start_order = start.order if start else 0
        end_order = end.order if end else 0
        forward += end_order > start_order
        back += end_order < start_order
    return TimelineSection(
        phases=phases,
        groups=[by_group[line.pk] for line in lines],
        counts=counts,
        moved_forward=forward,
        moved_back=back,
    )
