"""URLs of production and sales."""

from django.urls import path

from ..views import production

urlpatterns = [
    path("groups/<int:pk>/production/", production.production_list_view, name="production_list"),
    path("groups/<int:pk>/production/new/", production.production_create_view, name="production_create"),
    path("production/<int:pk>/edit/", production.production_update_view, name="production_update"),
]
