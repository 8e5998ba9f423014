"""The outer cycle, read: the services delivered to groups, and the coordination report's runs with their downloads.

Services are found through cycles.selectors.outer, as the service pages find them: everyone who sees a group reads
its services (404 for a group or a service outside the person's scope). Coordination runs through
cycles.selectors.coordination: coordinators read every run, donors the runs about their own programmes, the other
roles none (403), as on the coordination pages.
"""

from typing import Any

import django_filters
from django.core.exceptions import PermissionDenied
from django.db.models import QuerySet
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema_field
from rest_framework import generics, serializers

from producers.api.filters import id_filter
from producers.api.views import person
from producers.selectors import group_get_for_user

from ..models import CoordinationRun, JobStatus, Service
from ..reports.coordination_export import EXPORTS
from ..selectors.coordination import coordination_run_get_for_user, coordination_runs_visible_to, may_read_coordination
from ..selectors.outer import group_services, service_get_for_user, services_visible_to
from .phases import PhaseSerializer

# --- Services ---------------------------------------------------------------------------------------------------


class DeliveredServiceSerializer(serializers.ModelSerializer[Service]):
    service_type = serializers.CharField(source="service_type.code", read_only=True)
    service_type_name = serializers.CharField(source="service_type.name", read_only=True)
    provider_name = serializers.CharField(source="provider.name", read_only=True)
    phase = PhaseSerializer(read_only=True, allow_null=True, help_text=_("The group's phase on the day of delivery."))
    paid_by_name = serializers.CharField(source="paid_by.name", read_only=True, allow_null=True, default=None)

    class Meta:
        model = Service
        fields = [
            "id",
            "group",
            "service_type",
            "service_type_name",
            "provider",
            "provider_name",
            "delivered_on",
            "phase",
            "cost",
            "currency",
            "paid_by",
            "paid_by_name",
            "programme",
            "description",
            "recorded_at",
        ]


class ServiceFilterSet(django_filters.FilterSet):
    # By id, not a choice of every group: an id outside the person's scope lists nothing rather than telling
    # whether the group exists.
    group = id_filter("group_id")
    service_type = django_filters.CharFilter(field_name="service_type__code", help_text=_("A service type's code."))
    provider = id_filter("provider_id")
    programme = id_filter("programme_id")
    delivered_after = django_filters.DateFilter(field_name="delivered_on", lookup_expr="gte")
    delivered_before = django_filters.DateFilter(field_name="delivered_on", lookup_expr="lte")
    year = django_filters.NumberFilter(field_name="delivered_on", lookup_expr="year", min_value=1900, max_value=2200)

    class Meta:
        model = Service
        fields = ["group", "service_type", "provider", "programme", "delivered_after", "delivered_before", "year"]


class ServiceList(generics.ListAPIView[Service]):
    """The services delivered to every group the person sees."""

    # For the schema only: get_queryset scopes every request.
    queryset = Service.objects.none()
    serializer_class = DeliveredServiceSerializer
    filterset_class = ServiceFilterSet

    def get_queryset(self) -> QuerySet[Service]:
        return services_visible_to(user=person(self.request))


class GroupServices(generics.ListAPIView[Service]):
    """The services one group received, as its services page lists them."""

    serializer_class = DeliveredServiceSerializer
    filterset_class = ServiceFilterSet

    def get_queryset(self) -> QuerySet[Service]:
        if getattr(self, "swagger_fake_view", False):
            return Service.objects.none()
        return group_services(group=group_get_for_user(user=person(self.request), pk=self.kwargs["pk"]))


class ServiceDetail(generics.RetrieveAPIView[Service]):
    serializer_class = DeliveredServiceSerializer

    def get_object(self) -> Service:
        return service_get_for_user(user=person(self.request), pk=self.kwargs["pk"])


# --- Coordination runs ------------------------------------------------------------------------------------------


class DownloadsSerializer(serializers.Serializer[Any]):
    pdf = serializers.CharField()
    csv = serializers.CharField()
    xlsx = serializers.CharField()


class CoordinationRunSerializer(serializers.ModelSerializer[CoordinationRun]):
    requested_by = serializers.SerializerMethodField(help_text=_("Who asked for the run; null for the monthly run."))
    downloads = serializers.SerializerMethodField(help_text=_("The report's files, once the run is ready."))

    class Meta:
        model = CoordinationRun
        fields = [
            "id",
            "status",
            "period_start",
            "period_end",
            "filters",
            "programme",
            "language",
            "requested_by",
            "created_at",
            "started_at",
            "finished_at",
            "error",
            "downloads",
        ]

    @extend_schema_field(serializers.CharField(allow_null=True))
    def get_requested_by(self, run: CoordinationRun) -> str | None:
        return str(run.requested_by) if run.requested_by is not None else None

    @extend_schema_field(DownloadsSerializer(allow_null=True))
    def get_downloads(self, run: CoordinationRun) -> dict[str, str] | None:
        if run.status != JobStatus.DONE:
            return None
        url = reverse("cycles:coordination_export", kwargs={"pk": run.pk})
        request = self.context.get("request")
        links = {kind: f"{url}?format={kind}" for kind in EXPORTS}
        return {kind: request.build_absolute_uri(link) for kind, link in links.items()} if request else links


class CoordinationRunDetailSerializer(CoordinationRunSerializer):
    results = serializers.JSONField(read_only=True, help_text=_("The report's figures and findings, once ready."))

    class Meta(CoordinationRunSerializer.Meta):
        fields = [*CoordinationRunSerializer.Meta.fields, "results"]


class CoordinationRunFilter(django_filters.FilterSet):
    status = django_filters.ChoiceFilter(choices=JobStatus.choices)
    programme = id_filter("programme_id")
    asked_after = django_filters.DateFilter(field_name="created_at", lookup_expr="date__gte")
    asked_before = django_filters.DateFilter(field_name="created_at", lookup_expr="date__lte")

    class Meta:
        model = CoordinationRun
        fields = ["status", "programme", "asked_after", "asked_before"]


class CoordinationRunList(generics.ListAPIView[CoordinationRun]):
    """The coordination report's runs: every run for a coordinator, the runs about their own programmes for a
    donor; refused (403) to the other roles, as the coordination page is."""

    # For the schema only: get_queryset scopes every request.
    queryset = CoordinationRun.objects.none()
    serializer_class = CoordinationRunSerializer
    filterset_class = CoordinationRunFilter

    def get_queryset(self) -> QuerySet[CoordinationRun]:
        user = person(self.request)
        if not may_read_coordination(user):
            raise PermissionDenied
        return coordination_runs_visible_to(user)


class CoordinationRunDetail(generics.RetrieveAPIView[CoordinationRun]):
    serializer_class = CoordinationRunDetailSerializer

    def get_object(self) -> CoordinationRun:
        return coordination_run_get_for_user(user=person(self.request), pk=self.kwargs["pk"])
