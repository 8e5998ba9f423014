"""The shapes of the inner and outer cycle's writes. They only check the request: every choice of an object is scoped
as the page's form scopes it (a member id outside the group is "does not exist"), and the services decide what a
valid record is."""

from decimal import Decimal
from typing import Any

from django.utils.translation import gettext_lazy as _
from rest_framework import serializers

from producers.models import Member, Organisation, ProducerGroup, Programme
from standards.models import Requirement

from ..models import CorrectiveAction, Inspector, NCStatus, Service, ServiceType, Training
from ..selectors.outer import programme_choices, provider_choices, service_type_choices
from ..selectors.production import member_choices
from ..selectors.trainings import attendee_choices, inspector_choices, requirement_choices, trainer_choices
from ..services.outer import REASON_MAX_LENGTH as SERVICE_REASON_MAX_LENGTH
from ..services.reasons import REASON_MAX_LENGTH
from ..services.trainings import TOPIC_MAX_LENGTH

ZERO = Decimal("0")


def _reason() -> serializers.CharField:
    return serializers.CharField(required=False, allow_blank=True, default="", max_length=REASON_MAX_LENGTH)


class NCMoveSerializer(serializers.Serializer[Any]):
    """One step of a non-conformity's workflow, as the page's buttons offer them."""

    to_status = serializers.ChoiceField(choices=NCStatus.choices)
    note = serializers.CharField(required=False, allow_blank=True, default="")
    closed_on = serializers.DateField(required=False, allow_null=True, default=None)


class ActionWriteSerializer(serializers.ModelSerializer[CorrectiveAction]):
    """A change of a corrective action: its wording, owner and due date, and the day it was done (once)."""

    reason = _reason()
    done_on = serializers.DateField(required=False)

    class Meta:
        model = CorrectiveAction
        fields = ["description", "owner", "due_on", "done_on", "reason"]


class TrainingWriteSerializer(serializers.Serializer[Any]):
    """A training with its lists; the ids are this group's (its chosen standards' requirements, its members who
    have not left, its inspectors)."""

    topic = serializers.CharField(max_length=TOPIC_MAX_LENGTH)
    held_on = serializers.DateField()
    trainer = serializers.PrimaryKeyRelatedField(
        queryset=Organisation.objects.none(), required=False, allow_null=True, default=None
    )
    requirements: serializers.PrimaryKeyRelatedField[Requirement] = serializers.PrimaryKeyRelatedField(
        queryset=Requirement.objects.none(), many=True, required=False, default=list
    )
    attendees = serializers.PrimaryKeyRelatedField(
        queryset=Member.objects.none(), many=True, required=False, default=list
    )
    inspectors = serializers.PrimaryKeyRelatedField(
        queryset=Inspector.objects.none(), many=True, required=False, default=list
    )
    notes = serializers.CharField(required=False, allow_blank=True, default="")
    reason = _reason()

    def __init__(self, *args: Any, group: ProducerGroup | None = None, training: Training | None = None, **kw: Any):
        super().__init__(*args, **kw)
        if group is None:  # the schema's instance
            return
        fields: Any = self.fields
        fields["trainer"].queryset = trainer_choices()
        fields["requirements"].child_relation.queryset = requirement_choices(group)
        fields["attendees"].child_relation.queryset = attendee_choices(group, training)
        fields["inspectors"].child_relation.queryset = inspector_choices(group, training)


def _kg(**kwargs: Any) -> serializers.DecimalField:
    return serializers.DecimalField(max_digits=12, decimal_places=2, min_value=ZERO, **kwargs)


class ProductionWriteSerializer(serializers.Serializer[Any]):
    """A member's season; on a change the member and the season stay (another season is another record)."""

    member = serializers.PrimaryKeyRelatedField(queryset=Member.objects.none())
    season = serializers.CharField(max_length=9)
    estimated_kg = _kg()
    harvested_kg = _kg(default=ZERO)
    sold_certified_kg = _kg(default=ZERO)
    sold_conventional_kg = _kg(default=ZERO)
    price_per_kg = serializers.DecimalField(max_digits=10, decimal_places=2, min_value=ZERO, default=ZERO)
    income = serializers.DecimalField(
        max_digits=14,
        decimal_places=2,
        min_value=ZERO,
        required=False,
        allow_null=True,
        default=None,
        help_text=_("Leave out or null to count it as the volume sold × the price."),
    )
    reason = _reason()

    def __init__(self, *args: Any, group: ProducerGroup | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if group is not None:
            self.fields["member"].queryset = member_choices(group)  # type: ignore[attr-defined]


class ProductionChangeSerializer(ProductionWriteSerializer):
    member = None  # type: ignore[assignment]
    season = None  # type: ignore[assignment]


class ServiceWriteSerializer(serializers.Serializer[Any]):
    """Support delivered to the group: the organisations are the support structure's, the programme one that
    supports the group."""

    service_type: serializers.PrimaryKeyRelatedField[ServiceType] = serializers.PrimaryKeyRelatedField(
        queryset=ServiceType.objects.none()
    )
    provider = serializers.PrimaryKeyRelatedField(queryset=Organisation.objects.none())
    delivered_on = serializers.DateField()
    cost = serializers.DecimalField(max_digits=14, decimal_places=2, required=False, allow_null=True, default=None)
    currency = serializers.CharField(max_length=3, required=False, allow_blank=True, default="")
    paid_by = serializers.PrimaryKeyRelatedField(
        queryset=Organisation.objects.none(), required=False, allow_null=True, default=None
    )
    programme = serializers.PrimaryKeyRelatedField(
        queryset=Programme.objects.none(), required=False, allow_null=True, default=None
    )
    description = serializers.CharField(required=False, allow_blank=True, default="")

    def __init__(self, *args: Any, group: ProducerGroup | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if group is None:
            return
        fields: Any = self.fields
        fields["service_type"].queryset = service_type_choices()
        fields["provider"].queryset = provider_choices()
        fields["paid_by"].queryset = provider_choices()
        fields["programme"].queryset = programme_choices(group)


class ServiceSerializer(serializers.ModelSerializer[Service]):
    class Meta:
        model = Service
        fields = [
            "id",
            "group",
            "service_type",
            "provider",
            "delivered_on",
            "phase",
            "cost",
            "currency",
            "paid_by",
            "programme",
            "description",
            "recorded_at",
            "recorded_by",
        ]


class ServiceDeleteSerializer(serializers.Serializer[Any]):
    # Left to the service to refuse when blank, with its own code (reason_required).
    reason = serializers.CharField(required=False, allow_blank=True, default="", max_length=SERVICE_REASON_MAX_LENGTH)
