"""URLs of the improvement plan."""

from django.urls import path

from ..views import plans

urlpatterns = [
    path("groups/<int:pk>/plan/", plans.plan_view, name="plan"),
    path("groups/<int:pk>/plan/new/", plans.plan_action_create_view, name="plan_action_create"),
    path("plan-actions/<int:pk>/edit/", plans.plan_action_update_view, name="plan_action_update"),
]
