"""Answering manual criteria with evidence: type checked by content, size limited, all or nothing, history kept,
files served only to those who see the group."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from cycles.models import AnswerStatus, Criterion, CriterionAnswer, CriterionAnswerHistory, Evidence
from cycles.services import criterion_answer, trajectory_start

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00\x00\x00\rIHDR" + b"\x00" * 40
JPEG = b"\xff\xd8\xff\xe0\x00\x10JFIF\x00" + b"\x00" * 40


def _file(name, content, content_type="application/octet-stream"):
    return SimpleUploadedFile(name, content, content_type=content_type)


@pytest.fixture
def governed(db):
    return Criterion.objects.get(code="governed-organisation")


@pytest.fixture
def started(scope):
    trajectory_start(group=scope.group, by=scope.field_officer)
    return scope


@pytest.mark.parametrize(("name", "content"), [("minutes.pdf", PDF), ("photo.png", PNG), ("scan.jpg", JPEG)])
def test_pdf_png_and_jpeg_are_accepted_and_typed_by_content(started, governed, name, content):
    answer = criterion_answer(
        group=started.group, criterion=governed, by=started.field_officer, status="met", files=[_file(name, content)]
    )
    evidence = Evidence.objects.get(answer=answer)
    assert evidence.original_name == name
    assert evidence.content_type in {"application/pdf", "image/png", "image/jpeg"}
    assert evidence.size == len(content)
    assert name not in str(evidence.file.name)  # stored under a random name


def test_a_file_is_judged_by_its_content_not_its_name(started, governed):
    with pytest.raises(ValidationError) as error:
        criterion_answer(
            group=started.group,
            criterion=governed,
            by=started.field_officer,
            status="met",
            files=[_file("minutes.pdf", b"MZ\x90\x00 this is a program", "application/pdf")],
        )
    assert error.value.code == "evidence_type"
    assert "not a PDF, JPEG or PNG" in error.value.messages[0]


def test_a_file_over_the_limit_is_refused_with_its_size(started, governed, settings):
    settings.EVIDENCE_MAX_BYTES = 100
    with pytest.raises(ValidationError) as error:
        criterion_answer(
            group=started.group,
            criterion=governed,
            by=started.field_officer,
            status="met",
            files=[_file("big.pdf", PDF + b" " * 200)],
        )
    assert error.value.code == "evidence_too_large"


def test_one_bad_file_and_nothing_is_saved(started, governed):
    with pytest.raises(ValidationError):
        criterion_answer(
            group=started.group,
            criterion=governed,
            by=started.field_officer,
            status="met",
            files=[_file("ok.pdf", PDF), _file("empty.pdf", b"")],
        )
    assert not CriterionAnswer.objects.exists()
    assert not Evidence.objects.exists()


def test_not_applicable_needs_a_reason(started, governed):
    with pytest.raises(ValidationError) as error:
        criterion_answer(group=started.group, criterion=governed, by=started.field_officer, status="not_applicable")
    assert error.value.code == "not_applicable_needs_reason"


def test_changing_an_answer_keeps_the_earlier_ones(started, governed):
    criterion_answer(group=started.group, criterion=governed, by=started.field_officer, status="not_met")
    criterion_answer(
        group=started.group, criterion=governed, by=started.group_manager, status="met", evidence_note="AGM minutes."
    )
    answer = CriterionAnswer.objects.get()
    assert (answer.status, answer.answered_by) == (AnswerStatus.MET, started.group_manager)
    assert list(CriterionAnswerHistory.objects.order_by("answered_at", "pk").values_list("status", flat=True)) == [
        "not_met",
        "met",
    ]


def test_a_computed_criterion_cannot_be_answered(started):
    with pytest.raises(ValidationError) as error:
        criterion_answer(
            group=started.group,
            criterion=Criterion.objects.get(code="basic-member-list"),
            by=started.field_officer,
            status="met",
        )
    assert error.value.code == "computed"


@pytest.mark.parametrize("role", ["donor", "outsider"])
def test_only_those_who_change_the_group_answer(started, governed, role):
    with pytest.raises(PermissionDenied):
        criterion_answer(group=started.group, criterion=governed, by=started.users()[role], status="met")


def test_a_failure_after_the_files_are_written_leaves_no_file_behind(started, governed, monkeypatch):
    written: list[str] = []
    original = Evidence.save

    def second_save_fails(self, *args, **kwargs):
        written.append(self.file.name)
        if len(written) == 2:
            raise RuntimeError("the database went away")
        return original(self, *args, **kwargs)

    monkeypatch.setattr(Evidence, "save", second_save_fails)
    with pytest.raises(RuntimeError):
        criterion_answer(
            group=started.group,
            criterion=governed,
            by=started.field_officer,
            status="met",
            files=[_file("one.pdf", PDF), _file("two.pdf", PDF)],
        )
    assert len(written) == 2
    assert not any(default_storage.exists(name) for name in written)
    assert not Evidence.objects.exists()


def test_evidence_is_served_to_those_who_see_the_group_only(started, governed, login):
    answer = criterion_answer(
        group=started.group, criterion=governed, by=started.field_officer, status="met", files=[_file("m.pdf", PDF)]
    )
    url = reverse("cycles:evidence", kwargs={"pk": answer.evidence.get().pk})
    response = login(started.donor).get(url)
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert b"".join(response.streaming_content) == PDF
    assert login(started.outsider).get(url).status_code == 404


def test_answering_through_the_page_with_a_file(started, governed, login):
    client = login(started.group_manager)
    url = reverse("cycles:answer", kwargs={"pk": started.group.pk, "criterion_pk": governed.pk})
    response = client.post(
        url,
        {
            f"c{governed.pk}-status": "met",
            f"c{governed.pk}-evidence_note": "Registered in 1998; AGM held in March.",
            f"c{governed.pk}-attachments": [_file("agm.pdf", PDF), _file("cert.png", PNG)],
        },
    )
    assert response.status_code == 302
    assert CriterionAnswer.objects.get().evidence.count() == 2


def test_a_refused_file_keeps_what_was_typed(started, governed, login):
    client = login(started.field_officer)
    url = reverse("cycles:answer", kwargs={"pk": started.group.pk, "criterion_pk": governed.pk})
    response = client.post(
        url,
        {
            f"c{governed.pk}-status": "met",
            f"c{governed.pk}-evidence_note": "Minutes of the 2026 AGM.",
            f"c{governed.pk}-attachments": [_file("virus.pdf", b"MZ not a pdf")],
        },
    )
    assert response.status_code == 400
    text = response.content.decode()
    assert "not a PDF, JPEG or PNG" in text
    assert "Minutes of the 2026 AGM." in text
    assert not CriterionAnswer.objects.exists()
