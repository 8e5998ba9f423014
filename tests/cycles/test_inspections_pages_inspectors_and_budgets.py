"""Internal inspection pages through the test client: inspectors and conflicts of interest (concurrent edits,
history), and the query budgets of the round, form and inspection pages."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from cycles.models import Compliance, ConflictOfInterest, Decision, Inspection, InspectionRound, Inspector
from cycles.selectors.inspections import inspection_questions
from cycles.services.inspections import conflict_declare, inspector_update

from ..factories import MemberFactory
from ..factories_inspections import InspectorFactory, grow_standards, inspect
from ..factories_nonconformities import choose
from ..helpers import page_query_count, page_text
from .clock_fixtures import frozen as frozen  # a fixture
from .inspections_pages_fixtures import _form_url
from .inspections_pages_fixtures import world as world  # a fixture

# --- Inspectors and conflicts ------------------------------------------------------------------------------------


def test_the_inspectors_page_lists_inspectors_with_their_conflicts(world, login):
    scope = world["scope"]
    conflict_declare(
        inspector=world["grace"],
        member=world["due"],
        by=scope.coordinator,
        declared_on=datetime.date(2026, 3, 3),
        reason="Neighbours",
    )
    text = page_text(login(scope.group_manager).get(reverse("cycles:inspectors", args=[scope.group.pk])))
    assert "Grace Wambui" in text
    assert "Conflict with Njeri Mwangi (GK-0042), declared on 3 Mar 2026: Neighbours" in text
    assert reverse("cycles:inspector_update", args=[world["grace"].pk]) in text
    assert reverse("cycles:conflict_create", args=[world["grace"].pk]) in text


def test_adding_an_inspector_with_an_error_keeps_the_form_open(world, login):
    scope = world["scope"]
    response = login(scope.group_manager).post(reverse("cycles:inspectors", args=[scope.group.pk]), {"name": ""})
    assert response.status_code == 400
    assert "Give a name, or choose the member." in page_text(response)
    assert "<details open>" in page_text(response)


def test_a_member_inspector_is_added_under_the_members_name(world, login):
    scope = world["scope"]
    response = login(scope.group_manager).post(
        reverse("cycles:inspectors", args=[scope.group.pk]),
        {"member": world["due"].pk, "trained_on": "2026-02-01", "active": "on"},
    )
    inspector = Inspector.objects.get(member=world["due"])
    assert inspector.name == "Njeri Mwangi"
    assert response["Location"].endswith(f"#inspector-{inspector.pk}")


def test_the_inspector_form_offers_only_this_groups_members_and_logins(world, login):
    scope = world["scope"]
    form = login(scope.group_manager).get(reverse("cycles:inspectors", args=[scope.group.pk])).context["form"]
    assert scope.other_member not in form.fields["member"].queryset
    assert set(form.fields["user"].queryset) == {scope.group_manager, scope.field_officer}


def test_a_stale_edit_of_an_inspector_comes_back_with_what_was_typed(world, login):
    scope, grace = world["scope"], world["grace"]
    inspector_update(
        inspector=grace,
        by=scope.coordinator,
        expected_version=1,
        name="Grace Wanjiku",
        member=grace.member,
        user=None,
        trained_on=None,
        active=True,
    )
    response = login(scope.group_manager).post(
        reverse("cycles:inspector_update", args=[grace.pk]),
        {"name": "Grace W. (typed)", "member": grace.member_id, "active": "on", "version": "1"},
    )
    assert response.status_code == 400
    text = page_text(response)
    assert "Someone else saved this record while you were editing it." in text
    assert 'value="Grace W. (typed)"' in text
    assert 'data-testid="current-values"' in text
    assert "Grace Wanjiku" in text
    assert 'name="version" value="2"' in text
    grace.refresh_from_db()
    assert (grace.name, grace.version) == ("Grace Wanjiku", 2)


def test_an_inspectors_page_shows_who_changed_what(world, login):
    scope, grace = world["scope"], world["grace"]
    client = login(scope.field_officer)
    response = client.post(
        reverse("cycles:inspector_update", args=[grace.pk]),
        {"name": "Grace Wambui", "member": grace.member_id, "trained_on": "2026-05-05", "version": "1"},
    )
    assert response.status_code == 302
    text = page_text(client.get(reverse("cycles:inspector_update", args=[grace.pk])))
    assert str(scope.field_officer) in text
    assert "Trained on" in text
    assert "Active" in text


def test_declaring_a_conflict_offers_neither_the_inspectors_own_farm_nor_one_already_declared(world, login):
    scope, grace = world["scope"], world["grace"]
    url = reverse("cycles:conflict_create", args=[grace.pk])
    client = login(scope.group_manager)
    response = client.post(url, {"member": world["due"].pk, "declared_on": "2026-06-01", "reason": "Debt"})
    assert response["Location"].endswith(f"#inspector-{grace.pk}")
    choices = set(client.get(url).context["form"].fields["member"].queryset)
    assert choices == {scope.member}


def test_a_conflict_dated_in_the_future_is_refused_on_the_form(world, login):
    response = login(world["scope"].group_manager).post(
        reverse("cycles:conflict_create", args=[world["grace"].pk]),
        {"member": world["due"].pk, "declared_on": "2026-07-01", "reason": "Debt"},
    )
    assert response.status_code == 400
    assert "A declaration cannot be dated in the future." in page_text(response)
    assert not ConflictOfInterest.objects.exists()


# --- Query budgets -----------------------------------------------------------------------------------------------


def _grow_register(world, members: int) -> None:
    """More members, a third of them inspected, some with a conflict of interest, a few more inspectors. Rows are
    written directly: the services are tested elsewhere, and this keeps the test quick."""
    scope = world["scope"]
    inspection_round = InspectionRound.objects.get(group=scope.group, year=2026)
    added = MemberFactory.create_batch(members, group=scope.group)
    inspectors = InspectorFactory.create_batch(max(1, members // 20), group=scope.group)
    Inspection.objects.bulk_create(
        Inspection(
            round=inspection_round,
            member=member,
            inspector=inspectors[index % len(inspectors)],
            inspected_on=datetime.date(2026, 5, 1),
            proposed_decision=Decision.APPROVE,
            recorded_at=timezone.now(),
            recorded_by=scope.coordinator,
        )
        for index, member in enumerate(added)
        if index % 3 == 0
    )
    ConflictOfInterest.objects.bulk_create(
        ConflictOfInterest(
            inspector=inspectors[index % len(inspectors)],
            member=member,
            declared_on=datetime.date(2026, 1, 1),
            reason="Neighbours",
        )
        for index, member in enumerate(added)
        if index % 5 == 0
    )


REGISTER_PAGES = [
    ("round", lambda w: reverse("cycles:inspection_round", args=[w["scope"].group.pk, 2026])),
    ("round-due", lambda w: reverse("cycles:inspection_round", args=[w["scope"].group.pk, 2026]) + "?show=due&page=2"),
    ("rounds", lambda w: reverse("cycles:inspection_rounds", args=[w["scope"].group.pk])),
    ("inspectors", lambda w: reverse("cycles:inspectors", args=[w["scope"].group.pk])),
]


@pytest.mark.parametrize(("name", "url"), REGISTER_PAGES, ids=[name for name, _ in REGISTER_PAGES])
def test_round_pages_make_as_many_queries_for_200_members_as_for_10(world, login, name, url):
    client = login(world["scope"].field_officer)
    _grow_register(world, 7)  # with Wanjiru, Grace and Njeri: 10
    small = page_query_count(client, url(world))
    _grow_register(world, 190)
    assert world["scope"].group.members.count() == 200
    large = page_query_count(client, url(world))
    assert large == small, f"{small} queries for 10 members, {large} for 200"
    assert large <= 25


def test_the_inspection_form_makes_as_many_queries_for_many_requirements_as_for_few(world, login):
    client = login(world["scope"].group_manager)
    small = page_query_count(client, _form_url(world))
    grow_standards(world["scope"].group, 80)
    choose(world["scope"].group, "fairtrade-spo")
    large = page_query_count(client, _form_url(world))
    assert len(inspection_questions(group=world["scope"].group, year=2026)) >= 90
    assert large == small, f"{small} queries for few requirements, {large} for many"
    assert large <= 25


def test_the_inspection_page_makes_as_many_queries_for_many_answers_as_for_few(world, login):
    scope = world["scope"]
    client = login(scope.field_officer)
    small = page_query_count(client, reverse("cycles:inspection_detail", args=[world["inspection"].pk]))
    grow_standards(world["scope"].group, 60)
    many = inspect(
        member=world["due"],
        inspector=world["grace"],
        by=scope.coordinator,
        answers={
            q.key: (Compliance.NOT_COMPLIANT, f"Finding {q.code}")
            for q in inspection_questions(group=scope.group, year=2026)[:12]
        },
    )
    assert many.answers.count() > 60
    large = page_query_count(client, reverse("cycles:inspection_detail", args=[many.pk]))
    assert large == small, f"{small} queries for few answers, {large} for many"
    assert large <= 25
