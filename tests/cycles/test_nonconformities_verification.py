"""Verification needs a second person: the one who reported the corrective actions done never verifies them, a major
or critical finding is not closed by the one who recorded it, and only the group's internal control system (its ICS
manager, its internal inspectors) verifies. The rule is reference data a coordinator changes; the page shows the
verification form only to those who may verify, and tells the others why not and who may."""

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from cycles.models import NCStatus, NCStatusChange, VerificationRule
from cycles.reference_data import VERIFICATION_RULES
from cycles.selectors.verification import verification_check
from cycles.services.inspections import inspector_create
from cycles.services.nonconformities import corrective_action_done, nonconformity_move

from ..factories_nonconformities import make_action, make_ics_inspector, make_nc
from ..helpers import page_text

PLANNED, IMPLEMENTED, CLOSED = NCStatus.ACTION_PLANNED, NCStatus.IMPLEMENTED, NCStatus.CLOSED


def _implemented(nc, *, by, done_by=None):
    """Plan an action, mark it done (by `done_by`, else `by`) and report the non-conformity implemented (by `by`)."""
    action = make_action(nc, by)
    nonconformity_move(nonconformity=nc, by=by, to_status=PLANNED)
    corrective_action_done(action=action, by=done_by or by)
    nonconformity_move(nonconformity=nc, by=by, to_status=IMPLEMENTED)
    return action


def _close(nc, user, note="Store visited: the books match the deliveries."):
    return nonconformity_move(nonconformity=nc, by=user, to_status=CLOSED, note=note)


def _refusal(nc, user) -> ValidationError:
    with pytest.raises(ValidationError) as error:
        _close(nc, user)
    nc.refresh_from_db()
    assert nc.status == IMPLEMENTED
    assert not NCStatusChange.objects.filter(nonconformity=nc, to_status=CLOSED).exists()
    return error.value


def test_a_major_finding_recorded_fixed_and_closed_by_one_person_is_refused_with_the_rule_and_who_may(scope):
    manager = scope.group_manager
    make_ics_inspector(scope.group, manager)
    nc = make_nc(scope.group, manager, member=scope.member, severity="major")
    _implemented(nc, by=manager)
    error = _refusal(nc, manager)
    assert error.code == "verifier_not_allowed"
    message = error.messages[0]
    assert message.startswith("Verification needs a second person: the rule for major non-conformities asks for")
    assert "who did not report the corrective actions done and did not record the finding" in message
    assert "You reported the corrective actions done. You recorded the finding." in message
    assert message.endswith("Who may verify: Joseph Kariuki.")


def test_the_one_who_reported_the_actions_done_never_verifies_even_a_minor_finding(scope):
    inspector = make_ics_inspector(scope.group, scope.group_manager)
    nc = make_nc(scope.group, scope.group_manager, severity="minor")
    # The inspector marked the action done; the manager reported the non-conformity implemented.
    _implemented(nc, by=scope.group_manager, done_by=inspector)
    assert "You reported the corrective actions done." in _refusal(nc, inspector).messages[0]
    assert "You reported the corrective actions done." in _refusal(nc, scope.group_manager).messages[0]


def test_a_minor_finding_may_be_verified_by_the_one_who_recorded_it(scope):
    inspector = make_ics_inspector(scope.group, scope.group_manager)
    nc = make_nc(scope.group, scope.group_manager, severity="minor")
    _implemented(nc, by=inspector)
    change = _close(nc, scope.group_manager, note="Seen on the farm: the store is locked.")
    nc.refresh_from_db()
    assert nc.status == CLOSED
    # Who verified, and what was checked, are kept with the decision.
    assert (change.changed_by, change.note) == (scope.group_manager, "Seen on the farm: the store is locked.")


def test_a_major_finding_is_verified_by_an_inspector_who_neither_recorded_nor_fixed_it(scope):
    inspector = make_ics_inspector(scope.group, scope.group_manager)
    nc = make_nc(scope.group, scope.group_manager, severity="critical")
    # The field officer does the corrections: the one who recorded it still may not close a critical finding.
    _implemented(nc, by=scope.field_officer)
    assert "You recorded the finding." in _refusal(nc, scope.group_manager).messages[0]
    _close(nc, inspector)
    nc.refresh_from_db()
    assert nc.status == CLOSED


@pytest.mark.parametrize("role", ["coordinator", "field_officer"])
def test_verification_is_for_the_groups_internal_control_system(scope, role):
    make_ics_inspector(scope.group, scope.group_manager)
    nc = make_nc(scope.group, scope.group_manager, severity="minor")
    _implemented(nc, by=scope.group_manager)
    message = _refusal(nc, scope.users()[role]).messages[0]
    assert "asks for the group's ICS manager or one of its internal inspectors (with a login)" in message
    assert "You are not one of them." in message


def test_a_field_officer_recorded_as_an_inspector_of_the_group_may_verify_but_not_once_inactive(scope):
    inspector = inspector_create(group=scope.group, by=scope.group_manager, name="A. Officer", user=scope.field_officer)
    nc = make_nc(scope.group, scope.group_manager, severity="minor")
    _implemented(nc, by=scope.group_manager)
    assert verification_check(nonconformity=nc, user=scope.field_officer).allowed
    type(inspector).objects.filter(pk=inspector.pk).update(active=False)
    assert "You are not one of them." in _refusal(nc, scope.field_officer).messages[0]


def test_the_rule_is_reference_data_that_a_coordinator_changes(scope):
    rule = VerificationRule.objects.get(severity="minor")
    assert {data["severity"] for data in VERIFICATION_RULES} == set(
        VerificationRule.objects.values_list("severity", flat=True)
    )
    nc = make_nc(scope.group, scope.group_manager, severity="minor")
    _implemented(nc, by=scope.coordinator)
    assert f"Who may verify: {scope.group_manager}." in _refusal(nc, scope.coordinator).messages[0]
    rule.by_coordinator, rule.not_by_implementer = True, False
    rule.save()
    _close(nc, scope.coordinator)
    nc.refresh_from_db()
    assert nc.status == CLOSED


def test_a_deleted_rule_falls_back_to_the_strictest(scope):
    VerificationRule.objects.filter(severity="minor").delete()
    inspector = make_ics_inspector(scope.group, scope.group_manager)
    nc = make_nc(scope.group, scope.group_manager, severity="minor")
    _implemented(nc, by=inspector)
    assert "You recorded the finding." in _refusal(nc, scope.group_manager).messages[0]


def test_the_one_who_reported_it_done_may_still_send_it_back(scope):
    nc = make_nc(scope.group, scope.group_manager, severity="major")
    _implemented(nc, by=scope.group_manager)
    nonconformity_move(nonconformity=nc, by=scope.group_manager, to_status=PLANNED, note="The store is not locked.")
    nc.refresh_from_db()
    assert nc.status == PLANNED


def test_the_action_keeps_who_reported_it_done(scope):
    nc = make_nc(scope.group, scope.group_manager)
    action = _implemented(nc, by=scope.group_manager, done_by=scope.field_officer)
    action.refresh_from_db()
    assert action.done_by == scope.field_officer


# --- The page ---------------------------------------------------------------------------------------------------


def test_the_page_shows_the_verification_form_only_to_who_may_verify(scope, login):
    inspector = make_ics_inspector(scope.group, scope.group_manager)
    nc = make_nc(scope.group, scope.group_manager, member=scope.member, severity="major")
    _implemented(nc, by=scope.group_manager)
    url = reverse("cycles:nc_detail", kwargs={"pk": nc.pk})

    text = page_text(login(scope.group_manager).get(url))
    assert 'data-testid="verification-refused"' in text
    assert "Verification needs a second person" in text
    assert "Who may verify: Joseph Kariuki." in text
    assert 'data-to="closed"' not in text
    assert 'data-to="action_planned"' in text  # sending it back closes nothing

    text = page_text(login(inspector).get(url))
    assert 'data-testid="verification-refused"' not in text
    assert 'data-to="closed"' in text
    assert "What was checked" in text


def test_a_closing_posted_by_who_may_not_verify_is_refused_on_the_page(scope, login):
    make_ics_inspector(scope.group, scope.group_manager)
    nc = make_nc(scope.group, scope.group_manager, severity="major")
    _implemented(nc, by=scope.group_manager)
    response = login(scope.group_manager).post(
        reverse("cycles:nc_status", kwargs={"pk": nc.pk}),
        {"to_status": "closed", "expected_status": "implemented", "note": "All good."},
    )
    assert response.status_code == 400
    assert "Verification needs a second person" in page_text(response)
    nc.refresh_from_db()
    assert nc.status == IMPLEMENTED
