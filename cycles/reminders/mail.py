"""Reminders by e-mail: an urgent message at once (a certificate expiring within 7 days, an audit within 7 days
with major findings open), and a weekly digest on Monday morning in the person's time zone.

Each message is sent once. Its row (`Notification`, unique per person, kind and key) is created once, whoever
gets there first, and claimed with a conditional update before the mail goes out: a second beat, a second worker
or the same task delivered twice finds it claimed or sent and does nothing. A send that fails (the mail server
refused it) is marked failed and tried again by the next run, up to MAX_ATTEMPTS; a run that died in the middle
of a send leaves its row "sending", never sent a second time.
"""

from dataclasses import dataclass
from datetime import date, datetime
from zoneinfo import ZoneInfo

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.db import IntegrityError, transaction
from django.db.models import F, Q
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from producers.languages import language_of
from producers.models import User
from producers.selectors import roles_of

from ..models import Notification, NotificationKind, NotificationPreference, NotificationStatus
from .items import Item, ItemKind
from .selectors import items_for
from .unsubscribe import unsubscribe_url

URGENT_KINDS = {ItemKind.CERTIFICATE_EXPIRING, ItemKind.AUDIT_WITH_MAJORS}
URGENT_WITHIN_DAYS = 7
# The digest goes out in the first run from 06:00 on Monday, local time, until noon.
DIGEST_WEEKDAY, DIGEST_FROM_HOUR, DIGEST_UNTIL_HOUR = 0, 6, 12
MAX_ATTEMPTS = 3


@dataclass(frozen=True)
class Sent:
    urgent: int = 0
    digests: int = 0


def is_urgent(item: Item, today: date) -> bool:
    return item.kind in URGENT_KINDS and item.days_left(today) <= URGENT_WITHIN_DAYS


def preference_of(user: User) -> NotificationPreference:
    """The person's choices; the defaults (both, the app's time zone), not saved, when they never changed them."""
    # Django's "no related row" error is also an AttributeError: getattr's default covers a person without one.
    found: NotificationPreference | None = getattr(user, "notification_preference", None)
    return found or NotificationPreference(user=user)


def iso_week(now: datetime, time_zone: str) -> str:
    """The week `now` falls in, in `time_zone`: the digest's key ("2026-W50")."""
    year, week, _day = now.astimezone(ZoneInfo(time_zone)).isocalendar()
    return f"{year}-W{week:02d}"


def digest_week(now: datetime, time_zone: str) -> str | None:
    """The week a digest is due for at `now` in `time_zone` ("2026-W50"), or None outside Monday morning there."""
    local = now.astimezone(ZoneInfo(time_zone))
    if local.weekday() != DIGEST_WEEKDAY or not DIGEST_FROM_HOUR <= local.hour < DIGEST_UNTIL_HOUR:
        return None
    return iso_week(now, time_zone)


def _absolute(path: str) -> str:
    return settings.SITE_URL.rstrip("/") + path


def _message(user: User, kind: str, subject: str, items: list[Item], today: date) -> EmailMultiAlternatives:
    context = {
        "user": user,
        "kind": kind,
        "items": [(item, _absolute(item.url), item.urgency(today)) for item in items],
        "this_week_url": _absolute(reverse("cycles:this_week")),
        "stop_url": _absolute(unsubscribe_url(user, kind)),
        "preferences_url": _absolute(reverse("cycles:notifications")),
    }
    text = render_to_string("cycles/reminders/mail/message.txt", context)
    html = render_to_string("cycles/reminders/mail/message.html", context)
    message = EmailMultiAlternatives(subject, text, settings.DEFAULT_FROM_EMAIL, [user.email])
    message.attach_alternative(html, "text/html")
    # One click to stop them, as mail programs offer (RFC 8058).
    message.extra_headers["List-Unsubscribe"] = f"<{context['stop_url']}>"
    message.extra_headers["List-Unsubscribe-Post"] = "List-Unsubscribe=One-Click"
    # The language it is written in (RFC 3282), for mail programs that read it aloud or offer to translate.
    message.extra_headers["Content-Language"] = translation.get_language() or settings.LANGUAGE_CODE
    return message


def _send_once(user: User, kind: str, key: str, subject: str, items: list[Item], today: date) -> bool:
    """Create the message's row if it is new, claim it, send it, record the outcome. True when this run sent it."""
    now = timezone.now()
    try:
        with transaction.atomic():
            Notification.objects.get_or_create(
                user=user, kind=kind, key=key, defaults={"subject": subject[:200], "created_at": now}
            )
    except IntegrityError:
        pass  # another run created it at the same moment: the claim below decides who sends
    claimable = Q(status=NotificationStatus.PENDING) | Q(status=NotificationStatus.FAILED, attempts__lt=MAX_ATTEMPTS)
    claimed = Notification.objects.filter(claimable, user=user, kind=kind, key=key).update(
        status=NotificationStatus.SENDING, attempts=F("attempts") + 1
    )
    if not claimed:
        return False
    try:
        _message(user, kind, subject, items, today).send()
    except Exception as error:  # the mail backend's errors differ by provider; the next run tries again
        Notification.objects.filter(user=user, kind=kind, key=key).update(
            status=NotificationStatus.FAILED, error=str(error)[:2000]
        )
        return False
    Notification.objects.filter(user=user, kind=kind, key=key).update(
        status=NotificationStatus.SENT, sent_at=timezone.now(), error=""
    )
    return True


def _recipients() -> list[User]:
    """The active people with an e-mail address and a role, with their choices (one query, and one per person for
    the roles, which `items_for` then reads from the user)."""
    people = (
        User.objects.filter(Q(is_superuser=True) | Q(memberships__isnull=False), is_active=True)
        .exclude(email="")
        .distinct()
        .select_related("notification_preference")
        .order_by("pk")
    )
    return [user for user in people if roles_of(user).any]


def reminders_send(*, now: datetime | None = None, digests_now: bool = False) -> Sent:
    """Send what is due: each person's new urgent reminders, and their weekly digest when it is Monday morning
    where they are (or at once with `digests_now`, for `manage.py send_reminders`). Safe to run any number of
    times, and at the same time as itself."""
    now = now or timezone.now()
    urgent = digests = 0
    for user in _recipients():
        preference = preference_of(user)
        if not (preference.urgent or preference.weekly):
            continue
        # In the person's own language (their profile's, else the app's) and time zone: a mail has no browser.
        with translation.override(language_of(user)), timezone.override(ZoneInfo(preference.time_zone)):
            today = timezone.localdate(now)
            items = items_for(user, today=today)
            if preference.urgent:
                for item in (item for item in items if is_urgent(item, today)):
                    subject = _("Urgent: %(what)s: %(record)s, %(group)s, %(when)s") % {
                        "what": item.label,
                        "record": item.record,
                        "group": item.group.organisation.name,
                        "when": item.urgency(today),
                    }
                    urgent += _send_once(user, NotificationKind.URGENT, item.key, subject, [item], today)
            key = iso_week(now, preference.time_zone) if digests_now else digest_week(now, preference.time_zone)
            if preference.weekly and key and items:
                subject = ngettext(
                    "This week in hivos-qm: %(count)d thing due",
                    "This week in hivos-qm: %(count)d things due",
                    len(items),
                ) % {"count": len(items)}
                digests += _send_once(user, NotificationKind.DIGEST, key, subject, items, today)
    return Sent(urgent=urgent, digests=digests)
