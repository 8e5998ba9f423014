"""Where groups stand in the inner cycle, read as the group page and the timeline read it: the current phase of the
groups a person sees, one group's phase, its trajectory (every move: from, to, when, by whom, why) and one move with
the criteria as they stood when it was taken.

Every group is found through producers.selectors (404 outside the person's scope); every role that sees a group
sees its phase and its moves, as on the pages. Nothing here names a member.
"""

from typing import Any

import django_filters
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema_field
from rest_framework import generics, serializers
from rest_framework.request import Request
from rest_framework.response import Response

from producers.api.filters import id_filter
from producers.api.views import person
from producers.selectors import group_get_for_user, groups_visible_to

from ..gates_stored import stored_gate
from ..models import Phase, PhaseMove, Trajectory
from ..models.trajectories import MoveKind, TrajectoryStatus
from ..selectors import move_get_for_user

# --- What is shown ----------------------------------------------------------------------------------------------


def is_stuck(trajectory: Trajectory) -> bool:
    """As the portfolio flags it (cycles.selectors.phases.PortfolioRow.stuck)."""
    return trajectory.days_in_phase > trajectory.phase.stuck_after_days


class PhaseSerializer(serializers.ModelSerializer[Phase]):
    class Meta:
        model = Phase
        # `label`: the phase as every page names it, "Phase 2 of 5 · Planning phase 1".
        fields = ["id", "code", "order", "name", "label"]


class TrajectorySerializer(serializers.ModelSerializer[Trajectory]):
    """A group's place in the inner cycle: its phase, since when, and whether it is stuck there."""

    phase = PhaseSerializer(read_only=True)
    days_in_phase = serializers.IntegerField(read_only=True)
    stuck = serializers.SerializerMethodField(help_text=_("Longer in the phase than the phase's 'stuck after (days)'."))

    class Meta:
        model = Trajectory
        fields = ["group", "phase", "status", "phase_since", "days_in_phase", "stuck", "started_at"]

    def get_stuck(self, trajectory: Trajectory) -> bool:
        return is_stuck(trajectory)


class CriterionResultSerializer(serializers.Serializer[Any]):
    """A criterion of a phase gate, evaluated (cycles.gates.CriterionResult): now, or when a move was made."""

    criterion_id = serializers.IntegerField()
    code = serializers.CharField()
    text = serializers.CharField()
    kind = serializers.CharField()
    mandatory = serializers.BooleanField()
    status = serializers.CharField(help_text=_("met, not_met, not_applicable or unanswered"))
    # Older snapshots may lack these.
    detail = serializers.CharField(default="")
    answered_by = serializers.CharField(default="")
    answered_at = serializers.CharField(default="")
    evidence_count = serializers.IntegerField(default=0)


class GroupPhaseSerializer(serializers.Serializer[Any]):
    """One group's phase and its gate; `started` is false (and the rest empty) before the group starts the inner
    cycle."""

    group = serializers.IntegerField()
    started = serializers.BooleanField()
    phase = PhaseSerializer(allow_null=True)
    status = serializers.ChoiceField(choices=TrajectoryStatus.choices, allow_null=True)
    phase_since = serializers.DateTimeField(allow_null=True)
    days_in_phase = serializers.IntegerField(allow_null=True)
    stuck = serializers.BooleanField(allow_null=True)
    started_at = serializers.DateTimeField(allow_null=True)
    gate_open = serializers.BooleanField(
        allow_null=True, help_text=_("Whether every mandatory criterion of the current phase is met.")
    )
    criteria = CriterionResultSerializer(many=True, help_text=_("The current phase's criteria, evaluated now."))


class MoveSerializer(serializers.ModelSerializer[PhaseMove]):
    group = serializers.IntegerField(source="trajectory.group_id", read_only=True)
    from_phase = PhaseSerializer(read_only=True, allow_null=True)
    to_phase = PhaseSerializer(read_only=True)
    moved_by = serializers.SerializerMethodField(help_text=_("Who moved the group, as the timeline names them."))

    class Meta:
        model = PhaseMove
        fields = ["id", "group", "kind", "from_phase", "to_phase", "moved_at", "moved_by", "reason"]

    @extend_schema_field(serializers.CharField(allow_null=True))
    def get_moved_by(self, move: PhaseMove) -> str | None:
        # None: a move made by the system (the monthly checks), shown as "the system" on the timeline.
        return str(move.moved_by) if move.moved_by is not None else None


class MoveDetailSerializer(MoveSerializer):
    criteria = CriterionResultSerializer(source="gate_snapshot", many=True, read_only=True)

    class Meta(MoveSerializer.Meta):
        fields = [*MoveSerializer.Meta.fields, "criteria"]


# --- Endpoints --------------------------------------------------------------------------------------------------


class TrajectoryFilter(django_filters.FilterSet):
    group = id_filter("group_id")
    phase = django_filters.CharFilter(field_name="phase__code", help_text=_("A phase's code, e.g. planning-1."))
    phase_order = django_filters.NumberFilter(field_name="phase__order", min_value=1, max_value=5)

    class Meta:
        model = Trajectory
        fields = ["group", "phase", "phase_order", "status"]


class TrajectoryList(generics.ListAPIView[Trajectory]):
    """The current phase of every group the person sees (groups that have not started are not listed)."""

    # For the schema only: get_queryset scopes every request.
    queryset = Trajectory.objects.none()
    serializer_class = TrajectorySerializer
    filterset_class = TrajectoryFilter

    def get_queryset(self) -> QuerySet[Trajectory]:
        groups = groups_visible_to(person(self.request))
        return Trajectory.objects.filter(group__in=groups.values("pk")).select_related("phase")


class GroupPhase(generics.RetrieveAPIView[Trajectory]):
    """One group's current phase, as the group page shows it."""

    serializer_class = GroupPhaseSerializer

    def retrieve(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        group = group_get_for_user(user=person(request), pk=self.kwargs["pk"])
        trajectory = Trajectory.objects.filter(group=group).select_related("phase").first()
        if trajectory is None:
            empty = dict.fromkeys(
                ["phase", "status", "phase_since", "days_in_phase", "stuck", "started_at", "gate_open"]
            )
            return Response(GroupPhaseSerializer({"group": group.pk, "started": False, "criteria": [], **empty}).data)
        # The gate as the group page evaluates it.
        gate = stored_gate(group)
        body = {
            "group": group.pk,
            "started": True,
            "phase": trajectory.phase,
            "status": trajectory.status,
            "phase_since": trajectory.phase_since,
            "days_in_phase": trajectory.days_in_phase,
            "stuck": is_stuck(trajectory),
            "started_at": trajectory.started_at,
            "gate_open": gate.open,
            "criteria": gate.snapshot(),
        }
        return Response(GroupPhaseSerializer(body).data)


class MoveFilter(django_filters.FilterSet):
    kind = django_filters.ChoiceFilter(choices=MoveKind.choices)
    moved_after = django_filters.DateFilter(field_name="moved_at", lookup_expr="date__gte")
    moved_before = django_filters.DateFilter(field_name="moved_at", lookup_expr="date__lte")

    class Meta:
        model = PhaseMove
        fields = ["kind", "moved_after", "moved_before"]


class GroupTrajectory(generics.ListAPIView[PhaseMove]):
    """A group's trajectory, oldest move first: every start, advance, override, move back, hold, resumption,
    suspension and withdrawal, as the timeline tells it."""

    serializer_class = MoveSerializer
    filterset_class = MoveFilter

    def get_queryset(self) -> QuerySet[PhaseMove]:
        if getattr(self, "swagger_fake_view", False):
            return PhaseMove.objects.none()
        group = group_get_for_user(user=person(self.request), pk=self.kwargs["pk"])
        return PhaseMove.objects.filter(trajectory__group=group).select_related(
            "trajectory", "from_phase", "to_phase", "moved_by"
        )


class MoveDetail(generics.RetrieveAPIView[PhaseMove]):
    """One move with the gate's criteria as they stood and were evaluated when it was made."""

    serializer_class = MoveDetailSerializer

    def get_object(self) -> PhaseMove:
        return move_get_for_user(user=person(self.request), pk=self.kwargs["pk"])
