"""Every model has an admin page, and each one opens for a superuser (reference data is edited there)."""

import pytest
from django.apps import apps
from django.contrib import admin
from django.urls import reverse

from .factories import UserFactory

APPS = ["producers", "standards", "cycles"]
SERVICE_WRITTEN = {
    "ApiToken",
    "RecordsVersion",
    "ProgrammeVersion",
    "StoredGate",
    "CollectKey",
    "Submission",
    "SubmissionAttachment",
    "InspectionPhoto",
    "PhaseMove",
    "Notification",
    "Criterion",
    "CriterionRevision",
    "CriterionAnswer",
    "CriterionAnswerHistory",
    "Evidence",
    "AnnualCycle",
    "AnnualStepRecord",
    "Inspector",
    "ConflictOfInterest",
    "InspectionRound",
    "Inspection",
    "InspectionAnswer",
    "NonConformity",
    "NCStatusChange",
    "CorrectiveAction",
    "Sanction",
    "Training",
    "PlanAction",
    "ProductionRecord",
    "ProductionTotal",
    "Measurement",
    "MemberStatusChange",
    "LogframeActual",
    "ReportJob",
    "Service",
    "CoordinationRun",
}
# django-simple-history's generated history tables are shown through each record's admin page.
MODELS = [
    model
    for label in APPS
    for model in apps.get_app_config(label).get_models()
    if not model.__name__.startswith("Historical")
]


def test_every_model_of_the_three_apps_has_an_admin_page():
    missing = [model.__name__ for model in MODELS if not admin.site.is_registered(model)]
    assert not missing


@pytest.mark.parametrize("model", MODELS, ids=lambda m: m.__name__)
def test_admin_list_and_add_pages_open(scope, login, model):
    client = login(UserFactory.create(username="root", is_staff=True, is_superuser=True))
    info = (model._meta.app_label, model._meta.model_name)
    assert client.get(reverse("admin:{}_{}_changelist".format(*info))).status_code == 200
    add = client.get(reverse("admin:{}_{}_add".format(*info)))
    # History rows are written by services only: the admin offers no add form.
    assert add.status_code == (403 if model.__name__ in SERVICE_WRITTEN else 200)


def test_records_kept_by_services_are_read_only_in_the_admin(scope, rf):
    from cycles.admin import PhaseMoveInline, TrajectoryAdmin
    from cycles.models import Trajectory
    from producers.models import Member
    from standards.models import Certificate

    request = rf.get("/")
    request.user = UserFactory.create(is_staff=True, is_superuser=True)
    # Phase moves (with the gate as it stood) are listed under a trajectory, never edited there.
    inlines = TrajectoryAdmin(Trajectory, admin.site).get_inline_instances(request)
    [moves] = [inline for inline in inlines if isinstance(inline, PhaseMoveInline)]
    assert not moves.has_change_permission(request)
    # Statuses move through services that keep their history.
    assert "status" in admin.site._registry[Member].get_readonly_fields(request)
    assert "status" in admin.site._registry[Certificate].get_readonly_fields(request)
