import time

from django.conf import settings
from django.http import HttpRequest

from .middleware import session_times


def session_limits(request: HttpRequest) -> dict[str, object]:
    """Seconds left before the session ends (idle, at most), for the warning of static/js/session-timeout.js."""
    times = session_times(request) if request.user.is_authenticated else None
    if times is None:
        return {}
    started, seen = times
    now = time.time()
    return {
        "session_limits": {
            "idle": max(0, int(seen + settings.SESSION_IDLE_SECONDS - now)),
            "max": max(0, int(started + settings.SESSION_MAX_SECONDS - now)),
            "warn": settings.SESSION_WARNING_SECONDS,
            "idle_total": settings.SESSION_IDLE_SECONDS,
        }
    }
