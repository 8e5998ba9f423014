"""The inner cycle's endpoints. Objects are found through cycles.selectors and producers.selectors, as the pages find
them; records are written by cycles.services, as the pages write them."""

from typing import Any

import django_filters
from django.db.models import Count, QuerySet
from django.http import Http404
from drf_spectacular.utils import extend_schema
from rest_framework import generics, status
from rest_framework.request import Request
from rest_framework.response import Response

from producers.api.concurrency import with_etag
from producers.api.views import person
from producers.selectors import (
    group_get_for_change,
    group_get_for_user,
    group_register_get_for_user,
    groups_visible_to,
    member_get_for_user,
)
from standards.models import Certificate

from ..models import (
    Indicator,
    Inspection,
    InspectionRound,
    Measurement,
    NonConformity,
    ProductionRecord,
    Training,
)
from ..selectors.inspections import inspection_get_for_user, inspector_get_for_user
from ..selectors.nonconformities import nonconformity_get_for_user
from ..selectors.production import production_record_get_for_user
from ..selectors.trainings import training_get_for_user
from ..services.inspections import inspection_record
from ..services.nonconformities import corrective_action_create
from .serializers import (
    ActionSerializer,
    CertificateSerializer,
    IndicatorSerializer,
    InspectionDetailSerializer,
    InspectionSerializer,
    InspectionWriteSerializer,
    MeasurementSerializer,
    NonConformityDetailSerializer,
    NonConformitySerializer,
    ProductionSerializer,
    TrainingSerializer,
)


class GroupScoped:
    """A list of one group's records: 404 for a group outside the person's scope."""

    # Records that name members are listed only to those who see the register.
    register_only = False

    def group(self) -> Any:
        find = group_register_get_for_user if self.register_only else group_get_for_user
        return find(user=person(self.request), pk=self.kwargs["pk"])  # type: ignore[attr-defined]

    def fake(self) -> bool:
        return bool(getattr(self, "swagger_fake_view", False))


class InspectionFilter(django_filters.FilterSet):
    year = django_filters.NumberFilter(field_name="round__year", min_value=1900, max_value=2200)
    inspected_after = django_filters.DateFilter(field_name="inspected_on", lookup_expr="gte")
    inspected_before = django_filters.DateFilter(field_name="inspected_on", lookup_expr="lte")

    class Meta:
        model = Inspection
        fields = ["year", "kind", "proposed_decision", "member"]


class GroupInspections(GroupScoped, generics.ListCreateAPIView[Inspection]):
    register_only = True
    filterset_class = InspectionFilter

    def get_serializer_class(self) -> Any:
        return InspectionWriteSerializer if self.request.method == "POST" else InspectionSerializer

    def get_queryset(self) -> QuerySet[Inspection]:
        if self.fake():
            return Inspection.objects.none()
        return Inspection.objects.filter(round__group=self.group()).select_related("round")

    @extend_schema(request=InspectionWriteSerializer, responses={201: InspectionDetailSerializer})
    def post(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        user = person(request)
        group = group_get_for_change(user=user, pk=self.kwargs["pk"])
        incoming = InspectionWriteSerializer(data=request.data)
        incoming.is_valid(raise_exception=True)
        data = incoming.validated_data
        inspection_round = InspectionRound.objects.filter(group=group, year=data["inspected_on"].year).first()
        if inspection_round is None:
            raise Http404
        member = member_get_for_user(user=user, pk=data["member"])
        inspector = inspector_get_for_user(user=user, pk=data["inspector"])
        answers = {key: (value.get("answer", ""), value.get("notes", "")) for key, value in data["answers"].items()}
        severities = {key: value["severity"] for key, value in data["answers"].items() if value.get("severity")}
        inspection = inspection_record(
            round=inspection_round,
            member=member,
            inspector=inspector,
            by=user,
            inspected_on=data["inspected_on"],
            answers=answers,
            notes=data["notes"],
            severities=severities,
        )
        body = InspectionDetailSerializer(inspection, context={"request": request}).data
        return with_etag(Response(body, status=status.HTTP_201_CREATED), inspection)


class InspectionDetail(generics.RetrieveAPIView[Inspection]):
    serializer_class = InspectionDetailSerializer

    def get_object(self) -> Inspection:
        return inspection_get_for_user(user=person(self.request), pk=self.kwargs["pk"])

    def retrieve(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        inspection = self.get_object()
        return with_etag(Response(self.get_serializer(inspection).data), inspection)


class NonConformityFilter(django_filters.FilterSet):
    found_after = django_filters.DateFilter(field_name="found_on", lookup_expr="gte")
    found_before = django_filters.DateFilter(field_name="found_on", lookup_expr="lte")
    year = django_filters.NumberFilter(field_name="found_on", lookup_expr="year", min_value=1900, max_value=2200)

    class Meta:
        model = NonConformity
        fields = ["status", "severity", "source"]


class GroupNonConformities(GroupScoped, generics.ListAPIView[NonConformity]):
    serializer_class = NonConformitySerializer
    filterset_class = NonConformityFilter

    def get_queryset(self) -> QuerySet[NonConformity]:
        if self.fake():
            return NonConformity.objects.none()
        return NonConformity.objects.filter(group=self.group())


class NonConformityDetail(generics.RetrieveAPIView[NonConformity]):
    serializer_class = NonConformityDetailSerializer

    def get_object(self) -> NonConformity:
        return nonconformity_get_for_user(user=person(self.request), pk=self.kwargs["pk"])

    def retrieve(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        nonconformity = self.get_object()
        return with_etag(Response(self.get_serializer(nonconformity).data), nonconformity)


class NonConformityActions(generics.CreateAPIView[Any]):
    """A corrective action for a non-conformity, through the same service as the page."""

    serializer_class = ActionSerializer

    def create(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        nonconformity = nonconformity_get_for_user(user=person(request), pk=self.kwargs["pk"])
        # Refused before the request is read, as the page refuses: a donor learns nothing from a 400.
        group_get_for_change(user=person(request), pk=nonconformity.group_id)
        incoming = ActionSerializer(data={**dict(request.data), "nonconformity": nonconformity.pk})
        incoming.is_valid(raise_exception=True)
        data = incoming.validated_data
        action = corrective_action_create(
            nonconformity=nonconformity,
            by=person(request),
            description=data["description"],
            owner=data["owner"],
            due_on=data["due_on"],
        )
        return with_etag(Response(ActionSerializer(action).data, status=status.HTTP_201_CREATED), action)


class TrainingFilter(django_filters.FilterSet):
    held_after = django_filters.DateFilter(field_name="held_on", lookup_expr="gte")
    held_before = django_filters.DateFilter(field_name="held_on", lookup_expr="lte")
    year = django_filters.NumberFilter(field_name="held_on", lookup_expr="year", min_value=1900, max_value=2200)

    class Meta:
        model = Training
        fields = ["trainer"]


class GroupTrainings(GroupScoped, generics.ListAPIView[Training]):
    serializer_class = TrainingSerializer
    filterset_class = TrainingFilter

    def get_queryset(self) -> QuerySet[Training]:
        if self.fake():
            return Training.objects.none()
        return Training.objects.filter(group=self.group()).annotate(attendee_total=Count("attendees"))


class TrainingDetail(generics.RetrieveAPIView[Training]):
    serializer_class = TrainingSerializer

    def get_object(self) -> Training:
        return training_get_for_user(user=person(self.request), pk=self.kwargs["pk"])

    def retrieve(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        training = self.get_object()
        training.attendee_total = training.attendees.count()  # type: ignore[attr-defined]
        return with_etag(Response(self.get_serializer(training).data), training)


class GroupProduction(GroupScoped, generics.ListAPIView[ProductionRecord]):
    """A member's harvest and income are the member's own: for those who see the register."""

    register_only = True
    serializer_class = ProductionSerializer
    filterset_fields = ["season", "member"]

    def get_queryset(self) -> QuerySet[ProductionRecord]:
        if self.fake():
            return ProductionRecord.objects.none()
        return ProductionRecord.objects.filter(member__group=self.group())


class ProductionDetail(generics.RetrieveAPIView[ProductionRecord]):
    serializer_class = ProductionSerializer

    def get_object(self) -> ProductionRecord:
        record = production_record_get_for_user(user=person(self.request), pk=self.kwargs["pk"])
        group_register_get_for_user(user=person(self.request), pk=record.member.group_id)
        return record

    def retrieve(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        record = self.get_object()
        return with_etag(Response(self.get_serializer(record).data), record)


class IndicatorList(generics.ListAPIView[Indicator]):
    """The indicators measured for every group: reference data, the same for everybody."""

    serializer_class = IndicatorSerializer
    queryset = Indicator.objects.all()
    filterset_fields = ["code"]


class MeasurementFilter(django_filters.FilterSet):
    indicator = django_filters.CharFilter(field_name="indicator__code")
    year = django_filters.CharFilter(field_name="period", lookup_expr="startswith")

    class Meta:
        model = Measurement
        fields = ["indicator", "period", "source"]


class GroupMeasurements(GroupScoped, generics.ListAPIView[Measurement]):
    serializer_class = MeasurementSerializer
    filterset_class = MeasurementFilter

    def get_queryset(self) -> QuerySet[Measurement]:
        if self.fake():
            return Measurement.objects.none()
        return Measurement.objects.filter(group=self.group()).select_related("indicator")


class CertificateList(generics.ListAPIView[Certificate]):
    # For the schema only: get_queryset scopes every request.
    queryset = Certificate.objects.none()
    serializer_class = CertificateSerializer
    filterset_fields = ["group", "status", "standard"]

    def get_queryset(self) -> QuerySet[Certificate]:
        return Certificate.objects.filter(group__in=groups_visible_to(person(self.request)).values("pk"))
