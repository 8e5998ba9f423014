"""The login rules that hold on every page: session limits, the second factor, a password an admin chose."""

import time
from collections.abc import Callable
from typing import Any

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth.views import redirect_to_login
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils import translation
from django.utils.http import urlencode
from django.utils.translation import gettext as _

from ..languages import is_language
from .selectors import has_second_factor, second_factor_required

STARTED_KEY = "hivos_session_started"
SEEN_KEY = "hivos_session_seen"
# The last request is written to the session at most once a minute, not on every page: a save per request would
# cost a query on every page for a precision nobody needs.
SEEN_PRECISION_SECONDS = 60
# Always reachable, whatever is still to be done: logging in and out, and the second factor's own pages.
SECOND_FACTOR_OPEN = {
    "login",
    "logout",
    "accounts:two_factor_setup",
    "accounts:two_factor_verify",
    "accounts:session_ping",
}
# Also reachable before the password change: the recovery codes shown once after the setup.
PASSWORD_CHANGE_OPEN = SECOND_FACTOR_OPEN | {"password_change", "password_change_done", "accounts:recovery_codes"}

View = Callable[..., HttpResponse]


def session_times(request: HttpRequest) -> tuple[float, float] | None:
    """When this login's session started and when it last saw a request (seconds since the epoch)."""
    started, seen = request.session.get(STARTED_KEY), request.session.get(SEEN_KEY)
    return (started, seen) if started is not None and seen is not None else None


def session_start(sender: Any, request: HttpRequest | None, **kwargs: Any) -> None:
    """Stamp a new login's session with its start (the user_logged_in receiver, see producers/apps.py)."""
    if request is not None and hasattr(request, "session"):
        request.session[STARTED_KEY] = request.session[SEEN_KEY] = time.time()


class SessionLimitsMiddleware:
    """Ends a session after SESSION_IDLE_SECONDS without a request, and SESSION_MAX_SECONDS after it began."""

    def __init__(self, get_response: View) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if request.user.is_authenticated:
            now = time.time()
            times = session_times(request)
            if times is None:
                request.session[STARTED_KEY] = request.session[SEEN_KEY] = now
            else:
                started, seen = times
                if now - started > settings.SESSION_MAX_SECONDS or now - seen > settings.SESSION_IDLE_SECONDS:
                    idle = now - seen > settings.SESSION_IDLE_SECONDS
                    logout(request)
                    if idle:
                        message = _(
                            "You were logged out after %(minutes)d minutes without activity. Please log in again."
                        ) % {"minutes": settings.SESSION_IDLE_SECONDS // 60}
                    else:
                        message = _(
                            "You were logged out: a session lasts %(hours)d hours at most. Please log in again."
                        ) % {"hours": settings.SESSION_MAX_SECONDS // 3600}
                    messages.info(request, message)
                    return redirect_to_login(request.get_full_path())
                if now - seen >= SEEN_PRECISION_SECONDS or request.path == _ping_path():
                    request.session[SEEN_KEY] = now
        return self.get_response(request)


def _ping_path() -> str:
    return reverse("accounts:session_ping")


def _view_name(request: HttpRequest) -> str:
    match = request.resolver_match
    return match.view_name if match else ""


def _with_next(url_name: str, request: HttpRequest) -> HttpResponse:
    url = reverse(url_name)
    if request.method == "GET":
        url += "?" + urlencode({"next": request.get_full_path()})
    return redirect(url)


class SecondFactorMiddleware:
    """A person with an authenticator app gives a code after the password; a coordinator or field officer without
    one sets it up first. Until then, only the pages in SECOND_FACTOR_OPEN answer."""

    def __init__(self, get_response: View) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        return self.get_response(request)

    def process_view(self, request: HttpRequest, view: View, args: Any, kwargs: Any) -> HttpResponse | None:
        user = request.user
        if not user.is_authenticated or user.is_verified():  # type: ignore[attr-defined]
            return None
        if not getattr(view, "login_required", True) or _view_name(request) in SECOND_FACTOR_OPEN:
            return None
        if has_second_factor(user):
            return _with_next("accounts:two_factor_verify", request)
        if second_factor_required(user):
            return _with_next("accounts:two_factor_setup", request)
        return None


class PasswordChangeRequiredMiddleware:
    """After an administrator set a person's password, the password change page until they have chosen their own."""

    def __init__(self, get_response: View) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        return self.get_response(request)

    def process_view(self, request: HttpRequest, view: View, args: Any, kwargs: Any) -> HttpResponse | None:
        user = request.user
        if not user.is_authenticated or not getattr(user, "must_change_password", False):
            return None
        if not getattr(view, "login_required", True) or _view_name(request) in PASSWORD_CHANGE_OPEN:
            return None
        messages.info(request, _("An administrator set your password. Please choose your own before you go on."))
        return redirect(reverse("password_change"))


class PreferredLanguageMiddleware:
    """A logged-in person's chosen language (their profile's), over what the browser or the session said.

    LocaleMiddleware runs before the login is known, so it can only read the session, the language cookie and
    Accept-Language; the login page and a person without a choice keep what it found. The user is already loaded
    by the middleware before this one, so this costs no query.
    """

    def __init__(self, get_response: View) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        user = request.user
        chosen = getattr(user, "preferred_language", "") if user.is_authenticated else ""
        if chosen and is_language(chosen):
            translation.activate(chosen)
            request.LANGUAGE_CODE = chosen
        return self.get_response(request)
