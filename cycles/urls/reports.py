"""The donors' progress report: the request form, its job page, the download and the retry, and the report read as
a page for a group or a programme."""

from django.urls import path

from ..views import reports

urlpatterns = [
    path("reports/new/", reports.report_new_view, name="report_new"),
    path("report-jobs/<int:pk>/", reports.report_job_view, name="report_job"),
    path("report-jobs/<int:pk>/download/", reports.report_download_view, name="report_download"),
    path("report-jobs/<int:pk>/retry/", reports.report_retry_view, name="report_retry"),
    path("groups/<int:pk>/report/", reports.report_page_group_view, name="report_page_group"),
    path("programmes/<int:pk>/report/", reports.report_page_programme_view, name="report_page_programme"),
]
