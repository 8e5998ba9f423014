"""The inner and outer cycle's read-only endpoints, mounted beside cycles/api/urls.py by hivos_qm/urls.py (namespace
`api`): phases and trajectories, programmes with their logical framework, services, coordination runs, production in
figures."""

from django.urls import path

from . import outer_reads, phases, production, programmes

urlpatterns = [
    path("trajectories/", phases.TrajectoryList.as_view(), name="trajectory_list"),
    path("groups/<int:pk>/phase/", phases.GroupPhase.as_view(), name="group_phase"),
    path("groups/<int:pk>/trajectory/", phases.GroupTrajectory.as_view(), name="group_trajectory"),
    path("moves/<int:pk>/", phases.MoveDetail.as_view(), name="move_detail"),
    path(
        "groups/<int:pk>/production/totals/", production.GroupProductionTotals.as_view(), name="group_production_totals"
    ),
    path("programmes/<int:pk>/", programmes.ProgrammeDetail.as_view(), name="programme_detail"),
    path("programmes/<int:pk>/groups/", programmes.ProgrammeGroups.as_view(), name="programme_groups"),
    path("services/", outer_reads.ServiceList.as_view(), name="service_list"),
    path("services/<int:pk>/", outer_reads.ServiceDetail.as_view(), name="service_detail"),
    # groups/<pk>/services/ is in cycles/api/urls.py: one view reads the group's services and records one.
    path("coordination-runs/", outer_reads.CoordinationRunList.as_view(), name="coordination_run_list"),
    path("coordination-runs/<int:pk>/", outer_reads.CoordinationRunDetail.as_view(), name="coordination_run_detail"),
]
