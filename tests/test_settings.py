"""Settings come from the environment; production refuses to start unsafely."""

import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
STRONG_KEY = "k7$Qz!p2@vR9#mW4^tY8&uB3*nX6(cL1)hJ5-gF0_dS2+aE7=oI9"


def _run(args: list[str], **env: str) -> subprocess.CompletedProcess[str]:
    clean = {k: v for k, v in os.environ.items() if not k.startswith(("DJANGO_", "DATABASE_URL", "REDIS_URL"))}
    return subprocess.run(
        [sys.executable, *args], cwd=ROOT, env={**clean, **env}, capture_output=True, text=True, timeout=120
    )


def _setting(settings_module: str, expression: str, **env: str) -> str:
    code = f"import django; django.setup(); from django.conf import settings; print(repr(({expression})))"
    result = _run(["-c", code], DJANGO_SETTINGS_MODULE=settings_module, **env)
    assert result.returncode == 0, result.stderr
    return result.stdout.strip()


def test_production_refuses_to_start_without_a_secret_key():
    result = _run(
        ["manage.py", "check"],
        DJANGO_SETTINGS_MODULE="hivos_qm.settings.production",
        DJANGO_ALLOWED_HOSTS="qm.example.org",
    )
    assert result.returncode != 0
    assert "DJANGO_SECRET_KEY" in result.stderr


def test_production_passes_the_deployment_checklist_without_a_single_warning():
    result = _run(
        ["manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        DJANGO_SETTINGS_MODULE="hivos_qm.settings.production",
        DJANGO_SECRET_KEY=STRONG_KEY,
        DJANGO_ALLOWED_HOSTS="qm.example.org",
        DATABASE_URL="sqlite:////tmp/hivos-qm-deploy-check.sqlite3",
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "System check identified no issues (0 silenced)." in result.stdout


def test_production_never_allows_demo_data():
    value = _setting(
        "hivos_qm.settings.production",
        "settings.DEMO_DATA_ALLOWED, settings.DEBUG",
        DJANGO_SECRET_KEY=STRONG_KEY,
        DJANGO_ALLOWED_HOSTS="qm.example.org",
    )
    assert value == "(False, False)"


def test_without_configuration_the_app_uses_sqlite_and_runs_tasks_in_process():
    value = _setting(
        "hivos_qm.settings.local",
        "settings.DATABASES['default']['ENGINE'], settings.CELERY_TASK_ALWAYS_EAGER, "
        "settings.CACHES['default']['BACKEND']",
    )
    assert value == ("('django.db.backends.sqlite3', True, 'django.core.cache.backends.locmem.LocMemCache')")


def test_database_url_selects_postgresql_and_redis_url_the_broker_and_cache():
    value = _setting(
        "hivos_qm.settings.local",
        "settings.DATABASES['default']['ENGINE'], settings.DATABASES['default']['NAME'], "
        "settings.CELERY_BROKER_URL, settings.CELERY_TASK_ALWAYS_EAGER, settings.CACHES['default']['BACKEND']",
        DATABASE_URL="postgres://postgres@127.0.0.1:5432/hivos",
        REDIS_URL="redis://127.0.0.1:6379/3",
    )
    assert value == (
        "('django.db.backends.postgresql', 'hivos', 'redis://127.0.0.1:6379/3', False, "
        "'django.core.cache.backends.redis.RedisCache')"
    )


@pytest.mark.parametrize("variable", ["DJANGO_DEBUG", "DJANGO_ALLOWED_HOSTS"])
def test_debug_and_hosts_come_from_the_environment(variable):
    expression = "settings.DEBUG" if variable == "DJANGO_DEBUG" else "settings.ALLOWED_HOSTS"
    value = _setting(
        "hivos_qm.settings.local",
        expression,
        **(
            {"DJANGO_DEBUG": "false"} if variable == "DJANGO_DEBUG" else {"DJANGO_ALLOWED_HOSTS": "a.example,b.example"}
        ),
    )
    assert value == ("False" if variable == "DJANGO_DEBUG" else "['a.example', 'b.example']")


@pytest.mark.parametrize(
    "key",
    ["", "short-key", "x" * 60, "django-insecure-" + STRONG_KEY],
    ids=["empty", "short", "one-character", "django-insecure"],
)
def test_production_refuses_to_start_with_a_weak_secret_key(key):
    result = _run(
        ["manage.py", "check"],
        DJANGO_SETTINGS_MODULE="hivos_qm.settings.production",
        DJANGO_SECRET_KEY=key,
        DJANGO_ALLOWED_HOSTS="qm.example.org",
    )
    assert result.returncode != 0
    assert "DJANGO_SECRET_KEY is too weak" in result.stderr


def test_production_refuses_to_start_when_demo_logins_may_skip_the_second_factor():
    result = _run(
        ["manage.py", "check"],
        DJANGO_SETTINGS_MODULE="hivos_qm.settings.production",
        DJANGO_SECRET_KEY=STRONG_KEY,
        DJANGO_ALLOWED_HOSTS="qm.example.org",
        MFA_DEMO_SKIP_USERNAMES="coordinator",
    )
    assert result.returncode != 0
    assert "MFA_DEMO_SKIP_USERNAMES" in result.stderr


@pytest.mark.parametrize(
    ("settings_module", "expected"),
    [
        ("hivos_qm.settings.local", "['coordinator', 'fieldofficer', 'groupmanager', 'donor', 'meneja']"),
        ("hivos_qm.settings.test", "[]"),
        ("hivos_qm.settings.production", "[]"),
    ],
)
def test_only_the_local_settings_let_the_demo_logins_skip_the_second_factor(settings_module, expected):
    value = _setting(
        settings_module,
        "settings.MFA_DEMO_SKIP_USERNAMES",
        DJANGO_SECRET_KEY=STRONG_KEY,
        DJANGO_ALLOWED_HOSTS="qm.example.org",
    )
    assert value == expected


def test_sessions_end_after_30_minutes_idle_and_12_hours_at_most():
    value = _setting(
        "hivos_qm.settings.production",
        "settings.SESSION_IDLE_SECONDS, settings.SESSION_MAX_SECONDS, settings.SESSION_COOKIE_AGE",
        DJANGO_SECRET_KEY=STRONG_KEY,
        DJANGO_ALLOWED_HOSTS="qm.example.org",
    )
    assert value == "(1800, 43200, 43200)"
