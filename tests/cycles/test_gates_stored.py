"""Stored gates are never stale: after every service that writes what an evaluator reads, the gate the pages read
(`stored_gate`) equals the gate evaluated afresh (`evaluate_gate`), and the group's records version has moved on.

The walk takes one group through its records with the services the pages, the API and ODK submissions call, and
reads the stored gate before each step, so that a stored gate always exists for the step to make obsolete.
"""

import datetime
from collections.abc import Callable
from dataclasses import asdict
from typing import Any

import pytest
from django.contrib import admin
from django.test import RequestFactory
from django.utils import timezone, translation

from cycles.gates import evaluate_gate
from cycles.gates_stored import stored_gate, stored_gates
from cycles.models import AnswerStatus, Compliance, Criterion, CriterionKind, MoveKind, Phase, StoredGate, Trajectory
from cycles.services.answers import criterion_answer
from cycles.services.audits import certificate_issue, certificate_reinstate, certificate_suspend
from cycles.services.criteria import criterion_update
from cycles.services.inspections import conflict_declare, inspection_replace, inspector_create, inspector_update
from cycles.services.nonconformities import corrective_action_done, corrective_action_update, nonconformity_move
from cycles.services.sanctions import sanction_lift
from cycles.services.trainings import training_create, training_update
from cycles.services.trajectories import phase_move_record, trajectory_start
from producers.erasure import member_anonymise
from producers.imports.writing import import_apply
from producers.models import Assignment, Member, RecordsVersion
from producers.services import member_create, member_status_change, member_update, plot_create, plot_update

from ..factories import MemberFactory, PlotFactory
from ..factories_inspections import all_compliant, inspect
from ..factories_nonconformities import choose, days_ago, make_action, make_audit, make_nc, make_sanction
from ..producers.import_fixtures import _csv, _row


def _version(group) -> int:
    return RecordsVersion.objects.filter(group=group).values_list("version", flat=True).first() or 0


def _same(group) -> None:
    stored = [asdict(result) for result in stored_gate(group).results]
    fresh = [asdict(result) for result in evaluate_gate(group).results]
    assert stored == fresh


def _in_phase(group, by, code: str) -> None:
    start = timezone.now() - datetime.timedelta(days=400)
    trajectory_start(group=group, by=by, at=start)
    for phase in Phase.objects.filter(order__gt=1, order__lte=Phase.objects.get(code=code).order).order_by("order"):
        phase_move_record(group=group, kind=MoveKind.ADVANCE, to_phase=phase, by=by, at=start)


def _steps(scope) -> list[tuple[str, Callable[[dict[str, Any]], Any]]]:
    group, manager, officer, coordinator = scope.group, scope.group_manager, scope.field_officer, scope.coordinator
    member_data = {"member_number": "W-100", "first_name": "Wanjiru", "last_name": "Kamau", "gender": "female"}
    return [
        ("member_create", lambda s: s.update(member=member_create(group=group, by=manager, **member_data))),
        (
            "member_update",
            lambda s: s.update(
                member=member_update(
                    member=s["member"],
                    by=manager,
                    expected_version=1,
                    changes={"village": "Gikoe", "consent_given_on": days_ago(3)},
                )
            ),
        ),
        (
            "plot_create",
            lambda s: s.update(
                plot=plot_create(member=s["member"], by=manager, name="Upper plot", crop="Coffee", area_ha="0.5")
            ),
        ),
        (
            "plot_update",
            lambda s: plot_update(plot=s["plot"], by=manager, expected_version=1, changes={"area_ha": "0.7"}),
        ),
        (
            "member_status_change",
            lambda s: member_status_change(
                member=s["member"], by=manager, to_status="approved", changed_on=timezone.localdate(), reason="Seen."
            ),
        ),
        (
            "import_apply",
            lambda s: import_apply(group=group, by=manager, data=_csv([_row("KG-00001")]), file_name="m.csv"),
        ),
        (
            "inspector_create",
            lambda s: s.update(inspector=inspector_create(group=group, by=manager, name="Grace", member=s["member"])),
        ),
        (
            "inspector_update",
            lambda s: s.update(
                inspector=inspector_update(
                    inspector=s["inspector"],
                    by=manager,
                    expected_version=1,
                    name="Grace",
                    member=s["member"],
                    user=None,
                    trained_on=days_ago(10),
                    active=True,
                    reason="Trained.",
                )
            ),
        ),
        (
            "conflict_declare",
            lambda s: conflict_declare(
                inspector=s["inspector"], member=scope.member, by=manager, declared_on=days_ago(1), reason="Cousin."
            ),
        ),
        (
            "inspection_round_open + inspection_record",
            lambda s: s.update(inspection=inspect(member=s["extra"], inspector=s["inspector"], by=manager)),
        ),
        (
            "inspection_replace",
            lambda s: inspection_replace(
                inspection=s["inspection"],
                by=manager,
                inspector=s["inspector"],
                inspected_on=s["inspection"].inspected_on,
                answers=_answers(s),
                severities={sorted(_answers(s))[0]: "minor"},
                reason="Typed on the phone again.",
            ),
        ),
        (
            "training_create",
            lambda s: s.update(
                training=training_create(
                    group=group,
                    by=manager,
                    topic="Spraying records",
                    held_on=days_ago(5),
                    trainer=None,
                    attendees=[s["member"]],
                    inspectors=[s["inspector"]],
                )
            ),
        ),
        (
            "training_update",
            lambda s: training_update(
                training=s["training"],
                by=manager,
                expected_version=1,
                topic="Spraying records",
                held_on=days_ago(5),
                trainer=None,
                requirements=[],
                attendees=[],
                inspectors=[s["inspector"]],
                reason="Wrong list.",
            ),
        ),
        ("audit_record", lambda s: s.update(audit=make_audit(group, officer))),
        ("audit_finding_create", lambda s: s.update(nc=make_nc(group, officer, audit=s["audit"]))),
        ("corrective_action_create", lambda s: s.update(action=make_action(s["nc"], manager))),
        (
            "corrective_action_update",
            lambda s: s.update(
                action=corrective_action_update(
                    action=s["action"],
                    by=manager,
                    expected_version=1,
                    description="Reconcile the books.",
                    owner="ICS manager",
                    due_on=days_ago(-10),
                    reason="Later.",
                )
            ),
        ),
        (
            "nonconformity_move",
            lambda s: nonconformity_move(nonconformity=s["nc"], by=manager, to_status="action_planned"),
        ),
        ("corrective_action_done", lambda s: corrective_action_done(action=s["action"], by=manager)),
        (
            "certificate_issue",
            lambda s: s.update(
                certificate=certificate_issue(
                    audit=s["audit"], by=officer, number="C-1", valid_from=days_ago(20), valid_to=days_ago(-345)
                )
            ),
        ),
        ("certificate_suspend", lambda s: certificate_suspend(certificate=s["certificate"], by=officer, reason="x")),
        (
            "certificate_reinstate",
            lambda s: certificate_reinstate(certificate=s["certificate"], by=officer, reason="x"),
        ),
        ("sanction_apply", lambda s: s.update(sanction=make_sanction(s["extra"], manager, code="suspension"))),
        (
            "sanction_lift",
            lambda s: sanction_lift(sanction=s["sanction"], by=manager, lifted_on=timezone.localdate(), reason="Ok."),
        ),
        (
            "criterion_answer",
            lambda s: criterion_answer(
                group=group, criterion=_manual(group), by=officer, status=AnswerStatus.MET, evidence_note="Seen."
            ),
        ),
        (
            "criterion_update (every group)",
            lambda s: criterion_update(
                criterion=_manual(group),
                by=coordinator,
                expected_version=_manual(group).version,
                reason="Clearer.",
                mandatory=False,
            ),
        ),
        ("member_anonymise", lambda s: member_anonymise(member=s["extra"], by=manager, reason="Asked to.")),
        (
            "phase_move_record",
            lambda s: phase_move_record(
                group=group, kind=MoveKind.BACK, to_phase=Phase.objects.get(code="planning-1"), by=officer, reason="x"
            ),
        ),
    ]


def _answers(state: dict[str, Any]) -> dict[str, tuple[str, str]]:
    """Every question answered again, one of them not compliant now."""
    inspection = state["inspection"]
    answers = all_compliant(inspection.round.group, inspection.round.year)
    first = sorted(answers)[0]
    answers[first] = (Compliance.NOT_COMPLIANT, "Records missing.")
    return answers


def _manual(group) -> Criterion:
    """A manual criterion of the group's current phase."""
    phase = Trajectory.objects.get(group=group).phase
    return Criterion.objects.filter(kind=CriterionKind.MANUAL, active=True, phase=phase).order_by("order")[0]


def test_the_stored_gate_equals_the_fresh_one_after_every_service(scope):
    group = scope.group
    choose(group)
    _in_phase(group, scope.coordinator, "planning-2")
    state: dict[str, Any] = {"extra": MemberFactory.create(group=group, status="approved")}
    PlotFactory.create(member=state["extra"])
    for name, step in _steps(scope):
        group.refresh_from_db()
        stored_gate(group)  # a gate stored at the version before the step
        before = _version(group)
        step(state)
        assert _version(group) > before, f"{name} did not change the records version"
        _same(group)


def test_a_stored_gate_is_read_in_one_query_and_evaluated_again_the_next_day(scope, django_assert_num_queries):
    group = scope.group
    _in_phase(group, scope.coordinator, "preconditions")
    stored_gate(group)
    with django_assert_num_queries(1):
        stored_gate(group)
    tomorrow = timezone.localdate() + datetime.timedelta(days=1)
    stored_gates([group], today=tomorrow)
    assert StoredGate.objects.get(group=group).evaluated_on == tomorrow


def test_a_gate_is_stored_per_language(scope):
    group = scope.group
    _in_phase(group, scope.coordinator, "preconditions")
    english = stored_gate(group)
    with translation.override("sw"):
        swahili = stored_gate(group)
    assert StoredGate.objects.filter(group=group).count() == 2
    assert [r.text for r in english.results] != [r.text for r in swahili.results]
    with translation.override("sw"):
        assert [asdict(r) for r in swahili.results] == [asdict(r) for r in evaluate_gate(group).results]


def test_the_member_count_on_the_stored_gate_follows_a_new_member(scope):
    group = scope.group
    _in_phase(group, scope.coordinator, "preconditions")
    counted = next(r for r in stored_gate(group).results if r.code == "basic-member-list").detail
    member_create(
        group=group, by=scope.group_manager, member_number="N-1", first_name="Ann", last_name="Mwangi", gender="female"
    )
    after = next(r for r in stored_gate(group).results if r.code == "basic-member-list").detail
    assert counted != after
    _same(group)


@pytest.mark.parametrize("model", [Member, Assignment])
def test_an_edit_in_the_admin_changes_the_records_version(scope, model):
    request = RequestFactory().post("/")
    request.user = scope.coordinator
    record = Assignment.objects.filter(group=scope.group).first() if model is Assignment else scope.member
    model_admin = admin.site._registry[model]
    before = _version(scope.group)
    model_admin.save_model(request, record, form=None, change=True)
    assert _version(scope.group) == before + 1
    model_admin.delete_model(request, record)
    assert _version(scope.group) == before + 2


def test_nothing_is_stale_after_a_criterion_changes_for_every_group(scope):
    for group in (scope.group, scope.other_group):
        _in_phase(group, scope.coordinator, "preconditions")
        stored_gate(group)
    criterion = Criterion.objects.filter(phase__code="preconditions", kind=CriterionKind.MANUAL).order_by("order")[0]
    criterion_update(
        criterion=criterion, by=scope.coordinator, expected_version=criterion.version, reason="x", mandatory=False
    )
    for group in (scope.group, scope.other_group):
        _same(group)
