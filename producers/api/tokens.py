"""Personal API tokens: made, shown once, checked on every request, revoked at once.

A token is 32 random bytes (URL-safe base64); only its SHA-256 is stored. A token that random needs no slow hash:
the digest is looked up directly, and guessing one is hopeless (the same reasoning as the phone keys of
cycles/collect/keys.py).
"""

import hashlib
import secrets
from dataclasses import dataclass
from datetime import timedelta

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import QuerySet
from django.http import HttpRequest
from django.shortcuts import get_object_or_404
from django.utils import timezone
from django.utils.translation import gettext as _

from ..models import ApiToken, User
from ..security_log import security_event

# A token is made for a job (a monthly export, a dashboard); a forgotten one stops by itself within a year.
TOKEN_LIFETIME = timedelta(days=365)
LONGEST_LIFETIME = timedelta(days=366)
# The last-used date is for people ("used this morning"), not an audit trail: one write a minute is enough.
LAST_USED_PRECISION = timedelta(minutes=1)


def token_digest(raw: str) -> str:
    return hashlib.sha256(raw.encode()).hexdigest()


@dataclass(frozen=True)
class IssuedToken:
    token: ApiToken
    raw: str


@transaction.atomic
def api_token_create(
    *, user: User, by: User, label: str, lifetime: timedelta = TOKEN_LIFETIME, request: HttpRequest | None = None
) -> IssuedToken:
    """A new token for the person. Only the person makes their own tokens: a token acts as them."""
    if by.pk != user.pk:
        raise PermissionDenied(_("An API token acts as its owner: each person makes their own."))
    label = label.strip()
    if not label:
        raise ValidationError(_("Name what the token is for, so that you know which one to revoke."), code="label")
    if not timedelta(0) < lifetime <= LONGEST_LIFETIME:
        raise ValidationError(_("A token lasts at most a year."), code="lifetime")
    raw = secrets.token_urlsafe(32)
    now = timezone.now()
    token = ApiToken.objects.create(
        user=user,
        label=label[:80],
        digest=token_digest(raw),
        prefix=raw[:8],
        created_at=now,
        expires_at=now + lifetime,
    )
    security_event("api_token_created", request=request, user=user, token_id=token.pk, label=token.label)
    return IssuedToken(token=token, raw=raw)


@transaction.atomic
def api_token_revoke(*, token: ApiToken, by: User, request: HttpRequest | None = None) -> ApiToken:
    """Stop a token at once: its next request gets 401. Revoking a revoked token changes nothing."""
    if by.pk != token.user_id and not by.is_superuser:
        raise PermissionDenied(_("You can revoke only your own tokens."))
    updated = ApiToken.objects.filter(pk=token.pk, revoked_at=None).update(revoked_at=timezone.now(), revoked_by=by)
    token.refresh_from_db()
    if updated:
        security_event("api_token_revoked", request=request, user=by, token_id=token.pk, owner_id=token.user_id)
    return token


def api_token_authenticate(raw: str) -> ApiToken | None:
    """The live token with this value, with its person; None for an unknown, revoked or expired token, or a person
    who can no longer sign in. Notes when the token was last used."""
    if not raw or len(raw) > 100:
        return None
    now = timezone.now()
    token = (
        ApiToken.objects.select_related("user")
        .filter(digest=token_digest(raw), revoked_at=None, expires_at__gt=now, user__is_active=True)
        .first()
    )
    if token is None:
        return None
    if token.last_used_at is None or token.last_used_at < now - LAST_USED_PRECISION:
        ApiToken.objects.filter(pk=token.pk).update(last_used_at=now)
        token.last_used_at = now
    return token


def tokens_of(user: User) -> QuerySet[ApiToken]:
    """A person's tokens, the live ones first."""
    return ApiToken.objects.filter(user=user).order_by("revoked_at", "-created_at")


def api_token_get_for_user(*, user: User, pk: int) -> ApiToken:
    """One of the person's own tokens; 404 otherwise."""
    return get_object_or_404(ApiToken.objects.filter(user=user), pk=pk)
