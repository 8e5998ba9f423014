"""Settings for a developer's machine: `make run`."""

from .base import *  # noqa: F403
from .base import env

DEBUG = env.bool("DJANGO_DEBUG", default=True)
# With DEBUG the templates are read again on every request, so that an edited one shows at once: so are the pages.
PAGE_CACHE_SECONDS = env.int("DJANGO_PAGE_CACHE_SECONDS", default=0 if DEBUG else 6 * 3600)
# A fixed key is acceptable only here: local data is demo data.
SECRET_KEY = env("DJANGO_SECRET_KEY", default="local-development-key-not-for-production")

# The published demo logins (cycles/demo/story.py) may go without a second factor here, so that a newcomer can try
# the app at once; the login page says so. Never in production (production.py refuses to start).
MFA_DEMO_SKIP_USERNAMES = ["coordinator", "fieldofficer", "groupmanager", "donor", "meneja"]
