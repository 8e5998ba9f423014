"""The register's import pages and downloads: who may use them, the import's preview and confirmation (its
token, its pending file, a register changed meanwhile), and the export and templates in both formats."""

import io

import pytest
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from openpyxl import load_workbook

from producers.imports import COLUMN_NAMES
from producers.models import Member
from producers.views.register import PENDING

from ..conftest import Scope
from .register_pages_fixtures import CHANGERS, ROLES, _url
from .register_pages_fixtures import _own_media_folder as _own_media_folder  # a fixture


def _csv(*rows: str, header: str = ",".join(COLUMN_NAMES)) -> SimpleUploadedFile:
    return SimpleUploadedFile("members.csv", "\n".join([header, *rows]).encode(), content_type="text/csv")


ROW = "KG-0300,Kanini,Mutua,female,1991,,Gikoe,2022-01-15,approved,Home,0.5,Coffee"


# --- Permissions -----------------------------------------------------------------------------------------------


@pytest.mark.parametrize("role", ROLES)
def test_the_import_and_its_downloads_are_for_those_who_keep_the_register(scope: Scope, login, role: str):
    client = login(scope.users()[role])
    upload = client.post(_url("member_import", scope.group.pk), {"file": _csv(ROW)})
    template = client.get(_url("member_import_template", scope.group.pk) + "?format=csv")
    export = client.get(_url("member_export", scope.group.pk) + "?format=csv")
    if role in CHANGERS:
        assert (upload.status_code, template.status_code, export.status_code) == (200, 200, 200)
    else:
        expected = 403 if role == "donor" else 404
        assert (upload.status_code, template.status_code, export.status_code) == (expected,) * 3


# --- Import through the pages ----------------------------------------------------------------------------------


def _pending_files() -> list[str]:
    try:
        return default_storage.listdir("imports")[1]
    except FileNotFoundError:
        return []


def test_the_import_page_documents_the_columns_and_offers_templates(scope: Scope, login):
    html = login(scope.group_manager).get(_url("member_import", scope.group.pk)).content.decode()
    for name in COLUMN_NAMES:
        assert f"<code>{name}</code>" in html
    assert "?format=xlsx" in html
    assert "?format=csv" in html


def test_an_upload_shows_a_preview_writes_nothing_and_confirming_imports_it(scope: Scope, login):
    client = login(scope.group_manager)
    before = Member.objects.count()
    existing = f"{scope.member.member_number},Changed,Name,female,1970,,Karatina,2020-03-01,approved,,,"
    response = client.post(_url("member_import", scope.group.pk), {"file": _csv(ROW, existing)})
    assert response.status_code == 200
    html = response.content.decode()
    assert 'data-testid="count-created">1<' in html
    assert 'data-testid="count-updated">1<' in html
    assert "first_name, last_name" in html
    assert Member.objects.count() == before
    token = response.context["token"]
    assert len(_pending_files()) == 1
    confirmed = client.post(_url("member_import_confirm", scope.group.pk), {"token": token})
    assert confirmed.status_code == 302
    assert confirmed["Location"] == _url("member_list", scope.group.pk)
    assert Member.objects.filter(group=scope.group, member_number="KG-0300").exists()
    scope.member.refresh_from_db()
    assert scope.member.first_name == "Changed"
    assert _pending_files() == []
    assert token not in client.session.get(PENDING, {})
    # The same token cannot import twice.
    again = client.post(_url("member_import_confirm", scope.group.pk), {"token": token}, follow=True)
    assert "This preview is no longer available." in again.content.decode()


def test_a_file_with_errors_shows_every_error_and_keeps_nothing(scope: Scope, login):
    client = login(scope.group_manager)
    bad = "KG-0301,Kanini,Mutua,female,1890,,Gikoe,31/02/2022,approved,,,"
    response = client.post(_url("member_import", scope.group.pk), {"file": _csv(ROW, bad)})
    html = response.content.decode()
    assert "Row 3, year_of_birth: 1890 is before 1900." in html
    assert "Row 3, joined_on: “31/02/2022” is not a date in the calendar." in html
    assert 'data-testid="import-confirm"' not in html
    assert response.context["token"] == ""
    assert _pending_files() == []


def test_a_file_that_changes_nothing_is_not_offered_for_import(scope: Scope, login):
    client = login(scope.group_manager)
    export = b"".join(client.get(_url("member_export", scope.group.pk) + "?format=csv").streaming_content)
    upload = SimpleUploadedFile("register.csv", export, content_type="text/csv")
    response = client.post(_url("member_import", scope.group.pk), {"file": upload})
    assert 'data-testid="import-nothing"' in response.content.decode()
    assert _pending_files() == []


def test_a_preview_is_cancelled_and_its_file_deleted(scope: Scope, login):
    client = login(scope.group_manager)
    token = client.post(_url("member_import", scope.group.pk), {"file": _csv(ROW)}).context["token"]
    client.post(_url("member_import_confirm", scope.group.pk), {"token": token, "action": "cancel"})
    assert _pending_files() == []
    assert not Member.objects.filter(member_number="KG-0300").exists()


def test_a_preview_belongs_to_its_user_and_its_group(scope: Scope, login, client: Client):
    manager = login(scope.coordinator)
    token = manager.post(_url("member_import", scope.group.pk), {"file": _csv(ROW)}).context["token"]
    # The token for another group, by the same person: refused, and the file stays for its own group.
    refused = manager.post(_url("member_import_confirm", scope.other_group.pk), {"token": token}, follow=True)
    assert "This preview is no longer available." in refused.content.decode()
    assert not Member.objects.filter(member_number="KG-0300").exists()
    assert len(_pending_files()) == 1
    # The token in another person's session: refused.
    other = Client()
    other.force_login(scope.group_manager)
    session = other.session
    session[PENDING] = dict(manager.session[PENDING])
    session.save()
    other.post(_url("member_import_confirm", scope.group.pk), {"token": token})
    assert not Member.objects.filter(member_number="KG-0300").exists()
    # Its owner imports it.
    manager.post(_url("member_import_confirm", scope.group.pk), {"token": token})
    assert Member.objects.filter(member_number="KG-0300").exists()
    assert _pending_files() == []


def test_a_register_changed_between_preview_and_confirmation_is_checked_again(scope: Scope, login):
    client = login(scope.group_manager)
    row = f"{scope.member.member_number},A,B,female,1970,,Karatina,2020-03-01,suspended,,,"
    token = client.post(_url("member_import", scope.group.pk), {"file": _csv(row)}).context["token"]
    Member.objects.filter(pk=scope.member.pk).update(status="left")
    response = client.post(_url("member_import_confirm", scope.group.pk), {"token": token})
    assert response.status_code == 400
    assert "Row 2, status:" in response.content.decode()
    scope.member.refresh_from_db()
    assert scope.member.first_name != "A"
    assert _pending_files() == []


def test_an_empty_upload_is_refused_on_the_form(scope: Scope, login):
    response = login(scope.group_manager).post(_url("member_import", scope.group.pk), {})
    assert response.status_code == 400


# --- Downloads -------------------------------------------------------------------------------------------------


def test_the_export_downloads_in_both_formats(scope: Scope, login):
    client = login(scope.field_officer)
    csv_response = client.get(_url("member_export", scope.group.pk) + "?format=csv")
    assert csv_response["Content-Type"] == "text/csv; charset=utf-8"
    assert "attachment;" in csv_response["Content-Disposition"]
    assert csv_response["Cache-Control"] == "private, no-store"
    lines = b"".join(csv_response.streaming_content).decode("utf-8-sig").splitlines()
    assert lines[0] == ",".join(COLUMN_NAMES)
    assert lines[1].startswith(scope.member.member_number)
    xlsx = client.get(_url("member_export", scope.group.pk) + "?format=xlsx")
    workbook = load_workbook(io.BytesIO(b"".join(xlsx.streaming_content)), read_only=True)
    rows = list(workbook.worksheets[0].iter_rows(values_only=True))
    assert rows[0] == COLUMN_NAMES
    assert rows[1][0] == scope.member.member_number
    assert client.get(_url("member_export", scope.group.pk) + "?format=pdf").status_code == 404


def test_the_templates_download_in_both_formats(scope: Scope, login):
    client = login(scope.group_manager)
    csv_response = client.get(_url("member_import_template", scope.group.pk) + "?format=csv")
    assert csv_response.content.decode("utf-8-sig").strip() == ",".join(COLUMN_NAMES)
    xlsx = client.get(_url("member_import_template", scope.group.pk) + "?format=xlsx")
    workbook = load_workbook(io.BytesIO(b"".join(xlsx.streaming_content)))
    assert [cell.value for cell in workbook.worksheets[0][1]] == list(COLUMN_NAMES)
