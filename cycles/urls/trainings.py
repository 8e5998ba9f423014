"""URLs of the trainings records."""

from django.urls import path

from ..views import trainings

urlpatterns = [
    path("groups/<int:pk>/trainings/", trainings.training_list_view, name="training_list"),
    path("groups/<int:pk>/trainings/new/", trainings.training_create_view, name="training_create"),
    path("groups/<int:pk>/trainings/coverage/", trainings.training_coverage_view, name="training_coverage"),
    path("trainings/<int:pk>/", trainings.training_detail_view, name="training_detail"),
    path("trainings/<int:pk>/edit/", trainings.training_update_view, name="training_update"),
]
