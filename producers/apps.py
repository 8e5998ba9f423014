from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ProducersConfig(AppConfig):
    name = "producers"
    verbose_name = _("Producers and people")

    def ready(self) -> None:
        from django.contrib.auth.signals import user_logged_in, user_logged_out, user_login_failed

        from . import security_log
        from .accounts.middleware import session_start

        # Sign-ins, sign-outs and failed attempts go to the security log.
        user_logged_in.connect(security_log.on_login, dispatch_uid="security_log_login")
        user_logged_out.connect(security_log.on_logout, dispatch_uid="security_log_logout")
        user_login_failed.connect(security_log.on_login_failed, dispatch_uid="security_log_login_failed")
        # A lockout (django-axes) goes there too, with the name tried and never the password.
        from axes.signals import user_locked_out

        user_locked_out.connect(security_log.on_lockout, dispatch_uid="security_log_lockout")
        # Session bookkeeping, not a side effect of a domain change: every way in (the login page, the admin's
        # login, a test's force_login) passes through django.contrib.auth.login, which sends this signal.
        user_logged_in.connect(session_start, dispatch_uid="hivos_session_start")
