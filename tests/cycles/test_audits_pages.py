"""The audit pages through the test client: the list with the group's certificates, recording an audit, its
findings and its certificate, and suspending or reinstating a certificate."""

import datetime
import html

import pytest
from django.urls import reverse
from django.utils import timezone

from cycles.models import MoveKind, NonConformity, Phase
from cycles.services import phase_move_record, trajectory_start
from cycles.services.audits import certificate_issue
from standards.models import Audit, Certificate, CertificateStatus, Requirement, Standard

from ..factories_nonconformities import (
    certification_body,
    choose,
    days_ago,
    make_audit,
    make_nc,
    other_organisation,
    requirement_of,
)
from ..helpers import form_error_codes, page_query_count


def _text(response) -> str:
    return html.unescape(response.content.decode())


def _list(scope):
    return reverse("cycles:audit_list", kwargs={"pk": scope.group.pk})


def _detail(audit):
    return reverse("cycles:audit_detail", kwargs={"pk": audit.pk})


@pytest.mark.parametrize(
    ("role", "records"), [("coordinator", True), ("field_officer", True), ("group_manager", True), ("donor", False)]
)
def test_list_shows_audits_and_certificates_and_offers_recording_to_those_who_keep_records(scope, login, role, records):
    audit = make_audit(scope.group, scope.group_manager)
    certificate_issue(
        audit=audit, by=scope.group_manager, number="FLO-1", valid_from=days_ago(5), valid_to=days_ago(-300)
    )
    text = _text(login(scope.users()[role]).get(_list(scope)))
    assert "Initial · Fairtrade" in text or "Initial ·" in text
    assert "FLO-1" in text
    assert ('data-testid="record-audit"' in text) is records
    assert ('data-testid="certificate-actions"' in text) is records


def test_list_without_a_chosen_standard_says_why_no_audit_can_be_recorded(scope, login):
    text = _text(login(scope.group_manager).get(_list(scope)))
    assert "The group has not chosen a standard yet" in text
    assert 'data-testid="record-audit"' not in text


def test_record_an_audit_through_the_page(scope, login):
    standard = choose(scope.group)
    body = certification_body()
    response = login(scope.group_manager).post(
        reverse("cycles:audit_create", kwargs={"pk": scope.group.pk}),
        {
            "standard": standard.pk,
            "certification_body": body.pk,
            "audit_type": "initial",
            "audited_on": days_ago(3).isoformat(),
            "auditor": "J. Mwangi",
            "summary": "Two findings.",
        },
    )
    audit = Audit.objects.get()
    assert response.status_code == 302
    assert response["Location"] == _detail(audit) + "#findings"
    assert (audit.standard, audit.certification_body, audit.recorded_by) == (standard, body, scope.group_manager)


def test_the_audit_form_offers_only_chosen_standards_and_certification_bodies(scope, login):
    chosen = choose(scope.group)
    other_standard = Standard.objects.exclude(pk=chosen.pk).first()
    assert other_standard is not None
    not_a_body = other_organisation()
    response = login(scope.group_manager).post(
        reverse("cycles:audit_create", kwargs={"pk": scope.group.pk}),
        {
            "standard": other_standard.pk,
            "certification_body": not_a_body.pk,
            "audit_type": "initial",
            "audited_on": days_ago(3).isoformat(),
        },
    )
    assert response.status_code == 400
    form = response.context["form"]
    assert set(form.errors) == {"standard", "certification_body"}
    assert list(form.fields["standard"].queryset) == [chosen]
    assert not Audit.objects.exists()


def test_record_a_finding_through_the_audit_page(scope, login):
    audit = make_audit(scope.group, scope.group_manager)
    requirement = requirement_of(audit.standard, 2)
    client = login(scope.field_officer)
    response = client.post(
        reverse("cycles:audit_finding_create", kwargs={"pk": audit.pk}),
        {
            "requirement": requirement.pk,
            "severity": "critical",
            "description": "Child labour risk not assessed.",
            "member": scope.member.pk,
        },
        follow=True,
    )
    nc = NonConformity.objects.get()
    assert (nc.audit, nc.requirement, nc.member, nc.severity) == (audit, requirement, scope.member, "critical")
    text = _text(response)
    assert "Finding recorded as a non-conformity" in text
    assert reverse("cycles:nc_detail", kwargs={"pk": nc.pk}) in text


def test_a_finding_can_only_name_a_requirement_of_the_audited_standard(scope, login):
    audit = make_audit(scope.group, scope.group_manager)
    elsewhere = Requirement.objects.exclude(standard=audit.standard).first()
    assert elsewhere is not None
    response = login(scope.group_manager).post(
        reverse("cycles:audit_finding_create", kwargs={"pk": audit.pk}),
        {"requirement": elsewhere.pk, "severity": "minor", "description": "Typed with care."},
    )
    assert response.status_code == 400
    assert "requirement" in response.context["form"].errors
    assert "Typed with care." in _text(response)


@pytest.mark.parametrize(("role", "names"), [("group_manager", True), ("donor", False)])
def test_findings_name_members_only_for_those_who_keep_the_register(scope, login, role, names):
    audit = make_audit(scope.group, scope.group_manager)
    make_nc(scope.group, scope.group_manager, audit=audit, member=scope.member)
    text = _text(login(scope.users()[role]).get(_detail(audit)))
    assert ("Wanjiru Kamau" in text) is names


def test_issue_and_renew_a_certificate_through_the_pages(scope, login):
    client = login(scope.group_manager)
    initial = make_audit(scope.group, scope.group_manager, audited_on=days_ago(400))
    url = reverse("cycles:certificate_issue", kwargs={"pk": initial.pk})
    assert 'data-testid="issue-certificate"' in _text(client.get(_detail(initial)))
    response = client.post(
        url,
        {
            "number": "FLO-1",
            "scope": "Coffee",
            "valid_from": days_ago(390).isoformat(),
            "valid_to": days_ago(-30).isoformat(),
        },
    )
    assert response.status_code == 302
    old = Certificate.objects.get(number="FLO-1")
    renewal = make_audit(scope.group, scope.group_manager, audit_type="renewal", audited_on=days_ago(2))
    text = _text(client.get(reverse("cycles:certificate_issue", kwargs={"pk": renewal.pk})))
    assert 'data-testid="replaces"' in text
    assert "FLO-1" in text
    client.post(
        reverse("cycles:certificate_issue", kwargs={"pk": renewal.pk}),
        {"number": "FLO-2", "valid_from": days_ago(1).isoformat(), "valid_to": days_ago(-1000).isoformat()},
    )
    old.refresh_from_db()
    assert old.status == CertificateStatus.EXPIRED
    assert Certificate.objects.get(number="FLO-2").status == CertificateStatus.ACTIVE


def test_a_refused_certificate_keeps_what_was_typed(scope, login):
    audit = make_audit(scope.group, scope.group_manager)
    response = login(scope.group_manager).post(
        reverse("cycles:certificate_issue", kwargs={"pk": audit.pk}),
        {
            "number": "FLO-77",
            "scope": "Coffee",
            "valid_from": days_ago(5).isoformat(),
            "valid_to": days_ago(6).isoformat(),
        },
    )
    assert response.status_code == 400
    assert "A certificate ends after it starts." in _text(response)
    assert form_error_codes(response.context["form"]) == {"valid_to": ["period_reversed"]}
    assert 'value="FLO-77"' in _text(response)


def _certified_group(scope):
    start = timezone.now() - datetime.timedelta(days=400)
    trajectory_start(group=scope.group, by=scope.coordinator, at=start)
    for day, phase in enumerate(Phase.objects.filter(order__gt=1, order__lte=4).order_by("order")):
        phase_move_record(
            group=scope.group,
            kind=MoveKind.OVERRIDE,
            to_phase=phase,
            by=scope.coordinator,
            reason="History.",
            at=start + datetime.timedelta(days=day + 1),
        )
    audit = make_audit(scope.group, scope.group_manager)
    return certificate_issue(
        audit=audit, by=scope.group_manager, number="FLO-9", valid_from=days_ago(5), valid_to=days_ago(-300)
    )


def test_a_group_manager_suspending_is_told_the_field_officer_moves_the_group(scope, login):
    certificate = _certified_group(scope)
    response = login(scope.group_manager).post(
        reverse("cycles:certificate_suspend", kwargs={"pk": certificate.pk}),
        {"reason": "Letter from the certification body."},
        follow=True,
    )
    text = _text(response)
    assert "Certificate FLO-9 is suspended." in text
    assert "ask them to record the move on the phase page" in text
    scope.group.trajectory.refresh_from_db()
    assert scope.group.trajectory.phase.code == "initial-certificate"


def test_a_field_officer_suspending_sends_the_group_back_and_reinstating_keeps_the_phase(scope, login):
    certificate = _certified_group(scope)
    client = login(scope.field_officer)
    response = client.post(
        reverse("cycles:certificate_suspend", kwargs={"pk": certificate.pk}), {"reason": "Audit failed."}, follow=True
    )
    assert "is suspended, and the group is back in “Planning phase 2" in _text(response)
    scope.group.trajectory.refresh_from_db()
    assert scope.group.trajectory.phase.code == "planning-2"
    response = client.post(
        reverse("cycles:certificate_reinstate", kwargs={"pk": certificate.pk}), {"reason": "Lifted."}, follow=True
    )
    certificate.refresh_from_db()
    assert certificate.status == CertificateStatus.ACTIVE
    assert "The group's phase does not change" in _text(response)
    scope.group.trajectory.refresh_from_db()
    assert scope.group.trajectory.phase.code == "planning-2"


def test_a_suspension_without_a_reason_is_refused(scope, login):
    certificate = _certified_group(scope)
    response = login(scope.group_manager).post(
        reverse("cycles:certificate_suspend", kwargs={"pk": certificate.pk}), {"reason": ""}, follow=True
    )
    assert "Say why: it is kept in the certificate's history." in _text(response)
    certificate.refresh_from_db()
    assert certificate.status == CertificateStatus.ACTIVE


def test_the_audit_page_shows_its_history(scope, login):
    audit = make_audit(scope.group, scope.group_manager)
    history = login(scope.donor).get(_detail(audit)).context["history"]
    assert history[0].by == scope.group_manager


def _grow(scope, count):
    for index in range(count):
        audit = make_audit(scope.group, scope.coordinator, audit_type="renewal", audited_on=days_ago(10 + index))
        make_nc(scope.group, scope.coordinator, audit=audit, member=scope.member, index=index % 5)
        Certificate.objects.create(
            group=scope.group,
            standard=audit.standard,
            certification_body=audit.certification_body,
            number=f"N-{Audit.objects.count()}",
            valid_from=days_ago(5),
            valid_to=days_ago(-100),
            audit=audit,
            status=CertificateStatus.EXPIRED,
        )


@pytest.mark.parametrize("role", ["group_manager", "donor"])
def test_audit_list_queries_do_not_grow_with_audits_or_certificates(scope, login, role):
    client = login(scope.users()[role])
    _grow(scope, 3)

    small = page_query_count(client, _list(scope))
    _grow(scope, 37)
    large = page_query_count(client, _list(scope))
    assert large == small, f"{small} queries for 3 audits, {large} for 40"
    assert large <= 20
