"""The Celery application. Without REDIS_URL, settings make every task run in-process (eager)."""

import os

from celery import Celery

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "hivos_qm.settings.local")

app = Celery("hivos_qm")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()
