"""URLs of external audits, their findings and the certificates issued from them."""

from django.urls import path

from ..views import audits as views

urlpatterns = [
    path("groups/<int:pk>/audits/", views.audit_list_view, name="audit_list"),
    path("groups/<int:pk>/audits/new/", views.audit_create_view, name="audit_create"),
    path("audits/<int:pk>/", views.audit_detail_view, name="audit_detail"),
    path("audits/<int:pk>/findings/new/", views.audit_finding_create_view, name="audit_finding_create"),
    path("audits/<int:pk>/certificate/", views.certificate_issue_view, name="certificate_issue"),
    path("certificates/<int:pk>/suspend/", views.certificate_suspend_view, name="certificate_suspend"),
    path("certificates/<int:pk>/reinstate/", views.certificate_reinstate_view, name="certificate_reinstate"),
]
