"""A real Celery worker, in its own process, against Redis and the test database: for the tests that take a
job from request to result the way production does. Only where REDIS_URL is set (CI sets it)."""

import os
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from django.db import connection

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture
def celery_worker_process(transactional_db: None) -> Iterator[subprocess.Popen[str]]:
    """Start `celery worker` on the test database; stop it after the test. The data the test makes must be
    committed (this fixture brings a transactional database) for the worker to see it."""
    redis_url = os.environ.get("REDIS_URL")
    if not redis_url:
        if os.environ.get("CI"):
            pytest.fail("REDIS_URL is not set: CI runs the worker tests against Redis.", pytrace=False)
        pytest.skip("needs Redis: set REDIS_URL (e.g. redis://127.0.0.1:6379/0) to run the real-worker tests")
    settings_dict = connection.settings_dict
    if settings_dict["ENGINE"].endswith("sqlite3"):
        pytest.skip("a worker process cannot share an in-memory SQLite test database: runs on PostgreSQL (CI)")
    database_url = (
        f"postgres://{settings_dict['USER'] or ''}:{settings_dict['PASSWORD'] or ''}@"
        f"{settings_dict['HOST'] or '127.0.0.1'}:{settings_dict['PORT'] or 5432}/{settings_dict['NAME']}"
    )
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "hivos_qm.settings.test",
        "DATABASE_URL": database_url,
        "REDIS_URL": redis_url,
    }
    worker = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "celery",
            "-A",
            "hivos_qm",
            "worker",
            "--pool=solo",
            "--loglevel=warning",
            "--without-heartbeat",
            "--without-gossip",
            "--without-mingle",
            "-n",
            f"test-{os.getpid()}@%h",
        ],
        cwd=ROOT,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    try:
        _wait_until_ready(worker)
        yield worker
    finally:
        worker.terminate()
        try:
            worker.wait(timeout=20)
        except subprocess.TimeoutExpired:
            worker.kill()


def _wait_until_ready(worker: subprocess.Popen[str], timeout: float = 30) -> None:
    from hivos_qm.celery import app

    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if worker.poll() is not None:
            output = worker.stdout.read() if worker.stdout else ""
            raise RuntimeError(f"the Celery worker stopped at start:\n{output}")
        if app.control.ping(timeout=0.5):
            return
    raise RuntimeError("the Celery worker did not answer a ping within 30 seconds")
