"""The cycles app's URLs, one module per area of the application."""

from . import (
    audits,
    coordination,
    farmer_data,
    indicators,
    inspections,
    nonconformities,
    outer,
    phases,
    plans,
    production,
    programmes,
    records,
    reminders,
    reports,
    trainings,
)

app_name = "cycles"
urlpatterns = [
    *phases.urlpatterns,
    *reminders.urlpatterns,
    *records.urlpatterns,
    *inspections.urlpatterns,
    *nonconformities.urlpatterns,
    *audits.urlpatterns,
    *trainings.urlpatterns,
    *plans.urlpatterns,
    *production.urlpatterns,
    *indicators.urlpatterns,
    *outer.urlpatterns,
    *programmes.urlpatterns,
    *coordination.urlpatterns,
    *reports.urlpatterns,
    *farmer_data.urlpatterns,
]
