"""The seam between services and tasks: every name a service starts is a task Celery knows, and nothing is sent
before the transaction that made its row commits."""

from unittest import mock

import pytest
from celery import current_app

from cycles import dispatch


@pytest.mark.parametrize("name", [dispatch.COORDINATION_RUN, dispatch.REPORT_MAKE])
def test_every_dispatched_name_is_a_registered_task(name: str) -> None:
    assert name in current_app.tasks


def test_an_unknown_name_fails_in_the_request_that_asked_for_it() -> None:
    with pytest.raises(KeyError):
        dispatch.start_after_commit("cycles.tasks.no_such_task", 1)


@pytest.mark.django_db
def test_the_task_is_sent_only_when_the_transaction_commits(django_capture_on_commit_callbacks) -> None:
    task = current_app.tasks[dispatch.REPORT_MAKE]
    with mock.patch.object(task, "delay") as delay:
        with django_capture_on_commit_callbacks(execute=False) as callbacks:
            dispatch.start_after_commit(dispatch.REPORT_MAKE, 42)
        delay.assert_not_called()
        for callback in callbacks:
            callback()
        delay.assert_called_once_with(42)
