from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ProducersConfig(AppConfig):
    name = "producers"
    verbose_name = _("Producers and people")

    def ready(self) -> None:
        from django.contrib.auth.signals import user_logged_in

        from .accounts.middleware import session_start

        # Session bookkeeping, not a side effect of a domain change: every way in (the login page, the admin's
        # login, a test's force_login) passes through django.contrib.auth.login, which sends this signal.
        user_logged_in.connect(session_start, dispatch_uid="hivos_session_start")
