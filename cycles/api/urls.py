"""The inner cycle's API under /api/v1/ (namespace `api`, shared with producers/api/urls.py)."""

from django.urls import path

from . import views

urlpatterns = [
    path("groups/<int:pk>/inspections/", views.GroupInspections.as_view(), name="group_inspections"),
    path("groups/<int:pk>/nonconformities/", views.GroupNonConformities.as_view(), name="group_nonconformities"),
    path("groups/<int:pk>/trainings/", views.GroupTrainings.as_view(), name="group_trainings"),
    path("groups/<int:pk>/production/", views.GroupProduction.as_view(), name="group_production"),
    path("groups/<int:pk>/measurements/", views.GroupMeasurements.as_view(), name="group_measurements"),
    path("inspections/<int:pk>/", views.InspectionDetail.as_view(), name="inspection_detail"),
    path("nonconformities/<int:pk>/", views.NonConformityDetail.as_view(), name="nonconformity_detail"),
    path("nonconformities/<int:pk>/actions/", views.NonConformityActions.as_view(), name="nonconformity_actions"),
    path("trainings/<int:pk>/", views.TrainingDetail.as_view(), name="training_detail"),
    path("production/<int:pk>/", views.ProductionDetail.as_view(), name="production_detail"),
    path("indicators/", views.IndicatorList.as_view(), name="indicator_list"),
    path("certificates/", views.CertificateList.as_view(), name="certificate_list"),
]
