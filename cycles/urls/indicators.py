"""URLs of the indicators records."""

from django.urls import URLPattern

urlpatterns: list[URLPattern] = []
