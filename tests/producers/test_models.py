"""Validation of the register and of roles, with the messages a user reads."""

from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from producers.models import Membership, Role
from producers.models.organisations import InterestGroup, OrganisationKind

from ..factories import (
    AssignmentFactory,
    MemberFactory,
    OrganisationFactory,
    PlotFactory,
    ProducerGroupFactory,
    UserFactory,
)


def _codes(error: ValidationError) -> set[str]:
    return {e.code for errors in error.error_dict.values() for e in errors if e.code}


@pytest.mark.django_db
def test_member_number_is_unique_within_a_group_but_not_across_groups():
    member = MemberFactory.create(member_number="KK-001")
    MemberFactory.create(member_number="KK-001")  # another group
    with pytest.raises(IntegrityError), transaction.atomic():
        MemberFactory.create(member_number="KK-001", group=member.group)


@pytest.mark.django_db
def test_certified_area_cannot_exceed_the_plot():
    plot = PlotFactory.build(member=MemberFactory.create(), area_ha=Decimal("1.0"), certified_area_ha=Decimal("1.2"))
    with pytest.raises(ValidationError) as error:
        plot.full_clean()
    assert "certified_area_too_large" in _codes(error.value)
    with pytest.raises(IntegrityError), transaction.atomic():
        plot.save()


@pytest.mark.django_db
def test_a_gps_point_needs_both_coordinates():
    plot = PlotFactory.build(member=MemberFactory.create(), latitude=Decimal("-0.42"), longitude=None)
    with pytest.raises(ValidationError) as error:
        plot.full_clean()
    assert "gps_point_incomplete" in _codes(error.value)


@pytest.mark.django_db
def test_a_latitude_outside_the_globe_is_refused():
    plot = PlotFactory.build(member=MemberFactory.create(), latitude=Decimal("91"), longitude=Decimal("36.9"))
    with pytest.raises(ValidationError) as error:
        plot.full_clean()
    assert "latitude" in error.value.error_dict


@pytest.mark.django_db
def test_consent_recorded_by_someone_needs_a_date():
    member = MemberFactory.build(
        group=ProducerGroupFactory.create(), consent_given_on=None, consent_recorded_by=UserFactory.create()
    )
    with pytest.raises(ValidationError) as error:
        member.full_clean()
    assert "consent_date_missing" in _codes(error.value)


@pytest.mark.django_db
def test_an_organisation_kind_must_fit_its_interest_group():
    organisation = OrganisationFactory.build(interest_group=InterestGroup.BUYER, kind=OrganisationKind.DONOR)
    with pytest.raises(ValidationError) as error:
        organisation.full_clean()
    assert "kind_outside_interest_group" in _codes(error.value)


@pytest.mark.django_db
def test_only_a_producer_organisation_can_be_a_group():
    group = ProducerGroupFactory.build(organisation=OrganisationFactory.create())
    with pytest.raises(ValidationError) as error:
        group.full_clean()
    assert "not_a_producer_organisation" in _codes(error.value)


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("role", "interest_group", "kind", "code"),
    [
        (Role.GROUP_MANAGER, InterestGroup.CIVIL_SOCIETY, OrganisationKind.NGO, "manager_without_group"),
        (Role.DONOR, InterestGroup.CIVIL_SOCIETY, OrganisationKind.NGO, "donor_without_funder"),
        (Role.FIELD_OFFICER, InterestGroup.BUYER, OrganisationKind.EXPORTER, "field_officer_outside_support"),
    ],
)
def test_a_role_must_fit_its_organisation(role, interest_group, kind, code):
    organisation = OrganisationFactory.create(interest_group=interest_group, kind=kind)
    membership = Membership(user=UserFactory.create(), organisation=organisation, role=role)
    with pytest.raises(ValidationError) as error:
        membership.full_clean()
    assert code in _codes(error.value)


@pytest.mark.django_db
def test_only_a_field_officer_holds_a_portfolio():
    assignment = AssignmentFactory.build(field_officer=UserFactory.create(), group=ProducerGroupFactory.create())
    with pytest.raises(ValidationError) as error:
        assignment.full_clean()
    assert "not_a_field_officer" in _codes(error.value)
