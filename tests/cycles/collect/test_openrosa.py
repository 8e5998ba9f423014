"""The OpenRosa endpoints as ODK Collect uses them, authenticated by the key in the server URL: form list, form,
manifest and media, HEAD and POST of a submission; and the key's life (hashed, last used, revoked, expired)."""

import base64
import hashlib
import json
import re
import zlib
from datetime import timedelta

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.utils import timezone

from cycles.collect.keys import collect_key_create, collect_key_revoke, collect_settings
from cycles.collect.sample import submission_xml
from cycles.models import CollectKey, Inspection, Submission

from ...factories import MemberFactory
from ..clock_fixtures import frozen as frozen  # a fixture
from ..inspections_fixtures import standards as standards  # a fixture
from .fixtures import collect_url
from .fixtures import field as field  # a fixture


def _phone() -> Client:
    # A phone has no session and no CSRF token: only the key in the URL.
    return Client(enforce_csrf_checks=True)


def test_every_response_says_openrosa_1_0_and_the_form_list_names_this_years_rounds(scope, field):
    response = _phone().get(collect_url(field.key, "formList"))
    assert response.status_code == 200
    assert response["X-OpenRosa-Version"] == "1.0"
    assert response["Content-Type"].startswith("text/xml")
    body = response.content.decode()
    assert f"<formID>{field.form.form_id}</formID>" in body
    assert f"<version>{field.form.version}</version>" in body
    assert f"hivosqm-g{scope.other_group.pk}-" not in body  # outside the field officer's portfolio
    download = re.search(r"<downloadUrl>http://testserver(.*?)</downloadUrl>", body)
    assert download is not None
    form = _phone().get(download.group(1))
    assert form.status_code == 200
    assert form["X-OpenRosa-Version"] == "1.0"
    md5 = re.search(r"<hash>(.*?)</hash>", body)
    assert md5 is not None
    assert md5.group(1) == "md5:" + hashlib.md5(form.content).hexdigest()


def test_the_manifest_lists_the_register_and_inspectors_with_their_md5(scope, field):
    body = _phone().get(collect_url(field.key, f"forms/{field.form.form_id}/manifest")).content.decode()
    files = dict(re.findall(r"<filename>(.*?)</filename><hash>(.*?)</hash>", body))
    assert set(files) == {"members.csv", "inspectors.csv"}
    members = _phone().get(collect_url(field.key, f"forms/{field.form.form_id}/media/members.csv"))
    assert files["members.csv"] == "md5:" + hashlib.md5(members.content).hexdigest()
    assert f"{scope.member.pk},Wanjiru Kamau" in members.content.decode()
    # A member joins: the list changes, the form does not.
    MemberFactory.create(group=scope.group, first_name="Njeri", last_name="Mwangi")
    again = dict(
        re.findall(
            r"<filename>(.*?)</filename><hash>(.*?)</hash>",
            _phone().get(collect_url(field.key, f"forms/{field.form.form_id}/manifest")).content.decode(),
        )
    )
    assert again["members.csv"] != files["members.csv"]
    assert again["inspectors.csv"] == files["inspectors.csv"]


def test_head_answers_204_with_the_largest_body_accepted_and_post_answers_201(scope, field, settings):
    head = _phone().head(collect_url(field.key, "submission"))
    assert head.status_code == 204
    assert head["X-OpenRosa-Accept-Content-Length"] == str(settings.MAX_REQUEST_BODY_BYTES)
    xml = submission_xml(field.form, member=scope.member, inspector=field.inspector)
    upload = SimpleUploadedFile("submission.xml", xml, content_type="text/xml")
    response = _phone().post(collect_url(field.key, "submission"), {"xml_submission_file": upload})
    assert response.status_code == 201
    assert b'nature="submit_success"' in response.content
    assert Inspection.objects.get().recorded_by == scope.field_officer
    assert Submission.objects.get().key == field.key.key


def test_a_post_without_the_submission_file_is_refused(field):
    response = _phone().post(collect_url(field.key, "submission"), {"other": "x"})
    assert response.status_code == 400
    assert b"xml_submission_file" in response.content


def test_a_form_outside_the_keys_scope_is_not_found(scope, field):
    url = collect_url(field.key, f"forms/hivosqm-g{scope.other_group.pk}-2026/form.xml")
    assert _phone().get(url).status_code == 404


def test_keys_are_stored_hashed_and_note_when_they_were_last_used(field):
    stored = CollectKey.objects.get()
    assert stored.digest == hashlib.sha256(field.key.raw.encode()).hexdigest()
    assert field.key.raw not in json.dumps(list(CollectKey.objects.values()), default=str)
    assert stored.last_used_at is None
    _phone().get(collect_url(field.key, "formList"))
    stored.refresh_from_db()
    assert stored.last_used_at == timezone.now()


def test_a_revoked_key_gets_401_at_once(scope, field, security_log):
    assert _phone().get(collect_url(field.key, "formList")).status_code == 200
    collect_key_revoke(key=field.key.key, by=scope.field_officer)
    response = _phone().get(collect_url(field.key, "formList"))
    assert response.status_code == 401
    assert response["X-OpenRosa-Version"] == "1.0"
    assert "WWW-Authenticate" not in response  # the phone must not ask for a web password
    assert security_log.events("collect_key_refused")
    assert all(field.key.raw not in line for line in security_log.raw)


def test_an_expired_key_or_a_deactivated_person_gets_401(scope, field, time_machine):
    time_machine.move_to(field.key.key.expires_at + timedelta(seconds=1))
    assert _phone().get(collect_url(field.key, "formList")).status_code == 401
    fresh = collect_key_create(user=scope.group_manager, by=scope.group_manager, label="Office phone")
    scope.group_manager.is_active = False
    scope.group_manager.save()
    assert _phone().get(collect_url(fresh, "formList")).status_code == 401


def test_a_key_in_the_url_never_reaches_the_log(scope, field, caplog):
    caplog.set_level("WARNING", logger="django.request")
    _phone().get(collect_url(field.key, "forms/hivosqm-g999999-2026/form.xml"))
    text = "\n".join(handler_line for handler_line in caplog.messages)
    assert "Not Found" in text or text == ""
    assert field.key.raw not in text


def test_the_qr_code_carries_collects_settings_with_the_key_in_the_server_url(field, rf, settings):
    settings.ALLOWED_HOSTS = ["qm.example.org"]
    request = rf.get("/field-capture/", HTTP_HOST="qm.example.org", secure=True)
    content = json.loads(zlib.decompress(base64.b64decode(collect_settings(request=request, raw=field.key.raw))))
    assert content["general"]["server_url"] == f"https://qm.example.org/collect/key/{field.key.raw}/"
    assert content["general"]["form_update_mode"] == "match_exactly"


def test_a_key_is_made_only_by_its_owner_and_only_for_those_who_record_inspections(scope, field):
    with pytest.raises(PermissionDenied):
        collect_key_create(user=scope.outsider, by=scope.outsider, label="x")  # changes no group
    with pytest.raises(PermissionDenied):
        collect_key_create(user=scope.donor, by=scope.donor, label="x")  # reads only
    with pytest.raises(PermissionDenied):
        collect_key_create(user=scope.group_manager, by=scope.coordinator, label="x")  # a key acts as its owner
    with pytest.raises(ValidationError):
        collect_key_create(user=scope.group_manager, by=scope.group_manager, label="  ")


def test_a_phone_whose_person_loses_the_group_no_longer_lists_it(scope, field):
    scope.field_officer.assignments.all().delete()
    body = _phone().get(collect_url(field.key, "formList")).content.decode()
    assert field.form.form_id not in body
    xml = submission_xml(field.form, member=scope.member, inspector=field.inspector)
    upload = SimpleUploadedFile("submission.xml", xml, content_type="text/xml")
    assert _phone().post(collect_url(field.key, "submission"), {"xml_submission_file": upload}).status_code == 403
    assert not Submission.objects.exists()


def test_a_100_mb_attachment_is_refused_before_it_is_read(scope, field):
    response = _phone().generic(
        "POST",
        collect_url(field.key, "submission"),
        b"",
        content_type="multipart/form-data; boundary=x",
        CONTENT_LENGTH=str(100 * 2**20),
    )
    assert response.status_code == 413
    assert not Submission.objects.exists()
