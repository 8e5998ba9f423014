"""The register's endpoints. Every object is found through producers.selectors, as the pages find it: outside the
person's scope a 404, the members and plots only for those who see the register."""

from typing import Any

import django_filters
from django.core.exceptions import PermissionDenied
from django.db.models import QuerySet
from drf_spectacular.utils import extend_schema
from rest_framework import generics, status
from rest_framework.request import Request
from rest_framework.response import Response

from .. import selectors, services
from ..models import Member, Organisation, Plot, ProducerGroup, Programme, User
from ..models.members import MemberStatus
from .concurrency import expected_version, with_etag
from .serializers import (
    GroupSerializer,
    MemberSerializer,
    MemberWriteSerializer,
    OrganisationSerializer,
    PlotSerializer,
    ProgrammeSerializer,
)


def person(request: Request) -> User:
    user = request.user
    assert isinstance(user, User)
    return user


class GroupFilter(django_filters.FilterSet):
    commodity = django_filters.CharFilter()
    region = django_filters.CharFilter(lookup_expr="icontains")

    class Meta:
        model = ProducerGroup
        fields = ["commodity", "region"]


class OrganisationList(generics.ListAPIView[Organisation]):
    # For the schema only: get_queryset scopes every request.
    queryset = Organisation.objects.none()
    serializer_class = OrganisationSerializer
    filterset_fields = ["kind", "interest_group"]

    def get_queryset(self) -> QuerySet[Organisation]:
        groups = selectors.groups_visible_to(person(self.request))
        return Organisation.objects.filter(producer_group__in=groups.values("pk"))


class GroupList(generics.ListAPIView[ProducerGroup]):
    # For the schema only: get_queryset scopes every request.
    queryset = ProducerGroup.objects.none()
    serializer_class = GroupSerializer
    filterset_class = GroupFilter

    def get_queryset(self) -> QuerySet[ProducerGroup]:
        return selectors.groups_visible_to(person(self.request))


class GroupDetail(generics.RetrieveAPIView[ProducerGroup]):
    serializer_class = GroupSerializer

    def get_object(self) -> ProducerGroup:
        return selectors.group_get_for_user(user=person(self.request), pk=self.kwargs["pk"])


class MemberFilter(django_filters.FilterSet):
    status = django_filters.ChoiceFilter(choices=MemberStatus.choices)
    joined_after = django_filters.DateFilter(field_name="joined_on", lookup_expr="gte")
    joined_before = django_filters.DateFilter(field_name="joined_on", lookup_expr="lte")

    class Meta:
        model = Member
        fields = ["status", "gender", "village"]


class GroupMembers(generics.ListCreateAPIView[Member]):
    """A group's register: for those who see farmers' personal data only (never a funder)."""

    filterset_class = MemberFilter

    def get_serializer_class(self) -> type[MemberSerializer] | type[MemberWriteSerializer]:
        return MemberWriteSerializer if self.request.method == "POST" else MemberSerializer

    def get_queryset(self) -> QuerySet[Member]:
        if getattr(self, "swagger_fake_view", False):
            return Member.objects.none()
        group = selectors.group_register_get_for_user(user=person(self.request), pk=self.kwargs["pk"])
        return Member.objects.filter(group=group)

    @extend_schema(request=MemberWriteSerializer, responses={201: MemberSerializer})
    def post(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        group = selectors.group_get_for_change(user=person(request), pk=self.kwargs["pk"])
        incoming = MemberWriteSerializer(data=request.data)
        incoming.is_valid(raise_exception=True)
        values = dict(incoming.validated_data)
        values.pop("reason", None)
        member = services.member_create(group=group, by=person(request), **values)
        return with_etag(Response(MemberSerializer(member).data, status=status.HTTP_201_CREATED), member)


class MemberDetail(generics.RetrieveUpdateAPIView[Member]):
    """One member; a change needs If-Match with the version read (the ETag)."""

    def get_serializer_class(self) -> type[MemberSerializer] | type[MemberWriteSerializer]:
        return MemberSerializer if self.request.method == "GET" else MemberWriteSerializer

    def get_object(self) -> Member:
        return selectors.member_get_for_user(user=person(self.request), pk=self.kwargs["pk"])

    def retrieve(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        member = self.get_object()
        return with_etag(Response(MemberSerializer(member).data), member)

    @extend_schema(request=MemberWriteSerializer, responses={200: MemberSerializer})
    def update(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        member = self.get_object()
        if not selectors.can_change_register(person(request), member.group):
            raise PermissionDenied
        version = expected_version(request, member)
        incoming = MemberWriteSerializer(member, data=request.data, partial=kwargs.get("partial", False))
        incoming.is_valid(raise_exception=True)
        changes = dict(incoming.validated_data)
        reason = changes.pop("reason", "")
        if changes.get("status") == member.status:
            changes.pop("status")
        saved = services.member_update(
            member=member, by=person(request), expected_version=version, changes=changes, reason=reason
        )
        return with_etag(Response(MemberSerializer(saved).data), saved)


class PlotFilter(django_filters.FilterSet):
    class Meta:
        model = Plot
        fields = ["member", "crop", "conversion_status"]


class GroupPlots(generics.ListAPIView[Plot]):
    serializer_class = PlotSerializer
    filterset_class = PlotFilter

    def get_queryset(self) -> QuerySet[Plot]:
        if getattr(self, "swagger_fake_view", False):
            return Plot.objects.none()
        group = selectors.group_register_get_for_user(user=person(self.request), pk=self.kwargs["pk"])
        return Plot.objects.filter(member__group=group)


class PlotDetail(generics.RetrieveAPIView[Plot]):
    serializer_class = PlotSerializer

    def get_object(self) -> Plot:
        return selectors.plot_get_for_user(user=person(self.request), pk=self.kwargs["pk"])

    def retrieve(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        plot = self.get_object()
        return with_etag(Response(PlotSerializer(plot).data), plot)


class ProgrammeList(generics.ListAPIView[Programme]):
    # For the schema only: get_queryset scopes every request.
    queryset = Programme.objects.none()
    serializer_class = ProgrammeSerializer
    filterset_fields = ["funder"]

    def get_queryset(self) -> QuerySet[Programme]:
        if getattr(self, "swagger_fake_view", False):
            return Programme.objects.none()
        user = person(self.request)
        # As the programmes page: refused to the roles it is not for, not an empty list.
        if not selectors.can_read_programmes(user):
            raise PermissionDenied
        return selectors.programmes_visible_to(user)
