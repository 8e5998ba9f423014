"""URLs of the inspections records."""

from django.urls import URLPattern

urlpatterns: list[URLPattern] = []
