"""The one question every view asks: which groups may this user see, and which may they change?"""

import pytest

from producers.models import Role
from producers.selectors import (
    can_see_register,
    groups_editable_by,
    groups_visible_to,
    member_list,
    programmes_visible_to,
    roles_of,
)

from ..factories import MemberFactory, MembershipFactory, ProducerGroupFactory, ProgrammeFactory, UserFactory


def _names(groups):
    return sorted(g.organisation.name for g in groups)


@pytest.mark.parametrize(
    ("role", "visible", "editable"),
    [
        ("coordinator", ["Inside Cooperative", "Outside Cooperative"], ["Inside Cooperative", "Outside Cooperative"]),
        ("field_officer", ["Inside Cooperative"], ["Inside Cooperative"]),
        ("group_manager", ["Inside Cooperative"], ["Inside Cooperative"]),
        ("donor", ["Inside Cooperative"], []),
        ("outsider", [], []),
    ],
)
def test_each_role_sees_and_changes_exactly_its_scope(scope, role, visible, editable):
    user = scope.users()[role]
    assert _names(groups_visible_to(user)) == visible
    assert _names(groups_editable_by(user)) == editable


def test_a_user_without_any_role_sees_nothing(db):
    user = UserFactory.create()
    assert not roles_of(user).any
    assert list(groups_visible_to(user)) == []


def test_a_superuser_is_treated_as_a_coordinator(scope):
    admin = UserFactory.create(is_superuser=True)
    assert roles_of(admin).coordinator
    assert groups_visible_to(admin).count() == 2


def test_roles_add_up_when_a_user_holds_several(scope):
    # A field officer who also manages a second group sees both, each once.
    MembershipFactory.create(
        user=scope.field_officer, organisation=scope.other_group.organisation, role=Role.GROUP_MANAGER
    )
    assert _names(groups_visible_to(scope.field_officer)) == ["Inside Cooperative", "Outside Cooperative"]


def test_a_group_appears_once_however_many_paths_lead_to_it(scope):
    # Two programmes of the same funder support the group, and the donor holds the role twice over.
    funder = scope.donor.memberships.get().organisation
    ProgrammeFactory.create(funder=funder, groups=[scope.group])
    MembershipFactory.create(user=scope.donor, organisation=scope.group.organisation, role=Role.GROUP_MANAGER)
    assert _names(groups_visible_to(scope.donor)) == ["Inside Cooperative"]
    assert _names(groups_editable_by(scope.donor)) == ["Inside Cooperative"]


def test_only_those_who_keep_the_register_see_farmers_personal_data(scope):
    assert can_see_register(scope.coordinator, scope.group)
    assert can_see_register(scope.field_officer, scope.group)
    assert can_see_register(scope.group_manager, scope.group)
    assert not can_see_register(scope.donor, scope.group)
    assert not can_see_register(scope.outsider, scope.group)
    assert not can_see_register(scope.field_officer, scope.other_group)


def test_donor_sees_only_the_programmes_of_their_funder(scope):
    assert [p.funder for p in programmes_visible_to(scope.donor)] == [scope.donor.memberships.get().organisation]
    assert list(programmes_visible_to(scope.field_officer)) == []
    assert programmes_visible_to(scope.coordinator).count() == 1


def test_member_search_matches_number_name_village_and_phone(db):
    group = ProducerGroupFactory.create()
    MemberFactory.create(group=group, member_number="NY-001", first_name="Wanjiku", village="Karatina", phone="+254711")
    MemberFactory.create(group=group, member_number="NY-002", first_name="Kamau", village="Othaya", phone="+254722")
    for query, expected in [("ny-001", "NY-001"), ("wanj", "NY-001"), ("othaya", "NY-002"), ("722", "NY-002")]:
        assert [m.member_number for m in member_list(group=group, query=query)] == [expected]
    assert member_list(group=group, query="nobody").count() == 0


def test_member_list_filters_by_status_and_counts_plots(db):
    group = ProducerGroupFactory.create()
    MemberFactory.create(group=group, status="approved")
    MemberFactory.create(group=group, status="applicant")
    assert member_list(group=group, status="applicant").count() == 1
    assert [vars(m)["plot_count"] for m in member_list(group=group)] == [0, 0]
