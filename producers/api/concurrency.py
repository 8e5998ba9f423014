"""Optimistic concurrency over HTTP: a detail GET sends the record's `version` as its ETag; a PUT or PATCH must send
it back as If-Match (428 without), and is refused with 412 when the record has moved on. The service still checks
the version it is given, so that two writers racing past this check get a 409 (StaleRecord), never a lost update."""

from django.db import models
from rest_framework.request import Request
from rest_framework.response import Response

from .problems import PreconditionFailed, PreconditionRequired


def etag(record: models.Model) -> str:
    return f'"{record.version}"'  # type: ignore[attr-defined]


def with_etag(response: Response, record: models.Model) -> Response:
    response["ETag"] = etag(record)
    return response


def expected_version(request: Request, record: models.Model) -> int:
    """The version the writer read, from If-Match; 428 without it, 412 when it is not the current one."""
    header = request.headers.get("If-Match", "").strip()
    if not header:
        raise PreconditionRequired
    value = header.removeprefix("W/").strip('"')
    if header != "*" and value != str(record.version):  # type: ignore[attr-defined]
        raise PreconditionFailed
    return int(record.version)  # type: ignore[attr-defined]
