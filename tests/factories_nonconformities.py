"""Builders for non-conformities, corrective actions, sanctions, external audits and certificates.

They go through the services, as the application does, so the status history and the record history exist.
"""

import datetime

from django.utils import timezone

from cycles.models import CorrectiveAction, NonConformity, Sanction, SanctionType
from cycles.services.audits import audit_finding_create, audit_record
from cycles.services.inspections import inspector_create
from cycles.services.nonconformities import corrective_action_create
from cycles.services.sanctions import sanction_apply
from producers.models import Member, Organisation, ProducerGroup, Role, User
from producers.models.organisations import InterestGroup, OrganisationKind
from standards.models import Audit, GroupStandard, Requirement, Standard

from .factories import MembershipFactory, OrganisationFactory, UserFactory

STANDARD = "fairtrade-spo"


def days_ago(days: int) -> datetime.date:
    return timezone.localdate() - datetime.timedelta(days=days)


def choose(group: ProducerGroup, code: str = STANDARD) -> Standard:
    """The group chooses a shipped standard (idempotent: other areas may have chosen it already)."""
    chosen, _created = GroupStandard.objects.get_or_create(
        group=group, standard=Standard.objects.get(code=code), defaults={"chosen_on": datetime.date(2024, 5, 1)}
    )
    return chosen.standard


def certification_body(name: str = "Kilele Certification Services Ltd") -> Organisation:
    body, _created = Organisation.objects.get_or_create(
        name=name,
        defaults={
            "country": "KE",
            "interest_group": InterestGroup.QUALITY_PROFESSIONAL,
            "kind": OrganisationKind.CERTIFICATION_BODY,
        },
    )
    return body


def other_organisation() -> Organisation:
    return OrganisationFactory.create(name="Not a certification body", kind=OrganisationKind.NGO)


def requirement_of(standard: Standard, index: int = 0) -> Requirement:
    return Requirement.objects.filter(standard=standard).order_by("code")[index]


def make_audit(
    group: ProducerGroup,
    by: User,
    *,
    audit_type: str = "initial",
    audited_on: datetime.date | None = None,
    code: str = STANDARD,
) -> Audit:
    return audit_record(
        group=group,
        by=by,
        standard=choose(group, code),
        certification_body=certification_body(),
        audit_type=audit_type,
        audited_on=audited_on or days_ago(30),
        auditor="A. Auditor",
        summary="Two findings on traceability.",
    )


def make_nc(
    group: ProducerGroup,
    by: User,
    *,
    member: Member | None = None,
    severity: str = "major",
    audit: Audit | None = None,
    index: int = 0,
) -> NonConformity:
    """A non-conformity found by an external audit (the inspections area builds the internal ones)."""
    audit = audit or make_audit(group, by)
    return audit_finding_create(
        audit=audit,
        by=by,
        requirement=requirement_of(audit.standard, index),
        severity=severity,
        description="Sales records do not match the members' deliveries.",
        member=member,
    )


def make_action(
    nc: NonConformity, by: User, *, due_on: datetime.date | None = None, description: str = "Reconcile the books."
) -> CorrectiveAction:
    return corrective_action_create(
        nonconformity=nc, by=by, description=description, owner="ICS manager", due_on=due_on or days_ago(-30)
    )


def sanction_type(code: str) -> SanctionType:
    return SanctionType.objects.get(code=code)


def make_sanction(member: Member, by: User, *, code: str = "warning", nc: NonConformity | None = None) -> Sanction:
    return sanction_apply(
        member=member,
        sanction_type=sanction_type(code),
        by=by,
        applied_on=timezone.localdate(),
        reason="Pesticide records missing for the second time.",
        nonconformity=nc,
    )


def make_ics_inspector(group: ProducerGroup, by: User, *, username: str = "ics.inspector") -> User:
    """A second person of the group's internal control system: a login of the group's organisation who is one of its
    active internal inspectors, so that the one who reported the corrective actions done is not the one who
    verifies them."""
    user = UserFactory.create(username=username, first_name="Joseph", last_name="Kariuki")
    MembershipFactory.create(user=user, organisation=group.organisation, role=Role.GROUP_MANAGER)
    inspector_create(group=group, by=by, name="Joseph Kariuki", user=user)
    return user
