"""Runs of the coordination report: who may ask for what, the same question reused while it waits, one claim per
run, a finished run never changed, failures recorded, and the monthly run once per month."""

import datetime

import pytest
import time_machine
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import OperationalError
from django.utils import timezone

from cycles import tasks
from cycles.models import CoordinationRun, JobStatus
from cycles.selectors.coordination import coordination_run_get_for_user, coordination_runs_visible_to
from cycles.services import coordination as service
from cycles.services.coordination import (
    coordination_execute,
    coordination_fail,
    coordination_key,
    coordination_monthly_request,
    coordination_request,
)
from producers.models import Programme

from ..factories import ProgrammeFactory

START, END = datetime.date(2025, 1, 1), datetime.date(2025, 12, 31)


def ask(user, filters=None, **period):
    return coordination_request(
        user=user,
        period_start=period.get("period_start", START),
        period_end=period.get("period_end", END),
        filters=filters or {},
    )


def donor_programme(scope) -> Programme:
    return Programme.objects.get(funder__memberships__user=scope.donor)


def test_a_coordinator_asks_and_the_task_makes_the_run_after_commit(scope, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        run, created = ask(scope.coordinator, {"country": "ke", "commodity": "coffee"})
    assert created
    assert len(callbacks) == 1
    run.refresh_from_db()
    assert run.status == JobStatus.DONE
    assert run.filters == {"country": "KE", "commodity": "coffee"}
    assert run.requested_by == scope.coordinator
    assert run.started_at
    assert run.finished_at
    assert run.finished_at >= run.started_at
    assert run.results["pipeline"]["groups_total"] == 2
    assert "recommendations" in run.results


def test_the_same_question_waiting_or_running_is_reused(scope):
    first, created = ask(scope.coordinator, {"commodity": "coffee"})
    assert created
    assert first.status == JobStatus.QUEUED
    again, created_again = ask(scope.coordinator, {"commodity": "coffee"})
    assert (again.pk, created_again) == (first.pk, False)
    CoordinationRun.objects.filter(pk=first.pk).update(status=JobStatus.RUNNING)
    assert ask(scope.coordinator, {"commodity": "coffee"})[0].pk == first.pk
    # Another question is another run; a finished one is not reused (the records may have changed since).
    assert ask(scope.coordinator, {"commodity": "tea"})[1]
    CoordinationRun.objects.filter(pk=first.pk).update(status=JobStatus.DONE)
    assert ask(scope.coordinator, {"commodity": "coffee"})[0].pk != first.pk


def test_the_key_depends_on_the_period_and_filters_only():
    one = coordination_key(period_start=START, period_end=END, filters={"a": 1, "b": 2})
    assert one == coordination_key(period_start=START, period_end=END, filters={"b": 2, "a": 1})
    assert one != coordination_key(period_start=START, period_end=END, filters={"a": 1})
    assert one != coordination_key(period_start=START, period_end=END.replace(day=30), filters={"a": 1, "b": 2})


def test_a_donor_asks_only_about_their_own_programmes(scope):
    programme = donor_programme(scope)
    run, created = ask(scope.donor, {"programme": programme.pk})
    assert created
    assert run.programme == programme
    with pytest.raises(PermissionDenied):
        ask(scope.donor)
    other = ProgrammeFactory.create(groups=[scope.other_group])
    with pytest.raises(PermissionDenied):
        ask(scope.donor, {"programme": other.pk})


@pytest.mark.parametrize("role", ["field_officer", "group_manager", "outsider"])
def test_other_roles_may_not_ask(scope, role):
    with pytest.raises(PermissionDenied):
        ask(scope.users()[role])


@pytest.mark.parametrize(
    ("filters", "period", "code"),
    [
        ({}, {"period_start": END, "period_end": START}, "period_reversed"),
        ({}, {"period_start": datetime.date(2090, 1, 1), "period_end": datetime.date(2090, 2, 1)}, "future"),
        ({}, {"period_start": datetime.date(2015, 1, 1)}, "period_too_long"),
        ({"region": "Nyeri"}, {}, "unknown_filter"),
        ({"country": "XX"}, {}, "unknown_country"),
        ({"commodity": "gold"}, {}, "unknown_commodity"),
        ({"standard": "nope"}, {}, "unknown_standard"),
        ({"programme": "abc"}, {}, "unknown_programme"),
        ({"programme": 999_999}, {}, "unknown_programme"),
    ],
)
def test_a_request_is_checked(scope, filters, period, code):
    with pytest.raises(ValidationError) as error:
        ask(scope.coordinator, filters, **period)
    assert error.value.code == code


def test_a_run_executed_twice_gives_one_result(scope):
    run, _ = ask(scope.coordinator)
    assert coordination_execute(run_id=run.pk) is True
    run.refresh_from_db()
    results, finished_at = run.results, run.finished_at
    assert run.status == JobStatus.DONE
    # The task delivered a second time: nothing to claim, nothing changed.
    assert tasks.coordination_run.apply(args=(run.pk,)).get() is False
    assert coordination_execute(run_id=run.pk) is False
    run.refresh_from_db()
    assert (run.status, run.results, run.finished_at) == (JobStatus.DONE, results, finished_at)


def test_a_finished_run_is_never_marked_failed_afterwards(scope):
    run, _ = ask(scope.coordinator)
    coordination_execute(run_id=run.pk)
    assert coordination_fail(run_id=run.pk, message="late failure") is False
    run.refresh_from_db()
    assert (run.status, run.error) == (JobStatus.DONE, "")


def test_a_failure_is_recorded_with_a_message_and_the_run_is_not_retried(scope, monkeypatch):
    def broken(parameters, source):
        raise ValueError("no phases defined")

    monkeypatch.setattr(service, "coordination_findings", broken)
    run, _ = ask(scope.coordinator)
    assert coordination_execute(run_id=run.pk) is False
    run.refresh_from_db()
    assert run.status == JobStatus.FAILED
    assert "no phases defined" in run.error
    assert run.results == {}
    assert coordination_execute(run_id=run.pk) is False


def test_a_transient_database_error_hands_the_run_back_for_a_retry(scope, monkeypatch):
    def unavailable(parameters, source):
        raise OperationalError("server closed the connection")

    monkeypatch.setattr(service, "coordination_findings", unavailable)
    run, _ = ask(scope.coordinator)
    with pytest.raises(OperationalError):
        coordination_execute(run_id=run.pk)
    run.refresh_from_db()
    assert (run.status, run.started_at) == (JobStatus.QUEUED, None)
    monkeypatch.undo()
    assert coordination_execute(run_id=run.pk) is True


def test_the_task_marks_the_run_failed_when_it_gives_up(scope):
    run, _ = ask(scope.coordinator)
    tasks.coordination_run.on_failure(RuntimeError("worker lost"), "task-id", (run.pk,), {}, None)
    run.refresh_from_db()
    assert run.status == JobStatus.FAILED
    assert "worker lost" in run.error


def test_a_run_left_running_by_a_lost_worker_can_be_claimed_again(scope):
    run, _ = ask(scope.coordinator)
    CoordinationRun.objects.filter(pk=run.pk).update(status=JobStatus.RUNNING, started_at=timezone.now())
    assert coordination_execute(run_id=run.pk) is False  # still in someone's hands
    CoordinationRun.objects.filter(pk=run.pk).update(started_at=timezone.now() - datetime.timedelta(hours=2))
    assert coordination_execute(run_id=run.pk) is True


@time_machine.travel(datetime.datetime(2026, 7, 1, 3, 0, tzinfo=datetime.UTC), tick=False)
def test_the_monthly_run_covers_the_previous_month_once(scope, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        run_id = tasks.coordination_monthly.apply().get()
    run = CoordinationRun.objects.get(pk=run_id)
    assert (run.period_start, run.period_end) == (datetime.date(2026, 6, 1), datetime.date(2026, 6, 30))
    assert (run.requested_by, run.filters, run.status) == (None, {}, JobStatus.DONE)
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        again, created = coordination_monthly_request()
    assert (again.pk, created, callbacks) == (run.pk, False, [])
    assert CoordinationRun.objects.count() == 1


def test_a_failed_monthly_run_is_made_again(scope):
    first, _ = coordination_monthly_request(today=datetime.date(2026, 3, 15))
    assert (first.period_start, first.period_end) == (datetime.date(2026, 2, 1), datetime.date(2026, 2, 28))
    coordination_fail(run_id=first.pk, message="database down")
    second, created = coordination_monthly_request(today=datetime.date(2026, 3, 20))
    assert created
    assert second.pk != first.pk


def test_coordinators_see_every_run_and_donors_the_runs_of_their_programmes(scope):
    own, _ = ask(scope.donor, {"programme": donor_programme(scope).pk})
    other_programme = ProgrammeFactory.create(groups=[scope.other_group])
    other, _ = ask(scope.coordinator, {"programme": other_programme.pk})
    everything, _ = ask(scope.coordinator)
    assert set(coordination_runs_visible_to(scope.coordinator)) == {own, other, everything}
    assert list(coordination_runs_visible_to(scope.donor)) == [own]
    for role in ("field_officer", "group_manager", "outsider"):
        assert not coordination_runs_visible_to(scope.users()[role]).exists()
        with pytest.raises(PermissionDenied):
            coordination_run_get_for_user(user=scope.users()[role], pk=own.pk)
    assert coordination_run_get_for_user(user=scope.donor, pk=own.pk) == own
