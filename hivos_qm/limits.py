"""The largest request the app reads: a body over the limit is refused before a view or a form parses it.

The front proxy should refuse it first (the README's deployment notes give nginx's `client_max_body_size`); this
holds where there is no proxy, and for bodies sent in chunks without a length, which the upload handler counts.
"""

from collections.abc import Callable

from django.conf import settings
from django.core.files.uploadhandler import FileUploadHandler, StopUpload
from django.http import HttpRequest, HttpResponse
from django.utils.translation import gettext as _


class RequestBodyLimitMiddleware:
    """413 for a request whose declared length is over `MAX_REQUEST_BODY_BYTES`."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        try:
            length = int(request.META.get("CONTENT_LENGTH") or 0)
        except ValueError:
            length = 0
        if length > settings.MAX_REQUEST_BODY_BYTES:
            return HttpResponse(
                _("The request is too large: send at most %(size)d MB at a time.")
                % {"size": settings.MAX_REQUEST_BODY_BYTES // 2**20},
                status=413,
                content_type="text/plain; charset=utf-8",
            )
        return self.get_response(request)


class LimitedUploadHandler(FileUploadHandler):
    """Stops reading an upload once the request's files pass `MAX_REQUEST_BODY_BYTES`, whatever length the
    request declared (or none, when it was sent in chunks)."""

    received = 0

    def receive_data_chunk(self, raw_data: bytes, start: int) -> bytes:
        # One handler per request: the count covers every file of the request.
        self.received += len(raw_data)
        if self.received > settings.MAX_REQUEST_BODY_BYTES:
            raise StopUpload(connection_reset=True)
        return raw_data

    def file_complete(self, file_size: int) -> None:
        return None
