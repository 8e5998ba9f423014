"""The inner cycle's API under /api/v1/ (namespace `api`, shared with producers/api/urls.py)."""

from django.urls import path

from . import outer, records, views

urlpatterns = [
    path("groups/<int:pk>/inspections/", views.GroupInspections.as_view(), name="group_inspections"),
    path("groups/<int:pk>/nonconformities/", views.GroupNonConformities.as_view(), name="group_nonconformities"),
    path("groups/<int:pk>/trainings/", records.GroupTrainings.as_view(), name="group_trainings"),
    path("groups/<int:pk>/production/", records.GroupProduction.as_view(), name="group_production"),
    path("groups/<int:pk>/measurements/", views.GroupMeasurements.as_view(), name="group_measurements"),
    path("inspections/<int:pk>/", views.InspectionDetail.as_view(), name="inspection_detail"),
    path("nonconformities/<int:pk>/", views.NonConformityDetail.as_view(), name="nonconformity_detail"),
    path("nonconformities/<int:pk>/actions/", views.NonConformityActions.as_view(), name="nonconformity_actions"),
    path("trainings/<int:pk>/", records.TrainingDetail.as_view(), name="training_detail"),
    path("production/<int:pk>/", records.ProductionDetail.as_view(), name="production_detail"),
    path("indicators/", views.IndicatorList.as_view(), name="indicator_list"),
    path("certificates/", views.CertificateList.as_view(), name="certificate_list"),
    # Writes (cycles/api/records.py, cycles/api/outer.py).
    path("nonconformities/<int:pk>/moves/", records.NonConformityMove.as_view(), name="nonconformity_move"),
    path("actions/<int:pk>/", records.ActionDetail.as_view(), name="action_detail"),
    path("groups/<int:pk>/services/", outer.GroupServices.as_view(), name="group_services"),
    path("services/<int:pk>/delete/", outer.ServiceDelete.as_view(), name="service_delete"),
]
