"""A submission from the field becomes an inspection through the inspection service, exactly once; what cannot be
recorded is kept for review with the reason; what is hostile or outside the key's scope is refused, with nothing
written."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from cycles.collect.parse import RefusedSubmission
from cycles.collect.receive import submission_receive
from cycles.collect.sample import SAMPLE_JPEG, new_instance_id, submission_xml
from cycles.models import (
    Compliance,
    Inspection,
    InspectionAnswer,
    InspectionPhoto,
    NCStatus,
    NonConformity,
    Submission,
    SubmissionAttachment,
    SubmissionStatus,
)
from cycles.services.inspections import conflict_declare
from producers.history import history_entries
from producers.models.members import MemberStatus

from ..clock_fixtures import frozen as frozen  # a fixture
from ..inspections_fixtures import standards as standards  # a fixture
from .fixtures import field as field  # a fixture

JPEG = SAMPLE_JPEG


def _receive(scope, xml, files=None, by=None):
    return submission_receive(xml=xml, files=files or {}, by=by or scope.field_officer)


def _failing(field, note="Sprayer stored in the kitchen"):
    key = field.form.questions[0].key
    return {key: (Compliance.NOT_COMPLIANT, note, "major")}, key


def test_a_submission_becomes_an_inspection_by_the_person_behind_the_key(scope, field):
    answers, _key = _failing(field)
    receipt = _receive(
        scope, submission_xml(field.form, member=scope.member, inspector=field.inspector, answers=answers)
    )
    assert receipt.created
    assert receipt.submission.status == SubmissionStatus.ACCEPTED
    inspection = Inspection.objects.get(member=scope.member)
    assert inspection.recorded_by == scope.field_officer
    assert inspection.inspector == field.inspector
    assert str(inspection.inspected_on) == "2026-06-10"
    assert (str(inspection.latitude), str(inspection.longitude), str(inspection.gps_accuracy)) == (
        "-0.416700",
        "36.950000",
        "4.5",
    )
    # The same answers the web form would write: one per requirement, the cross-walk topic counting for both.
    assert InspectionAnswer.objects.filter(inspection=inspection).count() == sum(
        len(q.requirements) for q in field.form.questions
    )
    finding = NonConformity.objects.get(inspection=inspection)
    assert (finding.severity, finding.description, finding.status) == (
        "major",
        "Sprayer stored in the kitchen",
        NCStatus.OPEN,
    )
    assert history_entries(inspection)[0].by == scope.field_officer


def test_the_same_submission_sent_again_changes_nothing(scope, field):
    xml = submission_xml(field.form, member=scope.member, inspector=field.inspector)
    first = _receive(scope, xml)
    again = _receive(scope, xml)
    assert not again.created
    assert again.submission.pk == first.submission.pk
    assert Inspection.objects.count() == 1
    assert Submission.objects.count() == 1
    assert "nothing changed" in again.message


def test_a_different_submission_with_a_known_instance_id_is_refused(scope, field):
    instance_id = new_instance_id()
    _receive(scope, submission_xml(field.form, member=scope.member, inspector=field.inspector, instance_id=instance_id))
    forged = submission_xml(
        field.form, member=scope.member, inspector=field.inspector, instance_id=instance_id, notes="x"
    )
    with pytest.raises(RefusedSubmission) as refused:
        _receive(scope, forged)
    assert refused.value.status == 409
    assert Submission.objects.count() == 1
    assert Inspection.objects.get().notes == ""


def test_an_edited_submission_replaces_its_predecessors_answers_and_keeps_both(scope, field):
    answers, _key = _failing(field)
    first_id = new_instance_id()
    _receive(
        scope,
        submission_xml(
            field.form, member=scope.member, inspector=field.inspector, answers=answers, instance_id=first_id
        ),
    )
    edited = submission_xml(
        field.form, member=scope.member, inspector=field.inspector, deprecated_id=first_id, notes="Checked again"
    )
    receipt = _receive(scope, edited)
    assert receipt.submission.status == SubmissionStatus.ACCEPTED
    inspection = Inspection.objects.get()
    assert inspection.notes == "Checked again"
    assert not NonConformity.objects.filter(inspection=inspection).exists()  # the finding was withdrawn
    assert set(InspectionAnswer.objects.filter(inspection=inspection).values_list("answer", flat=True)) == {"compliant"}
    assert Submission.objects.get(instance_id=first_id).status == SubmissionStatus.REPLACED
    assert "Edited on the phone" in history_entries(inspection)[0].reason


def test_an_edit_after_the_findings_are_followed_up_waits_for_review(scope, field):
    answers, _key = _failing(field)
    first_id = new_instance_id()
    _receive(
        scope,
        submission_xml(
            field.form, member=scope.member, inspector=field.inspector, answers=answers, instance_id=first_id
        ),
    )
    NonConformity.objects.update(status=NCStatus.ACTION_PLANNED)
    receipt = _receive(
        scope, submission_xml(field.form, member=scope.member, inspector=field.inspector, deprecated_id=first_id)
    )
    assert (receipt.submission.status, receipt.submission.reason_code) == (
        SubmissionStatus.QUEUED,
        "findings_followed_up",
    )
    assert NonConformity.objects.count() == 1


@pytest.mark.parametrize(
    ("case", "code"),
    [
        ("member_left", "member_left"),
        ("conflict", "conflict_of_interest"),
        ("wrong_version", "form_version"),
        ("unknown_member", "member_unknown"),
        ("unanswered", "unanswered"),
        ("outside_year", "outside_round_year"),
        ("no_round", "round_missing"),
    ],
)
def test_a_submission_that_cannot_be_recorded_is_kept_for_review_with_the_reason(scope, field, case, code):
    kwargs = {"member": scope.member, "inspector": field.inspector}
    if case == "member_left":
        scope.member.status = MemberStatus.LEFT
        scope.member.save()
    elif case == "conflict":
        conflict_declare(
            inspector=field.inspector,
            member=scope.member,
            by=scope.group_manager,
            declared_on=field.round.opened_at.date(),
            reason="Brother",
        )
    elif case == "wrong_version":
        kwargs["version"] = "2026.0000000000"
    elif case == "unknown_member":
        kwargs["member"] = scope.other_member
    elif case == "unanswered":
        kwargs["answers"] = {field.form.questions[0].key: ("", "", "")}
    elif case == "outside_year":
        kwargs["on"] = "2025-12-30"
    xml = submission_xml(field.form, **kwargs)
    if case == "no_round":
        xml = xml.replace(b"hivosqm-g%d-2026" % scope.group.pk, b"hivosqm-g%d-2025" % scope.group.pk)
    receipt = _receive(scope, xml)
    assert receipt.created
    assert (receipt.submission.status, receipt.submission.reason_code) == (SubmissionStatus.QUEUED, code)
    assert receipt.submission.reason
    assert not Inspection.objects.exists()
    assert not NonConformity.objects.exists()
    assert Submission.objects.get().xml == xml.decode()  # the day's work is kept whole


def test_a_group_outside_the_keys_scope_is_refused_with_nothing_written(scope, field):
    xml = submission_xml(field.form, member=scope.member, inspector=field.inspector)
    with pytest.raises(RefusedSubmission) as refused:
        _receive(scope, xml, by=scope.outsider)
    assert refused.value.status == 403
    with pytest.raises(RefusedSubmission):
        _receive(scope, xml, by=scope.donor)  # a donor reads, never records
    assert not Submission.objects.exists()


def test_a_forged_instance_id_of_another_groups_submission_is_refused(scope, field):
    instance_id = new_instance_id()
    _receive(scope, submission_xml(field.form, member=scope.member, inspector=field.inspector, instance_id=instance_id))
    other = submission_xml(field.form, member=scope.member, inspector=field.inspector, instance_id=instance_id)
    other = other.replace(b"hivosqm-g%d-" % scope.group.pk, b"hivosqm-g%d-" % scope.other_group.pk)
    with pytest.raises(RefusedSubmission) as refused:
        _receive(scope, other, by=scope.coordinator)  # who may change both groups
    assert refused.value.status == 409
    assert Submission.objects.count() == 1


BILLION_LAUGHS = b"""<?xml version="1.0"?>
<!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">
<!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">]>
<data id="hivosqm-g1-2026"><notes>&lol3;</notes></data>"""
EXTERNAL_ENTITY = b"""<?xml version="1.0"?>
<!DOCTYPE data [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>
<data id="hivosqm-g1-2026"><notes>&xxe;</notes></data>"""


@pytest.mark.parametrize(
    ("xml", "code"),
    [
        (BILLION_LAUGHS, "hostile_xml"),
        (EXTERNAL_ENTITY, "hostile_xml"),
        (b"<data", "malformed_xml"),
        (b'<data id="other-form"/>', "unknown_form"),
    ],
)
def test_hostile_or_unreadable_xml_is_refused_with_nothing_written(scope, field, xml, code):
    with pytest.raises(RefusedSubmission) as refused:
        _receive(scope, xml)
    assert refused.value.code == code
    assert refused.value.status in (400, 404)
    assert not Submission.objects.exists()


def test_a_photo_is_kept_as_evidence_of_its_question(scope, field):
    key = field.form.questions[0].key
    xml = submission_xml(field.form, member=scope.member, inspector=field.inspector, photos={key: "store.jpg"})
    files = {"store.jpg": SimpleUploadedFile("store.jpg", JPEG), "unrelated.jpg": SimpleUploadedFile("u.jpg", JPEG)}
    _receive(scope, xml, files)
    photo = InspectionPhoto.objects.get()
    assert photo.question_key == key
    assert photo.attachment.content_type == "image/jpeg"
    assert SubmissionAttachment.objects.count() == 1  # a file the form does not name is not kept


def test_a_photo_sent_in_a_later_post_of_the_same_submission_is_linked(scope, field):
    key = field.form.questions[0].key
    xml = submission_xml(field.form, member=scope.member, inspector=field.inspector, photos={key: "store.jpg"})
    _receive(scope, xml)
    assert not InspectionPhoto.objects.exists()
    again = _receive(scope, xml, {"store.jpg": SimpleUploadedFile("store.jpg", JPEG)})
    assert not again.created
    assert InspectionPhoto.objects.get().question_key == key


def test_an_attachment_that_is_not_a_photo_is_refused_with_nothing_written(scope, field):
    key = field.form.questions[0].key
    xml = submission_xml(field.form, member=scope.member, inspector=field.inspector, photos={key: "store.jpg"})
    disguised = SimpleUploadedFile("store.jpg", b"MZ\x90\x00" + b"\x00" * 300)  # a Windows program
    with pytest.raises(RefusedSubmission) as refused:
        _receive(scope, xml, {"store.jpg": disguised})
    assert refused.value.status == 400
    assert not Submission.objects.exists()
    assert not SubmissionAttachment.objects.exists()
