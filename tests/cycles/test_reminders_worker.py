"""The reminders' job run twice at once by a real worker (two processes, PostgreSQL and Redis), as two beats
would: every person gets each message exactly once. Runs where REDIS_URL is set and the database is PostgreSQL
(CI); skipped elsewhere (tests/worker.py)."""

import datetime

from django.utils import timezone

from cycles import tasks
from cycles.models import Notification, NotificationStatus

from ..conftest import make_scope
from ..factories import CertificateFactory, ProducerGroupFactory
from ..worker import celery_mailing_worker  # noqa: F401 (a fixture)

TIMEOUT = 120


def test_two_runs_at_once_send_each_message_exactly_once(celery_mailing_worker):  # noqa: F811
    _worker, mails = celery_mailing_worker
    scope = make_scope()
    soon = timezone.localdate() + datetime.timedelta(days=3)
    # Several urgent reminders for several people: certificates of the scope's group and of the coordinator's.
    for group in (scope.group, ProducerGroupFactory.create()):
        for _ in range(3):
            CertificateFactory.create(group=group, valid_to=soon)
    runs = [tasks.reminders_send.delay() for _ in range(2)]
    sent = sum(run.get(timeout=TIMEOUT) for run in runs)

    rows = Notification.objects.all()
    assert rows.count() == sent > 0
    assert set(rows.values_list("status", flat=True)) == {NotificationStatus.SENT}
    assert set(rows.values_list("attempts", flat=True)) == {1}
    written = "".join(path.read_text() for path in mails.iterdir())
    subjects = [line for line in written.splitlines() if line.startswith("Subject: ")]
    recipients = [line for line in written.splitlines() if line.startswith("To: ")]
    assert len(subjects) == len(recipients) == sent
    assert len(set(zip(recipients, subjects, strict=True))) == sent  # nobody got the same message twice
