"""The security log (producers/security_log.py): each event with its fields, and nothing secret in any line."""

import json
import logging

from django.urls import reverse

from producers.models import Membership, Role
from producers.security_log import REMOVED, security_event

from ..factories import OrganisationFactory, UserFactory
from ..helpers import force_login_verified

PASSWORD = "test-password-1"


def test_a_line_is_json_with_the_person_the_request_and_the_fields(rf, scope, security_log):
    request = rf.post("/somewhere/?q=Wanjiru", REMOTE_ADDR="203.0.113.9")
    request.user = scope.donor
    security_event("export", request=request, what="register", rows=3)
    line = security_log.events("export")[0]
    assert list(line)[:3] == ["timestamp", "level", "event"]
    assert line["level"] == "info"
    assert line | {"timestamp": None} == {
        "timestamp": None,
        "level": "info",
        "event": "export",
        "user_id": scope.donor.pk,
        "username": "donor",
        "ip": "203.0.113.9",
        "method": "POST",
        "path": "/somewhere/",
        "what": "register",
        "rows": 3,
    }
    assert "Wanjiru" not in security_log.raw[0]


def test_secret_fields_never_reach_the_log_whoever_passes_them(security_log):
    security_event(
        "mfa_failed", username="amina", password="hunter2", token="abc123", otp_code="123456", q="Wanjiru", query="x"
    )
    line = security_log.events("mfa_failed")[0]
    assert line["username"] == "amina"
    assert {line[name] for name in ("password", "token", "otp_code", "q", "query")} == {REMOVED}
    for secret in ("hunter2", "abc123", "123456", "Wanjiru"):
        assert secret not in security_log.raw[0]


def test_a_login_a_failed_login_and_a_logout_are_logged_without_the_password(client, scope, security_log):
    client.post(reverse("login"), {"username": "donor", "password": "wrong-password-9"})
    client.post(reverse("login"), {"username": "donor", "password": PASSWORD})
    client.post(reverse("logout"))
    assert [line["event"] for line in security_log] == ["login_failed", "login", "logout"]
    failed, login, logout = security_log
    assert failed["username"] == "donor"
    assert failed["level"] == "warning"
    assert failed["path"] == reverse("login")
    assert "user_id" not in failed
    assert (login["user_id"], login["username"]) == (scope.donor.pk, "donor")
    assert (logout["user_id"], logout["username"]) == (scope.donor.pk, "donor")
    for raw in security_log.raw:
        assert "wrong-password-9" not in raw
        assert PASSWORD not in raw


def test_a_refused_page_is_logged_with_the_person_and_the_path(scope, login, security_log):
    url = reverse("cycles:coordination_runs")
    assert login(scope.field_officer).get(url + "?q=Wanjiru").status_code == 403
    line = security_log.events("permission_denied")[0]
    assert (line["username"], line["path"], line["status"], line["level"]) == ("fieldofficer", url, 403, "warning")
    assert "Wanjiru" not in "".join(security_log.raw)


def test_an_object_outside_the_persons_scope_is_logged_as_not_found(scope, login, security_log):
    url = reverse("producers:member_detail", kwargs={"pk": scope.other_member.pk})
    assert login(scope.group_manager).get(url).status_code == 404
    line = security_log.events("not_found")[0]
    assert (line["username"], line["path"], line["status"]) == ("groupmanager", url, 404)


def test_a_signed_out_visitors_404_is_not_logged(client, db, security_log):
    assert client.get("/no-such-page/").status_code == 404
    assert security_log.events("not_found") == []


def test_a_register_search_never_reaches_the_log(scope, login, security_log, caplog):
    caplog.set_level(logging.DEBUG)
    client = login(scope.group_manager)
    members = reverse("producers:member_list", kwargs={"pk": scope.group.pk})
    assert client.get(members + "?q=Wanjiru+Kamau").status_code == 200
    client.get(reverse("producers:member_detail", kwargs={"pk": scope.other_member.pk}) + "?q=Wanjiru")
    client.get(reverse("producers:member_export", kwargs={"pk": scope.group.pk}) + "?format=csv&q=Wanjiru")
    assert security_log  # the 404 and the export were logged...
    for raw in security_log.raw:  # ...without the name searched for
        assert "Wanjiru" not in raw
        assert "Kamau" not in raw
    # Nor does any other log (Django's "Not Found: <path>" among them).
    assert "Not Found" in caplog.text
    assert "Wanjiru" not in caplog.text


def test_a_register_export_is_logged_with_who_what_and_how_many_rows(scope, login, security_log):
    response = login(scope.group_manager).get(
        reverse("producers:member_export", kwargs={"pk": scope.group.pk}) + "?format=csv"
    )
    assert response.status_code == 200
    line = security_log.events("export")[0]
    assert line["username"] == "groupmanager"
    assert (line["what"], line["format"], line["group_id"], line["rows"]) == ("register", "csv", scope.group.pk, 1)


def _staff(client):
    admin = UserFactory.create(username="admin", is_staff=True, is_superuser=True)
    force_login_verified(client, admin)  # a superuser gives the second factor, as a coordinator does
    return admin


def test_a_role_granted_changed_and_revoked_in_the_admin_is_logged(client, scope, security_log):
    _staff(client)
    security_log.clear()  # the staff member's own sign-in
    ngo = OrganisationFactory.create(name="Another NGO")
    add = client.post(
        reverse("admin:producers_membership_add"),
        {"user": scope.outsider.pk, "organisation": ngo.pk, "role": Role.COORDINATOR},
    )
    assert add.status_code == 302
    membership = Membership.objects.get(organisation=ngo)
    change = client.post(
        reverse("admin:producers_membership_change", args=[membership.pk]),
        {"user": scope.outsider.pk, "organisation": ngo.pk, "role": Role.FIELD_OFFICER},
    )
    assert change.status_code == 302, change.content.decode()
    client.post(reverse("admin:producers_membership_delete", args=[membership.pk]), {"post": "yes"})
    assert [line["event"] for line in security_log] == ["role_granted", "role_changed", "role_revoked"]
    granted, changed, revoked = security_log
    assert granted["username"] == "admin"
    assert (granted["grant"], granted["role"], granted["organisation_id"], granted["target_user_id"]) == (
        "membership",
        Role.COORDINATOR,
        ngo.pk,
        scope.outsider.pk,
    )
    assert (changed["role"], changed["from_role"]) == (Role.FIELD_OFFICER, Role.COORDINATOR)
    assert revoked["target_user_id"] == scope.outsider.pk


def test_making_a_user_staff_in_the_admin_is_logged(client, scope, security_log):
    _staff(client)
    user = scope.outsider
    response = client.post(
        reverse("admin:producers_user_change", args=[user.pk]),
        {
            "username": user.username,
            "is_active": "on",
            "is_staff": "on",
            "date_joined_0": "2025-01-01",
            "date_joined_1": "00:00:00",
        },
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    line = security_log.events("role_changed")[0]
    assert (line["grant"], line["target_user_id"], line["is_staff"]) == ("user_flags", user.pk, True)


def test_every_line_is_one_json_object(scope, client, security_log, caplog):
    with caplog.at_level(logging.INFO):
        client.post(reverse("login"), {"username": "nobody", "password": "x"})
    assert [json.loads(raw)["event"] for raw in security_log.raw] == ["login_failed"]
