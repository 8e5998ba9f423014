"""A support programme with its logical framework, as the programme page shows it: the goal, purpose and outputs in
order, each indicator with its baseline, its targets and its actual values per period (measured from the programme's
groups or entered by hand) and whether it is on track; and the programme's groups with their phase.

Found through cycles.selectors.logframes, as the page finds it: coordinators read every programme, donors the
programmes their funder pays for; for everyone else a programme is not there (404).
"""

from typing import Any

from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema_field
from rest_framework import generics, serializers
from rest_framework.request import Request
from rest_framework.response import Response

from producers.api.serializers import GroupSerializer
from producers.api.views import person
from producers.models import Organisation, ProducerGroup, Programme

from ..models import LogframeLevel
from ..selectors.logframes import (
    IndicatorLine,
    LogframeRowView,
    PeriodCell,
    logframe_periods,
    logframe_table,
    programme_get_for_user,
    programme_groups,
)
from .phases import PhaseSerializer


class PeriodValueSerializer(serializers.Serializer[PeriodCell]):
    period = serializers.CharField(help_text=_("A year ('2026') or a split season ('2025/26')."))
    target = serializers.DecimalField(max_digits=16, decimal_places=4, allow_null=True)
    actual = serializers.DecimalField(max_digits=16, decimal_places=4, allow_null=True)
    # A field named as DRF's own `Field.source` attribute: the metaclass takes it out of the class, as every field.
    source = serializers.ChoiceField(  # type: ignore[assignment]
        choices=["measured", "entered", ""],
        allow_blank=True,
        help_text=_("measured: from the groups' measurements; entered: by hand; empty: no actual value."),
    )
    groups = serializers.IntegerField(help_text=_("How many groups' measurements make a measured actual value."))
    on_track = serializers.BooleanField(allow_null=True)


class LogframeIndicatorSerializer(serializers.Serializer[IndicatorLine]):
    id = serializers.IntegerField(source="indicator.pk")
    name = serializers.CharField(source="indicator.name")
    unit = serializers.CharField()
    measured_indicator = serializers.CharField(
        source="indicator.indicator.code",
        allow_null=True,
        default=None,
        help_text=_("The code of the measured indicator the actual values come from; null when they are entered."),
    )
    aggregation = serializers.CharField(source="indicator.aggregation")
    baseline = serializers.DecimalField(max_digits=16, decimal_places=4, allow_null=True)
    baseline_period = serializers.CharField(allow_blank=True)
    means_of_verification = serializers.CharField(source="indicator.means_of_verification", allow_blank=True)
    higher_is_better = serializers.BooleanField()
    on_track = serializers.BooleanField(
        allow_null=True,
        help_text=_("The latest period with both an actual value and a target, against that target."),
    )
    on_track_period = serializers.CharField(allow_blank=True)
    periods = PeriodValueSerializer(source="cells", many=True)


class LogframeRowSerializer(serializers.Serializer[LogframeRowView]):
    id = serializers.IntegerField(source="row.pk")
    level = serializers.ChoiceField(source="row.level", choices=LogframeLevel.choices)
    order = serializers.IntegerField(source="row.order")
    statement = serializers.CharField(source="row.statement")
    assumptions = serializers.CharField(source="row.assumptions", allow_blank=True)
    indicators = LogframeIndicatorSerializer(many=True)


class ImplementerSerializer(serializers.ModelSerializer[Organisation]):
    class Meta:
        model = Organisation
        fields = ["id", "name", "kind"]


class ProgrammeDetailSerializer(serializers.ModelSerializer[Programme]):
    funder_name = serializers.CharField(source="funder.name", read_only=True)
    implementers = serializers.SerializerMethodField()
    periods = serializers.SerializerMethodField()
    logframe = serializers.SerializerMethodField(help_text=_("Goal, purpose, then the outputs, in order."))

    class Meta:
        model = Programme
        fields = [
            "id",
            "name",
            "funder",
            "funder_name",
            "starts_on",
            "ends_on",
            "description",
            "iati_activity_id",
            "implementers",
            "periods",
            "logframe",
        ]

    @extend_schema_field(ImplementerSerializer(many=True))
    def get_implementers(self, programme: Programme) -> list[dict[str, Any]]:
        return list(ImplementerSerializer(programme.implementers.order_by("name"), many=True).data)

    @extend_schema_field(serializers.ListField(child=serializers.CharField()))
    def get_periods(self, programme: Programme) -> list[str]:
        return list(self.context["periods"])

    @extend_schema_field(LogframeRowSerializer(many=True))
    def get_logframe(self, programme: Programme) -> list[dict[str, Any]]:
        table = logframe_table(programme=programme, periods=self.context["periods"])
        return list(LogframeRowSerializer(table, many=True).data)  # type: ignore[arg-type]


class ProgrammeDetail(generics.RetrieveAPIView[Programme]):
    serializer_class = ProgrammeDetailSerializer

    def retrieve(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        programme = programme_get_for_user(user=person(request), pk=self.kwargs["pk"])
        context = {**self.get_serializer_context(), "periods": logframe_periods(programme)}
        return Response(ProgrammeDetailSerializer(programme, context=context).data)


class ProgrammeGroupSerializer(GroupSerializer):
    phase = PhaseSerializer(source="trajectory.phase", read_only=True, allow_null=True, default=None)
    phase_since = serializers.DateTimeField(source="trajectory.phase_since", read_only=True, default=None)

    class Meta(GroupSerializer.Meta):
        fields = [*GroupSerializer.Meta.fields, "phase", "phase_since"]


class ProgrammeGroups(generics.ListAPIView[ProducerGroup]):
    """The groups a programme supports, as far as the person sees them, with their current phase."""

    serializer_class = ProgrammeGroupSerializer
    filterset_fields = ["commodity"]

    def get_queryset(self) -> QuerySet[ProducerGroup]:
        if getattr(self, "swagger_fake_view", False):
            return ProducerGroup.objects.none()
        user = person(self.request)
        programme = programme_get_for_user(user=user, pk=self.kwargs["pk"])
        return programme_groups(programme=programme, user=user)
