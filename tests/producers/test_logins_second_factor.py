"""The second factor: required for coordinators and field officers (nothing but its setup until it is given),
offered to group managers and donors, asked of everyone who has set one up; demo logins may skip it only where
the settings name them (local.py)."""

import re
from datetime import timedelta

import pytest
import time_machine
from django.urls import reverse
from django.utils import timezone
from django_otp.plugins.otp_static.models import StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from producers.accounts.services import second_factor_reset

from ..factories import PASSWORD
from ..helpers import flash_messages, page_text, totp_code, totp_device_for

HOME = reverse("cycles:home")
SETUP = reverse("accounts:two_factor_setup")
VERIFY = reverse("accounts:two_factor_verify")
pytestmark = pytest.mark.django_db


def _password_login(client, username: str):
    return client.post(reverse("login"), {"username": username, "password": PASSWORD}, REMOTE_ADDR="192.0.2.1")


@pytest.mark.parametrize("role", ["coordinator", "field_officer"])
def test_a_coordinator_or_field_officer_without_an_app_reaches_only_its_setup(client, scope, role):
    client.force_login(scope.users()[role])
    group_page = reverse("cycles:group_detail", kwargs={"pk": scope.group.pk})
    for url in [HOME, group_page, reverse("producers:member_list", kwargs={"pk": scope.group.pk}), "/admin/"]:
        response = client.get(url)
        assert response.status_code == 302, url
        assert response["Location"].startswith(SETUP), url
    assert client.post(reverse("cycles:home"), {}).status_code == 302
    assert client.get(SETUP).status_code == 200


@pytest.mark.parametrize("role", ["coordinator", "field_officer"])
def test_with_an_app_set_up_the_code_is_asked_after_the_password(client, scope, role, security_log):
    user = scope.users()[role]
    device = totp_device_for(user)
    assert _password_login(client, user.username).status_code == 302
    response = client.get(HOME)
    assert response["Location"] == f"{VERIFY}?next=%2F"
    wrong = client.post(VERIFY, {"code": "000000", "next": "/"})
    assert "This code is not right" in page_text(wrong)
    assert client.get(HOME).status_code == 302
    # After a wrong code django-otp waits a second before it takes another.
    with time_machine.travel(timezone.now() + timedelta(seconds=5)):
        right = client.post(VERIFY, {"code": totp_code(device), "next": "/"})
        assert right["Location"] == "/"
        assert client.get(HOME).status_code == 200
    assert [line["username"] for line in security_log.events("mfa_failed")] == [user.username]
    assert security_log.events("mfa_verified")[0]["recovery_code"] is False


@pytest.mark.parametrize("role", ["group_manager", "donor"])
def test_group_managers_and_donors_are_offered_the_second_factor_but_not_forced(client, scope, role):
    client.force_login(scope.users()[role])
    assert client.get(HOME).status_code == 200
    security = page_text(client.get(reverse("accounts:two_factor")))
    assert "Set up an authenticator app" in security


def test_a_group_manager_who_set_one_up_gives_the_code_too(client, scope):
    totp_device_for(scope.group_manager)
    client.force_login(scope.group_manager)
    assert client.get(HOME)["Location"].startswith(VERIFY)


def _shown_key(page: str) -> str:
    found = re.search(r'data-testid="totp-key">(.*?)</p>', page, re.S)
    assert found
    return re.sub(r"<.*?>|\s", "", found.group(1))


def test_the_setup_shows_a_qr_code_and_the_key_then_recovery_codes_once(client, scope):
    client.force_login(scope.coordinator)
    page = page_text(client.get(SETUP + "?next=/"))
    assert "<svg" in page
    # Ready for a strict Content Security Policy: no inline style, and no script but the static files.
    assert "style=" not in page
    assert "<script" not in page.split("<main", 1)[1].split("</main>", 1)[0]
    key = _shown_key(page)
    device = TOTPDevice.objects.get(user=scope.coordinator, confirmed=False)
    assert key
    assert device.config_url.count(key) == 1
    # Reloading the page keeps the same key: the phone may already have scanned it.
    assert TOTPDevice.objects.get(user=scope.coordinator, confirmed=False).pk == device.pk
    assert _shown_key(page_text(client.get(SETUP))) == key

    assert "not right" in page_text(client.post(SETUP, {"code": "123456", "next": "/"}))
    with time_machine.travel(timezone.now() + timedelta(seconds=5)):
        done = client.post(SETUP, {"code": totp_code(device), "next": "/"})
    assert done["Location"].startswith(reverse("accounts:recovery_codes"))
    codes_page = page_text(client.get(done["Location"]))
    codes = re.findall(r'<li class="col">(\w+)</li>', codes_page)
    assert len(codes) == 10
    assert set(codes) == set(StaticToken.objects.filter(device__user=scope.coordinator).values_list("token", flat=True))
    # Shown once: the second visit has them no more.
    assert client.get(done["Location"])["Location"] == reverse("accounts:two_factor")
    assert client.get(HOME).status_code == 200


def test_a_recovery_code_logs_in_once(client, scope):
    totp_device_for(scope.field_officer)
    from producers.accounts.services import recovery_codes_renew

    code = recovery_codes_renew(user=scope.field_officer, count=10)[0]
    client.force_login(scope.field_officer)
    response = client.post(VERIFY, {"code": code.upper(), "next": "/"})
    assert response["Location"] == "/"
    assert "9 are left" in " ".join(flash_messages(response))
    client.logout()
    client.force_login(scope.field_officer)
    assert "not right, or was already used" in page_text(client.post(VERIFY, {"code": code, "next": "/"}))


def test_wrong_codes_are_slowed_down(client, scope):
    device = totp_device_for(scope.coordinator)
    client.force_login(scope.coordinator)
    for _ in range(3):
        client.post(VERIFY, {"code": "000000"})
    throttled = client.post(VERIFY, {"code": totp_code(device)})
    assert "Too many wrong codes" in page_text(throttled)


def test_a_coordinator_cannot_turn_the_second_factor_off_but_a_donor_can(login, client, scope):
    coordinator = login(scope.coordinator)
    coordinator.post(reverse("accounts:two_factor_remove"))
    assert TOTPDevice.objects.filter(user=scope.coordinator).exists()
    coordinator.logout()
    totp_device_for(scope.donor)
    from ..helpers import force_login_verified

    donor = force_login_verified(client, scope.donor)
    donor.post(reverse("accounts:two_factor_remove"))
    assert not TOTPDevice.objects.filter(user=scope.donor).exists()


def test_the_admin_reset_sends_the_person_back_to_the_setup(login, client, scope):
    second_factor_reset(user=scope.field_officer, by=scope.coordinator)
    totp_device_for(scope.field_officer)
    root = login(scope.coordinator)
    scope.coordinator.is_staff = scope.coordinator.is_superuser = True
    scope.coordinator.save()
    response = root.post(
        reverse("admin:producers_user_changelist"),
        {"action": "reset_second_factor", "_selected_action": [scope.field_officer.pk]},
    )
    assert response.status_code == 302
    assert not TOTPDevice.objects.filter(user=scope.field_officer).exists()
    root.logout()
    client.force_login(scope.field_officer)
    assert client.get(HOME)["Location"].startswith(SETUP)


def test_demo_logins_skip_only_where_the_settings_name_them(client, scope, settings):
    client.force_login(scope.coordinator)
    assert client.get(HOME)["Location"].startswith(SETUP)
    settings.MFA_DEMO_SKIP_USERNAMES = ["coordinator"]
    assert client.get(HOME).status_code == 200
    # Not where demo data is not allowed (production), whatever the list says.
    settings.DEMO_DATA_ALLOWED = False
    assert client.get(HOME).status_code == 302


def test_the_login_page_names_the_demo_logins_only_where_they_may_skip(client, settings, db):
    assert 'data-testid="demo-logins"' not in page_text(client.get(reverse("login")))
    settings.MFA_DEMO_SKIP_USERNAMES = ["coordinator", "fieldofficer"]
    page = page_text(client.get(reverse("login")))
    assert "coordinator, fieldofficer" in page
    assert "may skip the second factor" in page
