"""Sanctions from the catalogue: the member's status follows, through the register's status service, and both
the sanction and the status move keep their history."""

from typing import Any

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from cycles.models import Sanction
from cycles.services.sanctions import sanction_apply, sanction_lift
from producers.models import MemberStatusChange
from producers.models.members import MemberStatus

from ..factories import MemberFactory
from ..factories_nonconformities import days_ago, make_nc, make_sanction, sanction_type


def _status(member):
    member.refresh_from_db()
    return member.status


def _lift(sanction, user, reason="Corrected and re-inspected."):
    return sanction_lift(sanction=sanction, by=user, lifted_on=timezone.localdate(), reason=reason)


@pytest.mark.parametrize(
    ("code", "status"),
    [("warning", MemberStatus.SANCTIONED), ("suspension", MemberStatus.SUSPENDED), ("exclusion", MemberStatus.LEFT)],
)
def test_a_sanction_sets_the_status_its_type_says_and_keeps_the_reason(scope, code, status):
    sanction = make_sanction(scope.member, scope.group_manager, code=code)
    assert _status(scope.member) == status
    change = MemberStatusChange.objects.filter(member=scope.member).latest("changed_at")
    assert (change.from_status, change.to_status, change.changed_by) == (
        MemberStatus.APPROVED,
        status,
        scope.group_manager,
    )
    assert "Pesticide records missing" in change.reason
    assert sanction.history.get().history_user == scope.group_manager
    assert scope.member.history.latest("history_date").history_user == scope.group_manager


def test_a_sanction_may_answer_a_nonconformity_about_the_member(scope):
    nc = make_nc(scope.group, scope.group_manager, member=scope.member)
    sanction = make_sanction(scope.member, scope.group_manager, nc=nc)
    assert sanction.nonconformity == nc


def test_a_sanction_cannot_answer_a_nonconformity_about_someone_else(scope):
    other = MemberFactory.create(group=scope.group)
    nc = make_nc(scope.group, scope.group_manager, member=other)
    with pytest.raises(ValidationError) as error:
        make_sanction(scope.member, scope.group_manager, nc=nc)
    assert error.value.code == "nonconformity_other_member"
    assert not Sanction.objects.exists()
    assert _status(scope.member) == MemberStatus.APPROVED


@pytest.mark.parametrize(
    ("changes", "code"),
    [({"reason": "  "}, "reason_required"), ({"applied_on": -1}, "future_date")],
)
def test_a_sanction_needs_a_reason_and_a_date_not_in_the_future(scope, changes, code):
    arguments: dict[str, Any] = {"applied_on": timezone.localdate(), "reason": "Late deliveries."}
    arguments.update(changes)
    if isinstance(arguments["applied_on"], int):
        arguments["applied_on"] = days_ago(arguments["applied_on"])
    with pytest.raises(ValidationError) as error:
        sanction_apply(member=scope.member, sanction_type=sanction_type("warning"), by=scope.group_manager, **arguments)
    assert error.value.code == code
    assert _status(scope.member) == MemberStatus.APPROVED


def test_a_member_who_left_receives_no_sanction(scope):
    make_sanction(scope.member, scope.group_manager, code="exclusion")
    with pytest.raises(ValidationError) as error:
        make_sanction(scope.member, scope.group_manager, code="warning")
    assert error.value.code == "member_left"


def test_an_applicant_is_not_sanctioned_but_decided_on(scope):
    applicant = MemberFactory.create(group=scope.group, status=MemberStatus.APPLICANT)
    with pytest.raises(ValidationError) as error:
        make_sanction(applicant, scope.group_manager, code="warning")
    assert error.value.code == "transition_not_allowed"
    assert not Sanction.objects.exists()


def test_a_lighter_sanction_does_not_end_a_weightier_one(scope):
    make_sanction(scope.member, scope.group_manager, code="suspension")
    make_sanction(scope.member, scope.group_manager, code="warning")
    assert _status(scope.member) == MemberStatus.SUSPENDED
    assert MemberStatusChange.objects.filter(member=scope.member, to_status=MemberStatus.SANCTIONED).count() == 0


def test_lifting_the_only_sanction_brings_the_member_back_to_approved(scope):
    sanction = make_sanction(scope.member, scope.group_manager, code="suspension")
    lifted = _lift(sanction, scope.field_officer)
    assert lifted.lifted_on == timezone.localdate()
    assert _status(scope.member) == MemberStatus.APPROVED
    change = MemberStatusChange.objects.filter(member=scope.member).latest("changed_at")
    assert (change.from_status, change.to_status, change.changed_by) == (
        MemberStatus.SUSPENDED,
        MemberStatus.APPROVED,
        scope.field_officer,
    )
    assert "Corrected and re-inspected." in change.reason
    record = sanction.history.latest("history_date")
    assert (record.history_user, record.history_change_reason) == (scope.field_officer, "Corrected and re-inspected.")


def test_lifting_a_suspension_while_a_warning_stands_leaves_the_member_sanctioned(scope):
    suspension = make_sanction(scope.member, scope.group_manager, code="suspension")
    make_sanction(scope.member, scope.group_manager, code="warning")
    _lift(suspension, scope.group_manager)
    assert _status(scope.member) == MemberStatus.SANCTIONED


def test_lifting_an_exclusion_readmits_the_member_as_an_applicant(scope):
    exclusion = make_sanction(scope.member, scope.group_manager, code="exclusion")
    _lift(exclusion, scope.group_manager, reason="The appeal committee found the evidence wrong.")
    assert _status(scope.member) == MemberStatus.APPLICANT


def test_a_sanction_is_lifted_once_and_not_before_it_was_applied(scope):
    sanction = make_sanction(scope.member, scope.group_manager)
    with pytest.raises(ValidationError) as error:
        sanction_lift(sanction=sanction, by=scope.group_manager, lifted_on=days_ago(1), reason="Early.")
    assert error.value.code == "lifted_before_applied"
    with pytest.raises(ValidationError) as error:
        sanction_lift(sanction=sanction, by=scope.group_manager, lifted_on=timezone.localdate(), reason=" ")
    assert error.value.code == "reason_required"
    _lift(sanction, scope.group_manager)
    with pytest.raises(ValidationError) as error:
        _lift(sanction, scope.group_manager)
    assert error.value.code == "already_lifted"


@pytest.mark.parametrize("role", ["donor", "outsider"])
def test_only_those_who_keep_the_register_apply_or_lift_sanctions(scope, role):
    user = scope.users()[role]
    with pytest.raises(PermissionDenied):
        make_sanction(scope.member, user)
    sanction = make_sanction(scope.member, scope.group_manager)
    with pytest.raises(PermissionDenied):
        _lift(sanction, user)
    assert _status(scope.member) == MemberStatus.SANCTIONED
