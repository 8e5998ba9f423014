"""Starting background work: the one seam between the services and the Celery tasks.

Imports run one way. `cycles.tasks` imports the services, because a task is a thin wrapper that calls one; so a
service never imports `cycles.tasks`. A service that must start a task (a report it was asked for, say) calls
`start_after_commit` here with the task's registered name, one of the constants below, which the task declares as
its own name. The tasks are registered when Django starts (`CyclesConfig.ready` imports `cycles.tasks`), so the
name is found alike in the web process, the test run and the worker.

The task is sent only once the transaction that made its row commits: a worker never looks for a row that is not
there yet, and a rolled-back request starts nothing.
"""

from celery import current_app
from django.db import transaction

# The registered names of the tasks that services start. Periodic tasks are named in CELERY_BEAT_SCHEDULE.
COORDINATION_RUN = "cycles.tasks.coordination_run"
REPORT_MAKE = "cycles.tasks.report_make"


def start_after_commit(task_name: str, *args: int) -> None:
    """Send the task named `task_name` with these (id) arguments when the current transaction commits."""
    # Looked up now, not after commit: a name nobody registered fails in the request that asked for it.
    task = current_app.tasks[task_name]
    transaction.on_commit(lambda: task.delay(*args))
