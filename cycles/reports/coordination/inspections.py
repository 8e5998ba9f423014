"""Findings from the internal inspections: the requirements failed most often, which tell the support structure what
to train.
"""

from typing import Any

from django.db.models import (
    Count,
    Q,
)

from producers.languages import localized
from standards.models import Requirement

from ...models import (
    Compliance,
    Inspection,
    InspectionAnswer,
)
from .context import LIST_LIMIT, TOP_REQUIREMENTS, Context
from .functions import share


def failed_requirements(ctx: Context) -> dict[str, Any]:
    """The requirements answered "not compliant" in the most groups (then members) in the period, and where:
    training needs by region and standard."""
    inspections = ctx.scoped(Inspection.objects.all(), "round__group").filter(
        inspected_on__gte=ctx.parameters.period_start, inspected_on__lte=ctx.parameters.period_end
    )
    inspected = inspections.aggregate(
        groups=Count("round__group", distinct=True), members=Count("member", distinct=True)
    )
    failed = ctx.scoped(InspectionAnswer.objects.all(), "inspection__round__group").filter(
        answer=Compliance.NOT_COMPLIANT,
        inspection__inspected_on__gte=ctx.parameters.period_start,
        inspection__inspected_on__lte=ctx.parameters.period_end,
    )
    if ctx.parameters.standard:
        # An answer on a cross-walk topic counts for every standard that asks it.
        failed = failed.filter(
            Q(requirement__standard__code=ctx.parameters.standard)
            | Q(
                crosswalk_topic__in=Requirement.objects.filter(
                    standard__code=ctx.parameters.standard, crosswalk_topic__isnull=False
                ).values("crosswalk_topic")
            )
        )
    top = list(
        failed.values(
            "requirement_id",
            "requirement__code",
            "requirement__domain",
            "requirement__standard__short_name",
            # In the language of the person who asked for the report (the run's), English where not translated.
            requirement_text=localized("requirement__text"),
            topic_name=localized("requirement__crosswalk_topic__name"),
        )
        .annotate(
            groups=Count("inspection__round__group", distinct=True), members=Count("inspection__member", distinct=True)
        )
        .order_by("-groups", "-members", "requirement__code")[:TOP_REQUIREMENTS]
    )
    by_region = []
    if top:
        codes = {row["requirement_id"]: row["requirement__code"] for row in top}
        standards = {row["requirement_id"]: row["requirement__standard__short_name"] for row in top}
        by_region = [
            {
                "country": str(row["inspection__round__group__organisation__country"]),
                "region": row["inspection__round__group__region"],
                "standard": standards[row["requirement_id"]],
                "requirement": codes[row["requirement_id"]],
                "groups": row["groups"],
                "members": row["members"],
            }
            for row in failed.filter(requirement_id__in=list(codes))
            .values(
                "inspection__round__group__organisation__country",
                "inspection__round__group__region",
                "requirement_id",
            )
            .annotate(
                groups=Count("inspection__round__group", distinct=True),
                members=Count("inspection__member", distinct=True),
            )
            .order_by(
                "inspection__round__group__organisation__country",
                "inspection__round__group__region",
                "-groups",
                "-members",
            )
        ]
    return {
        "inspected_groups": inspected["groups"],
        "inspected_members": inspected["members"],
        "top": [
            {
                "requirement": row["requirement__code"],
                "text": row["requirement_text"],
                "domain": row["requirement__domain"],
                "standard": row["requirement__standard__short_name"],
                "topic": row["topic_name"] or "",
                "groups": row["groups"],
                "members": row["members"],
                "member_share": share(row["members"], inspected["members"]),
            }
            for row in top
        ],
        "by_region": by_region[:LIST_LIMIT],
    }
