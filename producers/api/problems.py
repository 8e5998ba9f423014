"""Every API error as an RFC 9457 problem: `application/problem+json` with type, title, status, detail, code, and
the per-field errors of a refused record.

The services raise Django's own exceptions (ValidationError with a code, PermissionDenied, Http404, StaleRecord);
this handler turns them into the same answers whatever view raised them, so that the views stay thin.
"""

from typing import Any

from django.core.exceptions import PermissionDenied
from django.core.exceptions import ValidationError as DjangoValidationError
from django.http import Http404
from django.utils.translation import gettext as _
from rest_framework import exceptions, status
from rest_framework.response import Response
from rest_framework.views import exception_handler

from ..history import StaleRecord

PROBLEM_TYPE = "https://hivos-qm.example/problems/"
PROBLEM_CONTENT_TYPE = "application/problem+json"


class PreconditionRequired(exceptions.APIException):
    status_code = status.HTTP_428_PRECONDITION_REQUIRED
    default_detail = "Send the version you read as If-Match, so that nobody's change is overwritten."
    default_code = "if_match_required"


class PreconditionFailed(exceptions.APIException):
    status_code = status.HTTP_412_PRECONDITION_FAILED
    default_detail = "The record changed since you read it: read it again."
    default_code = "version_mismatch"


class Conflict(exceptions.APIException):
    status_code = status.HTTP_409_CONFLICT
    default_detail = "Someone else saved this record meanwhile: nothing was written."
    default_code = "stale_record"


def _field_errors(error: DjangoValidationError) -> tuple[str, dict[str, list[dict[str, str]]], str]:
    """The first message, the per-field errors and the first code of a Django ValidationError."""
    fields: dict[str, list[dict[str, str]]] = {}
    if hasattr(error, "error_dict"):
        for name, items in error.error_dict.items():
            fields[name] = [{"message": str(m), "code": e.code or "invalid"} for e in items for m in e.messages]
        flat = [item for items in fields.values() for item in items]
    else:
        flat = [{"message": str(m), "code": e.code or "invalid"} for e in error.error_list for m in e.messages]
    first = flat[0] if flat else {"message": _("The request was refused."), "code": "invalid"}
    return first["message"], {k: v for k, v in fields.items() if k != "__all__"}, first["code"]


def _drf_field_errors(detail: Any) -> dict[str, list[dict[str, str]]]:
    if not isinstance(detail, dict):
        return {}
    fields: dict[str, list[dict[str, str]]] = {}
    for name, items in detail.items():
        items = items if isinstance(items, list) else [items]
        fields[name] = [{"message": str(item), "code": getattr(item, "code", "invalid")} for item in items]
    return fields


def problem(status_code: int, *, code: str, detail: str, errors: dict[str, Any] | None = None) -> Response:
    title = {
        400: _("Bad request"),
        401: _("Not signed in"),
        403: _("Not allowed"),
        404: _("Not found"),
        405: _("Method not allowed"),
        409: _("Conflict"),
        412: _("Precondition failed"),
        415: _("Unsupported media type"),
        428: _("Precondition required"),
        429: _("Too many requests"),
    }.get(status_code, _("Error"))
    body: dict[str, Any] = {
        "type": PROBLEM_TYPE + code,
        "title": str(title),
        "status": status_code,
        "detail": detail,
        "code": code,
    }
    if errors:
        body["errors"] = errors
    return Response(body, status=status_code, content_type=PROBLEM_CONTENT_TYPE)


def problem_handler(exc: Exception, context: dict[str, Any]) -> Response | None:
    if isinstance(exc, StaleRecord):
        return problem(409, code="stale_record", detail=str(Conflict.default_detail))
    if isinstance(exc, DjangoValidationError):
        detail, errors, code = _field_errors(exc)
        return problem(400, code=code, detail=detail, errors=errors)
    if isinstance(exc, PermissionDenied):
        return problem(403, code="permission_denied", detail=str(exc) or _("You may not do this."))
    if isinstance(exc, Http404):
        return problem(404, code="not_found", detail=_("Not found, or not yours to see."))
    response = exception_handler(exc, context)
    if response is None or not isinstance(exc, exceptions.APIException):
        return response
    if isinstance(exc, exceptions.ValidationError):
        errors = _drf_field_errors(exc.detail)
        first = next((e for items in errors.values() for e in items), None)
        detail = first["message"] if first else str(exc.detail[0] if isinstance(exc.detail, list) else exc.detail)
        code = first["code"] if first else "invalid"
        return problem(400, code=code, detail=detail, errors=errors)
    codes = exc.get_codes()
    code = codes if isinstance(codes, str) else exc.default_code
    result = problem(response.status_code, code=str(code), detail=str(exc.detail))
    for header in ("WWW-Authenticate", "Retry-After", "Allow"):
        if header in response:
            result[header] = response[header]
    return result
