"""A farmer's rights over their data (#14 point 6): their data taken out as one file, and erased on request, by the
group's managers and coordinators only; after the erasure their name and phone are nowhere in the database, and
the group's figures are as they were."""

import datetime
import json

import pytest
from django.apps import apps
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import models
from django.urls import reverse

from cycles import indicators
from cycles.farmer_data.erasure import member_erase
from cycles.models import Compliance, CorrectiveAction, NonConformity
from cycles.reports.progress import progress_report
from cycles.selectors.inspections import inspection_questions
from cycles.services.nonconformities import corrective_action_create
from producers.models import Member
from producers.selectors import member_list

from ..factories import GroupStandardFactory, MemberFactory, PlotFactory
from ..factories_inspections import InspectorFactory, inspect
from ..factories_nonconformities import make_sanction
from ..factories_records import ProductionRecordFactory, TrainingFactory

NAME = ("Zawadi", "Nyokabi")
PHONE = "+254 700 999 111"
YEAR = datetime.date.today().year
ROLES = ["coordinator", "field_officer", "group_manager", "donor", "outsider"]


@pytest.fixture
def farmer(scope) -> Member:
    """A member with a plot, an inspection with a finding that names her, a corrective action she owns, a sanction,
    a training and a harvest."""
    group = scope.group
    zawadi = MemberFactory.create(group=group, first_name=NAME[0], last_name=NAME[1], phone=PHONE, year_of_birth=1984)
    PlotFactory.create(member=zawadi, name="Nyokabi shamba", latitude="-0.5", longitude="37.1")
    GroupStandardFactory.create(group=group)
    inspector = InspectorFactory.create(group=group)
    key = inspection_questions(group=group, year=YEAR)[0].key
    inspect(
        member=zawadi,
        inspector=inspector,
        by=scope.group_manager,
        answers={key: (Compliance.NOT_COMPLIANT, f"Zawadi Nyokabi keeps paraquat in the store; call {PHONE}.")},
    )
    finding = NonConformity.objects.get(member=zawadi)
    corrective_action_create(
        nonconformity=finding,
        by=scope.group_manager,
        description="Hand the can over to the county.",
        owner="Zawadi Nyokabi, with the ICS manager",
        due_on=datetime.date.today() + datetime.timedelta(days=30),
    )
    make_sanction(zawadi, scope.group_manager)
    TrainingFactory.create(group=group, attendees=[zawadi])
    ProductionRecordFactory.create(member=zawadi, season=str(YEAR))
    return zawadi


def _figures(scope) -> tuple:
    group, period = scope.group, str(YEAR)
    report = progress_report(
        group=group, period_start=datetime.date(YEAR, 1, 1), period_end=datetime.date(YEAR, 12, 31)
    )
    return (
        indicators.compute("inspection_coverage", group, period),
        indicators.compute("training_coverage", group, period),
        indicators.compute("income_per_member", group, period),
        indicators.compute("nc_closure_rate", group, period),
        report.key.members,
        report.key.women,
        report.key.coverage,
        report.ics.totals.found,
    )


@pytest.mark.parametrize("role", ROLES)
def test_the_farmers_data_is_downloaded_only_by_the_groups_managers_and_coordinators(scope, farmer, login, role):
    response = login(scope.users()[role]).get(reverse("cycles:member_data", kwargs={"pk": farmer.pk}))
    expected = {"coordinator": 200, "group_manager": 200, "field_officer": 403, "donor": 403, "outsider": 404}
    assert response.status_code == expected[role]


def test_the_download_holds_everything_kept_about_the_farmer(scope, farmer, login, security_log):
    response = login(scope.group_manager).get(reverse("cycles:member_data", kwargs={"pk": farmer.pk}))
    [logged] = security_log.events("farmer_data_exported")
    assert (logged["username"], logged["member_id"], logged["group_id"]) == ("groupmanager", farmer.pk, scope.group.pk)
    assert response["Content-Disposition"].startswith('attachment; filename="member-')
    data = json.loads(response.content)
    assert (data["member"]["first_name"], data["member"]["phone"]) == (NAME[0], PHONE)
    assert [plot["name"] for plot in data["plots"]] == ["Nyokabi shamba"]
    [inspection] = data["inspections"]
    assert any("paraquat" in answer["notes"] for answer in inspection["answers"])
    [finding] = data["nonconformities"]
    assert finding["corrective_actions"][0]["owner"].startswith("Zawadi")
    assert len(data["sanctions"]) == 1
    assert len(data["trainings"]) == 1
    assert [record["season"] for record in data["production"]] == [str(YEAR)]
    assert isinstance(data["status_changes"], list)


def _text_fields() -> list[tuple[type[models.Model], str]]:
    return [
        (model, field.name)
        for model in apps.get_models()
        for field in model._meta.concrete_fields
        if isinstance(field, models.CharField | models.TextField)
    ]


def _where(text: str) -> list[str]:
    """Every table and column, history tables included, whose text holds `text`."""
    return [
        f"{model._meta.db_table}.{name}"
        for model, name in _text_fields()
        if model._default_manager.filter(**{f"{name}__icontains": text}).exists()
    ]


def test_erasure_clears_the_farmers_identity_everywhere_and_keeps_the_figures(scope, farmer, login):
    before = _figures(scope)
    assert _where("Nyokabi")  # in the register, its history, the finding, the action, the answers, the plot
    erasure = member_erase(
        member=farmer, by=scope.group_manager, confirm_number=farmer.member_number, reason="Asked at the AGM, 3 Dec."
    )
    assert erasure.texts_cleared >= 3
    assert _where("Nyokabi") == []
    assert _where("Zawadi") == []
    assert _where("999 111") == []
    assert _where("700999111") == []
    farmer.refresh_from_db()
    assert farmer.full_name == "Erased member"
    assert (farmer.phone, farmer.village, farmer.year_of_birth) == ("", "", None)
    assert farmer.gender
    assert farmer.erased_by == scope.group_manager
    assert not member_list(group=scope.group, query="Zawadi").exists()
    # What the records say stays: the finding, its action and the harvest still count.
    assert "paraquat" in NonConformity.objects.get(member=farmer).description
    assert CorrectiveAction.objects.get(nonconformity__member=farmer).owner == "[…], with the ICS manager"
    assert _figures(scope) == before


def test_erasure_needs_the_member_number_typed_and_a_reason(scope, farmer):
    with pytest.raises(ValidationError) as error:
        member_erase(member=farmer, by=scope.group_manager, confirm_number="wrong", reason="Asked.")
    assert "confirm_number" in error.value.error_dict
    with pytest.raises(ValidationError) as error:
        member_erase(member=farmer, by=scope.group_manager, confirm_number=farmer.member_number, reason=" ")
    assert "reason" in error.value.error_dict
    farmer.refresh_from_db()
    assert farmer.erased_at is None
    assert farmer.first_name == NAME[0]


def test_a_field_officer_may_not_erase(scope, farmer):
    with pytest.raises(PermissionDenied):
        member_erase(member=farmer, by=scope.field_officer, confirm_number=farmer.member_number, reason="Asked.")


def test_the_erasure_page_erases_and_the_member_page_says_so(scope, farmer, login, security_log):
    client = login(scope.group_manager)
    url = reverse("cycles:member_erase", kwargs={"pk": farmer.pk})
    assert "cannot be undone" in client.get(url).content.decode()
    refused = client.post(url, {"confirm_number": "nope", "reason": "Asked."})
    assert refused.status_code == 400
    assert "Type the member number to confirm." in refused.content.decode()
    response = client.post(url, {"confirm_number": farmer.member_number, "reason": "Asked by phone, 3 Dec."})
    assert response.status_code == 302
    [logged] = security_log.events("farmer_data_erased")
    assert (logged["member_id"], logged["username"]) == (farmer.pk, "groupmanager")
    assert "Nyokabi" not in str(logged)
    page = client.get(response.url).content.decode()
    assert "Erased member" in page
    assert "Personal data erased on" in page
    assert NAME[1] not in page
    assert login(scope.field_officer).get(url).status_code == 403
