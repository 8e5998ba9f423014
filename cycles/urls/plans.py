"""URLs of the plans records."""

from django.urls import URLPattern

urlpatterns: list[URLPattern] = []
