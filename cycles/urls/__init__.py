"""The cycles app's URLs, one module per area of the application."""

from . import audits, indicators, inspections, nonconformities, phases, plans, production, records, trainings

app_name = "cycles"
urlpatterns = [
    *phases.urlpatterns,
    *records.urlpatterns,
    *inspections.urlpatterns,
    *nonconformities.urlpatterns,
    *audits.urlpatterns,
    *trainings.urlpatterns,
    *plans.urlpatterns,
    *production.urlpatterns,
    *indicators.urlpatterns,
]
