"""Read-side queries of the trainings: the list, one training, its history, and the coverage per requirement
and per member. Each runs a fixed number of queries whatever the number of trainings or members."""

from dataclasses import dataclass
from typing import Any

from django.apps import apps
from django.db.models import Count, Exists, IntegerField, Max, OuterRef, Q, QuerySet, Subquery, Value
from django.db.models.functions import Coalesce
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from producers.history import Change, HistoryEntry, history_entries
from producers.models import Member, Organisation, ProducerGroup, User
from producers.models.members import MemberStatus
from producers.selectors import group_get_for_user
from standards.models import Requirement

from ..models import Inspector, Training
from ..models.trainings import TRAINER_INTEREST_GROUPS


def training_get_for_user(*, user: User, pk: int) -> Training:
    """The training if the user sees its group; 404 otherwise, so ids outside the scope reveal nothing."""
    training = get_object_or_404(Training.objects.select_related("group__organisation", "trainer"), pk=pk)
    group_get_for_user(user=user, pk=training.group_id)
    return training


def _count_of(through: Any, *, key: str, **filters: object) -> Coalesce:
    """The number of rows of an m2m table per `key`, as a subquery: counting two lists of one training with joins
    would multiply the rows."""
    rows = (
        through.objects.filter(**{key: OuterRef("pk")}, **filters)
        .order_by()
        .values(key)
        .annotate(n=Count("pk"))
        .values("n")
    )
    return Coalesce(Subquery(rows, output_field=IntegerField()), Value(0))


def training_list(*, group: ProducerGroup, query: str = "") -> QuerySet[Training]:
    """The group's trainings, latest first, each with the number of attendees, requirements and inspectors."""
    trainings = (
        Training.objects.filter(group=group)
        .select_related("trainer")
        .annotate(
            attendee_count=_count_of(Training.attendees.through, key="training"),
            requirement_count=_count_of(Training.requirements.through, key="training"),
            inspector_count=_count_of(Training.inspectors.through, key="training"),
        )
    )
    if query:
        trainings = trainings.filter(Q(topic__icontains=query) | Q(trainer__name__icontains=query))
    return trainings.order_by("-held_on", "-pk")


def trainer_choices() -> QuerySet[Organisation]:
    return Organisation.objects.filter(interest_group__in=TRAINER_INTEREST_GROUPS).order_by("name")


def requirement_choices(group: ProducerGroup) -> QuerySet[Requirement]:
    """The requirements of the standards the group has chosen."""
    return (
        Requirement.objects.filter(standard__group_choices__group=group)
        .select_related("standard")
        .order_by("standard__short_name", "code")
    )


def attendee_choices(group: ProducerGroup, training: Training | None = None) -> QuerySet[Member]:
    """The group's members who have not left, and those already on the training's list even if they left since."""
    scope = ~Q(status=MemberStatus.LEFT)
    if training is not None:
        scope |= Q(pk__in=training.attendees.values("pk"))
    return Member.objects.filter(group=group).filter(scope).order_by("member_number")


def inspector_choices(group: ProducerGroup, training: Training | None = None) -> QuerySet[Inspector]:
    """The group's active inspectors, and those already trained in this session."""
    scope = Q(active=True)
    if training is not None:
        scope |= Q(pk__in=training.inspectors.values("pk"))
    return Inspector.objects.filter(group=group).filter(scope).order_by("name")


@dataclass(frozen=True)
class TrainingContents:
    requirements: list[Requirement]
    attendees: list[Member]
    inspectors: list[Inspector]


def training_contents(training: Training, *, with_names: bool) -> TrainingContents:
    """What a training covered and who came; the attendees only for those who may see the register."""
    return TrainingContents(
        requirements=list(training.requirements.select_related("standard").order_by("standard__short_name", "code")),
        attendees=list(training.attendees.order_by("member_number")) if with_names else [],
        inspectors=list(training.inspectors.order_by("name")),
    )


# The lists a training's history keeps: field name, the id column in its historical table, and how an id is named.
_LISTS = (("attendees", "member_id"), ("requirements", "requirement_id"), ("inspectors", "inspector_id"))


def training_history(training: Training, *, with_names: bool) -> list[HistoryEntry]:
    """The training's history, with changes to its lists (attendance, requirements addressed, inspectors trained)
    told as what was added and removed. Those who may not see the register read how many people, not who."""
    entries = history_entries(training)
    labels = {str(getattr(Training._meta.get_field(name), "verbose_name", name)): name for name, _column in _LISTS}
    if not any(change.field in labels for entry in entries for change in entry.changes):
        return entries
    versions = list(
        training.history.order_by("-history_date", "-history_id").values_list("history_id", flat=True)[
            : len(entries) + 1
        ]
    )
    # One query per list: the ids each version held.
    held: dict[str, dict[int, set[int]]] = {}
    for name, column in _LISTS:
        model = apps.get_model("cycles", f"HistoricalTraining_{name}")
        held[name] = {version: set() for version in versions}
        for version, pk in model.objects.filter(history_id__in=versions).values_list("history_id", column):
            held[name][version].add(pk)
    names = _list_names(held, with_names=with_names)
    for index, entry in enumerate(entries):
        if index + 1 >= len(versions):
            continue
        entry.changes = [
            _list_change(
                change.field,
                labels[change.field],
                held[labels[change.field]][versions[index + 1]],
                held[labels[change.field]][versions[index]],
                names[labels[change.field]],
            )
            if change.field in labels
            else change
            for change in entry.changes
        ]
    return entries


def _list_names(held: dict[str, dict[int, set[int]]], *, with_names: bool) -> dict[str, dict[int, str]]:
    """How each id of each list is named: requirement codes for everybody, people only for register readers."""

    def every(name: str) -> set[int]:
        return set().union(*held[name].values())

    names: dict[str, dict[int, str]] = {
        "requirements": {
            requirement.pk: f"{requirement.standard.short_name} {requirement.code}"
            for requirement in Requirement.objects.filter(pk__in=every("requirements")).select_related("standard")
        },
        "attendees": {},
        "inspectors": {},
    }
    if with_names:
        names["attendees"] = {member.pk: str(member) for member in Member.objects.filter(pk__in=every("attendees"))}
        names["inspectors"] = {
            inspector.pk: str(inspector)
            for inspector in Inspector.objects.filter(pk__in=every("inspectors")).select_related("member", "user")
        }
    return names


def _list_change(field: str, name: str, before: set[int], after: set[int], names: dict[int, str]) -> Change:
    def told(ids: set[int]) -> str:
        if names:
            return ", ".join(sorted(names.get(pk, "?") for pk in ids))
        if name == "inspectors":
            return ngettext("%(count)d inspector", "%(count)d inspectors", len(ids)) % {"count": len(ids)}
        return ngettext("%(count)d member", "%(count)d members", len(ids)) % {"count": len(ids)}

    if name == "attendees":
        old = _("%(count)d attended") % {"count": len(before)}
        new = _("%(count)d attended") % {"count": len(after)}
    else:
        old, new = str(len(before)), str(len(after))
    added, removed = after - before, before - after
    if added:
        new += "; " + _("added: %(what)s") % {"what": told(added)}
    if removed:
        new += "; " + _("removed: %(what)s") % {"what": told(removed)}
    return Change(field, old, new)


# --- Coverage ----------------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class CoverageFigures:
    requirements: int
    requirements_trained: int
    members: int
    members_trained: int

    @property
    def members_never_trained(self) -> int:
        return self.members - self.members_trained


def requirement_coverage(*, group: ProducerGroup, untrained_only: bool = False) -> QuerySet[Requirement]:
    """Each requirement of the chosen standards with the group's trainings that addressed it and the number of
    different members who attended them, by standard and code; the ones no training addressed stand out on the
    page (or alone, with `untrained_only`)."""
    addressed = Training.requirements.through
    attended = (
        Member.objects.filter(trainings__group=group, trainings__requirements=OuterRef("pk"))
        .order_by()
        .values("group")
        .annotate(n=Count("pk", distinct=True))
        .values("n")
    )
    requirements = (
        Requirement.objects.filter(standard__group_choices__group=group)
        .select_related("standard")
        .annotate(
            training_count=_count_of(addressed, key="requirement", training__group=group),
            attendee_count=Coalesce(Subquery(attended, output_field=IntegerField()), Value(0)),
            last_trained=Subquery(
                Training.objects.filter(group=group, requirements=OuterRef("pk"))
                .order_by("-held_on")
                .values("held_on")[:1]
            ),
        )
    )
    if untrained_only:
        requirements = requirements.filter(training_count=0)
    return requirements.order_by("standard__short_name", "code")


def member_coverage(*, group: ProducerGroup, never_only: bool = False) -> QuerySet[Member]:
    """The group's members who have not left, each with the number of trainings attended and the last one."""
    members = (
        Member.objects.filter(group=group)
        .exclude(status=MemberStatus.LEFT)
        .annotate(training_count=Count("trainings"), last_trained=Max("trainings__held_on"))
    )
    if never_only:
        members = members.filter(training_count=0)
    return members.order_by("member_number")


def coverage_figures(group: ProducerGroup) -> CoverageFigures:
    """The coverage in four numbers (two queries): what a donor may see of it."""
    addressed = Training.requirements.through.objects.filter(requirement=OuterRef("pk"), training__group=group)
    requirement_figures = Requirement.objects.filter(standard__group_choices__group=group).aggregate(
        total=Count("pk"), trained=Count("pk", filter=Exists(addressed))
    )
    # This through model is not typed by the stubs since the models around it are translated (modeltranslation).
    attended = Training.attendees.through.objects.filter(member=OuterRef("pk"))  # type: ignore[attr-defined]
    member_figures = (
        Member.objects.filter(group=group)
        .exclude(status=MemberStatus.LEFT)
        .aggregate(total=Count("pk"), trained=Count("pk", filter=Exists(attended)))
    )
    return CoverageFigures(
        requirements=requirement_figures["total"],
        requirements_trained=requirement_figures["trained"],
        members=member_figures["total"],
        members_trained=member_figures["trained"],
    )
