"""Production settings. Refuses to start without a strong DJANGO_SECRET_KEY; passes `manage.py check --deploy`."""

from django.core.exceptions import ImproperlyConfigured

from .base import *  # noqa: F403
from .base import BASE_DIR, DATABASES, env

# No default: a missing, empty or short key stops the start-up instead of running with a key that can be guessed
# (sessions, password reset links and CSRF tokens are all signed with it). The bar is Django's own deploy check.
SECRET_KEY = env("DJANGO_SECRET_KEY")
if len(SECRET_KEY) < 50 or len(set(SECRET_KEY)) < 5 or SECRET_KEY.startswith("django-insecure-"):
    raise ImproperlyConfigured(
        "DJANGO_SECRET_KEY is too weak: give at least 50 random characters, e.g. from "
        "`python -c 'from django.core.management.utils import get_random_secret_key as k; print(k())'`."
    )
DEBUG = env.bool("DJANGO_DEBUG", default=False)
ALLOWED_HOSTS = env.list("DJANGO_ALLOWED_HOSTS")

# A connection kept open between the requests of a worker: a new one per request costs each page a connection
# set-up and a PostgreSQL backend whose caches of the catalogue start cold (the page benchmark's pages served 3 to
# 4 times as many requests a second with it, the bare view 4 times). Checked before reuse, so a database that
# restarted meanwhile costs no request an error. Behind PgBouncer in transaction mode, set it to 0 (README,
# "Running on several machines").
DATABASES["default"]["CONN_MAX_AGE"] = env.int("DJANGO_CONN_MAX_AGE", default=600)
DATABASES["default"]["CONN_HEALTH_CHECKS"] = True

DEMO_DATA_ALLOWED = False
# Everyone whose role needs a second factor gives one here: no demo login may skip it.
if env.list("MFA_DEMO_SKIP_USERNAMES", default=[]):
    raise ImproperlyConfigured("MFA_DEMO_SKIP_USERNAMES is set: in production nobody may skip the second factor.")
MFA_DEMO_SKIP_USERNAMES = []

SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_SSL_REDIRECT = env.bool("DJANGO_SECURE_SSL_REDIRECT", default=True)
SECURE_HSTS_SECONDS = env.int("DJANGO_SECURE_HSTS_SECONDS", default=60 * 60 * 24 * 365)
SECURE_HSTS_INCLUDE_SUBDOMAINS = True
SECURE_HSTS_PRELOAD = True
SECURE_CONTENT_TYPE_NOSNIFF = True
SESSION_COOKIE_SECURE = True
CSRF_COOKIE_SECURE = True
X_FRAME_OPTIONS = "DENY"

STATIC_ROOT = env.path("DJANGO_STATIC_ROOT", default=BASE_DIR / "staticfiles")
WHITENOISE_USE_FINDERS = False
# Uploaded evidence, imports and report files: on a folder (MEDIA_ROOT) that every web and worker machine mounts,
# or in object storage through another backend, e.g. django-storages' "storages.backends.s3.S3Storage" with its
# OPTIONS as JSON (README, "Running on several machines").
STORAGES = {
    "default": {
        "BACKEND": env("DJANGO_MEDIA_STORAGE", default="django.core.files.storage.FileSystemStorage"),
        "OPTIONS": env.json("DJANGO_MEDIA_STORAGE_OPTIONS", default={}),
    },
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}
