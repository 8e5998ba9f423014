"""URLs of the indicators."""

from django.urls import path

from ..views import indicators

urlpatterns = [
    path("groups/<int:pk>/indicators/", indicators.indicators_view, name="indicators"),
    path("groups/<int:pk>/indicators/measure/", indicators.indicators_measure_view, name="indicators_measure"),
    path("groups/<int:pk>/indicators/enter/", indicators.measurement_create_view, name="measurement_create"),
]
