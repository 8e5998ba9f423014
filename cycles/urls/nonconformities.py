"""URLs of the nonconformities records."""

from django.urls import URLPattern

urlpatterns: list[URLPattern] = []
