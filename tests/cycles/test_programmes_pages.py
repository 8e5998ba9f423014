"""The programme pages through the test client: who sees them, what they show, what coordinators change, and a
query budget that does not grow with the programme's groups and indicators."""

import datetime
from decimal import Decimal

import pytest
import time_machine
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from cycles.demo.logframe import LOGFRAME, seed_logframe
from cycles.models import (
    Indicator,
    LogframeActual,
    LogframeIndicator,
    LogframeLevel,
    LogframeRow,
    LogframeTarget,
    Measurement,
    MeasurementSource,
)
from cycles.services import trajectory_start
from producers.models import Programme
from producers.models.organisations import OrganisationKind

from ..conftest import Scope
from ..factories import OrganisationFactory, ProducerGroupFactory, ProgrammeFactory
from ..helpers import page_text

ROLES = ["coordinator", "field_officer", "group_manager", "donor", "outsider"]
NOT_COORDINATORS = ["field_officer", "group_manager", "donor", "outsider"]


@pytest.fixture
def programme(scope: Scope) -> Programme:
    programme = Programme.objects.get(groups=scope.group)
    programme.name = "Inclusive Quality Improvement Programme 2024–2027"
    programme.save()
    programme.implementers.add(OrganisationFactory.create(name="Mlima Smallholder Support Trust"))
    return programme


@pytest.fixture
def other_programme(scope: Scope) -> Programme:
    return ProgrammeFactory.create(
        name="Another funder's programme",
        funder=OrganisationFactory.create(name="Another Funder", kind=OrganisationKind.DONOR),
        groups=[scope.other_group],
    )


@pytest.fixture
def logframe(programme: Programme) -> dict[str, LogframeIndicator]:
    goal = LogframeRow.objects.create(
        programme=programme, level=LogframeLevel.GOAL, order=1, statement="Higher and more stable income"
    )
    output = LogframeRow.objects.create(
        programme=programme,
        level=LogframeLevel.OUTPUT,
        order=1,
        statement="Internal control systems work",
        assumptions="Inspectors stay in post",
    )
    coverage = LogframeIndicator.objects.create(
        row=output,
        name="Members inspected",
        indicator=Indicator.objects.get(code="inspection-coverage"),
        unit="%",
        baseline=Decimal("48"),
        baseline_period="2024",
        means_of_verification="Internal inspection records",
    )
    certified = LogframeIndicator.objects.create(row=goal, name="Groups certified", unit="groups")
    LogframeTarget.objects.create(indicator=coverage, period="2025", value=Decimal("70"))
    LogframeTarget.objects.create(indicator=certified, period="2025", value=Decimal("2"))
    return {"coverage": coverage, "certified": certified}


# --- Who sees what ----------------------------------------------------------------------------------------------


def test_the_coordinator_lists_every_programme_with_funder_implementers_and_groups(
    scope: Scope, login, programme, other_programme
):
    response = login(scope.coordinator).get(reverse("cycles:programme_list"))
    text = page_text(response)
    assert response.status_code == 200
    assert programme.name in text
    assert "Another funder&#x27;s programme" in text
    assert "Mlima Smallholder Support Trust" in text
    assert "Funder" in text
    assert text.count('data-testid="programme"') == 2
    assert "1 group" in text


def test_the_donor_lists_only_their_funders_programmes(scope: Scope, login, programme, other_programme):
    text = page_text(login(scope.donor).get(reverse("cycles:programme_list")))
    assert programme.name in text
    assert "Another funder" not in text


def test_a_donor_whose_funder_pays_for_nothing_sees_an_empty_state(scope: Scope, login, programme):
    programme.funder = OrganisationFactory.create(name="Someone else", kind=OrganisationKind.DONOR)
    programme.save()
    text = page_text(login(scope.donor).get(reverse("cycles:programme_list")))
    assert 'data-testid="empty-state"' in text
    assert "Your organisation funds no programme yet." in text


@pytest.mark.parametrize("role", ["field_officer", "group_manager", "outsider"])
def test_the_other_roles_may_not_open_the_programme_list(scope: Scope, login, role):
    assert login(scope.users()[role]).get(reverse("cycles:programme_list")).status_code == 403


@pytest.mark.parametrize(
    ("role", "inside", "outside"),
    [
        ("coordinator", 200, 200),
        ("donor", 200, 404),
        ("field_officer", 404, 404),
        ("group_manager", 404, 404),
        ("outsider", 404, 404),
    ],
)
def test_the_programme_page_is_for_coordinators_and_the_funders_donors(
    scope: Scope, login, programme, other_programme, role, inside, outside
):
    client = login(scope.users()[role])
    assert client.get(reverse("cycles:programme_detail", args=[programme.pk])).status_code == inside
    assert client.get(reverse("cycles:programme_detail", args=[other_programme.pk])).status_code == outside


def test_anonymous_visitors_are_asked_to_log_in(client, scope: Scope):
    response = client.get(reverse("cycles:programme_list"))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))


# --- The programme page -----------------------------------------------------------------------------------------


@time_machine.travel(datetime.datetime(2025, 9, 1, 9, 0, tzinfo=datetime.UTC))
def test_the_programme_page_shows_groups_with_their_phase_and_the_logframe_against_targets(
    scope: Scope, login, programme, logframe
):
    trajectory_start(group=scope.group, by=scope.coordinator)
    Measurement.objects.create(
        group=scope.group,
        indicator=Indicator.objects.get(code="inspection-coverage"),
        period="2025",
        value=Decimal("75"),
        source=MeasurementSource.COMPUTED,
        measured_at=timezone.now(),
    )
    LogframeActual.objects.create(
        indicator=logframe["certified"],
        period="2025",
        value=Decimal("1"),
        entered_at=timezone.now(),
        entered_by=scope.coordinator,
    )
    text = page_text(login(scope.donor).get(reverse("cycles:programme_detail", args=[programme.pk])))
    assert "Inside Cooperative" in text
    assert "Preconditions" in text
    assert "Mlima Smallholder Support Trust" in text
    # Goal before output, with the statement, assumptions, baseline and means of verification.
    assert text.index("Higher and more stable income") < text.index("Internal control systems work")
    assert "Inspectors stay in post" in text
    assert "Internal inspection records" in text
    assert '48% <span class="text-body-secondary">(2024)</span>' in text
    assert 'data-kind="actual" data-source="measured">75' in text
    assert 'data-kind="actual" data-source="entered">1' in text
    assert "on track (2025)" in text  # 75% inspected against 70%
    assert "behind target (2025)" in text  # 1 group certified against 2
    # Donors read: no button that changes anything.
    assert "Add a row" not in text
    assert "Set a target" not in text
    assert "Choose the groups" not in text


def test_the_coordinator_sees_the_editing_controls(scope: Scope, login, programme, logframe):
    text = page_text(login(scope.coordinator).get(reverse("cycles:programme_detail", args=[programme.pk])))
    assert "Add a row" in text
    assert "Set a target" in text
    assert "Choose the groups" in text
    # Values are entered only for the indicator without measurements.
    assert text.count("Enter a value…") == 1


def test_a_programme_without_a_logframe_says_so(scope: Scope, login, programme):
    text = page_text(login(scope.donor).get(reverse("cycles:programme_detail", args=[programme.pk])))
    assert 'data-testid="logframe-empty"' in text


def _grow(programme: Programme, groups: int, rows: int) -> None:
    made = ProducerGroupFactory.create_batch(groups)
    programme.groups.add(*made)
    for group in made:
        trajectory_start(group=group, by=None)
    codes = ["inspection-coverage", "training-coverage", "nc-closure-rate", "nc-days-to-close", ""]
    indicators = {code: Indicator.objects.get(code=code) for code in codes if code}
    for r in range(rows):
        row = LogframeRow.objects.create(programme=programme, level=LogframeLevel.OUTPUT, order=r, statement=f"O{r}")
        for code in codes:
            line = LogframeIndicator.objects.create(row=row, name=f"{code} {r}", indicator=indicators.get(code))
            for year in ("2024", "2025", "2026", "2027"):
                LogframeTarget.objects.create(indicator=line, period=year, value=Decimal("50"))
    Measurement.objects.bulk_create(
        Measurement(
            group=group,
            indicator=indicator,
            period=year,
            value=Decimal("60"),
            source=MeasurementSource.COMPUTED,
            measured_at=timezone.now(),
        )
        for group in made
        for indicator in indicators.values()
        for year in ("2024", "2025", "2026")
    )


@pytest.mark.parametrize("role", ["coordinator", "donor"])
def test_the_programme_page_needs_as_many_queries_for_30_groups_as_for_3(scope: Scope, login, programme, role):
    client = login(scope.users()[role])
    url = reverse("cycles:programme_detail", args=[programme.pk])
    _grow(programme, groups=2, rows=1)  # with the scope's own group: 3
    with CaptureQueriesContext(connection) as small:
        assert client.get(url).status_code == 200
    _grow(programme, groups=27, rows=6)
    assert programme.groups.count() == 30
    with CaptureQueriesContext(connection) as large:
        response = client.get(url)
    assert page_text(response).count('data-testid="logframe-indicator"') == 35
    assert len(large) == len(small), f"{len(small)} queries for 3 groups, {len(large)} for 30"
    assert len(large) <= 20


def test_the_programme_list_needs_as_many_queries_for_many_programmes(scope: Scope, login, programme):
    client = login(scope.coordinator)
    with CaptureQueriesContext(connection) as small:
        client.get(reverse("cycles:programme_list"))
    for _ in range(12):
        other = ProgrammeFactory.create(groups=ProducerGroupFactory.create_batch(2))
        other.implementers.add(OrganisationFactory.create(), OrganisationFactory.create())
    with CaptureQueriesContext(connection) as large:
        client.get(reverse("cycles:programme_list"))
    assert len(large) == len(small)


# --- Coordinators change --------------------------------------------------------------------------------------


def test_the_coordinator_chooses_the_groups(scope: Scope, login, programme):
    client = login(scope.coordinator)
    url = reverse("cycles:programme_groups", args=[programme.pk])
    page = page_text(client.get(url))
    assert "Outside Cooperative" in page
    response = client.post(url, {"groups": [scope.group.pk, scope.other_group.pk]})
    assert response.status_code == 302
    assert set(programme.groups.all()) == {scope.group, scope.other_group}
    # The donor now reads the newly supported group.
    assert login(scope.donor).get(reverse("cycles:group_detail", args=[scope.other_group.pk])).status_code == 200


def test_the_coordinator_adds_a_row_and_a_second_goal_is_refused_on_the_form(scope: Scope, login, programme):
    client = login(scope.coordinator)
    url = reverse("cycles:logframe_row_create", args=[programme.pk])
    assert client.get(url).status_code == 200
    response = client.post(url, {"level": "goal", "statement": "Higher income", "assumptions": ""})
    row = LogframeRow.objects.get(programme=programme)
    assert response["Location"].endswith(f"#row-{row.pk}")
    response = client.post(url, {"level": "goal", "statement": "Another goal"})
    assert response.status_code == 400
    assert "already has a goal" in page_text(response)


def test_the_coordinator_edits_and_deletes_a_row(scope: Scope, login, programme, logframe):
    client = login(scope.coordinator)
    row = logframe["coverage"].row
    response = client.post(
        reverse("cycles:logframe_row_update", args=[row.pk]),
        {"level": "output", "statement": "ICS works", "assumptions": "", "order": "3"},
    )
    assert response.status_code == 302
    row.refresh_from_db()
    assert (row.statement, row.order) == ("ICS works", 3)
    client.post(reverse("cycles:logframe_row_delete", args=[row.pk]))
    assert not LogframeRow.objects.filter(pk=row.pk).exists()
    assert not LogframeIndicator.objects.filter(pk=logframe["coverage"].pk).exists()


def test_the_coordinator_adds_and_edits_an_indicator(scope: Scope, login, programme, logframe):
    client = login(scope.coordinator)
    row = logframe["coverage"].row
    response = client.post(
        reverse("cycles:logframe_indicator_create", args=[row.pk]),
        {
            "name": "Members trained",
            "indicator": Indicator.objects.get(code="training-coverage").pk,
            "aggregation": "mean",
            "unit": "",
            "baseline": "35",
            "baseline_period": "2024",
            "means_of_verification": "Attendance lists",
        },
    )
    created = LogframeIndicator.objects.get(name="Members trained")
    assert response["Location"].endswith(f"#indicator-{created.pk}")
    assert created.unit == "%"
    response = client.post(
        reverse("cycles:logframe_indicator_update", args=[created.pk]),
        {
            "name": "Members trained",
            "indicator": "",
            "aggregation": "sum",
            "unit": "%",
            "baseline": "120",
            "baseline_period": "2024",
        },
    )
    assert response.status_code == 400
    assert "A share lies between 0 and 100%." in page_text(response)
    client.post(reverse("cycles:logframe_indicator_delete", args=[created.pk]))
    assert not LogframeIndicator.objects.filter(pk=created.pk).exists()


def test_the_coordinator_sets_and_removes_a_target(scope: Scope, login, logframe):
    client = login(scope.coordinator)
    url = reverse("cycles:logframe_target_set", args=[logframe["certified"].pk])
    assert client.get(url).status_code == 200
    client.post(url, {"period": "2026", "value": "3"})
    assert LogframeTarget.objects.get(indicator=logframe["certified"], period="2026").value == Decimal("3")
    client.post(url, {"period": "2026", "value": ""})
    assert not LogframeTarget.objects.filter(indicator=logframe["certified"], period="2026").exists()
    response = client.post(url, {"period": "2031", "value": "3"})
    assert response.status_code == 400
    assert "outside the programme" in page_text(response)


@time_machine.travel(datetime.datetime(2025, 9, 1, 9, 0, tzinfo=datetime.UTC))
def test_the_coordinator_enters_a_value_for_an_indicator_without_measurements(scope: Scope, login, logframe):
    client = login(scope.coordinator)
    url = reverse("cycles:logframe_actual_enter", args=[logframe["certified"].pk])
    response = client.post(url, {"period": "2025", "value": "1", "note": "Certificate list"})
    assert response.status_code == 302
    actual = LogframeActual.objects.get(indicator=logframe["certified"])
    assert (actual.value, actual.note, actual.entered_by) == (Decimal("1"), "Certificate list", scope.coordinator)
    response = client.post(url, {"period": "2026", "value": "2"})
    assert response.status_code == 400
    assert "has not begun" in page_text(response)


def test_a_value_for_a_measured_indicator_is_refused_with_a_clear_message(scope: Scope, login, logframe):
    client = login(scope.coordinator)
    url = reverse("cycles:logframe_actual_enter", args=[logframe["coverage"].pk])
    assert 'data-testid="measured-notice"' in page_text(client.get(url))
    response = client.post(url, {"period": "2025", "value": "80"}, follow=True)
    assert not LogframeActual.objects.exists()
    text = page_text(response)
    assert "takes its values from the groups&#x27; measurements of “Internal inspection coverage”" in text
    assert "alert-danger" in text


URLS_TO_CHANGE = [
    ("cycles:programme_groups", "programme", "get"),
    ("cycles:programme_groups", "programme", "post"),
    ("cycles:logframe_row_create", "programme", "post"),
    ("cycles:logframe_row_update", "row", "post"),
    ("cycles:logframe_row_delete", "row", "post"),
    ("cycles:logframe_indicator_create", "row", "post"),
    ("cycles:logframe_indicator_update", "indicator", "post"),
    ("cycles:logframe_indicator_delete", "indicator", "post"),
    ("cycles:logframe_target_set", "indicator", "post"),
    ("cycles:logframe_actual_enter", "indicator", "post"),
]


@pytest.mark.parametrize("role", NOT_COORDINATORS)
@pytest.mark.parametrize(("url_name", "target", "method"), URLS_TO_CHANGE)
def test_nobody_but_a_coordinator_changes_a_programme(
    scope: Scope, login, programme, logframe, role, url_name, target, method
):
    certified = logframe["certified"]
    pk = {"programme": programme.pk, "row": certified.row_id, "indicator": certified.pk}[target]
    client = login(scope.users()[role])
    url = reverse(url_name, args=[pk])
    data = {"period": "2025", "value": "5", "level": "output", "statement": "X", "name": "X", "groups": []}
    response = client.post(url, data) if method == "post" else client.get(url)
    assert response.status_code == 403
    assert LogframeRow.objects.filter(programme=programme).count() == 2
    assert LogframeIndicator.objects.filter(row__programme=programme).count() == 2
    assert LogframeTarget.objects.filter(indicator=certified).count() == 1
    assert not LogframeActual.objects.exists()
    assert list(programme.groups.all()) == [scope.group]


# --- Demo data --------------------------------------------------------------------------------------------------


def test_the_demo_logframe_is_believable_and_idempotent(scope: Scope, programme):
    counts = seed_logframe(programme)
    assert counts == {
        "logframe_rows": len(LOGFRAME),
        "logframe_indicators": sum(len(row.indicators) for row in LOGFRAME),
        "logframe_targets": 3 * sum(len(row.indicators) for row in LOGFRAME),
        "logframe_actuals": 3,
    }
    levels = list(LogframeRow.objects.filter(programme=programme).values_list("level", flat=True))
    assert sorted(levels) == ["goal", "output", "output", "output", "purpose"]
    measured = set(
        LogframeIndicator.objects.filter(row__programme=programme, indicator__isnull=False).values_list(
            "indicator__code", flat=True
        )
    )
    assert {
        "inspection-coverage",
        "training-coverage",
        "income-per-member",
        "certified-share-sold",
        "nc-closure-rate",
    } <= measured
    assert LogframeIndicator.objects.filter(row__programme=programme, indicator__isnull=True).count() == 2
    assert not LogframeIndicator.objects.filter(row__programme=programme, baseline_period="").exists()
    assert not LogframeIndicator.objects.filter(row__programme=programme, means_of_verification="").exists()
    assert not LogframeRow.objects.filter(programme=programme, assumptions="").exists()
    assert seed_logframe(programme) == dict.fromkeys(counts, 0)
