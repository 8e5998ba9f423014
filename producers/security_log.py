"""The security log (OWASP ASVS 5.0, chapter 16): one JSON line per event that matters for the safety of the
farmers' data, on its own logger, `hivos_qm.security`, so that it can be kept apart from the application's log.

It lives in `producers`, the bottom layer, so that every app (and `hivos_qm`) can call it:

    security_event("export", request=request, what="register", group_id=group.pk, rows=412)

Each line carries `event`, `timestamp` (UTC, ISO 8601), `level`, and, when known, `user_id` and `username` (the
person, from `user` or the request's user), `ip`, `method` and `path`, then the event's own fields.

The event names in use (tests/producers/test_security_log.py holds them to their fields):

    login, logout                    a person signed in or out (Django's auth signals)
    login_failed                     a wrong password: `username` is the name typed, never the password
    permission_denied                a 403 for a signed-in person (or a refused CSRF check)
    not_found                        a 404 for a signed-in person: often an object outside their scope
    export                           the register or a coordination report taken away: `what`, `format`, `rows`
                                       (a list page's CSV or Excel file: `what` names the list, with the ids of
                                       its group, provider or programme; never its filters)
    download                         a progress report's PDF taken away: `what`, `job_id`
    role_granted, role_changed,      a Membership, an Assignment (a field officer's group) or a user's staff flags,
    role_revoked                       changed in the admin: `grant`, `role`, `organisation_id`/`group_id`, `target_*`
    gate_override                    a coordinator moved a group past a closed gate: `group_id`, phases, `move_id`
    csp_violation                    the browser refused something under the Content-Security-Policy
    farmer_data_exported             a farmer's own data taken out on their request: `member_id`, `group_id`
    farmer_data_erased               a farmer's personal data erased on their request: `member_id`, `group_id`,
                                       `texts_cleared` (how many notes had their name taken out)

Kept for the lockout and second-factor work, so that it writes the same lines: `lockout` (with `username`),
`mfa_enrolled`, `mfa_verified`, `mfa_failed`, `mfa_removed`. Any other name is accepted; keep to lower_snake_case.

Never written, whatever a caller passes: a password, a token, a secret, a session or CSRF key, and anything typed
into a search box. A field whose name says it is one of those is replaced by "[removed]" (`SECRET_FIELDS`), and
`path` is always the request's path without its query string: the register's search (`?q=`) is a person's name,
and a query string may carry a token; a field-capture key in the path (`/collect/key/<key>/`) is removed.
"""

import logging
import re
from collections.abc import MutableMapping
from datetime import UTC, datetime
from typing import Any

import structlog
from django.http import HttpRequest

LOGGER_NAME = "hivos_qm.security"

# Field names that never reach the log with their value: what a person typed as a secret or into a search.
SECRET_FIELDS = re.compile(r"pass|secret|token|key|session|csrf|cookie|otp|^q$|query|search", re.IGNORECASE)
REMOVED = "[removed]"
# A phone's field-capture key travels in the server URL (as ODK Collect expects): it never reaches the log either.
KEY_IN_PATH = re.compile(r"(/key/)[^/]+")


def _timestamp(_logger: Any, _name: str, event: MutableMapping[str, Any]) -> MutableMapping[str, Any]:
    event["timestamp"] = datetime.now(UTC).isoformat(timespec="milliseconds")
    return event


def _first(_logger: Any, _name: str, event: MutableMapping[str, Any]) -> MutableMapping[str, Any]:
    """When, how grave and what first: the lines read down a terminal."""
    head = {name: event.pop(name) for name in ("timestamp", "level", "event") if name in event}
    return {**head, **event}


def _drop_secrets(_logger: Any, _name: str, event: MutableMapping[str, Any]) -> MutableMapping[str, Any]:
    for name in event:
        if name != "event" and SECRET_FIELDS.search(name):
            event[name] = REMOVED
    return event


# Wrapped locally rather than through structlog.configure(): the rest of the app logs through the standard library
# as before, and only this logger writes JSON.
_log = structlog.wrap_logger(
    logging.getLogger(LOGGER_NAME),
    processors=[
        _drop_secrets,
        structlog.stdlib.add_log_level,
        _timestamp,
        _first,
        structlog.processors.JSONRenderer(sort_keys=False, default=str),
    ],
    wrapper_class=structlog.stdlib.BoundLogger,
)


def client_ip(request: HttpRequest) -> str:
    """The address the request came from. Behind a proxy this is the proxy's: X-Forwarded-For is not read, since
    anyone can send it; reading it from a trusted proxy only is a deployment decision still to take."""
    return str(request.META.get("REMOTE_ADDR", ""))


def request_fields(request: HttpRequest) -> dict[str, Any]:
    # request.path, never get_full_path(): no query string reaches the log.
    fields = {"ip": client_ip(request), "method": request.method, "path": KEY_IN_PATH.sub(r"\1[removed]", request.path)}
    # Django's test client signs in with a request of its own, which has none of these.
    return {name: value for name, value in fields.items() if value}


def user_fields(user: Any) -> dict[str, Any]:
    if user is None or not getattr(user, "is_authenticated", False):
        return {}
    return {"user_id": user.pk, "username": user.get_username()}


def security_event(
    event: str, *, request: HttpRequest | None = None, user: Any = None, level: int = logging.INFO, **fields: Any
) -> None:
    """Write one line to the security log. `user` defaults to the request's user; `fields` are the event's own."""
    line: dict[str, Any] = {}
    if user is None and request is not None:
        user = getattr(request, "user", None)
    line.update(user_fields(user))
    if request is not None:
        line.update(request_fields(request))
    line.update(fields)
    _log.log(level, event, **line)


# --- Django's own sign-in events -------------------------------------------------------------------------------
# Receivers, since these events come from django.contrib.auth itself; connected in ProducersConfig.ready().


def on_login(sender: Any, request: HttpRequest | None = None, user: Any = None, **_: Any) -> None:
    security_event("login", request=request, user=user)


def on_logout(sender: Any, request: HttpRequest | None = None, user: Any = None, **_: Any) -> None:
    security_event("logout", request=request, user=user)


def on_login_failed(
    sender: Any, credentials: dict[str, Any] | None = None, request: HttpRequest | None = None, **_: Any
) -> None:
    # Django masks the password in `credentials` already; only the name typed is kept, cut short.
    tried = str((credentials or {}).get("username", ""))[:150]
    security_event("login_failed", request=request, username=tried, level=logging.WARNING)


def on_lockout(sender: Any, request: HttpRequest | None = None, username: str | None = None, **_: Any) -> None:
    """django-axes refused a login after too many failures (producers/accounts/lockout.py)."""
    security_event("lockout", request=request, username=str(username or "")[:150], level=logging.WARNING)


class KeyPathFilter(logging.Filter):
    """Takes a field-capture key out of any log line that names a path (Django's "Not Found: /collect/key/…"): the
    key is a credential, and logs are read by more people than the database."""

    def filter(self, record: logging.LogRecord) -> bool:
        message = record.getMessage()
        if "/key/" in message:
            record.msg = KEY_IN_PATH.sub(r"\1[removed]", message)
            record.args = ()
        return True
