"""Login lockout: django-axes' database handler with one failure limit per lockout (settings.LOGIN_FAILURE_LIMITS).

Axes compares every lockout (a username from one address, a username, an address) with one limit. Here each has
its own: five tries for a username from one address, twenty for a username from anywhere. One address is stopped
after five and its refused tries are not counted, so it can never reach the twenty that would lock the person
out everywhere.
"""

from typing import Any

from axes.handlers.database import AxesDatabaseHandler
from axes.helpers import get_client_username, get_failure_limit, get_lockout_parameters
from axes.models import AccessAttempt
from django.conf import settings
from django.db.models import Sum
from django.http import HttpRequest


def _limit_of(parameter: str | list[str]) -> int:
    key = (parameter,) if isinstance(parameter, str) else tuple(parameter)
    limit: int = settings.LOGIN_FAILURE_LIMITS[key]
    return limit


class LoginLockoutHandler(AxesDatabaseHandler):
    def get_failures(self, request: HttpRequest, credentials: dict[str, Any] | None = None) -> int:
        """The failures that count, scaled to AXES_FAILURE_LIMIT: axes locks when this reaches that limit, which
        happens as soon as any one lockout reaches its own limit."""
        base_limit = get_failure_limit(request, credentials)
        parameters = get_lockout_parameters(request, credentials)
        worst = 0
        for parameter, attempts in zip(parameters, self.get_user_attempts(request, credentials), strict=True):
            failures = attempts.aggregate(total=Sum("failures_since_start"))["total"] or 0
            worst = max(worst, failures * base_limit // _limit_of(parameter))
        return worst

    def reset_user_attempts(self, request: HttpRequest, credentials: dict[str, Any] | None = None) -> int:
        """After a successful login, forget the failures for this username only. Axes would also forget the whole
        address's, so anyone with an account could wipe the count of their own guesses at other usernames."""
        username = get_client_username(request, credentials)
        if not username:
            return 0
        count, _ = AccessAttempt.objects.filter(username=username).delete()
        return count


def client_address(request: HttpRequest) -> str | None:
    """The address the request came from. Behind TRUSTED_PROXY_COUNT reverse proxies, the one the outermost proxy
    saw (each proxy appends to X-Forwarded-For; anything to the left of it may be forged by the client)."""
    proxies: int = settings.TRUSTED_PROXY_COUNT
    if proxies:
        forwarded = [part.strip() for part in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",") if part.strip()]
        if len(forwarded) >= proxies:
            return forwarded[-proxies]
    address: str | None = request.META.get("REMOTE_ADDR")
    return address
