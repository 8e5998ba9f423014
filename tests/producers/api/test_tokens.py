"""API tokens: kept hashed, shown once, refused at once when revoked or expired or when their person can no longer
sign in; the page where a person makes and revokes their own; the security log."""

import hashlib
from datetime import timedelta

import pytest
import time_machine
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from producers.api.tokens import api_token_create, api_token_revoke
from producers.models import ApiToken


def token_client(raw: str) -> Client:
    return Client(headers={"Authorization": f"Token {raw}"})


def test_only_the_tokens_digest_is_kept(scope):
    issued = api_token_create(user=scope.field_officer, by=scope.field_officer, label="Export")
    stored = ApiToken.objects.get(pk=issued.token.pk)
    assert stored.digest == hashlib.sha256(issued.raw.encode()).hexdigest()
    assert issued.raw not in {stored.digest, stored.prefix, stored.label}
    assert len(issued.raw) >= 40


def test_a_token_reads_as_its_person_and_notes_its_last_use(scope):
    issued = api_token_create(user=scope.field_officer, by=scope.field_officer, label="Export")
    response = token_client(issued.raw).get(reverse("api:group_list"))
    assert response.status_code == 200
    ids = {group["id"] for group in response.json()["results"]}
    assert scope.group.pk in ids
    assert scope.other_group.pk not in ids
    issued.token.refresh_from_db()
    assert issued.token.last_used_at is not None


def test_a_revoked_token_is_refused_at_once(scope, security_log):
    issued = api_token_create(user=scope.field_officer, by=scope.field_officer, label="Export")
    client = token_client(issued.raw)
    assert client.get(reverse("api:group_list")).status_code == 200
    api_token_revoke(token=issued.token, by=scope.field_officer)
    response = client.get(reverse("api:group_list"))
    assert response.status_code == 401
    assert response["Content-Type"] == "application/problem+json"
    assert response.json()["status"] == 401
    assert security_log.events("api_token_created")
    assert security_log.events("api_token_revoked")
    assert issued.raw not in "".join(security_log.raw)


def test_an_expired_token_is_refused(scope):
    issued = api_token_create(
        user=scope.field_officer, by=scope.field_officer, label="Export", lifetime=timedelta(days=1)
    )
    with time_machine.travel(timezone.now() + timedelta(days=2)):
        assert token_client(issued.raw).get(reverse("api:group_list")).status_code == 401


def test_a_token_of_a_person_who_can_no_longer_sign_in_is_refused(scope):
    issued = api_token_create(user=scope.field_officer, by=scope.field_officer, label="Export")
    scope.field_officer.is_active = False
    scope.field_officer.save()
    assert token_client(issued.raw).get(reverse("api:group_list")).status_code == 401


@pytest.mark.parametrize("header", ["Token nonsense", "Token", "Token a b"])
def test_an_unknown_or_malformed_token_is_refused(db, header):
    response = Client(headers={"Authorization": header}).get(reverse("api:group_list"))
    assert response.status_code == 401


def test_without_credentials_the_api_answers_401(db):
    response = Client().get(reverse("api:group_list"))
    assert response.status_code == 401
    assert response.json()["code"] == "not_authenticated"


def test_the_page_shows_a_new_token_once_and_revokes_it(scope, login):
    client = login(scope.group_manager)
    made = client.post(reverse("api_tokens"), {"label": "Dashboard"})
    assert made.status_code == 200
    raw = made.context["raw"]
    assert raw in made.content.decode()
    listing = client.get(reverse("api_tokens")).content.decode()
    assert "Dashboard" in listing
    assert raw not in listing
    token = ApiToken.objects.get(user=scope.group_manager)
    assert client.post(reverse("api_token_revoke", args=[token.pk])).status_code == 302
    assert token_client(raw).get(reverse("api:group_list")).status_code == 401


def test_nobody_revokes_another_persons_token(scope, login):
    issued = api_token_create(user=scope.field_officer, by=scope.field_officer, label="Export")
    for user in (scope.group_manager, scope.coordinator, scope.donor):
        assert login(user).post(reverse("api_token_revoke", args=[issued.token.pk])).status_code == 404
    issued.token.refresh_from_db()
    assert issued.token.revoked_at is None


def test_requests_beyond_the_persons_rate_are_throttled(scope, settings):
    from django.core.cache import cache
    from rest_framework.settings import api_settings
    from rest_framework.throttling import SimpleRateThrottle

    cache.clear()
    rates = {**api_settings.DEFAULT_THROTTLE_RATES, "person": "3/minute"}
    SimpleRateThrottle.THROTTLE_RATES = rates  # type: ignore[assignment]
    try:
        issued = api_token_create(user=scope.field_officer, by=scope.field_officer, label="Export")
        client = token_client(issued.raw)
        statuses = [client.get(reverse("api:group_list")).status_code for _ in range(4)]
        assert statuses == [200, 200, 200, 429]
        refused = client.get(reverse("api:group_list"))
        assert refused["Content-Type"] == "application/problem+json"
        assert "Retry-After" in refused
    finally:
        SimpleRateThrottle.THROTTLE_RATES = api_settings.DEFAULT_THROTTLE_RATES  # type: ignore[assignment]
        cache.clear()
