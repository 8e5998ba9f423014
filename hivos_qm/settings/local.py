"""Settings for a developer's machine: `make run`."""

from .base import *  # noqa: F403
from .base import env

DEBUG = env.bool("DJANGO_DEBUG", default=True)
# A fixed key is acceptable only here: local data is demo data.
SECRET_KEY = env("DJANGO_SECRET_KEY", default="local-development-key-not-for-production")
