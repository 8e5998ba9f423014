"""The register's pages: who may do what, forms that keep what was typed, the import's preview and confirmation,
downloads, and a member list whose queries do not grow with the register."""

import datetime
import io
from decimal import Decimal
from typing import Any

import pytest
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from producers.imports import COLUMN_NAMES
from producers.models import Member, MemberStatusChange, Plot
from producers.services import member_update, plot_update
from producers.views.register import PENDING

from ..conftest import Scope
from ..factories import MemberFactory, PlotFactory
from ..factories_nonconformities import make_audit, make_nc, make_sanction
from ..factories_records import TrainingFactory
from ..helpers import page_query_count

ROLES = ["coordinator", "field_officer", "group_manager", "donor", "outsider"]
CHANGERS = {"coordinator", "field_officer", "group_manager"}
TODAY = timezone.localdate()


def _url(name: str, pk: int) -> str:
    return reverse(f"producers:{name}", kwargs={"pk": pk})


def _member_post(**overrides: Any) -> dict[str, Any]:
    data: dict[str, Any] = {
        "member_number": "KG-0200",
        "first_name": "Mumbi",
        "last_name": "Njoroge",
        "gender": "female",
        "year_of_birth": "1988",
        "phone": "0700 111 222",
        "village": "Gikoe",
        "joined_on": "2023-06-01",
        "consent_given_on": "2023-06-01",
        "status": "applicant",
    }
    data.update(overrides)
    return data


def _edit_post(member: Member, **overrides: Any) -> dict[str, Any]:
    data = {
        "member_number": member.member_number,
        "first_name": member.first_name,
        "last_name": member.last_name,
        "gender": member.gender,
        "year_of_birth": member.year_of_birth or "",
        "phone": member.phone,
        "village": member.village,
        "joined_on": member.joined_on.isoformat() if member.joined_on else "",
        "consent_given_on": "",
        "expected_version": member.version,
        "reason": "",
    }
    data.update(overrides)
    return data


def _csv(*rows: str, header: str = ",".join(COLUMN_NAMES)) -> SimpleUploadedFile:
    return SimpleUploadedFile("members.csv", "\n".join([header, *rows]).encode(), content_type="text/csv")


ROW = "KG-0300,Kanini,Mutua,female,1991,,Gikoe,2022-01-15,approved,Home,0.5,Coffee"


# --- Permissions -----------------------------------------------------------------------------------------------


@pytest.mark.parametrize("role", ROLES)
def test_the_member_list_offers_changes_to_those_who_keep_the_register(scope: Scope, login, role: str):
    response = login(scope.users()[role]).get(_url("member_list", scope.group.pk))
    if role == "donor":
        assert response.status_code == 403
        return
    if role == "outsider":
        assert response.status_code == 404
        return
    html = response.content.decode()
    assert 'data-testid="add-member"' in html
    assert 'data-testid="import-members"' in html
    assert 'data-testid="export-members"' in html


@pytest.mark.parametrize("role", ROLES)
def test_members_are_added_through_the_page_by_those_who_keep_the_register_only(scope: Scope, login, role: str):
    response = login(scope.users()[role]).post(_url("member_create", scope.group.pk), _member_post())
    created = Member.objects.filter(member_number="KG-0200").first()
    if role in CHANGERS:
        assert created is not None
        assert response.status_code == 302
        assert response["Location"] == created.get_absolute_url()
        assert created.consent_recorded_by == scope.users()[role]
    else:
        assert response.status_code in {403, 404}
        assert created is None


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


def test_the_coordinator_keeps_every_groups_register_and_others_reach_no_one_elses(scope: Scope, login):
    other = scope.other_member
    assert login(scope.coordinator).get(_url("member_update", other.pk)).status_code == 200
    for role in ("field_officer", "group_manager", "donor", "outsider"):
        client = login(scope.users()[role])
        assert client.get(_url("member_update", other.pk)).status_code == 404
        assert client.post(_url("member_create", scope.other_group.pk), _member_post()).status_code == 404
    assert not Member.objects.filter(member_number="KG-0200").exists()


# --- Member forms ----------------------------------------------------------------------------------------------


def test_a_member_number_already_used_comes_back_with_what_was_typed(scope: Scope, login):
    client = login(scope.group_manager)
    response = client.post(
        _url("member_create", scope.group.pk), _member_post(member_number=scope.member.member_number)
    )
    assert response.status_code == 400
    html = response.content.decode()
    assert f"Member number {scope.member.member_number} is already used in this group." in html
    assert 'value="Mumbi"' in html


def test_an_edit_through_the_page_shows_in_the_history_with_who_and_what(scope: Scope, login):
    client = login(scope.field_officer)
    response = client.post(
        _url("member_update", scope.member.pk), _edit_post(scope.member, village="Mathira", reason="Moved.")
    )
    assert response.status_code == 302
    page = client.get(_url("member_detail", scope.member.pk)).content.decode()
    history = page[page.index('data-testid="history"') :]
    assert str(scope.field_officer) in history
    assert "Mathira" in history
    assert "Moved." in history


def test_a_concurrent_edit_is_refused_and_the_typed_values_come_back_beside_the_saved_ones(scope: Scope, login):
    member = scope.member
    client = login(scope.group_manager)
    form = client.get(_url("member_update", member.pk)).content.decode()
    assert 'name="expected_version" value="1"' in form
    # Someone else saves first.
    member_update(member=member, by=scope.field_officer, expected_version=1, changes={"village": "Othaya"})
    response = client.post(_url("member_update", member.pk), _edit_post(member, village="Karatina Town", version=1))
    assert response.status_code == 400
    html = response.content.decode()
    assert "Someone else saved this record while you were editing it." in html
    assert 'value="Karatina Town"' in html  # what was typed
    assert 'data-testid="current-version"' in html
    assert "Othaya" in html  # what is saved now
    assert 'name="expected_version" value="2"' in html
    member.refresh_from_db()
    assert member.village == "Othaya"
    # Saving again is a deliberate overwrite.
    again = client.post(_url("member_update", member.pk), _edit_post(member, village="Karatina Town"))
    assert again.status_code == 302
    member.refresh_from_db()
    assert (member.village, member.version) == ("Karatina Town", 3)


# --- Status ----------------------------------------------------------------------------------------------------


def test_a_status_change_through_the_page_is_kept_in_the_members_status_history(scope: Scope, login):
    client = login(scope.group_manager)
    page = client.get(_url("member_detail", scope.member.pk)).content.decode()
    assert 'data-testid="status-form"' in page
    assert '<option value="suspended">Suspend</option>' in page
    assert '<option value="applicant">' not in page  # not a move from approved
    response = client.post(
        _url("member_status", scope.member.pk),
        {
            "to_status": "suspended",
            "changed_on": TODAY.isoformat(),
            "reason": "Sold outside.",
            "expected_status": "approved",
        },
    )
    assert response.status_code == 302
    page = client.get(response["Location"]).content.decode()
    assert "Approved → Suspended" in page
    assert "Sold outside." in page


def test_a_status_change_without_a_reason_comes_back_with_what_was_typed(scope: Scope, login):
    response = login(scope.group_manager).post(
        _url("member_status", scope.member.pk),
        {"to_status": "left", "changed_on": "2025-01-02", "reason": "", "expected_status": "approved"},
    )
    assert response.status_code == 400
    html = response.content.decode()
    assert "Say why the status changes." in html
    assert 'value="2025-01-02"' in html
    assert not MemberStatusChange.objects.filter(member=scope.member).exists()


def test_a_status_change_from_a_stale_page_is_refused(scope: Scope, login):
    Member.objects.filter(pk=scope.member.pk).update(status="suspended")
    response = login(scope.field_officer).post(
        _url("member_status", scope.member.pk),
        {"to_status": "sanctioned", "changed_on": TODAY.isoformat(), "reason": "Late.", "expected_status": "approved"},
    )
    assert response.status_code == 400
    assert "Someone changed this member&#x27;s status meanwhile: it is now suspended." in response.content.decode()


def test_the_status_form_is_a_post_only_action(scope: Scope, login):
    assert login(scope.group_manager).get(_url("member_status", scope.member.pk)).status_code == 405


# --- Plots -----------------------------------------------------------------------------------------------------


def test_a_plot_is_added_and_edited_through_the_pages(scope: Scope, login):
    client = login(scope.field_officer)
    response = client.post(
        _url("plot_create", scope.member.pk),
        {
            "name": "River plot",
            "area_ha": "0.4",
            "certified_area_ha": "0",
            "crop": "Tea",
            "conversion_status": "not_applicable",
        },
    )
    assert response.status_code == 302
    plot = Plot.objects.get(member=scope.member, name="River plot")
    assert plot.area_ha == Decimal("0.400")
    edit = client.get(_url("plot_update", plot.pk))
    assert 'data-testid="history"' in edit.content.decode()
    data = {
        "name": "River plot",
        "area_ha": "0.45",
        "certified_area_ha": "0.5",
        "crop": "Tea",
        "conversion_status": "not_applicable",
        "expected_version": "1",
    }
    refused = client.post(_url("plot_update", plot.pk), data)
    assert refused.status_code == 400
    assert "The certified area cannot be larger than the plot." in refused.content.decode()
    data["certified_area_ha"] = "0.2"
    assert client.post(_url("plot_update", plot.pk), data).status_code == 302
    plot.refresh_from_db()
    assert (plot.area_ha, plot.version) == (Decimal("0.450"), 2)


def test_a_concurrent_plot_edit_keeps_what_was_typed(scope: Scope, login):
    plot = Plot.objects.get(member=scope.member)
    plot_update(plot=plot, by=scope.coordinator, expected_version=1, changes={"crop": "Macadamia"})
    response = login(scope.group_manager).post(
        _url("plot_update", plot.pk),
        {
            "name": plot.name,
            "area_ha": "0.9",
            "certified_area_ha": "0.5",
            "crop": "Avocado",
            "conversion_status": "not_applicable",
            "expected_version": "1",
        },
    )
    assert response.status_code == 400
    html = response.content.decode()
    assert 'value="Avocado"' in html
    assert "Macadamia" in html
    assert 'name="expected_version" value="2"' in html


# --- Import through the pages ----------------------------------------------------------------------------------


@pytest.fixture(autouse=True)
def _own_media_folder(settings, tmp_path) -> None:
    """Uploads are kept in the default storage, on disk in tests and shared by parallel test processes: each test
    gets a folder of its own."""
    settings.MEDIA_ROOT = tmp_path


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


# --- Query budget ----------------------------------------------------------------------------------------------


@pytest.mark.parametrize("query", ["", "?status=approved&page=2", "?q=a"])
def test_the_member_list_makes_as_many_queries_for_300_members_as_for_10(scope: Scope, login, query: str):
    client = login(scope.group_manager)
    for member in MemberFactory.create_batch(9, group=scope.group):
        PlotFactory.create(member=member)
    url = _url("member_list", scope.group.pk) + query
    small = page_query_count(client, url)
    for member in MemberFactory.create_batch(290, group=scope.group):
        PlotFactory.create(member=member)
    assert scope.group.members.count() == 300
    large = page_query_count(client, url)
    assert large == small, f"{small} queries for 10 members, {large} for 300"
    assert large <= 15


def test_the_member_page_makes_as_many_queries_with_a_long_history(scope: Scope, login):
    client = login(scope.group_manager)
    url = _url("member_detail", scope.member.pk)
    small = page_query_count(client, url)
    for n in range(20):
        member = Member.objects.get(pk=scope.member.pk)
        member_update(
            member=member, by=scope.field_officer, expected_version=member.version, changes={"phone": f"07{n}"}
        )
        PlotFactory.create(member=scope.member, name=f"Plot {n}")
    MemberStatusChange.objects.bulk_create(
        [
            MemberStatusChange(
                member=scope.member,
                from_status="approved",
                to_status="approved",
                changed_on=datetime.date(2024, 1, 1),
                changed_at=timezone.now(),
                changed_by=scope.coordinator if n % 2 else scope.field_officer,
            )
            for n in range(20)
        ]
    )
    assert page_query_count(client, url) == small


# --- The member's internal control records -----------------------------------------------------------------------


def test_the_member_page_shows_the_members_records_and_offers_a_sanction_to_those_who_keep_the_register(
    scope: Scope, login
):
    nc = make_nc(scope.group, scope.coordinator, member=scope.member, severity="major")
    make_sanction(scope.member, scope.group_manager, code="warning", nc=nc)
    TrainingFactory.create(group=scope.group, topic="Safe pesticide storage", attendees=[scope.member])

    page = login(scope.group_manager).get(_url("member_detail", scope.member.pk)).content.decode()
    assert 'data-testid="member-records"' in page
    assert nc.requirement.code in page
    assert reverse("cycles:nc_detail", kwargs={"pk": nc.pk}) in page
    assert "1 open" in page
    assert "Warning" in page
    assert "in force" in page
    assert "Safe pesticide storage" in page
    assert reverse("cycles:sanction_create", kwargs={"pk": scope.member.pk}) in page

    # The group's field officer keeps the register too; a donor never reaches a member's page.
    assert (
        nc.requirement.code in login(scope.field_officer).get(_url("member_detail", scope.member.pk)).content.decode()
    )
    assert login(scope.donor).get(_url("member_detail", scope.member.pk)).status_code == 403


def test_a_member_without_records_says_so(scope: Scope, login):
    page = login(scope.group_manager).get(_url("member_detail", scope.member.pk)).content.decode()
    assert "No non-conformity found." in page
    assert "Not inspected yet." in page
    assert "No training attended." in page
    assert "Apply a sanction" in page


def test_the_member_page_makes_as_many_queries_with_many_records(scope: Scope, login):
    client = login(scope.group_manager)
    url = _url("member_detail", scope.member.pk)
    small = page_query_count(client, url)
    audit = make_audit(scope.group, scope.coordinator)
    for index in range(8):
        nc = make_nc(scope.group, scope.coordinator, member=scope.member, audit=audit, index=index)
        make_sanction(scope.member, scope.group_manager, code="warning", nc=nc)
        TrainingFactory.create(group=scope.group, attendees=[scope.member])
    assert page_query_count(client, url) == small
