"""URLs of the outer cycle's services and interaction points."""

from django.urls import path

from ..views import outer

urlpatterns = [
    path("groups/<int:pk>/services/", outer.group_services_view, name="group_services"),
    path("organisations/<int:pk>/services/", outer.provider_services_view, name="provider_services"),
    path("programmes/<int:pk>/services/", outer.programme_services_view, name="programme_services"),
    path("services/<int:pk>/delete/", outer.service_delete_view, name="service_delete"),
    path("interaction-points/", outer.interaction_points_view, name="interaction_points"),
]
