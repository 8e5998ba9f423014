"""The gate logic, as unit tests over records: each evaluator, manual answers, and what blocks a group."""

import datetime
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from cycles.gates import MET, NOT_MET, REGISTRY, UNANSWERED, evaluate_gate, evaluate_gates
from cycles.models import AnswerStatus, Criterion, CriterionAnswer, CriterionKind, MoveKind, Phase
from cycles.services import phase_move_record, trajectory_start
from standards.models import CertificateStatus

from ..factories import (
    AssignmentFactory,
    CertificateFactory,
    GroupStandardFactory,
    MemberFactory,
    PlotFactory,
    ProducerGroupFactory,
    UserFactory,
)


def _in_phase(group, code: str) -> None:
    start = timezone.now() - datetime.timedelta(days=400)
    trajectory_start(group=group, by=None, at=start)
    for phase in Phase.objects.filter(order__gt=1, order__lte=Phase.objects.get(code=code).order).order_by("order"):
        phase_move_record(group=group, kind=MoveKind.ADVANCE, to_phase=phase, by=None, at=start)


def _result(gate, code):
    return next(r for r in gate.results if r.code == code)


@pytest.fixture
def group(db):
    return ProducerGroupFactory.create()


def test_every_evaluator_named_in_the_reference_data_is_registered(db):
    named = set(Criterion.objects.filter(kind=CriterionKind.COMPUTED).values_list("evaluator", flat=True))
    assert named <= set(REGISTRY), named - set(REGISTRY)


def test_a_group_that_has_not_started_has_an_empty_gate(group):
    assert evaluate_gate(group).results == []


def test_a_fresh_group_in_preconditions_is_blocked_by_every_mandatory_criterion(group):
    _in_phase(group, "preconditions")
    gate = evaluate_gate(group)
    assert not gate.open
    assert {r.code for r in gate.unmet} == {r.code for r in gate.results if r.mandatory}
    assert _result(gate, "governed-organisation").status == UNANSWERED
    assert _result(gate, "support-assigned").detail == "No field officer or trainer is assigned."


def test_member_count_counts_members_who_have_not_left(group):
    _in_phase(group, "preconditions")
    MemberFactory.create_batch(9, group=group)
    MemberFactory.create(group=group, status="left")
    result = _result(evaluate_gate(group), "basic-member-list")
    assert (result.status, result.detail) == (NOT_MET, "9 members in the register; at least 10 needed.")
    MemberFactory.create(group=group)
    assert _result(evaluate_gate(group), "basic-member-list").status == MET


def test_support_assigned_is_met_by_a_field_officer_in_the_portfolio(group, scope):
    _in_phase(group, "preconditions")
    AssignmentFactory.create(field_officer=scope.field_officer, group=group)
    result = _result(evaluate_gate(group), "support-assigned")
    assert (result.status, result.detail) == (MET, "1 field officer assigned.")


def test_register_complete_needs_year_of_birth_and_a_plot_for_every_member(group):
    _in_phase(group, "planning-1")
    complete = MemberFactory.create(group=group)
    PlotFactory.create(member=complete, area_ha=Decimal("0.5"))
    MemberFactory.create(group=group)  # no plot
    no_year = MemberFactory.create(group=group, year_of_birth=None)
    PlotFactory.create(member=no_year)
    result = _result(evaluate_gate(group), "register-complete")
    assert result.status == NOT_MET
    assert result.detail.startswith("1 of 3 members have identity")


def test_register_complete_is_met_when_every_active_member_is_complete(group):
    _in_phase(group, "planning-1")
    for member in MemberFactory.create_batch(3, group=group):
        PlotFactory.create(member=member)
    MemberFactory.create(group=group, status="left")  # people who left do not count
    assert _result(evaluate_gate(group), "register-complete").status == MET


def test_register_complete_share_comes_from_the_criterion_parameters(group):
    _in_phase(group, "planning-1")
    criterion = Criterion.objects.get(code="register-complete")
    criterion.parameters = {"share": 0.5}
    criterion.save()
    PlotFactory.create(member=MemberFactory.create(group=group))
    MemberFactory.create(group=group)
    assert _result(evaluate_gate(group), "register-complete").status == MET


def test_standards_chosen_names_the_standards(group):
    _in_phase(group, "planning-1")
    assert _result(evaluate_gate(group), "standards-chosen").detail == "No standard chosen yet."
    GroupStandardFactory.create(group=group)
    result = _result(evaluate_gate(group), "standards-chosen")
    assert (result.status, result.detail) == (MET, "Chosen: Fairtrade SPO.")


def test_valid_certificate_ignores_expired_and_suspended_ones(group):
    _in_phase(group, "initial-certificate")
    today = timezone.localdate()
    old = datetime.timedelta(days=365)
    CertificateFactory.create(group=group, valid_from=today - 4 * old, valid_to=today - old)
    CertificateFactory.create(group=group, status=CertificateStatus.SUSPENDED)
    assert _result(evaluate_gate(group), "certificate-issued").status == NOT_MET
    CertificateFactory.create(group=group, number="FLO-ID 1")
    result = _result(evaluate_gate(group), "certificate-issued")
    assert result.status == MET
    assert "FLO-ID 1" in result.detail


def test_a_manual_criterion_counts_as_its_answer_and_not_applicable_does_not_block(group):
    _in_phase(group, "preconditions")
    user = UserFactory.create()
    governed = Criterion.objects.get(code="governed-organisation")
    CriterionAnswer.objects.create(
        group=group, criterion=governed, status=AnswerStatus.NOT_MET, answered_at=timezone.now(), answered_by=user
    )
    assert _result(evaluate_gate(group), "governed-organisation").blocking
    CriterionAnswer.objects.filter(group=group).update(status=AnswerStatus.NOT_APPLICABLE)
    assert not _result(evaluate_gate(group), "governed-organisation").blocking


def test_optional_and_retired_criteria_never_block(group):
    _in_phase(group, "preconditions")
    Criterion.objects.filter(code="governed-organisation").update(active=False)
    Criterion.objects.filter(code="buyer-interested").update(mandatory=False)
    gate = evaluate_gate(group)
    assert "governed-organisation" not in {r.code for r in gate.results}
    assert not _result(gate, "buyer-interested").blocking


def test_an_unknown_evaluator_blocks_and_says_so(group):
    _in_phase(group, "preconditions")
    Criterion.objects.filter(code="support-assigned").update(evaluator="no_such_thing")
    result = _result(evaluate_gate(group), "support-assigned")
    assert result.blocking
    assert "no_such_thing" in result.detail


def test_gates_of_many_groups_cost_the_same_queries_as_of_few(db):
    groups = ProducerGroupFactory.create_batch(3)
    for g in groups:
        _in_phase(g, "planning-1")
    with CaptureQueriesContext(connection) as few:
        evaluate_gates(groups)
    more = ProducerGroupFactory.create_batch(30)
    for g in more:
        _in_phase(g, "planning-1")
        MemberFactory.create(group=g)
    with CaptureQueriesContext(connection) as many:
        gates = evaluate_gates(groups + more)
    assert len(many) == len(few)
    assert len(gates) == 33
