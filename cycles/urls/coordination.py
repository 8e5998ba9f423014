"""The coordination report of the outer cycle: runs, a run as a page, and its downloads."""

from django.urls import path

from ..views import coordination

urlpatterns = [
    path("coordination/", coordination.coordination_runs_view, name="coordination_runs"),
    path("coordination/<int:pk>/", coordination.coordination_run_view, name="coordination_run"),
    path("coordination/<int:pk>/export/", coordination.coordination_export_view, name="coordination_export"),
]
