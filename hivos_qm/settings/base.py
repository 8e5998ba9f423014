"""Settings shared by every environment. Everything that differs between machines comes from the environment."""

from datetime import timedelta
from pathlib import Path

import environ
from celery.schedules import crontab
from django.contrib.messages import constants as message_constants

BASE_DIR = Path(__file__).resolve().parent.parent.parent

env = environ.Env()

SECRET_KEY = env("DJANGO_SECRET_KEY", default="")
DEBUG = env.bool("DJANGO_DEBUG", default=False)
ALLOWED_HOSTS = env.list("DJANGO_ALLOWED_HOSTS", default=["127.0.0.1", "localhost"])

INSTALLED_APPS = [
    # Before the admin, as django-modeltranslation asks: it adds the Kiswahili columns of the reference content and
    # patches the admin's forms for them.
    "modeltranslation",
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "django_otp.plugins.otp_static",
    "axes",
    "crispy_forms",
    "crispy_bootstrap5",
    "django_countries",
    "django_filters",
    "simple_history",
    "csp",
    "rest_framework",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "producers",
    "standards",
    "cycles",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    # A body larger than any upload the app takes is refused before anything parses it.
    "hivos_qm.limits.RequestBodyLimitMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    # Pages compressed for phones on slow links: an inspection form of 120 KiB travels as 8 KiB. After WhiteNoise,
    # which serves the static files already compressed. Django masks the CSRF token per response and pads the
    # compressed body with random bytes against BREACH.
    "django.middleware.gzip.GZipMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    # After the login is known: a person's own choice of language wins over the browser's (LocaleMiddleware above
    # read the session, the cookie and Accept-Language; the login page has only those).
    "producers.accounts.middleware.PreferredLanguageMiddleware",
    # Marks request.user.is_verified() once the second factor of this session has been checked.
    "django_otp.middleware.OTPMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    # Ends a session idle for SESSION_IDLE_SECONDS or older than SESSION_MAX_SECONDS, before any view runs.
    "producers.accounts.middleware.SessionLimitsMiddleware",
    # Every page needs a login unless its view says otherwise with @login_not_required.
    "django.contrib.auth.middleware.LoginRequiredMiddleware",
    # Then the second factor (required for coordinators and field officers), then a password an admin set.
    "producers.accounts.middleware.SecondFactorMiddleware",
    "producers.accounts.middleware.PasswordChangeRequiredMiddleware",
    # Lets django-simple-history stamp admin edits with their author; services set the author themselves.
    "simple_history.middleware.HistoryRequestMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    # The Content-Security-Policy header on every response (CONTENT_SECURITY_POLICY below).
    "csp.middleware.CSPMiddleware",
    # A refused page (403) and a page outside the person's scope (404) go to the security log.
    "hivos_qm.security.RefusalLogMiddleware",
    # Last, as django-axes asks: it turns a login refused for too many failures into the lockout page.
    "axes.middleware.AxesMiddleware",
]

# Content-Security-Policy (django-csp): only this site's own files run or style a page. No inline script, no inline
# style (no <style>, no style=""), no handler attributes: templates keep their CSS in static/css and their JS in
# static/js, and tests/test_csp.py reads every template for them. Bootstrap draws its icons (the menu button, a
# select's arrow, a ticked box) as data: images in its CSS, hence img-src data:. Nothing may frame the app
# (frame-ancestors, X-Frame-Options in older browsers). The browser reports a violation to the URL below, which
# writes it to the security log.
CSP_REPORT_PATH = "/security/csp-report/"
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'"],
        "img-src": ["'self'", "data:"],
        "font-src": ["'self'"],
        "connect-src": ["'self'"],
        "object-src": ["'none'"],
        "base-uri": ["'none'"],
        "form-action": ["'self'"],
        "frame-ancestors": ["'none'"],
        "report-uri": CSP_REPORT_PATH,
    },
}
# A violation report is a few hundred bytes; anything much larger is not one and is not read.
CSP_REPORT_MAX_BYTES = 16 * 1024

# The reason given for a change (a suspension, a dropped plan action, an edit) is kept in full in the history:
# a 100-character column would cut people short, and refuse long reasons with a database error on PostgreSQL.
SIMPLE_HISTORY_HISTORY_CHANGE_REASON_USE_TEXT_FIELD = True

ROOT_URLCONF = "hivos_qm.urls"
WSGI_APPLICATION = "hivos_qm.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "django.template.context_processors.i18n",
                "producers.context_processors.roles",
                "producers.context_processors.navigation",
                "producers.accounts.context_processors.session_limits",
                "cycles.reminders.context_processors.reminders",
            ],
        },
    },
]

# Without DATABASE_URL the app runs on a local SQLite file, so `make run` needs no database server.
DATABASES = {"default": env.db("DATABASE_URL", default=f"sqlite:///{BASE_DIR / 'db.sqlite3'}")}
DATABASES["default"]["ATOMIC_REQUESTS"] = True
if DATABASES["default"]["ENGINE"].endswith("sqlite3"):
    # The failed answers' index covers the topic with INCLUDE, a PostgreSQL feature for the field-scale report;
    # SQLite builds the index without it, which is all the small data it holds needs.
    SILENCED_SYSTEM_CHECKS = ["models.W040"]
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_USER_MODEL = "producers.User"
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "cycles:home"
LOGOUT_REDIRECT_URL = "login"
# django-axes first: it refuses a login from a locked-out username or address before the password is checked.
AUTHENTICATION_BACKENDS = ["axes.backends.AxesStandaloneBackend", "django.contrib.auth.backends.ModelBackend"]

# Login lockout (django-axes, with the limits of producers/accounts/lockout.py). Each entry is one lockout and the
# failures (within the cool-off) that trigger it. The tightest is a username from one address: five tries, then
# that address waits. A username from anywhere needs four times as many, which one address can never supply
# alone (it is stopped at five), so nobody can lock a person out from one address; the address alone catches one
# machine trying many usernames, set high for an office or a cooperative behind one shared address.
LOGIN_FAILURE_LIMITS = {("username", "ip_address"): 5, ("username",): 20, ("ip_address",): 50}
AXES_LOCKOUT_PARAMETERS = [list(key) if len(key) > 1 else key[0] for key in LOGIN_FAILURE_LIMITS]
AXES_FAILURE_LIMIT = LOGIN_FAILURE_LIMITS[("username", "ip_address")]
AXES_HANDLER = "producers.accounts.lockout.LoginLockoutHandler"
AXES_COOLOFF_TIME = timedelta(minutes=15)
# A refused try during the lockout does not start the cool-off again: otherwise trying every few minutes would
# keep a person locked out for ever.
AXES_RESET_COOL_OFF_ON_FAILURE_DURING_LOCKOUT = False
# A successful login forgets that username's failures (never the address's: see the handler).
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_TEMPLATE = "registration/lockout.html"
AXES_CLIENT_IP_CALLABLE = "producers.accounts.lockout.client_address"
# Requests through this many reverse proxies (each adds the address it saw to X-Forwarded-For); 0: REMOTE_ADDR.
TRUSTED_PROXY_COUNT = env.int("DJANGO_TRUSTED_PROXY_COUNT", default=0)

# Second factor (django-otp): TOTP apps, with single-use recovery codes.
OTP_TOTP_ISSUER = "hivos-qm"
# An admin sees that a person has a device, never its key.
OTP_ADMIN_HIDE_SENSITIVE_DATA = True
RECOVERY_CODE_COUNT = 10
# Usernames that may go without a second factor although their role needs one: the published demo logins, and
# only in local.py. Production refuses to start with any.
MFA_DEMO_SKIP_USERNAMES: list[str] = []

# Sessions end after 30 minutes without a request and 12 hours after the login, whatever happens; pages warn
# SESSION_WARNING_SECONDS before (static/js/session-timeout.js).
SESSION_IDLE_SECONDS = 30 * 60
SESSION_MAX_SECONDS = 12 * 60 * 60
SESSION_WARNING_SECONDS = 5 * 60
SESSION_COOKIE_AGE = SESSION_MAX_SECONDS

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

LANGUAGE_CODE = "en"
# Each language is named in its own words in the switch (translations of "English" would not help someone who does
# not read the current one). Adding one: README, "Adding a language".
LANGUAGES = [("en", "English"), ("sw", "Kiswahili")]
LOCALE_PATHS = [BASE_DIR / "locale"]
# The reference content (phases, criteria, requirements, sanctions, indicators, services) in every language of
# LANGUAGES, with English, the language it was written in, shown where a translation is missing.
MODELTRANSLATION_DEFAULT_LANGUAGE = "en"
MODELTRANSLATION_FALLBACK_LANGUAGES = ("en",)
TIME_ZONE = "Africa/Nairobi"
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATICFILES_DIRS = [BASE_DIR / "static"]
# WhiteNoise serves from the apps' static folders until `collectstatic` has run (production sets STATIC_ROOT).
WHITENOISE_USE_FINDERS = True
MEDIA_ROOT = env.path("DJANGO_MEDIA_ROOT", default=BASE_DIR / "media")

# Mail: printed to the console unless EMAIL_URL names a server (smtp+tls://user:password@host:587).
vars().update(env.email_url("EMAIL_URL", default="consolemail://"))
DEFAULT_FROM_EMAIL = env("DJANGO_DEFAULT_FROM_EMAIL", default="hivos-qm <noreply@hivos-qm.local>")
# The address the app is reached at, for the links in e-mails (a mail has no request to take it from).
SITE_URL = env("SITE_URL", default="http://127.0.0.1:8000")

CRISPY_ALLOWED_TEMPLATE_PACKS = "bootstrap5"
CRISPY_TEMPLATE_PACK = "bootstrap5"

# Redis, when configured, is both the Celery broker and the cache. Without it, tasks run in-process.
REDIS_URL = env("REDIS_URL", default="")
if REDIS_URL:
    CELERY_BROKER_URL = REDIS_URL
    CELERY_RESULT_BACKEND = REDIS_URL
    CELERY_TASK_ALWAYS_EAGER = False
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": REDIS_URL}}
else:
    CELERY_BROKER_URL = "memory://"
    CELERY_RESULT_BACKEND = "cache+memory://"
    CELERY_TASK_ALWAYS_EAGER = True
    CELERY_TASK_EAGER_PROPAGATES = True
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
CELERY_TASK_SERIALIZER = "json"
CELERY_ACCEPT_CONTENT = ["json"]
CELERY_TIMEZONE = TIME_ZONE
CELERY_TASK_SOFT_TIME_LIMIT = 10 * 60
CELERY_TASK_TIME_LIMIT = 12 * 60
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
# Redis hands an unacknowledged task to another worker after this long: just above the longest hard time limit
# (cycles.tasks, 16 minutes), so that a task still running is never given to a second worker, and a lost one is.
CELERY_BROKER_TRANSPORT_OPTIONS = {"visibility_timeout": 17 * 60}

# Demo logins with a published password must never reach a production database.
DEMO_DATA_ALLOWED = True

# The page benchmark's yardstick (cycles/bench/bare.py): served only by the benchmark's own server.
BENCHMARK_BARE_VIEW = env.bool("DJANGO_BENCHMARK_BARE_VIEW", default=False)

# How long a page's part rendered for one state of its records is kept (producers/page_cache.py). Its key changes
# with every change of what it shows, so this only bounds the memory of parts nobody asks for again.
PAGE_CACHE_SECONDS = env.int("DJANGO_PAGE_CACHE_SECONDS", default=6 * 3600)
# Part of every key of the kept pages: a new value drops them all at once (the tests give each test its own).
PAGE_CACHE_GENERATION = env("DJANGO_PAGE_CACHE_GENERATION", default="")

# Page sizes kept small: field officers read these lists on phones over slow connections.
PAGE_SIZE = 25

SECURITY_LOG_FILE = env("SECURITY_LOG_FILE", default="")
SECURITY_LOG_HANDLER = (
    {"class": "logging.handlers.WatchedFileHandler", "filename": SECURITY_LOG_FILE, "formatter": "message"}
    if SECURITY_LOG_FILE
    else {"class": "logging.StreamHandler", "formatter": "message"}
)
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"message": {"format": "%(message)s"}},
    # A phone's field-capture key is part of its URLs: no log line keeps it.
    "filters": {"no_keys": {"()": "producers.security_log.KeyPathFilter"}},
    "handlers": {
        "console": {"class": "logging.StreamHandler", "filters": ["no_keys"]},
        # The security log's lines are JSON already (producers/security_log.py): written as they are, to standard
        # error, or to SECURITY_LOG_FILE when set (a WatchedFileHandler reopens the file after logrotate moves it).
        "security": SECURITY_LOG_HANDLER,
    },
    "root": {"handlers": ["console"], "level": env("DJANGO_LOG_LEVEL", default="INFO")},
    "loggers": {
        # WeasyPrint narrates every step of a render at INFO.
        "weasyprint": {"level": "WARNING"},
        "fontTools": {"level": "WARNING"},
        # runserver's request lines, through the same filter as the rest.
        "django.server": {"handlers": ["console"], "level": "INFO", "propagate": False},
        # Its own lines only, not repeated in the application's log.
        "hivos_qm.security": {"handlers": ["security"], "level": "INFO", "propagate": False},
    },
}

# Evidence files: what may be uploaded, told by the content and not by the name.
EVIDENCE_MAX_BYTES = env.int("EVIDENCE_MAX_BYTES", default=10 * 1024 * 1024)
EVIDENCE_TYPES = {"application/pdf": "pdf", "image/jpeg": "jpg", "image/png": "png"}
# Uploads larger than this go to a temporary file instead of memory.
FILE_UPLOAD_MAX_MEMORY_SIZE = 2_621_440
# A form's fields without its files.
DATA_UPLOAD_MAX_MEMORY_SIZE = 2_621_440
# The whole body of one request: the largest upload (a 10 MB register file or evidence file) and its form.
MAX_REQUEST_BODY_BYTES = env.int("MAX_REQUEST_BODY_BYTES", default=12 * 1024 * 1024)
FILE_UPLOAD_HANDLERS = [
    "hivos_qm.limits.LimitedUploadHandler",
    "django.core.files.uploadhandler.MemoryFileUploadHandler",
    "django.core.files.uploadhandler.TemporaryFileUploadHandler",
]

# Bootstrap names the error style "danger".
MESSAGE_TAGS = {message_constants.ERROR: "danger"}

# Periodic jobs (`make beat`). The tasks live in cycles/tasks.py.
CELERY_BEAT_SCHEDULE = {
    "remove-expired-report-files": {"task": "cycles.tasks.report_files_expire", "schedule": 60 * 60},
    # A job whose worker was lost is failed within minutes of its time limit, and its asker can try again.
    "fail-interrupted-jobs": {"task": "cycles.tasks.jobs_interrupted_fail", "schedule": 5 * 60},
    # Urgent reminders soon after they arise; each person's digest on Monday morning in their own time zone.
    "send-reminders": {"task": "cycles.tasks.reminders_send", "schedule": 15 * 60},
    "monthly-coordination-report": {
        "task": "cycles.tasks.coordination_monthly",
        "schedule": crontab(minute=0, hour=3, day_of_month="1"),
    },
    "remove-left-behind-files": {"task": "cycles.tasks.files_sweep", "schedule": crontab(minute=30, hour=2)},
}
# Report files are kept this long, then removed by the periodic job.
REPORT_FILE_DAYS = env.int("REPORT_FILE_DAYS", default=7)


# The REST API (producers/api, cycles/api). A script signs in with a personal token (Authorization: Token ...);
# a browser with its session, CSRF check included. Every list is paged by cursor, so that a page stays the same
# when records are added meanwhile, and costs the same whatever the page number.
REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "producers.api.authentication.ApiTokenAuthentication",
        "rest_framework.authentication.SessionAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.IsAuthenticated"],
    "DEFAULT_PAGINATION_CLASS": "producers.api.pagination.Cursor",
    "PAGE_SIZE": 100,
    "DEFAULT_FILTER_BACKENDS": ["django_filters.rest_framework.DjangoFilterBackend"],
    "DEFAULT_SCHEMA_CLASS": "producers.api.openapi.ProblemAutoSchema",
    "DEFAULT_RENDERER_CLASSES": ["rest_framework.renderers.JSONRenderer"],
    "EXCEPTION_HANDLER": "producers.api.problems.problem_handler",
    "DEFAULT_THROTTLE_CLASSES": ["producers.api.throttling.PersonThrottle"],
    "DEFAULT_THROTTLE_RATES": {"person": env("API_THROTTLE_RATE", default="600/minute")},
    "UNAUTHENTICATED_USER": None,
}
SPECTACULAR_SETTINGS = {
    "TITLE": "hivos-qm API",
    "DESCRIPTION": "Read and record a producer group's quality-management data. Sign in with a personal token.",
    "VERSION": "1",
    "SERVE_INCLUDE_SCHEMA": False,
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
    "SCHEMA_PATH_PREFIX": "/api/v1/",
    "COMPONENT_SPLIT_REQUEST": True,
    # Several models have a `kind`, a `source` or a `status`: each choice set gets its own name in the schema.
    "ENUM_NAME_OVERRIDES": {
        "OrganisationKindEnum": "producers.models.organisations.OrganisationKind",
        "InspectionKindEnum": "cycles.models.inspections.InspectionKind",
        "StandardKindEnum": "standards.models.requirements.StandardKind",
        "NCSourceEnum": "cycles.models.nonconformities.NCSource",
        "MeasurementSourceEnum": "cycles.models.indicators.MeasurementSource",
        "MemberStatusEnum": "producers.models.members.MemberStatus",
        "NCStatusEnum": "cycles.models.nonconformities.NCStatus",
        "CertificateStatusEnum": "standards.models.certificates.CertificateStatus",
        "TrajectoryStatusEnum": "cycles.models.trajectories.TrajectoryStatus",
        "PlanStatusEnum": "cycles.models.plans.PlanStatus",
        "JobStatusEnum": "cycles.models.jobs.JobStatus",
        "MoveKindEnum": "cycles.models.trajectories.MoveKind",
    },
    "POSTPROCESSING_HOOKS": [
        "drf_spectacular.hooks.postprocess_schema_enums",
        "producers.api.openapi.ids_are_positive",
    ],
}
