"""The inner cycle: home, group page, phase gate and moves, timeline, yearly loop, criteria."""

from django.urls import path

from ..views import annual, criteria, groups, home, phases, timeline

urlpatterns = [
    path("", home.home_view, name="home"),
    path("groups/<int:pk>/", groups.group_detail_view, name="group_detail"),
    # The gate of the current phase: criteria, answers, evidence, and the moves.
    path("groups/<int:pk>/phase/", phases.phase_view, name="phase"),
    path("groups/<int:pk>/criteria/<int:criterion_pk>/answer/", phases.answer_view, name="answer"),
    path("groups/<int:pk>/start/", phases.start_view, name="start"),
    path("groups/<int:pk>/advance/", phases.advance_view, name="advance"),
    path("groups/<int:pk>/override/", phases.override_view, name="override"),
    path("groups/<int:pk>/move/", phases.move_view, name="move"),
    path("evidence/<int:pk>/", phases.evidence_view, name="evidence"),
    path("groups/<int:pk>/timeline/", timeline.timeline_view, name="timeline"),
    path("moves/<int:pk>/", timeline.move_detail_view, name="move_detail"),
    # The yearly loop of an autonomous group.
    path("groups/<int:pk>/cycle/", annual.annual_current_view, name="annual_current"),
    path("groups/<int:pk>/cycle/<int:year>/", annual.annual_cycle_view, name="annual_cycle"),
    path("groups/<int:pk>/cycle/<int:year>/open/", annual.annual_open_view, name="annual_open"),
    path("groups/<int:pk>/cycle/<int:year>/steps/", annual.annual_step_view, name="annual_step"),
    # Coordinators edit the phases' criteria; every change is a new version.
    path("criteria/", criteria.criteria_list_view, name="criteria"),
    path("phases/<int:pk>/criteria/new/", criteria.criterion_create_view, name="criterion_create"),
    path("criteria/<int:pk>/edit/", criteria.criterion_update_view, name="criterion_update"),
    path("criteria/<int:pk>/retire/", criteria.criterion_retire_view, name="criterion_retire"),
    path("criteria/<int:pk>/history/", criteria.criterion_history_view, name="criterion_history"),
]
