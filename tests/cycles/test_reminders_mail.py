"""Reminders by e-mail (#13 point 3): an urgent message at once, a weekly digest on Monday morning in the person's
time zone, each sent once however often the job runs, a failed send tried again, and a signed link that stops
them without a login."""

import datetime

import pytest
from django.core import mail
from django.core.mail import EmailMultiAlternatives
from django.test import override_settings
from django.urls import reverse
from django.utils import timezone

from cycles.models import Notification, NotificationKind, NotificationPreference, NotificationStatus
from cycles.reminders.mail import digest_week, reminders_send
from cycles.reminders.unsubscribe import unsubscribe_token

from ..factories import CertificateFactory
from .reminders_fixtures import NAIROBI, TODAY, days
from .reminders_fixtures import frozen as frozen

MONDAY = TODAY  # 15 June 2026


def _at(day: datetime.date, hour: int, minute: int = 0, zone=NAIROBI) -> datetime.datetime:
    return datetime.datetime(day.year, day.month, day.day, hour, minute, tzinfo=zone)


@pytest.mark.parametrize(
    ("moment", "week"),
    [
        (_at(MONDAY, 5, 59), None),
        (_at(MONDAY, 6, 0), "2026-W25"),
        (_at(MONDAY, 11, 59), "2026-W25"),
        (_at(MONDAY, 12, 0), None),
        (_at(MONDAY - datetime.timedelta(days=1), 8), None),
    ],
)
def test_the_digest_is_due_on_monday_morning_where_the_person_is(moment, week):
    assert digest_week(moment, "Africa/Nairobi") == week


def test_monday_morning_comes_an_hour_later_in_johannesburg():
    seven_in_nairobi = _at(MONDAY, 6, 30)  # 05:30 in Johannesburg
    assert digest_week(seven_in_nairobi, "Africa/Nairobi") == "2026-W25"
    assert digest_week(seven_in_nairobi, "Africa/Johannesburg") is None


def test_an_urgent_reminder_goes_at_once_to_each_person_once(scope):
    certificate = CertificateFactory.create(group=scope.group, valid_to=days(5))
    sent = reminders_send(now=_at(MONDAY - datetime.timedelta(days=1), 10))  # a Sunday: no digest
    assert sent.digests == 0
    recipients = sorted(address for message in mail.outbox for address in message.to)
    assert scope.group_manager.email in recipients
    assert scope.field_officer.email in recipients
    assert scope.outsider.email not in recipients
    assert len(recipients) == len(set(recipients)) == sent.urgent
    message = next(m for m in mail.outbox if m.to == [scope.group_manager.email])
    assert message.subject.startswith("Urgent: Certificate expiring")
    assert certificate.number in message.body
    assert "http://127.0.0.1:8000/" in message.body  # links that work outside the app
    assert isinstance(message, EmailMultiAlternatives)
    assert message.alternatives[0][1] == "text/html"
    assert message.extra_headers["List-Unsubscribe"].startswith("<http://127.0.0.1:8000/reminders/stop/")
    # The job runs again (the next quarter of an hour, or a second beat): nothing more is sent.
    assert reminders_send(now=_at(MONDAY - datetime.timedelta(days=1), 10, 15)).urgent == 0
    assert len(mail.outbox) == sent.urgent
    assert set(Notification.objects.values_list("status", flat=True)) == {NotificationStatus.SENT}


def test_the_weekly_digest_goes_on_monday_morning_once(scope):
    CertificateFactory.create(group=scope.group, valid_to=days(60))  # due, not urgent
    assert reminders_send(now=_at(MONDAY, 5)).digests == 0
    first = reminders_send(now=_at(MONDAY, 7))
    assert first.digests >= 2
    assert reminders_send(now=_at(MONDAY, 7, 15)).digests == 0
    digest = next(m for m in mail.outbox if m.to == [scope.group_manager.email])
    assert digest.subject.startswith("This week in hivos-qm:")
    assert "Certificate expiring" in digest.body
    assert (
        Notification.objects.filter(user=scope.group_manager, kind=NotificationKind.DIGEST, key="2026-W25").count() == 1
    )


def test_a_person_who_stopped_them_gets_none(scope):
    CertificateFactory.create(group=scope.group, valid_to=days(5))
    NotificationPreference.objects.create(user=scope.group_manager, urgent=False, weekly=False)
    reminders_send(now=_at(MONDAY, 7))
    assert scope.group_manager.email not in [address for m in mail.outbox for address in m.to]


@override_settings(EMAIL_BACKEND="tests.cycles.failing_mail.Backend")
def test_a_failed_send_is_tried_again_by_the_next_run_and_sent_once(scope):
    from . import failing_mail

    CertificateFactory.create(group=scope.group, valid_to=days(5))
    failing_mail.FAIL = True
    assert reminders_send(now=_at(MONDAY, 5)).urgent == 0
    failed = Notification.objects.get(user=scope.group_manager)
    assert (failed.status, failed.attempts) == (NotificationStatus.FAILED, 1)
    assert "refused" in failed.error
    failing_mail.FAIL = False
    assert reminders_send(now=_at(MONDAY, 5, 15)).urgent >= 1
    failed.refresh_from_db()
    assert (failed.status, failed.attempts) == (NotificationStatus.SENT, 2)
    assert failing_mail.SENT.count(scope.group_manager.email) == 1


def test_the_stop_link_works_without_a_login_and_only_for_its_person(client, scope):
    token = unsubscribe_token(scope.group_manager, NotificationKind.DIGEST)
    url = reverse("cycles:reminders_stop", kwargs={"token": token})
    page = client.get(url)
    assert page.status_code == 200
    assert "Stop the weekly digest" in page.content.decode()
    assert not NotificationPreference.objects.filter(user=scope.group_manager, weekly=False).exists()
    assert "stopped" in client.post(url).content.decode()
    preference = NotificationPreference.objects.get(user=scope.group_manager)
    assert (preference.weekly, preference.urgent) == (False, True)
    forged = reverse("cycles:reminders_stop", kwargs={"token": token[:-2] + "xx"})
    assert client.get(forged).status_code == 404


def test_the_notifications_page_lists_the_messages_sent(scope, login):
    CertificateFactory.create(group=scope.group, valid_to=days(5))
    client = login(scope.group_manager)
    assert "No message was sent to you yet." in client.get(reverse("cycles:notifications")).content.decode()
    reminders_send(now=timezone.now())
    page = client.get(reverse("cycles:notifications")).content.decode()
    assert "Urgent: Certificate expiring" in page
    response = client.post(reverse("cycles:notifications"), {"urgent": "on", "time_zone": "Africa/Johannesburg"})
    assert response.status_code == 302
    preference = NotificationPreference.objects.get(user=scope.group_manager)
    assert (preference.urgent, preference.weekly, preference.time_zone) == (True, False, "Africa/Johannesburg")
