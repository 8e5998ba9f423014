"""Login lockout: five wrong passwords for a username from one address pause that address for 15 minutes; the
person can still log in from elsewhere, and one address can never lock them out everywhere."""

from datetime import timedelta

import pytest
import time_machine
from django.urls import reverse
from django.utils import timezone

from ..factories import PASSWORD
from ..helpers import page_text

HOME = "192.0.2.10"
OFFICE = "198.51.100.20"
pytestmark = pytest.mark.django_db


def _log_in(client, username: str, password: str, address: str):
    return client.post(reverse("login"), {"username": username, "password": password}, REMOTE_ADDR=address)


def _fail(client, username: str, address: str, times: int) -> None:
    for _ in range(times):
        _log_in(client, username, "wrong-password", address)


def test_five_wrong_passwords_lock_that_address_out_with_a_clear_message(client, scope, security_log):
    _fail(client, "groupmanager", HOME, 4)
    assert _log_in(client, "groupmanager", "wrong-password", HOME).status_code == 429
    refused = _log_in(client, "groupmanager", PASSWORD, HOME)
    assert refused.status_code == 429
    assert "Too many wrong passwords were tried for this login. Wait 15 minutes" in page_text(refused)
    assert "_auth_user_id" not in client.session
    lockout = security_log.events("lockout")[0]
    assert lockout["username"] == "groupmanager"
    assert PASSWORD not in str(security_log.raw)


def test_four_wrong_passwords_do_not_lock(client, scope):
    _fail(client, "groupmanager", HOME, 4)
    assert _log_in(client, "groupmanager", PASSWORD, HOME).status_code == 302


def test_the_lockout_ends_after_the_cool_off(client, scope):
    start = timezone.now()
    with time_machine.travel(start, tick=False):
        _fail(client, "groupmanager", HOME, 5)
        assert _log_in(client, "groupmanager", PASSWORD, HOME).status_code == 429
    with time_machine.travel(start + timedelta(minutes=14), tick=False):
        assert _log_in(client, "groupmanager", PASSWORD, HOME).status_code == 429
    with time_machine.travel(start + timedelta(minutes=16), tick=False):
        assert _log_in(client, "groupmanager", PASSWORD, HOME).status_code == 302


def test_refused_tries_during_the_lockout_do_not_extend_it(client, scope):
    """Someone trying every few minutes cannot keep the lockout going for ever."""
    start = timezone.now()
    with time_machine.travel(start, tick=False):
        _fail(client, "groupmanager", HOME, 5)
    for minutes in (5, 10, 14):
        with time_machine.travel(start + timedelta(minutes=minutes), tick=False):
            _fail(client, "groupmanager", HOME, 3)
    with time_machine.travel(start + timedelta(minutes=16), tick=False):
        assert _log_in(client, "groupmanager", PASSWORD, HOME).status_code == 302


def test_a_lockout_from_one_address_does_not_stop_the_person_at_another(client, scope):
    """However long one address keeps guessing, the person logs in from their own."""
    start = timezone.now()
    for minutes in range(0, 120, 16):
        with time_machine.travel(start + timedelta(minutes=minutes), tick=False):
            _fail(client, "groupmanager", HOME, 10)
    with time_machine.travel(start + timedelta(minutes=120), tick=False):
        assert _log_in(client, "groupmanager", PASSWORD, OFFICE).status_code == 302


def test_many_addresses_guessing_one_username_lock_it_everywhere_until_the_cool_off(client, scope):
    start = timezone.now()
    with time_machine.travel(start, tick=False):
        for n in range(4):
            _fail(client, "groupmanager", f"203.0.113.{n + 1}", 5)
        assert _log_in(client, "groupmanager", PASSWORD, OFFICE).status_code == 429
    with time_machine.travel(start + timedelta(minutes=16), tick=False):
        assert _log_in(client, "groupmanager", PASSWORD, OFFICE).status_code == 302


def test_one_address_guessing_many_usernames_is_stopped(client, scope):
    for n in range(10):
        _fail(client, f"guess-{n}", HOME, 5)
    assert _log_in(client, "groupmanager", PASSWORD, HOME).status_code == 429
    assert _log_in(client, "groupmanager", PASSWORD, OFFICE).status_code == 302


def test_a_successful_login_forgets_the_persons_failures_but_not_the_addresss(client, scope):
    _fail(client, "groupmanager", HOME, 4)
    for n in range(9):
        _fail(client, f"guess-{n}", HOME, 5)
    assert _log_in(client, "groupmanager", PASSWORD, HOME).status_code == 302
    client.logout()
    # Four more of the person's own typing errors: without the reset, eight would have locked them out.
    _fail(client, "groupmanager", HOME, 3)
    assert _log_in(client, "groupmanager", "wrong-password", HOME).status_code == 200
    # The address's 45 guesses at other usernames still count: with this one, 50 failures from it.
    _fail(client, "donor", HOME, 1)
    assert _log_in(client, "donor", PASSWORD, HOME).status_code == 429
    assert _log_in(client, "donor", PASSWORD, OFFICE).status_code == 302


def test_behind_a_proxy_the_address_the_proxy_saw_counts(client, scope, settings):
    settings.TRUSTED_PROXY_COUNT = 1
    for forged in range(5):
        client.post(
            reverse("login"),
            {"username": "groupmanager", "password": "wrong-password"},
            REMOTE_ADDR="10.0.0.2",
            HTTP_X_FORWARDED_FOR=f"1.1.1.{forged}, {HOME}",
        )
    forwarded = {"REMOTE_ADDR": "10.0.0.2"}
    home = client.post(
        reverse("login"),
        {"username": "groupmanager", "password": PASSWORD},
        HTTP_X_FORWARDED_FOR=HOME,
        **forwarded,
    )
    assert home.status_code == 429
    office = client.post(
        reverse("login"), {"username": "groupmanager", "password": PASSWORD}, HTTP_X_FORWARDED_FOR=OFFICE, **forwarded
    )
    assert office.status_code == 302
