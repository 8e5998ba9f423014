"""Coordinators edit the phases' criteria in the application; every change is a new version with its reason."""

from collections.abc import Callable
from typing import Any

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.test import Client
from django.urls import reverse
from django.utils.html import escape

from cycles.gates import evaluate_gate
from cycles.models import Criterion, CriterionKind, CriterionRevision, Phase
from cycles.services import trajectory_start
from cycles.services.criteria import criterion_create, criterion_restore, criterion_retire, criterion_update

from ..conftest import Scope
from ..helpers import error_codes, page_query_count

ROLES = ["coordinator", "field_officer", "group_manager", "donor", "outsider"]


@pytest.fixture
def phase(db) -> Phase:
    return Phase.objects.get(code="preconditions")


@pytest.fixture
def manual(phase: Phase) -> Criterion:
    return Criterion.objects.get(phase=phase, code="buyer-interested")


@pytest.fixture
def computed(phase: Phase) -> Criterion:
    return Criterion.objects.get(phase=phase, code="basic-member-list")


def _new(phase: Phase, by: Any, **overrides: Any) -> Criterion:
    data: dict[str, Any] = {
        "code": "training-plan",
        "text": "A training plan for the first year is agreed.",
        "guidance": "The plan, signed by the board.",
        "kind": CriterionKind.MANUAL,
        "evaluator": "",
        "parameters": {},
        "mandatory": True,
        "reason": "",
    }
    data.update(overrides)
    return criterion_create(phase=phase, by=by, **data)


# --- Services -------------------------------------------------------------------------------------------------


def test_creating_a_criterion_makes_version_1_at_the_end_of_the_phase_with_a_revision(scope: Scope, phase: Phase):
    last = max(Criterion.objects.filter(phase=phase).values_list("order", flat=True))
    criterion = _new(phase, scope.coordinator, reason="Asked by the pilot groups.")
    assert (criterion.version, criterion.order, criterion.active) == (1, last + 1, True)
    revision = CriterionRevision.objects.get(criterion=criterion)
    assert revision.version == 1
    assert revision.text == criterion.text
    assert revision.kind == CriterionKind.MANUAL
    assert revision.active is True
    assert revision.changed_by == scope.coordinator
    assert revision.reason == "Asked by the pilot groups."


def test_a_computed_criterion_is_stored_with_its_parameters_cleaned(scope: Scope, phase: Phase):
    criterion = _new(
        phase,
        scope.coordinator,
        kind=CriterionKind.COMPUTED,
        evaluator="member_count_at_least",
        parameters={"minimum": "25"},
    )
    assert criterion.parameters == {"minimum": 25}
    defaults = _new(
        phase, scope.coordinator, code="register", kind=CriterionKind.COMPUTED, evaluator="register_complete"
    )
    assert defaults.parameters == {"share": 1.0}


@pytest.mark.parametrize(
    ("overrides", "code"),
    [
        ({"code": "buyer-interested"}, "code_taken"),
        ({"code": "not a slug!"}, "invalid_code"),
        ({"code": ""}, "required"),
        ({"text": "   "}, "required"),
        ({"text": "x" * 301}, "text_too_long"),
        ({"kind": "guessed"}, "invalid_kind"),
        ({"kind": CriterionKind.COMPUTED, "evaluator": ""}, "evaluator_missing"),
        ({"kind": CriterionKind.COMPUTED, "evaluator": "rain_last_week"}, "unknown_evaluator"),
        (
            {"kind": CriterionKind.COMPUTED, "evaluator": "register_complete", "parameters": {"share": 1.5}},
            "invalid_parameters",
        ),
        (
            {"kind": CriterionKind.COMPUTED, "evaluator": "register_complete", "parameters": {"sahre": 0.5}},
            "invalid_parameters",
        ),
        (
            {"kind": CriterionKind.COMPUTED, "evaluator": "member_count_at_least", "parameters": {"minimum": "ten"}},
            "invalid_parameters",
        ),
        ({"kind": CriterionKind.MANUAL, "evaluator": "register_complete"}, "evaluator_on_manual"),
        ({"kind": CriterionKind.MANUAL, "parameters": {"share": 0.5}}, "parameters_on_manual"),
    ],
)
def test_an_invalid_new_criterion_is_refused_and_nothing_is_saved(scope: Scope, phase: Phase, overrides, code):
    before = (Criterion.objects.count(), CriterionRevision.objects.count())
    with pytest.raises(ValidationError) as error:
        _new(phase, scope.coordinator, **overrides)
    assert code in error_codes(error.value)
    assert (Criterion.objects.count(), CriterionRevision.objects.count()) == before


def test_the_database_itself_forbids_a_manual_criterion_with_an_evaluator(phase: Phase):
    with pytest.raises(IntegrityError), transaction.atomic():
        Criterion.objects.create(
            phase=phase, code="sneaky", text="Sneaky", kind="manual", evaluator="register_complete"
        )


def test_updating_bumps_the_version_and_records_who_when_and_why(scope: Scope, manual: Criterion):
    updated = criterion_update(
        criterion=manual,
        by=scope.coordinator,
        expected_version=1,
        reason="Buyers now send e-mails rather than letters.",
        text="A buyer has said in writing (a letter or an e-mail) that it wants the group's certified produce.",
        mandatory=False,
    )
    assert updated.version == 2
    manual.refresh_from_db()
    assert manual.version == 2
    assert manual.mandatory is False
    assert "e-mail" in manual.text
    revisions = list(manual.revisions.order_by("version"))
    assert [r.version for r in revisions] == [1, 2]
    assert revisions[0].text == "A buyer has said in writing that it wants the group's certified produce."
    assert (revisions[1].text, revisions[1].mandatory, revisions[1].changed_by) == (
        manual.text,
        False,
        scope.coordinator,
    )
    assert revisions[1].reason == "Buyers now send e-mails rather than letters."


def test_a_stale_expected_version_is_refused_and_nothing_is_saved(scope: Scope, manual: Criterion):
    criterion_update(criterion=manual, by=scope.coordinator, expected_version=1, reason="First", text="First edit.")
    stale = Criterion.objects.get(pk=manual.pk)
    with pytest.raises(ValidationError) as error:
        criterion_update(criterion=stale, by=scope.coordinator, expected_version=1, reason="Second", text="Lost edit.")
    assert error.value.code == "edited_meanwhile"
    assert "version 2" in error.value.messages[0]
    manual.refresh_from_db()
    assert (manual.version, manual.text) == (2, "First edit.")
    assert manual.revisions.count() == 2


def test_an_update_that_changes_nothing_is_refused(scope: Scope, manual: Criterion, computed: Criterion):
    with pytest.raises(ValidationError) as error:
        criterion_update(criterion=manual, by=scope.coordinator, expected_version=1, reason="Why not", text=manual.text)
    assert error.value.code == "nothing_changed"
    # Defaults the evaluator would fill in anyway are no change either.
    with pytest.raises(ValidationError) as error:
        criterion_update(
            criterion=computed, by=scope.coordinator, expected_version=1, reason="Same", parameters={"minimum": 10}
        )
    assert error.value.code == "nothing_changed"
    assert manual.revisions.count() == computed.revisions.count() == 1


def test_a_coordinator_tunes_a_threshold_and_the_gate_uses_it(scope: Scope, computed: Criterion):
    trajectory_start(group=scope.group, by=None)
    criterion_update(
        criterion=computed, by=scope.coordinator, expected_version=1, reason="Small groups", parameters={"minimum": 1}
    )
    result = next(r for r in evaluate_gate(scope.group).results if r.criterion_id == computed.pk)
    assert (result.status, result.version) == ("met", 2)


@pytest.mark.parametrize(
    ("changes", "code"),
    [
        ({"evaluator": "rain_last_week"}, "unknown_evaluator"),
        ({"parameters": {"minimum": -3}}, "invalid_parameters"),
        ({"kind": CriterionKind.MANUAL}, "evaluator_on_manual"),
        ({"kind": CriterionKind.MANUAL, "evaluator": ""}, "parameters_on_manual"),
        ({"text": ""}, "required"),
        ({"order": -1}, "invalid_order"),
    ],
)
def test_an_invalid_update_is_refused_and_nothing_is_saved(scope: Scope, computed: Criterion, changes, code):
    with pytest.raises(ValidationError) as error:
        criterion_update(criterion=computed, by=scope.coordinator, expected_version=1, reason="Try", **changes)
    assert code in error_codes(error.value)
    computed.refresh_from_db()
    assert (computed.version, computed.evaluator, computed.parameters) == (1, "member_count_at_least", {"minimum": 10})


def test_a_computed_criterion_becomes_manual_when_its_function_and_parameters_are_cleared(
    scope: Scope, computed: Criterion
):
    updated = criterion_update(
        criterion=computed,
        by=scope.coordinator,
        expected_version=1,
        reason="Counted by hand for now.",
        kind=CriterionKind.MANUAL,
        evaluator="",
        parameters={},
    )
    assert (updated.kind, updated.evaluator, updated.parameters, updated.version) == ("manual", "", {}, 2)


def test_retiring_keeps_the_row_and_takes_it_out_of_the_gate(scope: Scope, manual: Criterion):
    trajectory_start(group=scope.group, by=None)
    assert manual.pk in [r.criterion_id for r in evaluate_gate(scope.group).results]
    retired = criterion_retire(criterion=manual, by=scope.coordinator, reason="Buyers are found later now.")
    assert (retired.active, retired.version) == (False, 2)
    assert Criterion.objects.filter(pk=manual.pk, active=False).exists()
    revision = manual.revisions.get(version=2)
    assert (revision.active, revision.reason) == (False, "Buyers are found later now.")
    assert manual.pk not in [r.criterion_id for r in evaluate_gate(scope.group).results]

    restored = criterion_restore(criterion=manual, by=scope.coordinator, reason="Buyers asked for it again.")
    assert (restored.active, restored.version) == (True, 3)
    assert manual.revisions.count() == 3


def test_retiring_twice_or_restoring_an_active_criterion_is_refused(scope: Scope, manual: Criterion):
    with pytest.raises(ValidationError) as error:
        criterion_restore(criterion=manual, by=scope.coordinator, reason="Again")
    assert error.value.code == "not_retired"
    criterion_retire(criterion=manual, by=scope.coordinator, reason="Gone")
    with pytest.raises(ValidationError) as error:
        criterion_retire(criterion=manual, by=scope.coordinator, reason="Gone again")
    assert error.value.code == "already_retired"


def test_a_retired_criterion_is_restored_before_it_is_changed(scope: Scope, manual: Criterion):
    criterion_retire(criterion=manual, by=scope.coordinator, reason="Gone")
    with pytest.raises(ValidationError) as error:
        criterion_update(criterion=manual, by=scope.coordinator, expected_version=2, reason="Edit", text="New text.")
    assert error.value.code == "retired"


@pytest.mark.parametrize("action", ["update", "retire", "restore"])
@pytest.mark.parametrize("reason", ["", "   "])
def test_changes_need_a_reason(scope: Scope, manual: Criterion, action: str, reason: str):
    if action == "restore":
        criterion_retire(criterion=manual, by=scope.coordinator, reason="Gone")
    version = Criterion.objects.get(pk=manual.pk).version
    attempts = {
        "update": lambda: criterion_update(
            criterion=manual, by=scope.coordinator, expected_version=1, reason=reason, text="New."
        ),
        "retire": lambda: criterion_retire(criterion=manual, by=scope.coordinator, reason=reason),
        "restore": lambda: criterion_restore(criterion=manual, by=scope.coordinator, reason=reason),
    }
    with pytest.raises(ValidationError) as error:
        attempts[action]()
    assert error_codes(error.value) == {"reason_required"}
    assert Criterion.objects.get(pk=manual.pk).version == version


@pytest.mark.parametrize("role", ["field_officer", "group_manager", "donor", "outsider"])
def test_only_a_coordinator_may_change_criteria(scope: Scope, phase: Phase, manual: Criterion, role: str):
    user = scope.users()[role]
    with pytest.raises(PermissionDenied):
        _new(phase, user)
    with pytest.raises(PermissionDenied):
        criterion_update(criterion=manual, by=user, expected_version=1, reason="Mine", text="Changed.")
    with pytest.raises(PermissionDenied):
        criterion_retire(criterion=manual, by=user, reason="Mine")
    with pytest.raises(PermissionDenied):
        criterion_restore(criterion=manual, by=user, reason="Mine")
    assert Criterion.objects.get(pk=manual.pk).version == 1


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
