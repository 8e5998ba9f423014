"""Settings for the test suite: fast hashing, files in a scratch folder, the database from DATABASE_URL if given."""

from .base import *  # noqa: F403
from .base import BASE_DIR, DATABASES, REST_FRAMEWORK, env

SECRET_KEY = env("DJANGO_SECRET_KEY", default="test-key-not-for-production")
DEBUG = False
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
# On disk rather than in memory: a Celery worker in another process (tests/worker.py) writes files the test reads.
MEDIA_ROOT = env.path("DJANGO_MEDIA_ROOT", default=BASE_DIR / ".test-media")
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}

# Tasks run in-process during tests, even where REDIS_URL is set; the tests that take a job through a real
# worker switch this off for themselves (tests/worker.py).
CELERY_TASK_ALWAYS_EAGER = True
CELERY_TASK_EAGER_PROPAGATES = True

# The test suite asks the API far more often than a person would; the throttle's own test sets its rate.
REST_FRAMEWORK = {**REST_FRAMEWORK, "DEFAULT_THROTTLE_RATES": {"person": "100000/minute"}}

if DATABASES["default"]["ENGINE"].endswith("sqlite3"):
    # A file rather than memory: Django shares an in-memory SQLite connection between the browser tests' live
    # server threads, and two requests at once (a page and its script's fetch) then interleave their savepoints
    # ("no such savepoint"). On a file each thread has its own connection. pytest-xdist adds its worker's name.
    DATABASES["default"]["TEST"] = {"NAME": str(BASE_DIR / ".test-db.sqlite3")}
