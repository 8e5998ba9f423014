"""The register's state moves through the API, and what every write endpoint shares.

A move is made by the same service as the page (producers.services.member_status_change), on a member found as the
page finds it. The order of the answers is the page's, then the API's own: 404 outside the person's scope, 403 for
those who may not change the register, 400 for a malformed request, 428/412 for a missing or stale If-Match, then
the service's own refusals with their codes; a move that someone else made in between is a 409.
"""

from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any, Literal

from django.core.exceptions import PermissionDenied
from django.core.exceptions import ValidationError as DjangoValidationError
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import generics, serializers, status
from rest_framework.request import Request
from rest_framework.response import Response

from .. import selectors
from ..models import MemberStatusChange
from ..models.members import MemberStatus
from ..services import member_status_change
from .concurrency import expected_version, with_etag
from .openapi import PROBLEM_SCHEMA, WRITE_ERRORS, ProblemAutoSchema
from .problems import Conflict
from .views import person

# The services' codes for "someone moved it meanwhile": the status read is no longer the record's.
CONFLICT_CODES = frozenset({"changed_meanwhile", "moved_meanwhile"})

IF_MATCH = OpenApiParameter(
    "If-Match",
    OpenApiTypes.STR,
    OpenApiParameter.HEADER,
    required=False,
    description=_("The ETag of the record as read (its version). Without it the write is refused with 428."),
)


class MovedMeanwhile(Conflict):
    """A 409 carrying the service's own message and code."""


@contextmanager
def conflicts_as_409() -> Iterator[None]:
    """A service's "moved meanwhile" refusal is a conflict, as a stale version is: 409, with the service's code."""
    try:
        yield
    except DjangoValidationError as error:
        code = getattr(error, "code", None)
        if code in CONFLICT_CODES:
            raise MovedMeanwhile(detail=error.messages[0], code=code) from error
        raise


class VersionedSchema(ProblemAutoSchema):
    """A POST that moves a record also needs its version: it may answer 409, 412 and 428 as a PATCH does."""

    def _get_response_bodies(self, direction: Literal["request", "response"] = "response") -> dict[str, Any]:
        responses = super()._get_response_bodies(direction)
        for code, description in WRITE_ERRORS.items():
            responses.setdefault(
                code, {"description": description, "content": {"application/problem+json": {"schema": PROBLEM_SCHEMA}}}
            )
        return responses


class MemberStatusMoveSerializer(serializers.Serializer[Any]):
    to_status = serializers.ChoiceField(choices=MemberStatus.choices)
    changed_on = serializers.DateField(required=False)
    reason = serializers.CharField(required=False, allow_blank=True, default="")


class MemberStatusChangeSerializer(serializers.ModelSerializer[MemberStatusChange]):
    class Meta:
        model = MemberStatusChange
        fields = ["id", "member", "from_status", "to_status", "changed_on", "changed_at", "changed_by", "reason"]


class MemberStatusMove(generics.GenericAPIView[Any]):
    """Approve, sanction, suspend, let leave or re-admit a member (the moves the register page offers), with the
    reason; If-Match with the member's ETag. The answer is the status change as recorded."""

    serializer_class = MemberStatusMoveSerializer
    schema = VersionedSchema()

    @extend_schema(
        request=MemberStatusMoveSerializer, responses={201: MemberStatusChangeSerializer}, parameters=[IF_MATCH]
    )
    def post(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        user = person(request)
        member = selectors.member_get_for_user(user=user, pk=self.kwargs["pk"])
        if not selectors.can_change_register(user, member.group):
            raise PermissionDenied
        incoming = MemberStatusMoveSerializer(data=request.data)
        incoming.is_valid(raise_exception=True)
        data = incoming.validated_data
        expected_version(request, member)
        with conflicts_as_409():
            change = member_status_change(
                member=member,
                by=user,
                to_status=data["to_status"],
                changed_on=data.get("changed_on") or timezone.localdate(),
                reason=data["reason"],
                expected_status=member.status,
            )
        body = MemberStatusChangeSerializer(change).data
        return with_etag(Response(body, status=status.HTTP_201_CREATED), member)
