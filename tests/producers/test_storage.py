"""Files left behind in storage are swept: old enough, and named by no record."""

import os
from datetime import timedelta

import pytest
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from producers.imports import COLUMN_NAMES
from producers.storage import IMPORT_FOLDER, PENDING_IMPORT_FOR, files_sweep, import_files_sweep, stored_files


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    # A folder of its own: the suite's media folder is shared by the tests running beside this one.
    settings.MEDIA_ROOT = tmp_path
    return tmp_path


def _file(name: str, *, age: timedelta) -> str:
    stored = default_storage.save(name, ContentFile(b"data"))
    written = (timezone.now() - age).timestamp()
    os.utime(default_storage.path(stored), (written, written))
    return stored


def test_stored_files_walks_the_subfolders_and_a_missing_folder_is_empty():
    first = _file("evidence/group-1/a.pdf", age=timedelta(0))
    second = _file("evidence/group-2/b.png", age=timedelta(0))
    _file("reports/c.pdf", age=timedelta(0))
    assert sorted(stored_files("evidence")) == [first, second]
    assert list(stored_files("nothing-here")) == []


def test_the_sweep_removes_old_files_no_record_names_and_keeps_the_rest():
    old_orphan = _file("evidence/group-1/orphan.pdf", age=timedelta(days=2))
    old_named = _file("evidence/group-1/named.pdf", age=timedelta(days=2))
    new_orphan = _file("evidence/group-1/new.pdf", age=timedelta(hours=1))  # its row may not be committed yet
    asked: list[list[str]] = []

    def referenced(names: list[str]) -> set[str]:
        asked.append(sorted(names))
        return {old_named}

    assert files_sweep("evidence", older_than=timedelta(days=1), referenced=referenced) == 1
    assert not default_storage.exists(old_orphan)
    assert default_storage.exists(old_named)
    assert default_storage.exists(new_orphan)
    assert asked == [sorted([old_orphan, old_named])]  # only the old files are looked up


def test_the_sweep_asks_about_the_files_in_batches(monkeypatch):
    monkeypatch.setattr("producers.storage.BATCH", 2)
    for index in range(5):
        _file(f"imports/{index}.csv", age=timedelta(days=2))
    sizes: list[int] = []

    def referenced(names: list[str]) -> set[str]:
        sizes.append(len(names))
        return set()

    assert files_sweep("imports", older_than=timedelta(days=1), referenced=referenced) == 5
    assert sizes == [2, 2, 1]


def test_an_abandoned_import_is_swept_after_the_preview_expires():
    abandoned = _file(f"{IMPORT_FOLDER}/abandoned.csv", age=PENDING_IMPORT_FOR + timedelta(minutes=1))
    pending = _file(f"{IMPORT_FOLDER}/pending.csv", age=PENDING_IMPORT_FOR - timedelta(minutes=5))
    assert import_files_sweep() == 1
    assert not default_storage.exists(abandoned)
    assert default_storage.exists(pending)


def test_a_preview_older_than_its_file_can_live_is_no_longer_confirmed(scope, login, time_machine):
    client = login(scope.group_manager)
    row = "KG-0300,Kanini,Mutua,female,1991,,Gikoe,2022-01-15,approved,Home,0.5,Coffee"
    upload = SimpleUploadedFile("members.csv", f"{','.join(COLUMN_NAMES)}\n{row}".encode(), content_type="text/csv")
    preview = client.post(reverse("producers:member_import", kwargs={"pk": scope.group.pk}), {"file": upload})
    token = preview.context["token"]
    assert token
    time_machine.move_to(timezone.now() + PENDING_IMPORT_FOR + timedelta(minutes=1), tick=True)
    client = login(scope.group_manager)  # a session ends after 30 idle minutes: the manager logs in again
    response = client.post(
        reverse("producers:member_import_confirm", kwargs={"pk": scope.group.pk}), {"token": token}, follow=True
    )
    assert "This preview is no longer available. Upload the file again." in response.content.decode()
    assert not scope.group.members.filter(member_number="KG-0300").exists()
    # The session that held the preview ended long ago: the daily sweep removes its file.
    assert import_files_sweep() == 1
    assert list(stored_files(IMPORT_FOLDER)) == []
