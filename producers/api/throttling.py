"""One request budget per person (all their tokens and their session together)."""

from typing import TYPE_CHECKING

from rest_framework.request import Request
from rest_framework.throttling import SimpleRateThrottle

if TYPE_CHECKING:  # DRF loads this class while rest_framework.views is still importing
    from rest_framework.views import APIView


class PersonThrottle(SimpleRateThrottle):
    scope = "person"

    def get_cache_key(self, request: Request, view: "APIView") -> str | None:
        if request.user is None or not request.user.is_authenticated:
            return self.cache_format % {"scope": self.scope, "ident": self.get_ident(request)}
        return self.cache_format % {"scope": self.scope, "ident": request.user.pk}
