"""Read side of field capture, scoped to the person like every page: the rounds a phone may download (the groups
whose records the person may change, through `groups_editable_by`), and the submissions of a group."""

from dataclasses import dataclass
from datetime import datetime, time

from django.db.models import Count, Max, QuerySet
from django.http import Http404
from django.shortcuts import get_object_or_404
from django.utils import timezone

from producers.models import ProducerGroup, User
from producers.selectors import group_get_for_change, groups_editable_by

from ..models import CollectKey, InspectionRound, Submission, SubmissionStatus
from .parse import FORM_ID


def capture_rounds(user: User) -> QuerySet[InspectionRound]:
    """The rounds a person's phone lists: this year's round of every group whose records they may change."""
    return (
        InspectionRound.objects.filter(group__in=groups_editable_by(user), year=timezone.localdate().year)
        .select_related("group__organisation")
        .order_by("group__organisation__name")
    )


def capture_round_get(user: User, form_id: str) -> InspectionRound:
    """The round a form id names, if the person's phone may have it; 404 otherwise (outside the scope too)."""
    match = FORM_ID.match(form_id)
    if match is None:
        raise Http404
    inspection_round = (
        InspectionRound.objects.filter(group__in=groups_editable_by(user), group_id=int(match["group"]))
        .filter(year=int(match["year"]))
        .select_related("group__organisation")
        .first()
    )
    if inspection_round is None:
        raise Http404
    return inspection_round


def submission_get_for_change(*, user: User, pk: int) -> Submission:
    """A submission, for the person reviewing it: 404 outside their groups, 403 for those who only read them."""
    submission = get_object_or_404(Submission.objects.select_related("group", "received_by", "inspection"), pk=pk)
    group_get_for_change(user=user, pk=submission.group_id)
    return submission


def review_queue(group: ProducerGroup) -> QuerySet[Submission]:
    return (
        Submission.objects.filter(group=group, status=SubmissionStatus.QUEUED)
        .select_related("received_by")
        .order_by("received_at", "pk")
    )


def received_today(group: ProducerGroup) -> QuerySet[Submission]:
    start = timezone.make_aware(datetime.combine(timezone.localdate(), time.min))
    return (
        Submission.objects.filter(group=group, received_at__gte=start)
        .select_related("received_by", "inspection__member")
        .order_by("-received_at", "-pk")
    )


@dataclass(frozen=True)
class Device:
    key: CollectKey
    sent: int
    last_sent: datetime


def group_devices(group: ProducerGroup, *, limit: int = 20) -> list[Device]:
    """The phones that sent for the group, the most recent first, with how many submissions each sent (2 queries)."""
    rows = list(
        Submission.objects.filter(group=group, key__isnull=False)
        .values("key")
        .annotate(sent=Count("pk"), last_sent=Max("received_at"))
        .order_by("-last_sent")[:limit]
    )
    keys = CollectKey.objects.select_related("user").in_bulk([row["key"] for row in rows])
    return [Device(keys[row["key"]], row["sent"], row["last_sent"]) for row in rows if row["key"] in keys]
