"""Stopping reminders from a link in the message, without logging in: the link carries the person and the kind,
signed with the app's secret key, so that nobody can stop someone else's."""

from django.core import signing
from django.urls import reverse

from producers.models import User

SALT = "cycles.reminders.unsubscribe"


def unsubscribe_token(user: User, kind: str) -> str:
    return signing.dumps({"user": user.pk, "kind": kind}, salt=SALT)


def unsubscribe_url(user: User, kind: str) -> str:
    return reverse("cycles:reminders_stop", kwargs={"token": unsubscribe_token(user, kind)})


def unsubscribe_read(token: str) -> tuple[int, str] | None:
    """The person's id and the kind from a link; None for a link that was changed or made up."""
    try:
        data = signing.loads(token, salt=SALT)
    except signing.BadSignature:
        return None
    if not isinstance(data, dict) or not isinstance(data.get("user"), int) or not isinstance(data.get("kind"), str):
        return None
    return data["user"], data["kind"]
