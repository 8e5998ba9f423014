"""The project's URLs: the apps' own URLconfs, the admin, Django's login views and the CSP report endpoint."""

from django.conf import settings
from django.contrib import admin
from django.urls import include, path

from .security import csp_report_view

urlpatterns = [
    path("admin/", admin.site.urls),
    path("accounts/", include("django.contrib.auth.urls")),
    path(settings.CSP_REPORT_PATH.lstrip("/"), csp_report_view, name="csp_report"),
    path("", include("producers.urls")),
    path("", include("cycles.urls")),
]
