"""Read-side queries of external audits, their findings and the certificates issued from them."""

from django.db.models import Case, Count, Prefetch, Q, QuerySet, When
from django.shortcuts import get_object_or_404

from producers.models import Member, Organisation, ProducerGroup, User
from producers.models.organisations import OrganisationKind
from producers.selectors import group_get_for_user
from standards.models import Audit, Certificate, CertificateStatus, Requirement, Standard

from ..models import NCStatus, NonConformity


def audit_get_for_user(*, user: User, pk: int) -> Audit:
    """The audit if the user sees its group; 404 otherwise."""
    audit = get_object_or_404(
        Audit.objects.select_related("group__organisation", "standard", "certification_body", "recorded_by"), pk=pk
    )
    group_get_for_user(user=user, pk=audit.group_id)
    return audit


def certificate_get_for_user(*, user: User, pk: int) -> Certificate:
    certificate = get_object_or_404(
        Certificate.objects.select_related("group__organisation", "standard", "certification_body", "audit"), pk=pk
    )
    group_get_for_user(user=user, pk=certificate.group_id)
    return certificate


def audit_list(*, group: ProducerGroup) -> QuerySet[Audit]:
    """The group's audits, newest first, each with its findings in figures and the certificates issued from it
    (a fixed number of queries whatever their number)."""
    return (
        Audit.objects.filter(group=group)
        .select_related("standard", "certification_body")
        .annotate(
            finding_total=Count("findings", distinct=True),
            finding_open=Count("findings", filter=~Q(findings__status=NCStatus.CLOSED), distinct=True),
            finding_major=Count(
                "findings",
                filter=~Q(findings__status=NCStatus.CLOSED) & Q(findings__severity__in=["major", "critical"]),
                distinct=True,
            ),
        )
        .prefetch_related(Prefetch("certificates", queryset=Certificate.objects.order_by("-valid_from")))
        .order_by("-audited_on", "-pk")
    )


def group_certificate_list(group: ProducerGroup) -> QuerySet[Certificate]:
    """The group's certificates: active first, then suspended, then the most recent."""
    return (
        Certificate.objects.filter(group=group)
        .select_related("standard", "certification_body", "audit__standard")
        .order_by(
            Case(
                When(status=CertificateStatus.ACTIVE, then=0),
                When(status=CertificateStatus.SUSPENDED, then=1),
                default=2,
            ),
            "-valid_from",
            "-pk",
        )
    )


def audit_findings(audit: Audit) -> QuerySet[NonConformity]:
    return (
        NonConformity.objects.filter(audit=audit)
        .select_related("requirement", "member")
        .annotate(action_total=Count("actions"))
        .order_by(Case(When(status=NCStatus.CLOSED, then=1), default=0), "requirement__code", "pk")
    )


def audit_certificates(audit: Audit) -> QuerySet[Certificate]:
    return Certificate.objects.filter(audit=audit).select_related("standard", "certification_body")


def chosen_standards(group: ProducerGroup) -> QuerySet[Standard]:
    """The standards the group aims for or holds: an audit is against one of these."""
    return Standard.objects.filter(group_choices__group=group).order_by("name")


def certification_bodies() -> QuerySet[Organisation]:
    return Organisation.objects.filter(kind=OrganisationKind.CERTIFICATION_BODY).order_by("name")


def audit_requirements(audit: Audit) -> QuerySet[Requirement]:
    """The requirements a finding of this audit may be against: those of the audited standard."""
    return Requirement.objects.filter(standard=audit.standard).order_by("code")


def group_members(group: ProducerGroup) -> QuerySet[Member]:
    return Member.objects.filter(group=group).order_by("member_number")
