"""External audits of a group: the list with the group's certificates, recording an audit and its findings, and
issuing, suspending and reinstating a certificate.

Everyone who sees the group reads its audits and certificates (a finding's member only for those who may see the
register); those who keep the group's records change them; donors read only (403); outside the scope, 404.
"""

from typing import Any

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from producers.history import history_entries
from producers.selectors import can_see_register, group_get_for_user
from producers.views.helpers import add_service_errors, error_messages, request_user
from standards.models import Audit, Certificate, CertificateStatus

from ..forms.audits import AuditForm, CertificateForm, CertificateReasonForm, FindingForm
from ..selectors.audits import (
    audit_certificates,
    audit_findings,
    audit_get_for_user,
    audit_list,
    audit_requirements,
    certificate_get_for_user,
    certification_bodies,
    chosen_standards,
    group_certificate_list,
    group_members,
)
from ..services.audits import (
    CERTIFYING_AUDITS,
    audit_finding_create,
    audit_record,
    certificate_issue,
    certificate_reinstate,
    certificate_suspend,
)
from ..services.permissions import require_change
from .records_context import records_context

# Where a service's refusal goes on each form (see add_service_errors); other refusals show above the form.
AUDIT_REFUSAL_FIELDS = {
    "standard_not_chosen": "standard",
    "not_a_certification_body": "certification_body",
    "audit_type": "audit_type",
    "future_date": "audited_on",
}
FINDING_REFUSAL_FIELDS = {
    "requirement_other_standard": "requirement",
    "severity": "severity",
    "description_required": "description",
    "member_elsewhere": "member",
}
CERTIFICATE_REFUSAL_FIELDS = {
    "number_required": "number",
    "number_taken": "number",
    "period_reversed": "valid_to",
    "already_ended": "valid_to",
    "before_audit": "valid_from",
}


def _audit_url(audit: Audit, anchor: str = "") -> str:
    url = reverse("cycles:audit_detail", kwargs={"pk": audit.pk})
    return f"{url}#{anchor}" if anchor else url


def _certificate_rows(certificates: Any, *, changeable: bool, history: bool = False) -> list[dict[str, Any]]:
    """Each certificate with the form for what may happen to it next, for those who keep the records, and its
    history where asked (one query per certificate: the audit page's one or two, not the group's list)."""
    rows = []
    for certificate in certificates:
        form = None
        if changeable and certificate.status in (CertificateStatus.ACTIVE, CertificateStatus.SUSPENDED):
            form = CertificateReasonForm(auto_id=f"id_certificate{certificate.pk}_%s")
        rows.append(
            {"certificate": certificate, "form": form, "history": history_entries(certificate) if history else []}
        )
    return rows


def audit_list_view(request: HttpRequest, pk: int) -> HttpResponse:
    group = group_get_for_user(user=request_user(request), pk=pk)
    context = records_context(request_user(request), group)
    page = Paginator(audit_list(group=group), settings.PAGE_SIZE).get_page(request.GET.get("page"))
    context.update(
        {
            "page": page,
            "certificates": _certificate_rows(group_certificate_list(group), changeable=context["can_change"]),
            "has_standards": chosen_standards(group).exists(),
        }
    )
    return render(request, "cycles/audits/list.html", context)


def audit_create_view(request: HttpRequest, pk: int) -> HttpResponse:
    user = request_user(request)
    group = group_get_for_user(user=user, pk=pk)
    require_change(user, group)
    standards = chosen_standards(group)
    form = AuditForm(request.POST or None, standards=standards, certification_bodies=certification_bodies())
    if request.method == "POST" and form.is_valid():
        try:
            audit = audit_record(group=group, by=user, **form.cleaned_data)
        except ValidationError as error:
            add_service_errors(form, error, AUDIT_REFUSAL_FIELDS)
        else:
            messages.success(request, _("Audit recorded. Add its findings below, one per requirement."))
            return redirect(_audit_url(audit, "findings"))
    context = records_context(user, group)
    context.update({"form": form, "has_standards": standards.exists()})
    return render(request, "cycles/audits/form.html", context, status=400 if request.method == "POST" else 200)


def _finding_form(request: HttpRequest, audit: Audit, data: Any = None) -> FindingForm:
    members = group_members(audit.group) if can_see_register(request_user(request), audit.group) else None
    return FindingForm(data, requirements=audit_requirements(audit), members=members)


def audit_detail_view(request: HttpRequest, pk: int) -> HttpResponse:
    audit = audit_get_for_user(user=request_user(request), pk=pk)
    context = records_context(request_user(request), audit.group)
    certificates = list(audit_certificates(audit))
    context.update(
        {
            "audit": audit,
            "findings": audit_findings(audit),
            "certificates": _certificate_rows(certificates, changeable=context["can_change"], history=True),
            "may_issue": audit.audit_type in CERTIFYING_AUDITS and not certificates,
            "finding_form": _finding_form(request, audit) if context["can_change"] else None,
            "history": history_entries(audit),
        }
    )
    return render(request, "cycles/audits/detail.html", context)


def audit_finding_create_view(request: HttpRequest, pk: int) -> HttpResponse:
    user = request_user(request)
    audit = audit_get_for_user(user=user, pk=pk)
    require_change(user, audit.group)
    form = _finding_form(request, audit, request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        try:
            finding = audit_finding_create(
                audit=audit,
                by=user,
                requirement=form.cleaned_data["requirement"],
                severity=form.cleaned_data["severity"],
                description=form.cleaned_data["description"],
                member=form.cleaned_data.get("member"),
            )
        except ValidationError as error:
            add_service_errors(form, error, FINDING_REFUSAL_FIELDS)
        else:
            messages.success(
                request,
                _("Finding recorded as a non-conformity against %(code)s. Agree its corrective actions from its page.")
                % {"code": finding.requirement.code},
            )
            return redirect(_audit_url(audit, "findings"))
    context = records_context(user, audit.group)
    context.update({"audit": audit, "form": form})
    return render(request, "cycles/audits/finding_form.html", context, status=400 if request.method == "POST" else 200)


def certificate_issue_view(request: HttpRequest, pk: int) -> HttpResponse:
    user = request_user(request)
    audit = audit_get_for_user(user=user, pk=pk)
    require_change(user, audit.group)
    form = CertificateForm(request.POST or None, initial={"valid_from": audit.audited_on})
    if request.method == "POST" and form.is_valid():
        try:
            certificate = certificate_issue(audit=audit, by=user, **form.cleaned_data)
        except ValidationError as error:
            add_service_errors(form, error, CERTIFICATE_REFUSAL_FIELDS)
        else:
            messages.success(request, _("Certificate %(number)s recorded as active.") % {"number": certificate.number})
            return redirect(_audit_url(audit, "certificates"))
    context = records_context(user, audit.group)
    context.update(
        {
            "audit": audit,
            "form": form,
            "certifies": audit.audit_type in CERTIFYING_AUDITS,
            "replaces": list(
                Certificate.objects.filter(
                    group=audit.group,
                    standard=audit.standard,
                    status__in=[CertificateStatus.ACTIVE, CertificateStatus.SUSPENDED],
                )
            ),
        }
    )
    return render(
        request, "cycles/audits/certificate_form.html", context, status=400 if request.method == "POST" else 200
    )


def _certificate_url(certificate: Certificate) -> str:
    if certificate.audit_id:
        return reverse("cycles:audit_detail", kwargs={"pk": certificate.audit_id}) + "#certificates"
    return reverse("cycles:audit_list", kwargs={"pk": certificate.group_id}) + f"#certificate-{certificate.pk}"


def _certificate_for_change(request: HttpRequest, pk: int) -> tuple[Certificate, str | None]:
    """The certificate (404 outside the scope, 403 for those who read only) and the reason given, if any."""
    user = request_user(request)
    certificate = certificate_get_for_user(user=user, pk=pk)
    require_change(user, certificate.group)
    form = CertificateReasonForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Say why: it is kept in the certificate's history."))
        return certificate, None
    return certificate, form.cleaned_data["reason"]


@require_POST
def certificate_suspend_view(request: HttpRequest, pk: int) -> HttpResponse:
    certificate, reason = _certificate_for_change(request, pk)
    if reason is None:
        return redirect(_certificate_url(certificate))
    try:
        outcome = certificate_suspend(certificate=certificate, by=request_user(request), reason=reason)
    except ValidationError as error:
        error_messages(request, error)
        return redirect(_certificate_url(certificate))
    if outcome.move is not None:
        messages.success(
            request,
            _("Certificate %(number)s is suspended, and the group is back in “%(phase)s”.")
            % {"number": certificate.number, "phase": outcome.move.to_phase.name},
        )
    elif outcome.move_pending:
        messages.success(request, _("Certificate %(number)s is suspended.") % {"number": certificate.number})
        messages.warning(
            request,
            _(
                "A suspended certificate sends the group back to planning phase 2. Moving the group through the "
                "phases is for its field officer: ask them to record the move on the phase page."
            ),
        )
    else:
        messages.success(request, _("Certificate %(number)s is suspended.") % {"number": certificate.number})
    return redirect(_certificate_url(certificate))


@require_POST
def certificate_reinstate_view(request: HttpRequest, pk: int) -> HttpResponse:
    certificate, reason = _certificate_for_change(request, pk)
    if reason is None:
        return redirect(_certificate_url(certificate))
    try:
        certificate_reinstate(certificate=certificate, by=request_user(request), reason=reason)
    except ValidationError as error:
        error_messages(request, error)
    else:
        messages.success(
            request,
            _(
                "Certificate %(number)s is active again. The group's phase does not change: it advances through "
                "the gates again."
            )
            % {"number": certificate.number},
        )
    return redirect(_certificate_url(certificate))
