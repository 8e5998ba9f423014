"""Field capture as people use it through the pages: a key made and shown once as a QR code, revoked; a group's
capture page with its form, phones, today's submissions and review queue; the review's three decisions; the
imports from KoboToolbox or ODK Central; the form downloads."""

import io
import re

from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from openpyxl import load_workbook

from cycles.collect.receive import submission_receive
from cycles.collect.sample import SAMPLE_JPEG, new_instance_id, submission_xml
from cycles.collect.xlsform import answer_field, convert_xlsform
from cycles.models import CollectKey, Compliance, Inspection, Submission, SubmissionStatus
from producers.models.members import MemberStatus

from ...factories import MemberFactory
from ...helpers import page_query_count, page_text
from ..clock_fixtures import frozen as frozen  # a fixture
from ..inspections_fixtures import standards as standards  # a fixture
from .fixtures import field as field  # a fixture


def _queued(scope, field, **kwargs):
    xml = submission_xml(field.form, member=scope.member, inspector=field.inspector, **kwargs)
    return submission_receive(xml=xml, files={}, by=scope.field_officer, key=field.key.key).submission


def test_a_key_is_shown_once_as_collects_qr_code_and_listed_after(scope, field, login):
    client = login(scope.group_manager)
    response = client.post(reverse("collect:keys"), {"label": "Gikoe office Tecno"})
    assert response.status_code == 200
    assert response["Cache-Control"].startswith("max-age=0")
    text = page_text(response)
    assert "<svg" in text
    url = re.search(r'data-testid="server-url">(.*?)</code>', text)
    assert url is not None
    assert "/collect/key/" in url.group(1)
    raw = url.group(1).rstrip("/").rsplit("/", 1)[-1]
    assert CollectKey.objects.filter(user=scope.group_manager, label="Gikoe office Tecno").exists()
    listing = page_text(client.get(reverse("collect:keys")))
    assert "Gikoe office Tecno" in listing
    assert raw not in listing


def test_a_key_without_a_name_is_refused_and_a_donor_has_no_field_capture(scope, field, login):
    response = login(scope.group_manager).post(reverse("collect:keys"), {"label": ""})
    assert response.status_code == 400
    assert login(scope.donor).get(reverse("collect:keys")).status_code == 403


def test_revoking_a_key_from_the_page_stops_the_phone(scope, field, login, client):
    key = field.key
    login(scope.field_officer).post(reverse("collect:key_revoke", kwargs={"pk": key.key.pk}))
    assert CollectKey.objects.get(pk=key.key.pk).revoked_at is not None
    assert client.get(f"/collect/key/{key.raw}/formList").status_code == 401


def test_the_capture_page_shows_the_form_version_phones_today_and_the_queue(scope, field, login):
    _queued(scope, field)  # recorded
    waiting = _queued(scope, field, version="2025.old")
    page = page_text(login(scope.field_officer).get(reverse("collect:group", kwargs={"pk": scope.group.pk})))
    assert field.form.version in page
    assert "Tecno of the office" in page
    assert reverse("collect:submission_detail", kwargs={"pk": waiting.pk}) in page
    assert "asks other questions" in page


def test_the_capture_page_without_an_open_round_says_what_to_do(scope, standards, login):
    page = page_text(login(scope.group_manager).get(reverse("collect:group", kwargs={"pk": scope.group.pk})))
    assert 'data-testid="no-round"' in page
    assert 'data-testid="queue-empty"' in page


def test_the_capture_page_keeps_its_query_budget(scope, field, login):
    client = login(scope.field_officer)
    url = reverse("collect:group", kwargs={"pk": scope.group.pk})
    for _ in range(2):
        _queued(scope, field, version="old")
    small = page_query_count(client, url)
    members = MemberFactory.create_batch(30, group=scope.group)
    for member in members:
        submission_receive(
            xml=submission_xml(field.form, member=member, inspector=field.inspector, version="old"),
            files={},
            by=scope.field_officer,
            key=field.key.key,
        )
    assert page_query_count(client, url) == small


def test_retry_records_a_submission_once_its_cause_is_fixed(scope, field, login):
    scope.member.status = MemberStatus.LEFT
    scope.member.save()
    waiting = _queued(scope, field)
    assert waiting.reason_code == "member_left"
    scope.member.status = MemberStatus.APPROVED
    scope.member.save()
    login(scope.field_officer).post(reverse("collect:submission_retry", kwargs={"pk": waiting.pk}))
    waiting.refresh_from_db()
    assert waiting.status == SubmissionStatus.ACCEPTED
    assert waiting.decided_by == scope.field_officer
    assert Inspection.objects.get().member == scope.member


def test_a_wrong_member_is_corrected_and_recorded_with_the_web_form(scope, field, login):
    left = MemberFactory.create(group=scope.group, status=MemberStatus.LEFT)

    xml = submission_xml(field.form, member=left, inspector=field.inspector, notes="Visited in the rain")
    waiting = submission_receive(xml=xml, files={}, by=scope.field_officer).submission
    client = login(scope.field_officer)
    url = reverse("collect:submission_detail", kwargs={"pk": waiting.pk})
    page = page_text(client.get(url, {"member": scope.member.pk}))
    assert "Visited in the rain" in page  # the web form is filled with what the phone sent
    data = {"inspector": field.inspector.pk, "inspected_on": "2026-06-10", "notes": "Visited in the rain"}
    for question in field.form.questions:
        data[f"{question.key}-answer"] = Compliance.COMPLIANT
    response = client.post(f"{url}?member={scope.member.pk}", data)
    assert response.status_code == 302
    waiting.refresh_from_db()
    assert waiting.status == SubmissionStatus.ACCEPTED
    assert Inspection.objects.get().member == scope.member


def test_rejecting_needs_a_reason_and_keeps_the_submission(scope, field, login):
    waiting = _queued(scope, field, version="old")
    client = login(scope.group_manager)
    client.post(reverse("collect:submission_reject", kwargs={"pk": waiting.pk}), {"note": ""})
    waiting.refresh_from_db()
    assert waiting.status == SubmissionStatus.QUEUED
    client.post(reverse("collect:submission_reject", kwargs={"pk": waiting.pk}), {"note": "A test form"})
    waiting.refresh_from_db()
    assert (waiting.status, waiting.decision_note, waiting.decided_by) == (
        SubmissionStatus.REJECTED,
        "A test form",
        scope.group_manager,
    )
    # Decided once: no second decision.
    client.post(reverse("collect:submission_retry", kwargs={"pk": waiting.pk}))
    waiting.refresh_from_db()
    assert waiting.status == SubmissionStatus.REJECTED


def test_xml_files_from_odk_central_are_brought_in_once(scope, field, login):
    client = login(scope.field_officer)
    files = [
        SimpleUploadedFile(f"{i}.xml", submission_xml(field.form, member=m, inspector=field.inspector))
        for i, m in enumerate([scope.member, *MemberFactory.create_batch(2, group=scope.group)])
    ]
    url = reverse("collect:import", kwargs={"pk": scope.group.pk})
    client.post(url, {"xml_files": files})
    for upload in files:
        upload.seek(0)
    response = client.post(url, {"xml_files": files}, follow=True)
    assert "0 recorded, 0 waiting for review, 3 already here" in page_text(response)
    assert Inspection.objects.count() == 3
    assert set(Submission.objects.values_list("channel", flat=True)) == {"import"}


def test_a_kobotoolbox_csv_export_is_brought_in_through_the_same_path(scope, field, login):
    question = field.form.questions[0]
    columns = ["start", "member", "inspector", "inspected_on", "location", "_location_latitude"]
    columns += [
        f"q_{q.key}/{answer_field(q, part)}" for q in field.form.questions for part in ("answer", "note", "severity")
    ]
    columns += ["notes", "form_version", "meta/instanceID", "_uuid", "_id"]
    buffer = io.StringIO()
    buffer.write(",".join(columns) + "\n")
    for number, member in enumerate([scope.member, MemberFactory.create(group=scope.group)]):
        row = {"member": str(member.pk), "inspector": str(field.inspector.pk), "inspected_on": "2026-06-11"}
        row |= {"location": "-0.4 36.9 1800 5", "form_version": field.form.version, "_id": str(number)}
        row["meta/instanceID"] = new_instance_id()
        for q in field.form.questions:
            row[f"q_{q.key}/{answer_field(q, 'answer')}"] = Compliance.COMPLIANT
        if number == 1:
            row[f"q_{question.key}/{answer_field(question, 'answer')}"] = Compliance.NOT_COMPLIANT
            row[f"q_{question.key}/{answer_field(question, 'note')}"] = '=HYPERLINK("x")'
            row[f"q_{question.key}/{answer_field(question, 'severity')}"] = "minor"
        buffer.write(",".join(row.get(c, "") for c in columns) + "\n")
    upload = SimpleUploadedFile("export.csv", buffer.getvalue().encode())
    response = login(scope.field_officer).post(
        reverse("collect:import", kwargs={"pk": scope.group.pk}), {"csv_file": upload}, follow=True
    )
    assert "2 recorded" in page_text(response)
    assert Inspection.objects.count() == 2


def test_the_xlsform_download_converts_to_the_served_form(scope, field, login):
    response = login(scope.field_officer).get(reverse("collect:xlsform", kwargs={"pk": scope.group.pk}))
    assert response["Content-Disposition"].endswith('.xlsx"')
    assert convert_xlsform(response.content).warnings == ()
    assert load_workbook(io.BytesIO(response.content))["settings"]["C2"].value == field.form.version
    xml = login(scope.field_officer).get(reverse("collect:xform", kwargs={"pk": scope.group.pk}))
    assert convert_xlsform(response.content).xml == xml.content.decode()


def test_the_inspection_shows_the_farm_photo_and_gps_point_to_those_who_see_the_register(scope, field, login):
    key = field.form.questions[0].key
    xml = submission_xml(field.form, member=scope.member, inspector=field.inspector, photos={key: "farm.jpg"})
    submission_receive(xml=xml, files={"farm.jpg": SimpleUploadedFile("farm.jpg", SAMPLE_JPEG)}, by=scope.field_officer)
    inspection = Inspection.objects.get()
    page = page_text(login(scope.group_manager).get(reverse("cycles:inspection_detail", kwargs={"pk": inspection.pk})))
    assert 'data-testid="answer-photo"' in page
    assert "-0.416700, 36.950000" in page
    photo_url = re.search(r'src="(/field-capture/photos/\d+/)"', page)
    assert photo_url is not None
    photo = login(scope.group_manager).get(photo_url.group(1))
    assert photo["Content-Type"] == "image/jpeg"
    assert b"".join(photo.streaming_content) == SAMPLE_JPEG
    assert login(scope.donor).get(photo_url.group(1)).status_code == 403
