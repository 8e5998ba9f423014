"""Settings for the test suite: fast hashing, in-memory files, the database from DATABASE_URL if given."""

from .base import *  # noqa: F403
from .base import BASE_DIR, env

SECRET_KEY = env("DJANGO_SECRET_KEY", default="test-key-not-for-production")
DEBUG = False
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
MEDIA_ROOT = BASE_DIR / ".test-media"
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.InMemoryStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
