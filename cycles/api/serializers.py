"""What the inner cycle's API shows. A member appears by id only, and only to those who see the register; writes go
through cycles.services."""

from typing import Any

from rest_framework import serializers

from producers.selectors import can_see_register
from standards.models import Certificate

from ..models import (
    CorrectiveAction,
    Indicator,
    Inspection,
    InspectionAnswer,
    Measurement,
    NonConformity,
    ProductionRecord,
    Training,
)


class AnswerSerializer(serializers.ModelSerializer[InspectionAnswer]):
    class Meta:
        model = InspectionAnswer
        fields = ["id", "requirement", "crosswalk_topic", "answer", "notes"]


class InspectionSerializer(serializers.ModelSerializer[Inspection]):
    group = serializers.IntegerField(source="round.group_id", read_only=True)
    year = serializers.IntegerField(source="round.year", read_only=True)

    class Meta:
        model = Inspection
        fields = [
            "id",
            "group",
            "year",
            "kind",
            "member",
            "inspector",
            "inspected_on",
            "notes",
            "proposed_decision",
            "recorded_at",
            "version",
        ]


class InspectionDetailSerializer(InspectionSerializer):
    answers = AnswerSerializer(many=True, read_only=True)

    class Meta(InspectionSerializer.Meta):
        fields = [*InspectionSerializer.Meta.fields, "answers"]


class InspectionWriteSerializer(serializers.Serializer[Any]):
    """One member's inspection: the answers keyed by question (as the form and ODK Collect send them)."""

    member = serializers.IntegerField()
    inspector = serializers.IntegerField()
    inspected_on = serializers.DateField()
    answers = serializers.DictField(child=serializers.DictField(child=serializers.CharField(allow_blank=True)))
    notes = serializers.CharField(required=False, allow_blank=True, default="")


class ActionSerializer(serializers.ModelSerializer[CorrectiveAction]):
    class Meta:
        model = CorrectiveAction
        fields = ["id", "nonconformity", "description", "owner", "due_on", "done_on", "version"]


class MemberHidden(serializers.ModelSerializer[Any]):
    """Hides the member from those who may not see the register (a funder sees that a finding is a member's, not
    whose)."""

    def to_representation(self, instance: Any) -> dict[str, Any]:
        data = super().to_representation(instance)
        request = self.context.get("request")
        group_id = data.get("group")
        if "member" in data and (request is None or group_id is None or not can_see_register(request.user, group_id)):
            data["member"] = None
        return data


class NonConformitySerializer(MemberHidden):
    class Meta:
        model = NonConformity
        fields = [
            "id",
            "group",
            "member",
            "source",
            "inspection",
            "requirement",
            "severity",
            "description",
            "found_on",
            "status",
            "closed_on",
            "version",
        ]


class NonConformityDetailSerializer(NonConformitySerializer):
    actions = ActionSerializer(many=True, read_only=True)

    class Meta(NonConformitySerializer.Meta):
        fields = [*NonConformitySerializer.Meta.fields, "actions"]


class TrainingSerializer(serializers.ModelSerializer[Training]):
    attendee_count = serializers.SerializerMethodField()

    class Meta:
        model = Training
        fields = ["id", "group", "topic", "trainer", "held_on", "notes", "attendee_count", "version"]

    def get_attendee_count(self, training: Training) -> int:
        return int(getattr(training, "attendee_total", 0) or 0)


class ProductionSerializer(serializers.ModelSerializer[ProductionRecord]):
    class Meta:
        model = ProductionRecord
        fields = [
            "id",
            "member",
            "season",
            "estimated_kg",
            "harvested_kg",
            "sold_certified_kg",
            "sold_conventional_kg",
            "price_per_kg",
            "income",
            "version",
        ]


class IndicatorSerializer(serializers.ModelSerializer[Indicator]):
    class Meta:
        model = Indicator
        fields = ["id", "code", "name", "unit", "description", "higher_is_better"]


class MeasurementSerializer(serializers.ModelSerializer[Measurement]):
    indicator_code = serializers.CharField(source="indicator.code", read_only=True)

    class Meta:
        model = Measurement
        fields = ["id", "group", "indicator", "indicator_code", "period", "value", "source", "note", "measured_at"]


class CertificateSerializer(serializers.ModelSerializer[Certificate]):
    class Meta:
        model = Certificate
        fields = ["id", "group", "standard", "certification_body", "number", "valid_from", "valid_to", "status"]
