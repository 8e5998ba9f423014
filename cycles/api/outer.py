"""The outer cycle's writes: a service delivered to a group is recorded, and one recorded by mistake is deleted (with
a reason, by its recorder or a coordinator) to be recorded again, as on the group's services page. A service is a
fact: it has no edit, on the page or here."""

from typing import Any

from django.core.exceptions import PermissionDenied
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework import generics, status
from rest_framework.request import Request
from rest_framework.response import Response

from producers.api.views import person
from producers.selectors import group_get_for_user

from ..selectors.outer import can_delete_service, can_record_services, service_get_for_user
from ..services.outer import service_delete, service_record
from . import outer_reads
from .write_serializers import ServiceDeleteSerializer, ServiceSerializer, ServiceWriteSerializer


class GroupServices(outer_reads.GroupServices):
    """GET: the services the group received (outer_reads); POST: record support delivered to the group, whose
    phase on that day is filled in from its moves."""

    @extend_schema(request=ServiceWriteSerializer, responses={201: ServiceSerializer})
    def post(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        user = person(request)
        group = group_get_for_user(user=user, pk=self.kwargs["pk"])
        if not can_record_services(user, group):
            raise PermissionDenied
        incoming = ServiceWriteSerializer(data=request.data, group=group)
        incoming.is_valid(raise_exception=True)
        service = service_record(group=group, by=user, **incoming.validated_data)
        return Response(ServiceSerializer(service).data, status=status.HTTP_201_CREATED)


class ServiceDelete(generics.GenericAPIView[Any]):
    """Delete a service recorded by mistake; the reason goes to the log with what was deleted."""

    serializer_class = ServiceDeleteSerializer

    @extend_schema(request=ServiceDeleteSerializer, responses={204: OpenApiResponse(description=_("Deleted."))})
    def post(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        user = person(request)
        service = service_get_for_user(user=user, pk=self.kwargs["pk"])
        # Refused before the request is read: who may not delete learns nothing from a 400.
        if not can_delete_service(user, service):
            raise PermissionDenied
        incoming = ServiceDeleteSerializer(data=request.data)
        incoming.is_valid(raise_exception=True)
        service_delete(service=service, by=user, reason=incoming.validated_data["reason"])
        return Response(status=status.HTTP_204_NO_CONTENT)
