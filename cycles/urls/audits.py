"""URLs of the audits records."""

from django.urls import URLPattern

urlpatterns: list[URLPattern] = []
