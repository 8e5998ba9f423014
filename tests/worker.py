"""A real Celery worker, in its own process, against Redis and the test database: for the tests that take a
job from request to result the way production does. Only where REDIS_URL is set (CI sets it)."""

import os
import socket
import subprocess
import sys
import time
from collections.abc import Generator, Iterator
from pathlib import Path
from typing import NoReturn
from urllib.parse import quote

import pytest
from django.db import connection

from hivos_qm.celery import app

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture
def celery_worker_process(
    transactional_db: None, django_db_serialized_rollback: None
) -> Iterator[subprocess.Popen[str]]:
    """Start `celery worker` on the test database; stop it after the test. The data the test makes must be
    committed (this fixture brings a transactional database) for the worker to see it. Serialized rollback puts
    back the reference data the migrations loaded, which the flush after a transactional test would wipe."""
    yield from _worker(["--pool=solo"])


@pytest.fixture
def celery_prefork_worker(
    transactional_db: None, django_db_serialized_rollback: None
) -> Iterator[subprocess.Popen[str]]:
    """A worker as production runs it: a parent process and one child that runs the tasks, so that a test can kill
    the child in the middle of a task and see what the parent does."""
    yield from _worker(["--pool=prefork", "--concurrency=1"])


@pytest.fixture
def celery_mailing_worker(
    transactional_db: None, django_db_serialized_rollback: None, tmp_path: Path
) -> Iterator[tuple[subprocess.Popen[str], Path]]:
    """Two processes taking tasks at once, writing the mails they send as files in a folder the test reads."""
    mails = tmp_path / "mails"
    mails.mkdir()
    started = _worker(["--pool=prefork", "--concurrency=2"], extra_env={"EMAIL_URL": f"filemail:///{mails}"})
    try:
        yield next(started), mails
    finally:
        started.close()  # stops the worker (the `finally` of `_worker`)


def _worker(pool: list[str], extra_env: dict[str, str] | None = None) -> Generator[subprocess.Popen[str], None, None]:
    redis_url = os.environ.get("REDIS_URL")
    if not redis_url:
        _cannot_run("needs Redis: set REDIS_URL (e.g. redis://127.0.0.1:6379/0) to run the real-worker tests")
    settings_dict = connection.settings_dict
    if settings_dict["ENGINE"].endswith("sqlite3"):
        _cannot_run("a worker process cannot share an in-memory SQLite test database: needs PostgreSQL")
    # Quoted: a password may hold the characters that delimit a URL ("@", ":", "/").
    user, password = (quote(settings_dict[key] or "", safe="") for key in ("USER", "PASSWORD"))
    database_url = (
        f"postgres://{user}:{password}@"
        f"{settings_dict['HOST'] or '127.0.0.1'}:{settings_dict['PORT'] or 5432}/{settings_dict['NAME']}"
    )
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "hivos_qm.settings.test",
        "DATABASE_URL": database_url,
        "REDIS_URL": redis_url,
        **(extra_env or {}),
    }
    # A queue of this test process's own: with pytest-xdist each process has its own test database, so its tasks
    # must reach its own worker and no other.
    queue = f"test-{os.getpid()}"
    name = f"{queue}@{socket.gethostname()}"
    previous = (app.conf.task_default_queue, app.conf.task_always_eager)
    app.conf.task_default_queue, app.conf.task_always_eager = queue, False
    command = [sys.executable, "-m", "celery", "-A", "hivos_qm", "worker", *pool, "--loglevel=warning"]
    command += ["--without-heartbeat", "--without-gossip", "--without-mingle", "-Q", queue, "-n", name]
    worker = subprocess.Popen(command, cwd=ROOT, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    try:
        _wait_until_ready(worker, name)
        yield worker
    finally:
        app.conf.task_default_queue, app.conf.task_always_eager = previous
        worker.terminate()
        try:
            worker.wait(timeout=20)
        except subprocess.TimeoutExpired:
            worker.kill()


def _cannot_run(reason: str) -> NoReturn:
    """Skip on a developer's machine; fail in CI, which must run these tests (.ci/run brings Redis and PostgreSQL)."""
    if os.environ.get("CI"):
        pytest.fail(f"{reason} (CI runs the real-worker tests)", pytrace=False)
    pytest.skip(reason)


def _wait_until_ready(worker: subprocess.Popen[str], name: str, timeout: float = 30) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if worker.poll() is not None:
            output = worker.stdout.read() if worker.stdout else ""
            raise RuntimeError(f"the Celery worker stopped at start:\n{output}")
        if app.control.ping(destination=[name], timeout=0.5):
            return
    raise RuntimeError(f"the Celery worker did not answer a ping within {timeout:.0f} seconds")
