"""Coordinators edit the phases' criteria through the pages: who may open each page, the pages as a coordinator
walks them (stale forms, errors on the fields, history), and the list page's query budget."""

from collections.abc import Callable
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse
from django.utils.html import escape

from cycles.models import Criterion, CriterionKind, Phase
from cycles.services.criteria import criterion_retire, criterion_update

from ..conftest import Scope
from ..helpers import page_query_count
from .criteria_fixtures import _new
from .criteria_fixtures import computed as computed  # a fixture
from .criteria_fixtures import manual as manual  # a fixture
from .criteria_fixtures import phase as phase  # a fixture

ROLES = ["coordinator", "field_officer", "group_manager", "donor", "outsider"]


# --- Permissions on every page ---------------------------------------------------------------------------------

# Each page: its name, how to request it, and whether field officers may read it.
Request = Callable[[Client, Phase, Criterion], Any]


def _valid_update(criterion: Criterion) -> dict[str, Any]:
    return {
        "text": criterion.text + " (changed)",
        "guidance": criterion.guidance,
        "kind": criterion.kind,
        "evaluator": criterion.evaluator,
        "parameters": "",
        "mandatory": "on",
        "order": criterion.order,
        "reason": "Clearer words.",
        "expected_version": criterion.version,
    }


PAGES: list[tuple[str, Request, bool]] = [
    ("list", lambda c, p, k: c.get(reverse("cycles:criteria")), True),
    ("history", lambda c, p, k: c.get(reverse("cycles:criterion_history", args=[k.pk])), True),
    ("create-form", lambda c, p, k: c.get(reverse("cycles:criterion_create", args=[p.pk])), False),
    (
        "create",
        lambda c, p, k: c.post(
            reverse("cycles:criterion_create", args=[p.pk]),
            {"code": "new-one", "text": "A new criterion.", "kind": "manual", "mandatory": "on"},
        ),
        False,
    ),
    ("update-form", lambda c, p, k: c.get(reverse("cycles:criterion_update", args=[k.pk])), False),
    ("update", lambda c, p, k: c.post(reverse("cycles:criterion_update", args=[k.pk]), _valid_update(k)), False),
    (
        "retire",
        lambda c, p, k: c.post(reverse("cycles:criterion_retire", args=[k.pk]), {"action": "retire", "reason": "Old"}),
        False,
    ),
]


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize(("page", "request_page", "officers_read"), PAGES, ids=[p[0] for p in PAGES])
def test_who_may_open_each_page(scope: Scope, login, manual: Criterion, role, page, request_page, officers_read):
    response = request_page(login(scope.users()[role]), manual.phase, manual)
    if role == "coordinator":
        expected = 302 if page in ("create", "update", "retire") else 200
    elif role == "field_officer" and officers_read:
        expected = 200
    else:
        expected = 403
    assert response.status_code == expected
    changed = Criterion.objects.get(pk=manual.pk).version != 1 or Criterion.objects.filter(code="new-one").exists()
    assert changed == (expected == 302)


def test_field_officers_read_the_criteria_without_edit_buttons(scope: Scope, login, manual: Criterion):
    response = login(scope.field_officer).get(reverse("cycles:criteria"))
    assert escape(manual.text) in response.content.decode()
    assert reverse("cycles:criterion_update", args=[manual.pk]) not in response.content.decode()
    assert reverse("cycles:criterion_history", args=[manual.pk]) in response.content.decode()
    coordinator_page = login(scope.coordinator).get(reverse("cycles:criteria")).content.decode()
    assert reverse("cycles:criterion_update", args=[manual.pk]) in coordinator_page


def test_retiring_is_only_posted(scope: Scope, login, manual: Criterion):
    response = login(scope.coordinator).get(reverse("cycles:criterion_retire", args=[manual.pk]))
    assert response.status_code == 405


def test_an_unknown_criterion_is_not_found_for_a_coordinator(scope: Scope, login):
    assert login(scope.coordinator).get(reverse("cycles:criterion_update", args=[999999])).status_code == 404


# --- The pages, as a coordinator walks them ---------------------------------------------------------------------


def test_saving_a_change_shows_the_new_text_on_the_list(scope: Scope, login, manual: Criterion):
    client = login(scope.coordinator)
    data = _valid_update(manual) | {"text": "A buyer has written that it wants certified coffee."}
    response = client.post(reverse("cycles:criterion_update", args=[manual.pk]), data, follow=True)
    page = response.content.decode()
    assert response.redirect_chain[-1][0].startswith(reverse("cycles:criteria"))
    assert "A buyer has written that it wants certified coffee." in page
    assert "version 2" in page
    manual.refresh_from_db()
    assert manual.version == 2


def test_a_stale_form_shows_edited_meanwhile_and_keeps_what_was_typed(scope: Scope, login, manual: Criterion):
    client = login(scope.coordinator)
    form = client.get(reverse("cycles:criterion_update", args=[manual.pk]))
    assert 'name="expected_version" value="1"' in form.content.decode()
    # Another coordinator saves while the first is typing.
    criterion_update(criterion=manual, by=scope.coordinator, expected_version=1, reason="Other", text="Their text.")

    typed = _valid_update(manual) | {"text": "My carefully typed text.", "reason": "My reason."}
    response = client.post(reverse("cycles:criterion_update", args=[manual.pk]), typed)
    page = response.content.decode()
    assert response.status_code == 200
    assert "while you were editing" in page
    assert "My carefully typed text." in page
    assert "My reason." in page
    assert "Their text." in page  # the version now saved, to compare with
    assert 'name="expected_version" value="2"' in page
    manual.refresh_from_db()
    assert (manual.version, manual.text) == (2, "Their text.")

    # Having seen the current version, saving again is a deliberate choice and goes through.
    response = client.post(reverse("cycles:criterion_update", args=[manual.pk]), typed | {"expected_version": 2})
    assert response.status_code == 302
    manual.refresh_from_db()
    assert (manual.version, manual.text) == (3, "My carefully typed text.")


def test_service_errors_are_shown_on_the_form_fields(scope: Scope, login, computed: Criterion):
    client = login(scope.coordinator)
    data = _valid_update(computed) | {"text": "Typed text stays.", "parameters": '{"minimum": -5}'}
    response = client.post(reverse("cycles:criterion_update", args=[computed.pk]), data)
    page = response.content.decode()
    assert response.status_code == 200
    assert "minimum cannot be negative." in page
    assert "Typed text stays." in page
    assert response.context["form"].has_error("parameters", "invalid_parameters")

    response = client.post(reverse("cycles:criterion_update", args=[computed.pk]), data | {"parameters": "{minimum: 5"})
    assert response.context["form"].has_error("parameters", "parameters_not_json")

    response = client.post(reverse("cycles:criterion_update", args=[computed.pk]), data | {"reason": ""})
    assert response.context["form"].has_error("reason", "reason_required")
    assert Criterion.objects.get(pk=computed.pk).version == 1


def test_the_form_lists_every_evaluator_and_its_parameters(scope: Scope, login, phase: Phase):
    page = login(scope.coordinator).get(reverse("cycles:criterion_create", args=[phase.pk])).content.decode()
    assert "At least a number of members in the register" in page
    assert "minimum (a whole number, default 10)" in page
    assert "share (a share between 0 and 1, default 1.0)" in page


def test_adding_a_criterion_through_the_page(scope: Scope, login, phase: Phase):
    client = login(scope.coordinator)
    response = client.post(
        reverse("cycles:criterion_create", args=[phase.pk]),
        {
            "code": "women-in-board",
            "text": "Women hold at least a third of the board seats.",
            "kind": "computed",
            "evaluator": "member_count_at_least",
            "parameters": '{"minimum": 3}',
            "mandatory": "",
            "reason": "Gender goal of the programme.",
        },
        follow=True,
    )
    assert "Women hold at least a third of the board seats." in response.content.decode()
    criterion = Criterion.objects.get(phase=phase, code="women-in-board")
    assert (criterion.version, criterion.mandatory, criterion.parameters) == (1, False, {"minimum": 3})


def test_retiring_and_restoring_through_the_list(scope: Scope, login, manual: Criterion):
    client = login(scope.coordinator)
    url = reverse("cycles:criterion_retire", args=[manual.pk])
    response = client.post(url, {"action": "retire", "reason": ""}, follow=True)
    assert "Say why" in response.content.decode()
    assert Criterion.objects.get(pk=manual.pk).active

    response = client.post(url, {"action": "retire", "reason": "No longer asked."}, follow=True)
    page = response.content.decode()
    assert "is retired (version 2)" in page
    assert 'data-code="buyer-interested" data-active="false"' in page

    client.post(url, {"action": "restore", "reason": "Asked again."})
    assert Criterion.objects.get(pk=manual.pk).active


def test_the_history_shows_every_version_newest_first_with_what_changed(scope: Scope, login, manual: Criterion):
    criterion_update(
        criterion=manual, by=scope.coordinator, expected_version=1, reason="Shorter", text="A buyer wants it."
    )
    criterion_retire(criterion=manual, by=scope.coordinator, reason="Not needed any more")
    response = login(scope.field_officer).get(reverse("cycles:criterion_history", args=[manual.pk]))
    page = response.content.decode()
    assert [row.revision.version for row in response.context["rows"]] == [3, 2, 1]
    changed = {row.revision.version: [f.name for f in row.fields if f.changed] for row in response.context["rows"]}
    assert changed == {3: ["active"], 2: ["text"], 1: []}
    assert page.index("Not needed any more") < page.index("Shorter") < page.index("Shipped with hivos-qm.")
    assert "A buyer has said in writing that it wants the group&#x27;s certified produce." in page


def test_moving_a_criterion_in_its_phase_shows_as_a_change_of_position(scope: Scope, login, manual: Criterion):
    criterion_update(
        criterion=manual, by=scope.coordinator, expected_version=1, reason="Ask it last", order=manual.order + 10
    )
    response = login(scope.coordinator).get(reverse("cycles:criterion_history", args=[manual.pk]))
    changed = {row.revision.version: [f.name for f in row.fields if f.changed] for row in response.context["rows"]}
    assert changed == {2: ["order"], 1: []}
    assert manual.revisions.get(version=2).order == manual.order + 10


# --- Query budget ---------------------------------------------------------------------------------------------


def test_the_list_page_queries_do_not_grow_with_the_criteria(scope: Scope, login, phase: Phase):
    client = login(scope.coordinator)

    small = page_query_count(client, reverse("cycles:criteria"))
    for n in range(30):
        criterion = _new(
            phase,
            scope.coordinator,
            code=f"extra-{n}",
            kind=CriterionKind.COMPUTED if n % 2 else CriterionKind.MANUAL,
            evaluator="member_count_at_least" if n % 2 else "",
        )
        if n % 3 == 0:
            criterion_retire(criterion=criterion, by=scope.coordinator, reason="Test")
    large = page_query_count(client, reverse("cycles:criteria"))
    assert large == small, f"{small} queries before, {large} with 30 more criteria"
