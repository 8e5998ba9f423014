"""URLs of the trainings records."""

from django.urls import URLPattern

urlpatterns: list[URLPattern] = []
