"""The hub of a group's improvement records."""

from django.urls import path

from ..views import records

urlpatterns = [
    path("groups/<int:pk>/records/", records.records_view, name="records"),
]
