"""URLs of non-conformities, their corrective actions, and sanctions."""

from django.urls import path

from ..views import nonconformities as views
from ..views import sanctions

urlpatterns = [
    path("groups/<int:pk>/nonconformities/", views.nc_list_view, name="nc_list"),
    path("nonconformities/<int:pk>/", views.nc_detail_view, name="nc_detail"),
    path("nonconformities/<int:pk>/status/", views.nc_status_view, name="nc_status"),
    path("nonconformities/<int:pk>/actions/new/", views.action_create_view, name="action_create"),
    path("actions/<int:pk>/edit/", views.action_update_view, name="action_update"),
    path("actions/<int:pk>/done/", views.action_done_view, name="action_done"),
    path("members/<int:pk>/sanctions/new/", sanctions.sanction_create_view, name="sanction_create"),
    path("sanctions/<int:pk>/lift/", sanctions.sanction_lift_view, name="sanction_lift"),
]
