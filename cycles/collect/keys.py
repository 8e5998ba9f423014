"""Per-device keys for ODK Collect: made, shown once as Collect's configuration QR code, checked on every request,
revoked at once.

A key is 32 random bytes (URL-safe base64); only its SHA-256 is stored. A key that random needs no slow hash: the
digest is looked up directly, and guessing one is hopeless. It lives in the server URL Collect is set up with, as
ODK Central's app users do, so that nobody types a web password into a shared phone.
"""

import base64
import hashlib
import json
import secrets
import zlib
from dataclasses import dataclass
from datetime import timedelta

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import QuerySet
from django.http import HttpRequest
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from producers.models import User
from producers.security_log import security_event
from producers.selectors import groups_editable_by, roles_of

from ..models import CollectKey

# A phone is set up again at least once a season: a lost phone's key stops working by itself.
KEY_LIFETIME = timedelta(days=120)
# The last-used date is for people ("used this morning"), not an audit trail: one write a minute is enough.
LAST_USED_PRECISION = timedelta(minutes=1)


def _digest(raw: str) -> str:
    return hashlib.sha256(raw.encode()).hexdigest()


@dataclass(frozen=True)
class IssuedKey:
    key: CollectKey
    raw: str


def can_use_field_capture(user: User) -> bool:
    """Field capture is for the people who record inspections: those who may change some group."""
    return groups_editable_by(user).exists()


@transaction.atomic
def collect_key_create(*, user: User, by: User, label: str, request: HttpRequest | None = None) -> IssuedKey:
    """A new key for one of the person's phones. Only the person makes their own keys: a key acts as them."""
    if by.pk != user.pk:
        raise PermissionDenied(_("A field capture key acts as its owner: each person makes their own."))
    if not can_use_field_capture(user):
        raise PermissionDenied(_("Field capture is for the people who record a group's inspections."))
    label = label.strip()
    if not label:
        raise ValidationError(_("Name the phone the key is for, so that you know which key to revoke."), code="label")
    raw = secrets.token_urlsafe(32)
    now = timezone.now()
    key = CollectKey.objects.create(
        user=user, label=label[:80], digest=_digest(raw), created_at=now, expires_at=now + KEY_LIFETIME
    )
    security_event("collect_key_created", request=request, user=user, device_id=key.pk, label=key.label)
    return IssuedKey(key=key, raw=raw)


@transaction.atomic
def collect_key_revoke(*, key: CollectKey, by: User, request: HttpRequest | None = None) -> CollectKey:
    """Stop a key at once: the phone's next request gets 401. Revoking a revoked key changes nothing."""
    if by.pk != key.user_id and not _may_revoke_any(by):
        raise PermissionDenied(_("You can revoke only your own keys."))
    updated = CollectKey.objects.filter(pk=key.pk, revoked_at=None).update(revoked_at=timezone.now(), revoked_by=by)
    key.refresh_from_db()
    if updated:
        security_event("collect_key_revoked", request=request, user=by, device_id=key.pk, owner_id=key.user_id)
    return key


def collect_key_authenticate(raw: str) -> CollectKey | None:
    """The live key with this value, with its person; None for an unknown, revoked or expired key, or a person who
    can no longer sign in. Notes when the key was last used."""
    if not raw or len(raw) > 100:
        return None
    now = timezone.now()
    key = (
        CollectKey.objects.select_related("user")
        .filter(digest=_digest(raw), revoked_at=None, expires_at__gt=now, user__is_active=True)
        .first()
    )
    if key is None:
        return None
    if key.last_used_at is None or key.last_used_at < now - LAST_USED_PRECISION:
        CollectKey.objects.filter(pk=key.pk).update(last_used_at=now)
        key.last_used_at = now
    return key


def keys_of(user: User) -> QuerySet[CollectKey]:
    """A person's keys, the live ones first."""
    return CollectKey.objects.filter(user=user).order_by("revoked_at", "-created_at")


def _may_revoke_any(user: User) -> bool:
    # A lost phone is reported to the coordinator as often as to its owner: coordinators stop any key.
    return user.is_superuser or roles_of(user).coordinator


def collect_key_get_for_user(user: User, pk: int) -> CollectKey:
    """One of the person's own keys (any key, for a coordinator); 404 otherwise."""
    keys = CollectKey.objects.all() if _may_revoke_any(user) else CollectKey.objects.filter(user=user)
    return get_object_or_404(keys, pk=pk)


def server_url(request: HttpRequest, raw: str) -> str:
    """The server URL Collect is set up with: the key is part of it."""
    return request.build_absolute_uri(reverse("collect:root", kwargs={"key": raw}))


def collect_settings(*, request: HttpRequest, raw: str) -> str:
    """ODK Collect's configuration QR code content: the settings as JSON, zlib-compressed, in base64 (ODK's
    "Configuring Collect with a QR code"). Forms update to match the server exactly; finished forms are sent as
    soon as there is a connection."""
    content = {
        "general": {
            "server_url": server_url(request, raw),
            "form_update_mode": "match_exactly",
            "autosend": "wifi_and_cellular",
        },
        "admin": {"automatic_update": True},
        "project": {"name": "hivos-qm", "icon": "H", "color": "#1f6f43"},
    }
    return base64.b64encode(zlib.compress(json.dumps(content).encode())).decode()
