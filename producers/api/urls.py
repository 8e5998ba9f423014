"""The register's API under /api/v1/ (namespace `api`, shared with cycles/api/urls.py)."""

from django.urls import path

from . import schema, views, writes

# Imported for its effect: the token scheme in the schema.
__all__ = ["schema"]

urlpatterns = [
    path("organisations/", views.OrganisationList.as_view(), name="organisation_list"),
    path("groups/", views.GroupList.as_view(), name="group_list"),
    path("groups/<int:pk>/", views.GroupDetail.as_view(), name="group_detail"),
    path("groups/<int:pk>/members/", views.GroupMembers.as_view(), name="group_members"),
    path("groups/<int:pk>/plots/", views.GroupPlots.as_view(), name="group_plots"),
    path("members/<int:pk>/", views.MemberDetail.as_view(), name="member_detail"),
    path("members/<int:pk>/status/", writes.MemberStatusMove.as_view(), name="member_status"),
    path("plots/<int:pk>/", views.PlotDetail.as_view(), name="plot_detail"),
    path("programmes/", views.ProgrammeList.as_view(), name="programme_list"),
]
