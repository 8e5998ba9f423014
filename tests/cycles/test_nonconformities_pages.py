"""The non-conformity pages through the test client: the list with its filters, counts and its order by due date,
one non-conformity with its workflow and actions, sanctions, and what each role sees."""

import pytest
from django.urls import reverse

from cycles.models import CorrectiveAction, NCStatus, NonConformity, Sanction
from cycles.services.nonconformities import corrective_action_done, nonconformity_move
from producers.models.members import MemberStatus

from ..factories import MemberFactory
from ..factories_nonconformities import days_ago, make_action, make_audit, make_ics_inspector, make_nc, make_sanction
from ..helpers import form_error_codes, page_query_count, page_text


def _list(scope, query=""):
    return reverse("cycles:nc_list", kwargs={"pk": scope.group.pk}) + query


def _detail(nc):
    return reverse("cycles:nc_detail", kwargs={"pk": nc.pk})


@pytest.fixture
def nc(scope):
    return make_nc(scope.group, scope.group_manager, member=scope.member)


# --- The list ---------------------------------------------------------------------------------------------------


def test_list_puts_overdue_ones_first_with_a_badge(scope, login):
    user = scope.group_manager
    audit = make_audit(scope.group, user)
    recent = make_nc(scope.group, user, audit=audit, severity="critical", index=0)
    late = make_nc(scope.group, user, audit=audit, severity="minor", index=1)
    make_action(late, user, due_on=days_ago(2))
    make_action(recent, user, due_on=days_ago(-5))
    response = login(user).get(_list(scope))
    rows = list(response.context["page"].object_list)
    assert rows[0] == late
    text = page_text(response)
    assert 'data-testid="overdue-badge"' in text
    assert 'data-testid="overdue-alert"' in text
    assert text.index(f'data-nc="{late.pk}"') < text.index(f'data-nc="{recent.pk}"')


def test_list_shows_member_and_due_date_on_every_screen_and_sorts_by_due_date(scope, login):
    user = scope.group_manager
    audit = make_audit(scope.group, user)
    later = make_nc(scope.group, user, audit=audit, member=scope.member, severity="critical", index=0)
    make_action(later, user, due_on=days_ago(-20))
    sooner = make_nc(scope.group, user, audit=audit, severity="minor", index=1)
    make_action(sooner, user, due_on=days_ago(-3))
    corrective_action_done(action=make_action(sooner, user, due_on=days_ago(-1), description="Done already"), by=user)
    unplanned = make_nc(scope.group, user, audit=audit, severity="major", index=2)
    response = login(user).get(_list(scope))
    assert list(response.context["page"].object_list) == [sooner, later, unplanned]
    text = page_text(response)
    rows = {nc: text[text.index(f'data-nc="{nc.pk}"') :].split("</tr>")[0] for nc in (sooner, later, unplanned)}
    # The next open action's due date, not the done one's; none planned says so.
    assert days_ago(-3).strftime("%-d %b %Y") in rows[sooner]
    assert days_ago(-1).strftime("%-d %b %Y") not in rows[sooner]
    assert "No action planned" in rows[unplanned]
    # Shown on a phone too: the cells that carry them are never hidden below a breakpoint.
    for row in rows.values():
        for testid in ("nc-member", "nc-due"):
            cell = row[row.rindex("<", 0, row.index(f'data-testid="{testid}"')) :].split(">")[0]
            assert "d-none" not in cell
    assert "Wanjiru Kamau" in rows[later]
    assert "the group" in rows[sooner]


def test_list_filters_by_status_severity_source_and_overdue(scope, login):
    user = scope.group_manager
    audit = make_audit(scope.group, user)
    minor = make_nc(scope.group, user, audit=audit, severity="minor", index=0)
    major = make_nc(scope.group, user, audit=audit, severity="major", index=1)
    make_action(major, user, due_on=days_ago(1))
    nonconformity_move(nonconformity=major, by=user, to_status=NCStatus.ACTION_PLANNED)
    client = login(user)

    def shown(query):
        return set(client.get(_list(scope, query)).context["page"].object_list)

    assert shown("") == {minor, major}
    assert shown("?status=open") == {minor}
    assert shown("?status=action_planned") == {major}
    assert shown("?severity=major") == {major}
    assert shown("?source=external") == {minor, major}
    assert shown("?source=internal") == set()
    assert shown("?overdue=on") == {major}
    assert shown("?status=nonsense") == {minor, major}  # an unknown value filters nothing
    assert "No non-conformity matches these filters." in page_text(client.get(_list(scope, "?source=internal")))


def test_list_counts_by_severity_under_the_other_filters(scope, login):
    user = scope.group_manager
    audit = make_audit(scope.group, user)
    for index, severity in enumerate(["minor", "minor", "major", "critical"]):
        make_nc(scope.group, user, audit=audit, severity=severity, index=index)
    response = login(user).get(_list(scope, "?severity=minor"))
    counts = {row["severity"]: row["count"] for row in response.context["severities"]}
    assert counts == {"critical": 1, "major": 1, "minor": 2}
    assert len(response.context["page"].object_list) == 2


def test_empty_list_says_where_nonconformities_come_from(scope, login):
    text = page_text(login(scope.group_manager).get(_list(scope)))
    assert 'data-testid="empty-state"' in text
    assert "They come from internal inspections" in text


@pytest.mark.parametrize(("role", "names"), [("group_manager", True), ("field_officer", True), ("donor", False)])
def test_member_names_are_for_those_who_keep_the_register(nc, scope, login, role, names):
    client = login(scope.users()[role])
    for url in (_list(scope), _detail(nc)):
        text = page_text(client.get(url))
        assert ("Wanjiru Kamau" in text) is names
    assert ("A member (names are visible" in page_text(client.get(_detail(nc)))) is not names


def _grow(scope, count):
    """`count` non-conformities, a third of them overdue, about members, with actions."""
    user = scope.coordinator
    audit = make_audit(scope.group, user)
    members = MemberFactory.create_batch(5, group=scope.group)
    for index in range(count):
        nc = make_nc(scope.group, user, audit=audit, member=members[index % 5], index=index % 10)
        make_action(nc, user, due_on=days_ago(2 if index % 3 == 0 else -5))


@pytest.mark.parametrize("role", ["group_manager", "donor"])
@pytest.mark.parametrize("query", ["", "?overdue=on&severity=major&page=2"])
def test_list_queries_do_not_grow_with_the_nonconformities(scope, login, role, query):
    client = login(scope.users()[role])
    _grow(scope, 5)
    small = page_query_count(client, _list(scope, query))
    _grow(scope, 145)
    assert NonConformity.objects.filter(group=scope.group).count() == 150
    large = page_query_count(client, _list(scope, query))
    assert large == small, f"{small} queries for 5 non-conformities, {large} for 150"
    assert large <= 20


# --- One non-conformity -----------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("role", "forms"), [("coordinator", True), ("field_officer", True), ("group_manager", True), ("donor", False)]
)
def test_detail_offers_the_next_step_to_those_who_keep_the_records(nc, scope, login, role, forms):
    text = page_text(login(scope.users()[role]).get(_detail(nc)))
    assert "Sales records do not match" in text
    assert ('data-testid="next-step"' in text) is forms
    assert ('data-testid="add-action"' in text) is forms


def test_detail_links_the_audit_it_came_from(nc, scope, login):
    text = page_text(login(scope.donor).get(_detail(nc)))
    assert reverse("cycles:audit_detail", kwargs={"pk": nc.audit_id}) in text


def test_the_whole_workflow_through_the_pages(nc, scope, login):
    client = login(scope.group_manager)
    status_url = reverse("cycles:nc_status", kwargs={"pk": nc.pk})
    response = client.post(
        reverse("cycles:action_create", kwargs={"pk": nc.pk}),
        {"description": "Reconcile the books.", "owner": "Treasurer", "due_on": days_ago(-10).isoformat()},
    )
    assert response.status_code == 302
    action = CorrectiveAction.objects.get(nonconformity=nc)
    response = client.post(status_url, {"to_status": "action_planned", "expected_status": "open"}, follow=True)
    assert "The non-conformity is now “Action planned”." in page_text(response)
    client.post(reverse("cycles:action_done", kwargs={"pk": action.pk}), {"done_on": days_ago(0).isoformat()})
    client.post(status_url, {"to_status": "implemented", "expected_status": "action_planned"})
    # A second person of the internal control system verifies.
    response = login(make_ics_inspector(scope.group, scope.group_manager)).post(
        status_url, {"to_status": "closed", "expected_status": "implemented", "note": "Books match now."}, follow=True
    )
    nc.refresh_from_db()
    assert nc.status == NCStatus.CLOSED
    text = page_text(response)
    assert "Books match now." in text  # in the status history, with who did it
    assert 'data-testid="next-step"' not in text


def test_a_refused_move_keeps_what_was_written(nc, scope, login):
    client = login(scope.group_manager)
    response = client.post(
        reverse("cycles:nc_status", kwargs={"pk": nc.pk}),
        {"to_status": "action_planned", "expected_status": "open", "note": "Agreed with the member."},
    )
    assert response.status_code == 400
    [bound] = [entry["form"] for entry in response.context["status_forms"] if entry["form"].is_bound]
    assert form_error_codes(bound) == {"__all__": ["no_action"]}  # about the record, not a field: above the form
    text = page_text(response)
    assert "Add at least one corrective action first" in text
    assert "Agreed with the member." in text


def test_closing_without_a_note_is_refused_on_the_page(nc, scope, login):
    user = scope.group_manager
    action = make_action(nc, user)
    nonconformity_move(nonconformity=nc, by=user, to_status=NCStatus.ACTION_PLANNED)
    corrective_action_done(action=action, by=user)
    nonconformity_move(nonconformity=nc, by=user, to_status=NCStatus.IMPLEMENTED)
    response = login(user).post(
        reverse("cycles:nc_status", kwargs={"pk": nc.pk}), {"to_status": "closed", "expected_status": "implemented"}
    )
    assert response.status_code == 400
    nc.refresh_from_db()
    assert nc.status == NCStatus.IMPLEMENTED


def test_a_move_from_a_stale_page_says_it_was_moved_meanwhile(nc, scope, login):
    make_action(nc, scope.field_officer)
    nonconformity_move(nonconformity=nc, by=scope.field_officer, to_status=NCStatus.ACTION_PLANNED)
    response = login(scope.group_manager).post(
        reverse("cycles:nc_status", kwargs={"pk": nc.pk}),
        {"to_status": "action_planned", "expected_status": "open"},
        follow=True,
    )
    assert "Someone moved this non-conformity meanwhile: it is now “Action planned”." in page_text(response)


def test_an_action_due_before_the_finding_is_refused_on_the_form(nc, scope, login):
    response = login(scope.group_manager).post(
        reverse("cycles:action_create", kwargs={"pk": nc.pk}),
        {"description": "Reconcile.", "owner": "Treasurer", "due_on": days_ago(400).isoformat()},
    )
    assert response.status_code == 400
    assert "The due date cannot be before the non-conformity was found" in page_text(response)
    # Beside the due date, where the person must change it, not above the form.
    assert form_error_codes(response.context["form"]) == {"due_on": ["due_before_finding"]}
    assert not CorrectiveAction.objects.exists()


def test_editing_a_stale_action_keeps_what_was_typed_beside_the_saved_values(nc, scope, login):
    action = make_action(nc, scope.field_officer)
    url = reverse("cycles:action_update", kwargs={"pk": action.pk})
    fields = {"owner": "Treasurer", "due_on": days_ago(-10).isoformat(), "version": 1}
    login(scope.field_officer).post(url, {**fields, "description": "Saved first by the field officer."})
    client = login(scope.group_manager)
    response = client.post(url, {**fields, "description": "Typed by the group manager."})
    assert response.status_code == 400
    text = page_text(response)
    assert "Someone else saved this record while you were editing it." in text
    assert "Typed by the group manager." in text  # in the form
    assert "Saved first by the field officer." in text  # beside it
    assert response.context["form"]["version"].value() == "2"
    action.refresh_from_db()
    assert action.description == "Saved first by the field officer."
    # Saving again is a deliberate overwrite.
    client.post(url, {**fields, "version": 2, "description": "Typed by the group manager."})
    action.refresh_from_db()
    assert (action.description, action.version) == ("Typed by the group manager.", 3)


def test_the_action_history_shows_who_changed_what(nc, scope, login):
    action = make_action(nc, scope.group_manager)
    client = login(scope.field_officer)
    client.post(
        reverse("cycles:action_update", kwargs={"pk": action.pk}),
        {"description": action.description, "owner": "Chairperson", "due_on": action.due_on.isoformat(), "version": 1},
    )
    text = page_text(client.get(reverse("cycles:action_update", kwargs={"pk": action.pk})))
    assert "Chairperson" in text
    assert "ICS manager" in text  # the old value, struck through
    assert scope.field_officer.username in text or scope.field_officer.get_full_name() in text


def test_the_nonconformity_history_names_who_moved_it(nc, scope, login):
    make_action(nc, scope.field_officer)
    nonconformity_move(nonconformity=nc, by=scope.field_officer, to_status=NCStatus.ACTION_PLANNED, note="Agreed.")
    history = login(scope.donor).get(_detail(nc)).context["history"]
    assert history[0].by == scope.field_officer
    assert any(change.new == "Action planned" for change in history[0].changes)


# --- Sanctions --------------------------------------------------------------------------------------------------


def test_apply_a_sanction_from_a_nonconformity_about_the_member(nc, scope, login):
    client = login(scope.group_manager)
    text = page_text(client.get(_detail(nc)))
    url = reverse("cycles:sanction_create", kwargs={"pk": scope.member.pk})
    assert f"{url}?nonconformity={nc.pk}" in text
    response = client.get(f"{url}?nonconformity={nc.pk}")
    assert response.context["form"].initial["nonconformity"] == nc.pk
    from cycles.models import SanctionType

    response = client.post(
        url,
        {
            "sanction_type": SanctionType.objects.get(code="suspension").pk,
            "applied_on": days_ago(0).isoformat(),
            "reason": "Sold outside the group twice.",
            "nonconformity": nc.pk,
        },
        follow=True,
    )
    scope.member.refresh_from_db()
    assert scope.member.status == MemberStatus.SUSPENDED
    assert "Suspension applied. The member is now suspended." in page_text(response)
    assert response.redirect_chain[-1][0].startswith(_detail(nc))


def test_a_refused_sanction_keeps_what_was_typed(scope, login):
    from cycles.models import SanctionType

    response = login(scope.group_manager).post(
        reverse("cycles:sanction_create", kwargs={"pk": scope.member.pk}),
        {
            "sanction_type": SanctionType.objects.get(code="warning").pk,
            "applied_on": days_ago(-3).isoformat(),
            "reason": "Typed with care.",
        },
    )
    assert response.status_code == 400
    assert "Typed with care." in page_text(response)
    assert form_error_codes(response.context["form"]) == {"applied_on": ["future_date"]}
    assert not Sanction.objects.exists()


def test_lift_a_sanction_from_the_members_sanctions_page(scope, login):
    sanction = make_sanction(scope.member, scope.group_manager, code="warning")
    client = login(scope.field_officer)
    response = client.post(
        reverse("cycles:sanction_lift", kwargs={"pk": sanction.pk}),
        {f"lift{sanction.pk}-lifted_on": days_ago(0).isoformat(), f"lift{sanction.pk}-reason": "Corrected."},
        follow=True,
    )
    assert "Warning lifted. The member is now approved." in page_text(response)
    sanction.refresh_from_db()
    assert sanction.lifted_on == days_ago(0)


@pytest.mark.parametrize(("role", "status"), [("donor", 403), ("outsider", 404)])
def test_sanctions_are_not_for_funders_or_outsiders(scope, login, role, status):
    sanction = make_sanction(scope.member, scope.group_manager)
    client = login(scope.users()[role])
    assert client.get(reverse("cycles:sanction_create", kwargs={"pk": scope.member.pk})).status_code == status
    assert client.post(reverse("cycles:sanction_lift", kwargs={"pk": sanction.pk}), {}).status_code == status
    assert Sanction.objects.get().lifted_on is None


def test_the_next_step_says_what_still_stands_in_its_way(nc, scope, login):
    client = login(scope.group_manager)
    text = page_text(client.get(_detail(nc)))
    assert "Add a corrective action first." in text
    action = make_action(nc, scope.group_manager)
    nonconformity_move(nonconformity=nc, by=scope.group_manager, to_status=NCStatus.ACTION_PLANNED)
    text = page_text(client.get(_detail(nc)))
    assert "1 corrective action is not done yet." in text
    corrective_action_done(action=action, by=scope.group_manager)
    text = page_text(client.get(_detail(nc)))
    assert 'data-testid="blocked"' not in text
    assert "Mark as implemented" in text
