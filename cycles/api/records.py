"""The inner cycle's writes: a non-conformity's moves, corrective actions, trainings, production and sales.

Each calls the service the page calls, on an object found as the page finds it, so that the same checks, history
rows and refusals apply. The answers come in the page's order, then the API's: 404 outside the person's scope, 403
for those who may not change the group's records, 400 for a malformed request, 428/412 for a missing or stale
If-Match, then the service's refusals with their codes (409 when someone saved or moved the record in between).
"""

from decimal import Decimal
from typing import Any

from django.core.exceptions import PermissionDenied
from django.db import transaction
from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework import generics, status
from rest_framework.request import Request
from rest_framework.response import Response

from producers.api.concurrency import expected_version, with_etag
from producers.api.views import person
from producers.api.writes import IF_MATCH, VersionedSchema, conflicts_as_409
from producers.selectors import group_get_for_change

from ..models import CorrectiveAction, ProductionRecord, Training
from ..selectors import can_change
from ..selectors.nonconformities import corrective_action_get_for_user, nonconformity_get_for_user
from ..selectors.production import production_record_get_for_user
from ..services.nonconformities import corrective_action_done, corrective_action_update, nonconformity_move
from ..services.permissions import require_change
from ..services.production import Amounts, production_record_create, production_record_update
from ..services.trainings import training_create, training_update
from . import views
from .serializers import ActionSerializer, NonConformityDetailSerializer, ProductionSerializer, TrainingSerializer
from .write_serializers import (
    ActionWriteSerializer,
    NCMoveSerializer,
    ProductionChangeSerializer,
    ProductionWriteSerializer,
    TrainingWriteSerializer,
)


def versioned_change(request: type[Any], response: type[Any]) -> Any:
    """The schema of a PUT and a PATCH that take `request`, answer `response` and need If-Match."""
    change = extend_schema(request=request, responses={200: response}, parameters=[IF_MATCH])
    return extend_schema_view(put=change, patch=change)


# --- Non-conformities and their corrective actions ---------------------------------------------------------------


class NonConformityMove(generics.GenericAPIView[Any]):
    """Move a non-conformity one step (action planned, implemented, verified and closed, or back to action planned
    when the verification fails), with the note the step needs; If-Match with its ETag."""

    serializer_class = NCMoveSerializer
    schema = VersionedSchema()

    @extend_schema(request=NCMoveSerializer, responses={200: NonConformityDetailSerializer}, parameters=[IF_MATCH])
    def post(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        user = person(request)
        nonconformity = nonconformity_get_for_user(user=user, pk=self.kwargs["pk"])
        require_change(user, nonconformity.group)
        incoming = NCMoveSerializer(data=request.data)
        incoming.is_valid(raise_exception=True)
        data = incoming.validated_data
        expected_version(request, nonconformity)
        with conflicts_as_409():
            nonconformity_move(
                nonconformity=nonconformity,
                by=user,
                to_status=data["to_status"],
                expected_status=nonconformity.status,
                note=data["note"],
                closed_on=data["closed_on"],
            )
        body = NonConformityDetailSerializer(nonconformity, context={"request": request}).data
        return with_etag(Response(body), nonconformity)


@versioned_change(ActionWriteSerializer, ActionSerializer)
class ActionDetail(generics.RetrieveUpdateAPIView[CorrectiveAction]):
    """One corrective action, with its version as ETag; a change (wording, owner, due date, or the day it was done)
    needs If-Match."""

    serializer_class = ActionSerializer

    def get_object(self) -> CorrectiveAction:
        return corrective_action_get_for_user(user=person(self.request), pk=self.kwargs["pk"])

    def retrieve(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        action = self.get_object()
        return with_etag(Response(ActionSerializer(action).data), action)

    def update(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        user = person(request)
        action = self.get_object()
        require_change(user, action.nonconformity.group)
        incoming = ActionWriteSerializer(action, data=request.data, partial=kwargs.get("partial", False))
        incoming.is_valid(raise_exception=True)
        version = expected_version(request, action)
        data = dict(incoming.validated_data)
        reason, done_on = data.pop("reason", ""), data.pop("done_on", None)
        wording = {name: data.get(name, getattr(action, name)) for name in ("description", "owner", "due_on")}
        saved = action
        # One request, one outcome: the wording and the day it was done are saved together or not at all.
        with transaction.atomic():
            if any(value != getattr(action, name) for name, value in wording.items()):
                saved = corrective_action_update(
                    action=action, by=user, expected_version=version, reason=reason, **wording
                )
            if done_on is not None and done_on != action.done_on:
                saved = corrective_action_done(action=saved, by=user, done_on=done_on)
        return with_etag(Response(ActionSerializer(saved).data), saved)


# --- Trainings -----------------------------------------------------------------------------------------------------


def _training_body(training: Training) -> dict[str, Any]:
    training.attendee_total = training.attendees.count()  # type: ignore[attr-defined]
    return dict(TrainingSerializer(training).data)


class GroupTrainings(views.GroupTrainings):
    """The group's trainings; POST records one held, with its attendance (the group's members' ids)."""

    @extend_schema(request=TrainingWriteSerializer, responses={201: TrainingSerializer})
    def post(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        user = person(request)
        group = group_get_for_change(user=user, pk=self.kwargs["pk"])
        incoming = TrainingWriteSerializer(data=request.data, group=group)
        incoming.is_valid(raise_exception=True)
        values = dict(incoming.validated_data)
        values.pop("reason", None)
        training = training_create(group=group, by=user, **values)
        return with_etag(Response(_training_body(training), status=status.HTTP_201_CREATED), training)


@versioned_change(TrainingWriteSerializer, TrainingSerializer)
class TrainingDetail(views.TrainingDetail, generics.RetrieveUpdateAPIView[Training]):
    """One training; a change (its fields and lists saved as one new version) needs If-Match."""

    def update(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        user = person(request)
        training = self.get_object()
        if not can_change(user, training.group):
            raise PermissionDenied
        incoming = TrainingWriteSerializer(
            data=request.data, partial=kwargs.get("partial", False), group=training.group, training=training
        )
        incoming.is_valid(raise_exception=True)
        version = expected_version(request, training)
        data = dict(incoming.validated_data)
        reason = data.pop("reason", "")
        current: dict[str, Any] = {
            "topic": training.topic,
            "held_on": training.held_on,
            "trainer": training.trainer,
            "requirements": list(training.requirements.all()),
            "attendees": list(training.attendees.all()),
            "inspectors": list(training.inspectors.all()),
            "notes": training.notes,
        }
        saved = training_update(training=training, by=user, expected_version=version, reason=reason, **(current | data))
        return with_etag(Response(_training_body(saved)), saved)


# --- Production and sales ------------------------------------------------------------------------------------------


def _amounts(data: dict[str, Any]) -> Amounts:
    names = ("estimated_kg", "harvested_kg", "sold_certified_kg", "sold_conventional_kg", "price_per_kg", "income")
    return Amounts(**{name: data[name] for name in names})


class GroupProduction(views.GroupProduction):
    """The group's production and sales; POST records a member's season."""

    @extend_schema(request=ProductionWriteSerializer, responses={201: ProductionSerializer})
    def post(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        user = person(request)
        group = group_get_for_change(user=user, pk=self.kwargs["pk"])
        incoming = ProductionWriteSerializer(data=request.data, group=group)
        incoming.is_valid(raise_exception=True)
        data = incoming.validated_data
        record = production_record_create(
            group=group, by=user, member=data["member"], season=data["season"], amounts=_amounts(data)
        )
        return with_etag(Response(ProductionSerializer(record).data, status=status.HTTP_201_CREATED), record)


@versioned_change(ProductionChangeSerializer, ProductionSerializer)
class ProductionDetail(views.ProductionDetail, generics.RetrieveUpdateAPIView[ProductionRecord]):
    """One member's season; a change of its figures needs If-Match (the member and the season stay)."""

    def update(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        user = person(request)
        record = production_record_get_for_user(user=user, pk=self.kwargs["pk"])
        if not can_change(user, record.member.group):
            raise PermissionDenied
        incoming = ProductionChangeSerializer(data=request.data, partial=kwargs.get("partial", False))
        incoming.is_valid(raise_exception=True)
        version = expected_version(request, record)
        data = dict(incoming.validated_data)
        reason = data.pop("reason", "")
        # An income that was only sold times price is counted again from the new figures, as the page does.
        computed = (record.sold_kg * record.price_per_kg).quantize(Decimal("0.01")) == record.income
        current = {
            "estimated_kg": record.estimated_kg,
            "harvested_kg": record.harvested_kg,
            "sold_certified_kg": record.sold_certified_kg,
            "sold_conventional_kg": record.sold_conventional_kg,
            "price_per_kg": record.price_per_kg,
            "income": None if computed else record.income,
        }
        saved = production_record_update(
            record=record, by=user, expected_version=version, amounts=_amounts(current | data), reason=reason
        )
        return with_etag(Response(ProductionSerializer(saved).data), saved)
