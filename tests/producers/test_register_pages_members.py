"""The register's member pages: who may do what, member and plot forms that keep what was typed, status
changes, the member's internal control records, and pages whose queries do not grow with the register."""

import datetime
from decimal import Decimal
from typing import Any

import pytest
from django.urls import reverse
from django.utils import timezone

from producers.models import Member, MemberStatusChange, Plot
from producers.services import member_update, plot_update

from ..conftest import Scope
from ..factories import MemberFactory, PlotFactory
from ..factories_nonconformities import make_audit, make_nc, make_sanction
from ..factories_records import TrainingFactory
from ..helpers import page_query_count
from .register_pages_fixtures import CHANGERS, ROLES, _url
from .register_pages_fixtures import _own_media_folder as _own_media_folder  # a fixture

TODAY = timezone.localdate()


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


def test_the_new_member_form_offers_the_next_member_number_and_the_new_plot_form_the_groups_crop(scope: Scope, login):
    Member.objects.filter(group=scope.group).exclude(pk=scope.member.pk).delete()
    Member.objects.filter(pk=scope.member.pk).update(member_number="GKO-0009")
    MemberFactory.create(group=scope.group, member_number="GKO-0012")
    MemberFactory.create(member_number="GKO-0400")  # another group's numbering is not this one's
    client = login(scope.group_manager)
    member_form = client.get(_url("member_create", scope.group.pk)).context["form"]
    assert member_form["member_number"].value() == "GKO-0013"
    plot_form = client.get(_url("plot_create", scope.member.pk)).context["form"]
    assert plot_form["crop"].value() == "Coffee"  # the group's commodity (the factory's group grows coffee)


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


def test_members_without_recorded_consent_are_flagged_on_the_register_and_the_records_hub(scope: Scope, login):
    MemberFactory.create(group=scope.group, first_name="Achieng", consent_given_on=None, status="applicant")
    MemberFactory.create(group=scope.group, first_name="Gone", consent_given_on=None, status="left")
    client = login(scope.group_manager)
    url = reverse("producers:member_list", kwargs={"pk": scope.group.pk})
    text = client.get(url).content.decode()
    assert "1 member has no recorded consent" in text
    assert text.count('data-testid="consent-missing"') == 1  # the one who left is not asked for it
    filtered = client.get(url, {"consent": "missing"}).content.decode()
    assert "Achieng" in filtered
    assert scope.member.first_name not in filtered
    hub = client.get(reverse("cycles:records", kwargs={"pk": scope.group.pk})).content.decode()
    assert "1 member without recorded consent: record it" in hub
