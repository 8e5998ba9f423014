"""The rules over a group's certification: certificates that end soon, the yearly audit coming while weighty
findings are still open. See `cycles.reminders.rules` for what every rule promises."""

from datetime import date, timedelta

from django.db.models import Count, Exists, Max, OuterRef, QuerySet
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from producers.models import ProducerGroup
from standards.models import Audit, Certificate, CertificateStatus, Standard

from ..models import (
    NCStatus,
    NonConformity,
    Severity,
)
from .common import day_text, group_ids, groups_by_id
from .items import Item, ItemKind

# A certificate is listed from 90 days before it ends; the stages say how close it is (a digest sends each once).
CERTIFICATE_STAGES = (90, 30, 7)
# The yearly external audit is expected this long after the last one, and listed from 30 days before.
AUDIT_INTERVAL_DAYS = 365
AUDIT_NOTICE_DAYS = 30
WEIGHTY = (Severity.MAJOR, Severity.CRITICAL)


def certificate_stage(days_left: int) -> int | None:
    """The closest stage a certificate ending in `days_left` days has reached (90, 30 or 7), or None if it ends
    later than the first stage (or has ended)."""
    if days_left < 0:
        return None
    reached = [stage for stage in CERTIFICATE_STAGES if days_left <= stage]
    return min(reached) if reached else None


def certificates_expiring(groups: QuerySet[ProducerGroup], *, today: date) -> list[Item]:
    """Active certificates ending within 90 days (by stage: 90, 30, 7) that no later certificate of the same
    standard replaces yet. Handled when the renewal is recorded (or the certificate is suspended or withdrawn)."""
    renewed = Certificate.objects.filter(
        group=OuterRef("group"), standard=OuterRef("standard"), valid_to__gt=OuterRef("valid_to")
    ).exclude(status__in=[CertificateStatus.SUSPENDED, CertificateStatus.WITHDRAWN])
    certificates = (
        Certificate.objects.filter(
            group__in=group_ids(groups),
            status=CertificateStatus.ACTIVE,
            valid_to__gte=today,
            valid_to__lte=today + timedelta(days=max(CERTIFICATE_STAGES)),
        )
        .filter(~Exists(renewed))
        .select_related("group__organisation", "standard")
    )
    items = []
    for certificate in certificates:
        stage = certificate_stage((certificate.valid_to - today).days)
        items.append(
            Item(
                kind=ItemKind.CERTIFICATE_EXPIRING,
                group=certificate.group,
                record=_("%(standard)s certificate %(number)s")
                % {"standard": _standard_name(certificate.standard), "number": certificate.number},
                detail=_("Ends on %(day)s (within %(stage)d days): plan the renewal audit.")
                % {"day": day_text(certificate.valid_to), "stage": stage},
                due_on=certificate.valid_to,
                url=reverse("cycles:audit_list", kwargs={"pk": certificate.group_id}),
                key=f"certificate:{certificate.pk}:{stage}",
            )
        )
    return items


def _standard_name(standard: Standard) -> str:
    return standard.short_name or standard.name


def audits_coming_with_majors_open(groups: QuerySet[ProducerGroup], *, today: date) -> list[Item]:
    """The yearly external audit of a standard (expected `AUDIT_INTERVAL_DAYS` after the group's last audit of it)
    coming within 30 days while major or critical non-conformities that count against the standard are still open.
    Handled when they are closed (or the audit is recorded: the next one is then a year away)."""
    last_audits = list(
        Audit.objects.filter(group__in=group_ids(groups))
        .values_list("group", "standard")
        .annotate(last=Max("audited_on"))
        .values_list("group", "standard", "last")
    )
    coming = {
        (group_id, standard_id): last + timedelta(days=AUDIT_INTERVAL_DAYS)
        for group_id, standard_id, last in last_audits
        if today <= last + timedelta(days=AUDIT_INTERVAL_DAYS) <= today + timedelta(days=AUDIT_NOTICE_DAYS)
    }
    if not coming:
        return []
    counted = NonConformity.requirements.through.objects.filter(
        nonconformity__group__in={group_id for group_id, _standard in coming},
        nonconformity__severity__in=WEIGHTY,
        requirement__standard__in={standard_id for _group, standard_id in coming},
    ).exclude(nonconformity__status=NCStatus.CLOSED)
    weighty = {
        (group_id, standard_id): count
        for group_id, standard_id, count in counted.values_list("nonconformity__group", "requirement__standard")
        .annotate(findings=Count("nonconformity", distinct=True))
        .values_list("nonconformity__group", "requirement__standard", "findings")  # type: ignore[misc]
    }
    concerned = {key: day for key, day in coming.items() if weighty.get(key)}
    found = groups_by_id({group_id for group_id, _standard in concerned})
    standards = Standard.objects.in_bulk({standard_id for _group, standard_id in concerned})
    items = []
    for (group_id, standard_id), expected in concerned.items():
        standard = standards[standard_id]
        count = weighty[(group_id, standard_id)]
        items.append(
            Item(
                kind=ItemKind.AUDIT_WITH_MAJORS,
                group=found[group_id],
                record=_("The yearly %(standard)s audit, expected around %(day)s")
                % {"standard": _standard_name(standard), "day": day_text(expected)},
                detail=ngettext(
                    "%(count)d major or critical non-conformity is still open.",
                    "%(count)d major or critical non-conformities are still open.",
                    count,
                )
                % {"count": count},
                due_on=expected,
                url=reverse("cycles:nc_list", kwargs={"pk": group_id}) + f"?standard={standard.code}",
                key=f"audit:{group_id}:{standard_id}:{expected.isoformat()}",
            )
        )
    return items
