"""The register services: members and plots created and edited with their history, status moves with theirs."""

import datetime
from decimal import Decimal
from typing import Any

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from producers.history import StaleRecord, history_entries
from producers.models import Member, MemberStatusChange, Plot
from producers.models.members import MemberStatus
from producers.selectors import next_member_number
from producers.services import (
    TRANSITIONS,
    member_create,
    member_status_change,
    member_update,
    plot_create,
    plot_update,
)

from ..conftest import Scope
from ..factories import MemberFactory
from ..helpers import error_codes

ROLES = ["coordinator", "field_officer", "group_manager", "donor", "outsider"]
CHANGERS = {"coordinator", "field_officer", "group_manager"}
TODAY = timezone.localdate()


def _member_data(**overrides: Any) -> dict[str, Any]:
    data: dict[str, Any] = {
        "member_number": "KG-0100",
        "first_name": "Njeri",
        "last_name": "Wambui",
        "gender": "female",
        "year_of_birth": 1982,
        "phone": "+254 712 000 100",
        "village": "Gikoe",
        "joined_on": datetime.date(2024, 2, 1),
    }
    data.update(overrides)
    return data


# --- member_create ---------------------------------------------------------------------------------------------


def test_a_new_member_is_an_applicant_with_a_first_status_change_and_a_history_naming_the_author(scope: Scope):
    member = member_create(group=scope.group, by=scope.group_manager, **_member_data())
    assert member.status == MemberStatus.APPLICANT
    assert member.version == 1
    change = MemberStatusChange.objects.get(member=member)
    assert (change.from_status, change.to_status, change.changed_by) == ("", "applicant", scope.group_manager)
    assert change.changed_on == datetime.date(2024, 2, 1)
    [entry] = history_entries(member)
    assert entry.by == scope.group_manager


def test_a_member_brought_in_from_an_existing_register_keeps_the_status_given(scope: Scope):
    member = member_create(group=scope.group, by=scope.field_officer, status="approved", **_member_data())
    assert member.status == MemberStatus.APPROVED
    assert member.status_changes.get().to_status == "approved"


def test_consent_is_recorded_by_the_person_who_gives_its_date(scope: Scope):
    member = member_create(
        group=scope.group, by=scope.field_officer, consent_given_on=datetime.date(2024, 2, 1), **_member_data()
    )
    assert member.consent_recorded_by == scope.field_officer
    without = member_create(group=scope.group, by=scope.field_officer, **_member_data(member_number="KG-0101"))
    assert without.consent_recorded_by is None


def test_names_are_stripped(scope: Scope):
    member = member_create(group=scope.group, by=scope.coordinator, **_member_data(first_name="  Njeri "))
    assert member.first_name == "Njeri"


def test_a_member_number_is_used_once_in_a_group_but_may_repeat_in_another(scope: Scope):
    member_create(group=scope.group, by=scope.coordinator, **_member_data())
    with pytest.raises(ValidationError) as refused:
        member_create(group=scope.group, by=scope.coordinator, **_member_data(first_name="Other"))
    assert error_codes(refused.value) == {"member_number_taken"}
    assert "KG-0100" in refused.value.message_dict["member_number"][0]
    member_create(group=scope.other_group, by=scope.coordinator, **_member_data())


@pytest.mark.parametrize(
    ("overrides", "code"),
    [
        ({"joined_on": TODAY + datetime.timedelta(days=1)}, "future_date"),
        ({"consent_given_on": TODAY + datetime.timedelta(days=1)}, "future_date"),
        ({"year_of_birth": TODAY.year + 1}, "future_year"),
        ({"year_of_birth": 1850}, "min_value"),
        ({"gender": "robot"}, "invalid_choice"),
        ({"first_name": ""}, "blank"),
        ({"status": "honorary"}, "unknown_status"),
    ],
)
def test_a_member_with_wrong_details_is_refused_and_nothing_is_written(scope: Scope, overrides, code):
    with pytest.raises(ValidationError) as refused:
        member_create(group=scope.group, by=scope.coordinator, **_member_data(**overrides))
    assert code in error_codes(refused.value)
    assert not Member.objects.filter(member_number="KG-0100").exists()


@pytest.mark.parametrize("role", ROLES)
def test_members_are_added_by_those_who_keep_the_register_only(scope: Scope, role: str):
    user = scope.users()[role]
    if role in CHANGERS:
        assert member_create(group=scope.group, by=user, **_member_data()).pk
    else:
        with pytest.raises(PermissionDenied):
            member_create(group=scope.group, by=user, **_member_data())
    # Outside their groups, only the coordinator may.
    if role == "coordinator":
        member_create(group=scope.other_group, by=user, **_member_data(member_number="X-1"))
    else:
        with pytest.raises(PermissionDenied):
            member_create(group=scope.other_group, by=user, **_member_data(member_number="X-1"))


# --- member_update ---------------------------------------------------------------------------------------------


def test_an_edit_is_saved_as_a_new_version_and_the_history_says_who_and_what(scope: Scope):
    member = scope.member
    saved = member_update(
        member=member,
        by=scope.field_officer,
        expected_version=member.version,
        changes={"village": "Mathira", "phone": "0722 000 111"},
        reason="Moved house.",
    )
    assert saved.version == member.version + 1
    assert (saved.village, saved.phone) == ("Mathira", "0722 000 111")
    entry = history_entries(saved)[0]
    assert entry.by == scope.field_officer
    assert entry.reason == "Moved house."
    assert {(c.field, c.new) for c in entry.changes} == {("village", "Mathira"), ("phone", "0722 000 111")}


def test_an_edit_from_a_stale_copy_is_refused_and_nothing_is_written(scope: Scope):
    member = scope.member
    member_update(member=member, by=scope.group_manager, expected_version=1, changes={"village": "Karatina West"})
    with pytest.raises(StaleRecord) as stale:
        member_update(member=member, by=scope.field_officer, expected_version=1, changes={"village": "Othaya"})
    assert stale.value.current.village == "Karatina West"  # type: ignore[attr-defined]
    member.refresh_from_db()
    assert (member.village, member.version) == ("Karatina West", 2)


def test_an_edit_that_changes_nothing_writes_nothing(scope: Scope):
    member = scope.member
    before = member.history.count()
    saved = member_update(
        member=member, by=scope.group_manager, expected_version=member.version, changes={"village": member.village}
    )
    assert saved.version == member.version
    assert member.history.count() == before


def test_the_status_is_not_changed_by_an_edit(scope: Scope):
    with pytest.raises(ValidationError) as refused:
        member_update(member=scope.member, by=scope.group_manager, expected_version=1, changes={"status": "left"})
    assert error_codes(refused.value) == {"status_needs_move"}


def test_a_new_consent_date_names_the_person_who_records_it_and_clearing_it_forgets_them(scope: Scope):
    member = member_update(
        member=scope.member,
        by=scope.group_manager,
        expected_version=1,
        changes={"consent_given_on": datetime.date(2025, 1, 10)},
    )
    assert member.consent_recorded_by == scope.group_manager
    member = member_update(
        member=member, by=scope.field_officer, expected_version=2, changes={"consent_given_on": None}
    )
    assert member.consent_recorded_by is None


def test_an_edit_to_a_number_already_used_is_refused(scope: Scope):
    other = MemberFactory.create(group=scope.group)
    with pytest.raises(ValidationError) as refused:
        member_update(
            member=scope.member,
            by=scope.coordinator,
            expected_version=1,
            changes={"member_number": other.member_number},
        )
    assert error_codes(refused.value) == {"member_number_taken"}


@pytest.mark.parametrize("role", ["donor", "outsider"])
def test_those_who_do_not_keep_the_register_cannot_edit_it(scope: Scope, role: str):
    with pytest.raises(PermissionDenied):
        member_update(member=scope.member, by=scope.users()[role], expected_version=1, changes={"village": "X"})


# --- member_status_change --------------------------------------------------------------------------------------


def _applicant(scope: Scope) -> Member:
    return member_create(group=scope.group, by=scope.group_manager, **_member_data())


def test_an_applicant_without_recorded_consent_is_not_approved(scope: Scope):
    member = _applicant(scope)
    with pytest.raises(ValidationError) as error:
        member_status_change(member=member, by=scope.group_manager, to_status="approved", changed_on=TODAY, reason="")
    assert error.value.code == "consent_missing"
    assert "before approving them" in error.value.messages[0]
    member.refresh_from_db()
    assert member.status == MemberStatus.APPLICANT
    assert not member.status_changes.filter(to_status="approved").exists()


def test_an_applicant_is_approved_without_a_reason_and_the_move_is_kept(scope: Scope):
    member = member_create(
        group=scope.group, by=scope.group_manager, **_member_data(consent_given_on=datetime.date(2024, 2, 1))
    )
    change = member_status_change(
        member=member, by=scope.field_officer, to_status="approved", changed_on=TODAY, reason=""
    )
    member.refresh_from_db()
    assert member.status == MemberStatus.APPROVED
    assert (change.from_status, change.to_status, change.changed_by) == ("applicant", "approved", scope.field_officer)
    entry = history_entries(member)[0]
    assert entry.by == scope.field_officer
    assert [(c.old, c.new) for c in entry.changes] == [("Applicant", "Approved")]


@pytest.mark.parametrize("to_status", ["sanctioned", "suspended", "left"])
def test_every_move_but_an_approval_needs_a_reason(scope: Scope, to_status: str):
    with pytest.raises(ValidationError) as refused:
        member_status_change(
            member=scope.member, by=scope.coordinator, to_status=to_status, changed_on=TODAY, reason=" "
        )
    assert error_codes(refused.value) == {"reason_required"}
    scope.member.refresh_from_db()
    assert scope.member.status == MemberStatus.APPROVED
    change = member_status_change(
        member=scope.member, by=scope.coordinator, to_status=to_status, changed_on=TODAY, reason="Sold coffee outside."
    )
    assert change.reason == "Sold coffee outside."


@pytest.mark.parametrize("from_status", MemberStatus.values)
@pytest.mark.parametrize("to_status", MemberStatus.values)
def test_only_the_sensible_moves_are_allowed(scope: Scope, from_status: str, to_status: str):
    member = MemberFactory.create(group=scope.group, status=from_status)
    allowed = to_status in TRANSITIONS[from_status]
    if allowed:
        member_status_change(member=member, by=scope.coordinator, to_status=to_status, changed_on=TODAY, reason="Why.")
        member.refresh_from_db()
        assert member.status == to_status
    else:
        with pytest.raises(ValidationError) as refused:
            member_status_change(
                member=member, by=scope.coordinator, to_status=to_status, changed_on=TODAY, reason="Why."
            )
        assert error_codes(refused.value) <= {"same_status", "transition_not_allowed"}
        assert not MemberStatusChange.objects.filter(member=member).exists()


def test_a_member_who_left_is_readmitted_as_an_applicant_first(scope: Scope):
    member = MemberFactory.create(group=scope.group, status="left")
    with pytest.raises(ValidationError) as refused:
        member_status_change(member=member, by=scope.coordinator, to_status="approved", changed_on=TODAY, reason="")
    assert "applicant" in refused.value.messages[0]
    member_status_change(member=member, by=scope.coordinator, to_status="applicant", changed_on=TODAY, reason="Back.")
    member_status_change(member=member, by=scope.coordinator, to_status="approved", changed_on=TODAY, reason="")
    assert list(member.status_changes.order_by("pk").values_list("to_status", flat=True)) == ["applicant", "approved"]


def test_a_move_from_a_status_that_changed_meanwhile_is_refused_and_nothing_is_written(scope: Scope):
    member = scope.member  # approved
    stale_copy = Member.objects.get(pk=member.pk)
    member_status_change(member=member, by=scope.group_manager, to_status="suspended", changed_on=TODAY, reason="A.")
    with pytest.raises(ValidationError) as refused:
        member_status_change(
            member=stale_copy, by=scope.field_officer, to_status="sanctioned", changed_on=TODAY, reason="B."
        )
    assert error_codes(refused.value) == {"changed_meanwhile"}
    assert "suspended" in refused.value.messages[0]
    member.refresh_from_db()
    assert member.status == MemberStatus.SUSPENDED
    assert member.status_changes.count() == 1


def test_the_status_the_page_showed_is_checked(scope: Scope):
    with pytest.raises(ValidationError) as refused:
        member_status_change(
            member=scope.member,
            by=scope.group_manager,
            to_status="approved",
            changed_on=TODAY,
            reason="",
            expected_status="applicant",
        )
    assert error_codes(refused.value) == {"changed_meanwhile"}


def test_a_status_change_is_not_dated_in_the_future_nor_before_the_last_one(scope: Scope):
    with pytest.raises(ValidationError) as refused:
        member_status_change(
            member=scope.member,
            by=scope.coordinator,
            to_status="left",
            changed_on=TODAY + datetime.timedelta(days=1),
            reason="Moved away.",
        )
    assert error_codes(refused.value) == {"future_date"}
    member_status_change(member=scope.member, by=scope.coordinator, to_status="suspended", changed_on=TODAY, reason="A")
    scope.member.refresh_from_db()
    with pytest.raises(ValidationError) as refused:
        member_status_change(
            member=scope.member,
            by=scope.coordinator,
            to_status="left",
            changed_on=TODAY - datetime.timedelta(days=3),
            reason="Moved away.",
        )
    assert error_codes(refused.value) == {"out_of_order"}


@pytest.mark.parametrize("role", ROLES)
def test_statuses_are_moved_by_those_who_keep_the_register_only(scope: Scope, role: str):
    call: dict[str, Any] = {"member": scope.member, "by": scope.users()[role], "to_status": "left"}
    if role in CHANGERS:
        member_status_change(**call, changed_on=TODAY, reason="Moved to town.")
    else:
        with pytest.raises(PermissionDenied):
            member_status_change(**call, changed_on=TODAY, reason="Moved to town.")


# --- Plots -----------------------------------------------------------------------------------------------------


def _plot(scope: Scope, **overrides: Any) -> Plot:
    data: dict[str, Any] = {"name": "Upper shamba", "area_ha": Decimal("1.250"), "crop": "Coffee (Ruiru 11)"}
    data.update(overrides)
    return plot_create(member=scope.member, by=scope.group_manager, **data)


def test_a_plot_is_added_with_its_history(scope: Scope):
    plot = _plot(scope, certified_area_ha=Decimal("1.000"), latitude=Decimal("-0.42"), longitude=Decimal("36.95"))
    assert plot.version == 1
    assert history_entries(plot)[0].by == scope.group_manager


@pytest.mark.parametrize(
    ("overrides", "code"),
    [
        ({"certified_area_ha": Decimal("2")}, "certified_area_too_large"),
        ({"latitude": Decimal("-0.4")}, "gps_point_incomplete"),
        ({"area_ha": Decimal("0")}, "min_value"),
        ({"crop": ""}, "blank"),
    ],
)
def test_a_wrong_plot_is_refused(scope: Scope, overrides, code):
    with pytest.raises(ValidationError) as refused:
        _plot(scope, **overrides)
    assert code in error_codes(refused.value)


def test_two_plots_of_one_member_do_not_share_a_name(scope: Scope):
    _plot(scope)
    with pytest.raises(ValidationError) as refused:
        _plot(scope, area_ha=Decimal("0.5"))
    assert error_codes(refused.value) == {"plot_name_taken"}


def test_a_plot_edit_is_versioned_and_a_stale_one_refused(scope: Scope):
    plot = _plot(scope)
    saved = plot_update(plot=plot, by=scope.field_officer, expected_version=1, changes={"area_ha": Decimal("1.5")})
    assert (saved.version, saved.area_ha) == (2, Decimal("1.500"))
    assert history_entries(saved)[0].by == scope.field_officer
    with pytest.raises(StaleRecord):
        plot_update(plot=plot, by=scope.group_manager, expected_version=1, changes={"crop": "Maize"})
    plot.refresh_from_db()
    assert plot.crop == "Coffee (Ruiru 11)"


def test_a_plot_edit_may_not_make_the_certified_area_larger_than_the_plot(scope: Scope):
    plot = _plot(scope, certified_area_ha=Decimal("1.0"))
    with pytest.raises(ValidationError) as refused:
        plot_update(plot=plot, by=scope.field_officer, expected_version=1, changes={"area_ha": Decimal("0.5")})
    assert "certified_area_too_large" in error_codes(refused.value)


@pytest.mark.parametrize("role", ROLES)
def test_plots_are_kept_by_those_who_keep_the_register_only(scope: Scope, role: str):
    user = scope.users()[role]
    plot = Plot.objects.get(member=scope.member)
    if role in CHANGERS:
        plot_create(member=scope.member, by=user, name="New", area_ha=Decimal("0.3"), crop="Beans")
        plot_update(plot=plot, by=user, expected_version=1, changes={"crop": "Tea"})
    else:
        with pytest.raises(PermissionDenied):
            plot_create(member=scope.member, by=user, name="New", area_ha=Decimal("0.3"), crop="Beans")
        with pytest.raises(PermissionDenied):
            plot_update(plot=plot, by=user, expected_version=1, changes={"crop": "Tea"})


def test_a_long_reason_is_kept_in_full_in_the_history(scope: Scope):
    # A 100-character history column would cut the reason, and PostgreSQL would refuse it with a database error.
    reason = "Sold certified coffee to a middleman outside the co-operative, twice, after a written warning. " * 4
    member_status_change(
        member=scope.member, by=scope.coordinator, to_status="suspended", changed_on=TODAY, reason=reason.strip()
    )
    scope.member.refresh_from_db()
    assert history_entries(scope.member)[0].reason == reason.strip()


def test_the_history_writes_dates_as_the_pages_do(scope: Scope):
    member = Member.objects.get(pk=scope.member.pk)
    member.joined_on = datetime.date(2020, 3, 1)
    member.save(update_fields=["joined_on"])
    saved = member_update(
        member=Member.objects.get(pk=member.pk),
        by=scope.field_officer,
        expected_version=member.version,
        changes={"joined_on": datetime.date(2021, 11, 29)},
    )
    [change] = history_entries(saved)[0].changes
    assert (change.old, change.new) == ("1 Mar 2020", "29 Nov 2021")


@pytest.mark.parametrize(
    ("numbers", "expected"),
    [
        ([], ""),
        (["GKO-0009", "GKO-0012", "GKO-0010"], "GKO-0013"),
        (["7", "12"], "13"),
        (["KB/099"], "KB/100"),
        (["A-999"], "A-1000"),
        (["Wanjiru"], ""),  # no number in it to follow
    ],
)
def test_the_next_member_number_follows_the_highest_one(scope: Scope, numbers: list[str], expected: str):
    Member.objects.filter(group=scope.group).delete()
    for number in numbers:
        MemberFactory.create(group=scope.group, member_number=number)
    assert next_member_number(scope.group) == expected
