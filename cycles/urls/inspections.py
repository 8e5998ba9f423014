"""URLs of the inspections records: rounds and their coverage, one member's inspection, the group's yearly
assessment, inspectors and their conflicts of interest."""

from django.urls import URLPattern, path

from ..views import assessments, inspections

urlpatterns: list[URLPattern] = [
    path("groups/<int:pk>/inspections/", inspections.inspection_rounds_view, name="inspection_rounds"),
    path("groups/<int:pk>/inspections/open/", inspections.inspection_round_open_view, name="inspection_round_open"),
    path("groups/<int:pk>/inspections/<int:year>/", inspections.inspection_round_view, name="inspection_round"),
    path(
        "groups/<int:pk>/inspections/<int:year>/members/<int:member_pk>/",
        inspections.inspection_create_view,
        name="inspection_create",
    ),
    path("groups/<int:pk>/inspections/<int:year>/group/", assessments.group_assessment_view, name="group_assessment"),
    path("inspections/<int:pk>/", inspections.inspection_detail_view, name="inspection_detail"),
    path("groups/<int:pk>/inspectors/", inspections.inspectors_view, name="inspectors"),
    path("inspectors/<int:pk>/edit/", inspections.inspector_update_view, name="inspector_update"),
    path("inspectors/<int:pk>/conflicts/new/", inspections.conflict_create_view, name="conflict_create"),
]
