from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CyclesConfig(AppConfig):
    name = "cycles"
    verbose_name = _("Improvement cycles")

    def ready(self) -> None:
        # Registers the tasks with Celery in every process, so that cycles.dispatch finds a task by its name in the
        # web process too (Celery's autodiscovery imports them only in a worker).
        from . import tasks  # noqa: F401
