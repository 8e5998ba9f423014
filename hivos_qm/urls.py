"""The project's URLs: the apps' own URLconfs, the admin and Django's login views."""

from django.contrib import admin
from django.urls import include, path

urlpatterns = [
    path("admin/", admin.site.urls),
    path("accounts/", include("django.contrib.auth.urls")),
    path("", include("producers.urls")),
    path("", include("cycles.urls")),
]
