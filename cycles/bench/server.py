"""The page benchmark's server: gunicorn with the production settings, on the same database, with the bare view
switched on. Static files are collected into a folder of their own first (the production storage reads its
manifest)."""

import os
import secrets
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from django.conf import settings
from django.db import connection


def server_environment(*, static_root: Path, database_url: str) -> dict[str, str]:
    """The environment of the production settings for a server on 127.0.0.1 over plain HTTP."""
    return {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "hivos_qm.settings.production",
        "DJANGO_SECRET_KEY": secrets.token_urlsafe(50),
        "DJANGO_ALLOWED_HOSTS": "127.0.0.1,localhost",
        "DJANGO_SECURE_SSL_REDIRECT": "false",
        "DJANGO_STATIC_ROOT": str(static_root),
        "DJANGO_BENCHMARK_BARE_VIEW": "true",
        "DATABASE_URL": database_url,
        "DJANGO_LOG_LEVEL": "WARNING",
    }


def database_url() -> str:
    """The URL of the database this process uses, for the server to use the same one."""
    if "DATABASE_URL" in os.environ:
        return os.environ["DATABASE_URL"]
    name = settings.DATABASES["default"]["NAME"]
    return f"sqlite:///{name}"


def _wait(port: int, process: subprocess.Popen[bytes], seconds: float = 60) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"gunicorn stopped at start-up (exit {process.returncode})")
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=1):
                return
        except OSError:
            time.sleep(0.2)
    raise RuntimeError(f"gunicorn did not listen on port {port} within {seconds:.0f} s")


@contextmanager
def gunicorn(*, port: int, workers: int, static_root: Path) -> Iterator[None]:
    """gunicorn serving the app on 127.0.0.1:port until the block ends."""
    environment = server_environment(static_root=static_root, database_url=database_url())
    subprocess.run(
        [sys.executable, "manage.py", "collectstatic", "--noinput", "-v", "0"],
        env=environment,
        check=True,
        cwd=settings.BASE_DIR,
    )
    # The connections of this process stay open while the server runs: the server opens its own.
    connection.close()
    process = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "gunicorn",
            "hivos_qm.wsgi:application",
            "--workers",
            str(workers),
            "--bind",
            f"127.0.0.1:{port}",
            "--log-level",
            "warning",
        ],
        env=environment,
        cwd=settings.BASE_DIR,
    )
    try:
        _wait(port, process)
        yield
    finally:
        process.terminate()
        try:
            process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            process.kill()
