"""Sessions end after 30 minutes without a request and 12 hours after the login, and the pages warn before."""

from datetime import timedelta

import pytest
import time_machine
from django.urls import reverse
from django.utils import timezone

from ..helpers import flash_messages, page_text

HOME = reverse("cycles:home")
pytestmark = pytest.mark.django_db


def test_a_session_idle_for_30_minutes_ends(login, scope):
    start = timezone.now()
    with time_machine.travel(start, tick=False):
        client = login(scope.group_manager)
        assert client.get(HOME).status_code == 200
    with time_machine.travel(start + timedelta(minutes=29), tick=False):
        assert client.get(HOME).status_code == 200
    # 29 minutes after the last request, not after the login: still in.
    with time_machine.travel(start + timedelta(minutes=58), tick=False):
        assert client.get(HOME).status_code == 200
    with time_machine.travel(start + timedelta(minutes=89), tick=False):
        response = client.get(HOME)
        assert response.status_code == 302
        assert response["Location"].startswith(reverse("login"))
        assert "after 30 minutes without activity" in " ".join(flash_messages(response))
        assert "_auth_user_id" not in client.session


def test_a_session_ends_12_hours_after_the_login_however_busy(login, scope):
    start = timezone.now()
    with time_machine.travel(start, tick=False):
        client = login(scope.coordinator)
    for minutes in range(20, 12 * 60, 20):
        with time_machine.travel(start + timedelta(minutes=minutes), tick=False):
            assert client.get(HOME).status_code == 200, minutes
    with time_machine.travel(start + timedelta(hours=12, minutes=1), tick=False):
        response = client.get(HOME)
        assert response["Location"].startswith(reverse("login"))
        assert "a session lasts 12 hours at most" in " ".join(flash_messages(response))


def test_the_page_knows_when_the_session_ends_for_its_warning(login, scope):
    start = timezone.now()
    with time_machine.travel(start, tick=False):
        client = login(scope.donor)
    for minutes in (20, 40, 60, 80, 100):
        with time_machine.travel(start + timedelta(minutes=minutes), tick=False):
            client.get(HOME)
    with time_machine.travel(start + timedelta(hours=2), tick=False):
        page = page_text(client.get(HOME))
    assert 'data-idle-seconds="1800"' in page
    assert f'data-max-seconds="{10 * 3600}"' in page
    assert 'data-warn-seconds="300"' in page
    assert "js/session-timeout.js" in page


def test_stay_logged_in_counts_as_activity(login, scope):
    start = timezone.now()
    with time_machine.travel(start, tick=False):
        client = login(scope.donor)
    with time_machine.travel(start + timedelta(minutes=28), tick=False):
        assert client.get(reverse("accounts:session_ping")).status_code == 204
    with time_machine.travel(start + timedelta(minutes=50), tick=False):
        assert client.get(HOME).status_code == 200


def test_the_session_warning_is_a_static_script_and_no_inline_code(login, scope):
    page = page_text(login(scope.donor).get(HOME))
    assert "<script>" not in page
    assert "style=" not in page
    assert " onclick=" not in page
