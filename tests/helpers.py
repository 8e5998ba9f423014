"""Small helpers that many test modules need: import them rather than writing them again."""

import uuid
from typing import Any

from django.contrib.messages import get_messages
from django.core.exceptions import ValidationError
from django.db import connection
from django.forms import BaseForm
from django.http import HttpResponse
from django.test import Client
from django.test.utils import CaptureQueriesContext, override_settings
from django_otp import DEVICE_ID_SESSION_KEY
from django_otp.oath import TOTP
from django_otp.plugins.otp_totp.models import TOTPDevice

# The roles that keep a group's records (as named in the scope fixture's `users()`); readers are the others.
RECORD_KEEPERS = ["coordinator", "field_officer", "group_manager"]


def page_text(response: HttpResponse) -> str:
    """The page's HTML as text, for `in` checks."""
    return response.content.decode()


def page_query_count(client: Client, url: str, data: dict[str, Any] | None = None) -> int:
    """How many queries a GET of the page (with `data` as its query string) takes; the page must answer 200, or the
    count would mean nothing. Counted on a page rendered, not taken from the kept pages (producers.page_cache):
    the dearest case is the budget's."""
    with override_settings(PAGE_CACHE_GENERATION=uuid.uuid4().hex), CaptureQueriesContext(connection) as queries:
        response = client.get(url, data)
    assert response.status_code == 200
    return len(queries)


def error_codes(error: ValidationError) -> set[str]:
    """Every error code in a ValidationError, whether it names fields or not."""
    if hasattr(error, "error_dict"):
        return {e.code or "" for errors in error.error_dict.values() for e in errors}
    return {e.code or "" for e in error.error_list}


def form_error_codes(form: BaseForm) -> dict[str, list[str]]:
    """A bound form's errors as codes, by field ("__all__" for those above the form)."""
    return {name: [e.code or "" for e in errors] for name, errors in form.errors.as_data().items()}


def flash_messages(response: HttpResponse) -> list[str]:
    """The messages the request left for the next page, as text."""
    # The test client sets wsgi_request on the responses it returns; HttpResponse itself does not declare it.
    return [str(m) for m in get_messages(response.wsgi_request)]  # type: ignore[attr-defined]


def totp_device_for(user: Any) -> TOTPDevice:
    """The user's confirmed authenticator app, made if they have none (a TOTPDevice)."""
    device, _ = TOTPDevice.objects.get_or_create(user=user, confirmed=True, defaults={"name": "test app"})
    return device


def totp_code(device: TOTPDevice) -> str:
    """The code the person's app shows now, accepted even if a code of this same 30 seconds was used before."""
    if device.last_t >= 0:
        TOTPDevice.objects.filter(pk=device.pk).update(last_t=-1)
    totp = TOTP(device.bin_key, device.step, device.t0, device.digits, device.drift)
    return f"{totp.token():0{device.digits}d}"


def force_login_verified(client: Client, user: Any) -> Client:
    """Log the client in as `user` with the second factor given, as after the real code entry."""
    device = totp_device_for(user)
    client.force_login(user)
    session = client.session
    session[DEVICE_ID_SESSION_KEY] = device.persistent_id
    session.save()
    return client
