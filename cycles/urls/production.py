"""URLs of the production records."""

from django.urls import URLPattern

urlpatterns: list[URLPattern] = []
