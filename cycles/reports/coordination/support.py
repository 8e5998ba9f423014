"""Findings about the support services: phases where groups lack the service they need, services given twice, and
audits that could be merged.
"""

from typing import Any

from django.db.models import (
    Count,
    Exists,
    F,
    OuterRef,
    Q,
    QuerySet,
    Sum,
)
from django.db.models.functions import TruncDate

from producers.languages import localized
from producers.models import ProducerGroup
from standards.models import Audit, GroupStandard

from ...models import (
    InteractionPoint,
    Service,
)
from .context import AUDIT_SERVICE, LIST_LIMIT, Context
from .functions import count_per_group, rounded
from .phases import ACTIVE, standing_at


def missing_services(ctx: Context, pipeline_rows: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Per interaction point: the active groups in its phase that received no service of its type since they
    entered the phase."""
    in_phase = {row["phase"]: row["active"] for row in pipeline_rows}
    points = list(
        InteractionPoint.objects.select_related("phase", "service_type").order_by("phase__order", "service_type__order")
    )
    # One row per active group and interaction point of its phase that it did not get: every point in one query.
    delivered = Service.objects.filter(
        group=OuterRef("trajectory__group"),
        service_type=OuterRef("point_type"),
        delivered_on__gte=OuterRef("entered_on"),
        delivered_on__lte=ctx.as_of_date,
    )
    missing = (
        standing_at(ctx, ctx.as_of)
        .filter(ACTIVE)
        .annotate(point=F("to_phase__interaction_points"))
        .alias(entered_on=TruncDate("moved_at"), point_type=F("to_phase__interaction_points__service_type"))
        .filter(point__isnull=False)
        .filter(~Exists(delivered))
        .order_by("trajectory__group__organisation__name")
        .values_list("point", "trajectory__group__organisation__name")
    )
    names: dict[int, list[str]] = {}
    for point_id, name in missing:  # the missing services only, already ordered
        names.setdefault(point_id, []).append(name)
    return [
        {
            "phase": point.phase.code,
            "phase_name": point.phase.name,
            "service_type": point.service_type.code,
            "service_name": point.service_type.name,
            "expected_from": point.provider_interest_group,
            "expected_from_label": point.get_provider_interest_group_display(),
            "groups_in_phase": in_phase.get(point.phase.code, 0),
            "count": len(names.get(point.pk, [])),
            "groups": names.get(point.pk, [])[:LIST_LIMIT],
        }
        for point in points  # a handful of reference rows
    ]


def duplicated_services(ctx: Context) -> dict[str, Any]:
    """Two or more different providers delivering the same type of service to the same group within the period."""
    in_period = Service.objects.filter(
        delivered_on__gte=ctx.parameters.period_start, delivered_on__lte=ctx.parameters.period_end
    )
    others = in_period.filter(group=OuterRef("group"), service_type=OuterRef("service_type")).exclude(
        provider=OuterRef("provider")
    )
    rows = (
        ctx.scoped(in_period, "group")
        .filter(Exists(others))
        .values(
            "group_id",
            "group__organisation__name",
            "service_type__code",
            "provider__name",
            "provider__interest_group",
            service_name=localized("service_type__name"),
        )
        .annotate(n=Count("pk"), cost=Sum("cost"))
        .order_by("group__organisation__name", "service_type__order", "provider__name")
    )
    items: dict[tuple[int, str], dict[str, Any]] = {}
    for row in rows:  # the aggregated rows of the duplicated pairs only
        key = (row["group_id"], row["service_type__code"])
        item = items.setdefault(
            key,
            {
                "group_id": row["group_id"],
                "group": row["group__organisation__name"],
                "service_type": row["service_type__code"],
                "service_name": row["service_name"],
                "providers": [],
            },
        )
        item["providers"].append(
            {
                "name": row["provider__name"],
                "interest_group": row["provider__interest_group"],
                "count": row["n"],
                "cost": rounded(row["cost"]),
            }
        )
    listed = list(items.values())
    return {"count": len(listed), "items": listed[:LIST_LIMIT]}


def _compared_standards(rows: QuerySet[Any]) -> tuple[dict[int, list[str]], dict[int, list[str]]]:
    """Per group, the standards of `rows` (audits, or chosen standards: rows with a group and a standard), and the
    cross-walk topics that two or more of those standards ask, counted by the database."""
    names: dict[int, list[str]] = {}
    standards = rows.values_list("group_id", "standard_id", "standard__short_name").order_by().distinct()
    for group_id, _standard, name in standards:
        names.setdefault(group_id, []).append(name)
    shared: dict[int, list[str]] = {}
    topics = (
        rows.filter(standard__requirements__crosswalk_topic__isnull=False)
        .values(
            "group_id",
            "standard__requirements__crosswalk_topic",
            topic_name=localized("standard__requirements__crosswalk_topic__name"),
        )
        .annotate(standards=Count("standard", distinct=True))
        .filter(standards__gte=2)
        .values_list("group_id", "topic_name")
        .order_by()
    )
    for group_id, topic in topics:
        shared.setdefault(group_id, []).append(topic)
    return names, shared


def mergeable_audits(ctx: Context) -> dict[str, Any]:
    """Groups audited several times within one year against standards that share cross-walk topics: a combined
    audit could cover them once.

    The audits are the external Audit rows (each names its standard) and the services of the type "audit and
    certification" (which do not): with two or more audited standards those are compared; with two or more audit
    services the group's chosen standards are.
    """
    window = {"gte": ctx.window_start, "lte": ctx.as_of_date}
    audits = Audit.objects.filter(audited_on__gte=window["gte"], audited_on__lte=window["lte"])
    audit_services = Service.objects.filter(
        service_type__code=AUDIT_SERVICE, delivered_on__gte=window["gte"], delivered_on__lte=window["lte"]
    )
    groups = ProducerGroup.objects.all() if ctx.groups is None else ctx.groups
    candidates = (
        groups.alias(standards_audited=count_per_group(audits, "standard", distinct=True))
        .annotate(audit_count=count_per_group(audits), service_count=count_per_group(audit_services))
        .filter(Q(standards_audited__gte=2) | Q(service_count__gte=2))
    )
    found = list(
        candidates.order_by("organisation__name").values_list(
            "pk", "organisation__name", "audit_count", "service_count"
        )
    )
    if not found:
        return {"count": 0, "items": [], "window_start": ctx.window_start.isoformat()}
    # The two sources cover different groups: those with two audited standards, and the others.
    audited, audited_shared = _compared_standards(
        audits.filter(group__in=candidates.filter(standards_audited__gte=2).values("pk"))
    )
    chosen, chosen_shared = _compared_standards(
        GroupStandard.objects.filter(group__in=candidates.filter(standards_audited__lt=2).values("pk"))
    )
    names, shared = audited | chosen, audited_shared | chosen_shared
    items = [
        {
            "group_id": pk,
            "group": name,
            "audits": audit_count,
            "audit_services": service_count,
            "standards": sorted(names[pk]),
            "shared_topic_count": len(shared[pk]),
            "shared_topics": sorted(shared[pk]),
        }
        for pk, name, audit_count, service_count in found  # the candidate groups, already aggregated
        if pk in shared  # two standards at least share a topic
    ]
    return {"count": len(items), "items": items[:LIST_LIMIT], "window_start": ctx.window_start.isoformat()}
