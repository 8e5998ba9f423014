"""The coordination report's pages and downloads: who sees which runs, asking for a run, the report as a page (and
while it is being made), the PDF, CSV and Excel files with the findings in them, and a query budget."""

import csv
import datetime
import io

import pytest
import time_machine
from django.urls import reverse
from openpyxl import load_workbook
from pypdf import PdfReader

from cycles.models import CoordinationRun, JobStatus
from cycles.services.coordination import coordination_execute, coordination_request
from producers.models import Programme

from ..factories import ProgrammeFactory
from ..helpers import page_query_count
from .coordination_fixtures import NOW, PERIOD, build_world

RUNS = reverse("cycles:coordination_runs")


def run_url(run: CoordinationRun, name: str = "cycles:coordination_run") -> str:
    return reverse(name, kwargs={"pk": run.pk})


def made(user, filters=None) -> CoordinationRun:
    run, _ = coordination_request(user=user, period_start=PERIOD[0], period_end=PERIOD[1], filters=filters or {})
    coordination_execute(run_id=run.pk)
    run.refresh_from_db()
    return run


@pytest.fixture
def report(scope):
    """A finished run over the hand-built field of the findings tests, asked by the coordinator."""
    with time_machine.travel(NOW, tick=False):
        build_world()
        yield made(scope.coordinator)


@pytest.mark.parametrize("role", ["coordinator", "donor"])
def test_coordinators_and_donors_open_the_list_with_its_form(scope, login, role):
    response = login(scope.users()[role]).get(RUNS)
    assert response.status_code == 200
    assert "form" in response.context
    assert b'data-testid="empty-state"' in response.content


@pytest.mark.parametrize("role", ["field_officer", "group_manager", "outsider"])
def test_other_roles_are_refused_the_list(scope, login, role):
    assert login(scope.users()[role]).get(RUNS).status_code == 403
    assert (
        login(scope.users()[role]).post(RUNS, {"period_start": "2025-01-01", "period_end": "2025-12-31"}).status_code
        == 403
    )


def test_the_list_shows_a_donor_only_the_runs_of_their_programmes(scope, login):
    programme = Programme.objects.get(funder__memberships__user=scope.donor)
    own, _ = coordination_request(
        user=scope.donor, period_start=PERIOD[0], period_end=PERIOD[1], filters={"programme": programme.pk}
    )
    other = ProgrammeFactory.create(name="Another funder's programme", groups=[scope.other_group])
    coordination_request(
        user=scope.coordinator, period_start=PERIOD[0], period_end=PERIOD[1], filters={"programme": other.pk}
    )
    coordination_request(user=scope.coordinator, period_start=PERIOD[0], period_end=PERIOD[1], filters={})
    assert [run.pk for run in login(scope.donor).get(RUNS).context["runs"]] == [own.pk]
    assert len(login(scope.coordinator).get(RUNS).context["runs"]) == 3


def test_a_coordinator_asks_for_a_run_and_lands_on_its_page(scope, login, django_capture_on_commit_callbacks):
    client = login(scope.coordinator)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(RUNS, {"period_start": "2025-01-01", "period_end": "2025-12-31", "commodity": "coffee"})
    run = CoordinationRun.objects.get()
    assert response.status_code == 302
    assert response["Location"] == run_url(run)
    assert (run.filters, run.status) == ({"commodity": "coffee"}, JobStatus.DONE)
    page = client.get(run_url(run))
    assert b'data-testid="coord-recommendations"' in page.content


def test_the_form_refuses_a_reversed_period(scope, login):
    response = login(scope.coordinator).post(RUNS, {"period_start": "2025-12-31", "period_end": "2025-01-01"})
    assert response.status_code == 400
    assert "The period ends before it starts." in response.content.decode()
    assert not CoordinationRun.objects.exists()


def test_a_donor_must_choose_one_of_their_programmes(scope, login):
    client = login(scope.donor)
    programme = Programme.objects.get(funder__memberships__user=scope.donor)
    other = ProgrammeFactory.create(groups=[scope.other_group])
    form = client.get(RUNS).context["form"]
    assert list(form.fields["programme"].queryset) == [programme]
    assert client.post(RUNS, {"period_start": "2025-01-01", "period_end": "2025-12-31"}).status_code == 400
    refused = client.post(RUNS, {"period_start": "2025-01-01", "period_end": "2025-12-31", "programme": other.pk})
    assert refused.status_code == 400
    response = client.post(RUNS, {"period_start": "2025-01-01", "period_end": "2025-12-31", "programme": programme.pk})
    assert response.status_code == 302
    assert CoordinationRun.objects.get().programme == programme


def test_the_report_page_names_the_stuck_groups_missing_and_duplicated_services_and_recommendations(report, login):
    response = login(report.requested_by).get(run_url(report))
    content = response.content.decode()
    assert response.status_code == 200
    assert 'http-equiv="refresh"' not in content
    assert "Alpha Cooperative" in content  # stuck, and missing ICS coaching
    assert "Beta Association" in content  # no buyer's commitment
    assert "Trainer One (1); Trainer Two (1)" in content  # duplicated training
    assert "Delta Coffee" in content  # audits to combine
    for audience in ("producer_group", "buyer", "quality_professional", "civil_society"):
        assert f'data-testid="audience-{audience}"' in content
    assert "ics_coaching_for_stuck_planning_2" in content
    assert "<svg" in content


def test_the_page_reloads_itself_while_the_run_waits_and_shows_a_failure(scope, login):
    run, _ = coordination_request(user=scope.coordinator, period_start=PERIOD[0], period_end=PERIOD[1], filters={})
    client = login(scope.coordinator)
    waiting = client.get(run_url(run)).content.decode()
    assert 'http-equiv="refresh"' in waiting
    assert 'data-testid="run-waiting"' in waiting
    assert client.get(run_url(run, "cycles:coordination_export") + "?format=csv").status_code == 302
    CoordinationRun.objects.filter(pk=run.pk).update(status=JobStatus.FAILED, error="The report took too long.")
    failed = client.get(run_url(run)).content.decode()
    assert "The report took too long." in failed
    assert 'http-equiv="refresh"' not in failed


def test_the_csv_contains_the_findings(report, login, security_log):
    response = login(report.requested_by).get(run_url(report, "cycles:coordination_export") + "?format=csv")
    assert response.status_code == 200
    line = security_log.events("export")[0]
    assert (line["username"], line["what"], line["format"], line["run_id"]) == (
        report.requested_by.username,
        "coordination",
        "csv",
        report.pk,
    )
    assert line["bytes"] == len(response.content)
    assert response["Content-Type"].startswith("text/csv")
    assert "attachment" in response["Content-Disposition"]
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    flat = [cell for row in rows for cell in row]
    assert "Stuck groups" in flat
    assert "Alpha Cooperative" in flat
    assert "Gamma Growers" in flat
    assert any("Trainer Two" in cell for cell in flat)
    assert "40 %" in flat  # the certified share sold
    assert "ics_coaching_for_stuck_planning_2" in flat


def test_the_excel_file_has_a_sheet_per_finding(report, login):
    response = login(report.requested_by).get(run_url(report, "cycles:coordination_export") + "?format=xlsx")
    assert response.status_code == 200
    workbook = load_workbook(io.BytesIO(response.content))
    assert {"Groups per phase", "Stuck groups", "Duplicated services", "Recommendations"} <= set(workbook.sheetnames)
    stuck = list(workbook["Stuck groups"].iter_rows(values_only=True))
    assert stuck[0][0] == "Group"
    assert stuck[1][:4] == ("Alpha Cooperative", "Mbale", "Planning phase 2: building the system", 425)
    supply = list(workbook["Certified supply and sales"].iter_rows(values_only=True))
    assert supply[1][2:4] == (2000, 800)


def test_the_pdf_shows_the_findings(report, login):
    response = login(report.requested_by).get(run_url(report, "cycles:coordination_export") + "?format=pdf")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    text = " ".join(page.extract_text() for page in PdfReader(io.BytesIO(response.content)).pages)
    text = " ".join(text.split())
    assert "Coordination report" in text
    assert "Alpha Cooperative" in text
    assert "Recommendations" in text
    assert "Page 1 of" in text


def test_an_unknown_format_is_a_bad_request(report, login):
    response = login(report.requested_by).get(run_url(report, "cycles:coordination_export") + "?format=docx")
    assert response.status_code == 400


def test_a_user_formula_in_a_name_stays_text_in_the_files(scope, login):
    with time_machine.travel(NOW, tick=False):
        world = build_world()
        world.groups["alpha"].organisation.name = "=HYPERLINK(1)"
        world.groups["alpha"].organisation.save()
        run = made(scope.coordinator)
    response = login(scope.coordinator).get(run_url(run, "cycles:coordination_export") + "?format=csv")
    assert "'=HYPERLINK(1)" in response.content.decode("utf-8-sig")


def test_the_list_makes_as_many_queries_for_30_runs_as_for_3(scope, login):
    client = login(scope.coordinator)
    programme = ProgrammeFactory.create(groups=[scope.group])

    def add(count):
        for day in range(count):
            start = datetime.date(2024, 1, 1) + datetime.timedelta(days=CoordinationRun.objects.count())
            coordination_request(
                user=scope.coordinator,
                period_start=start,
                period_end=start + datetime.timedelta(days=day),
                filters={"programme": programme.pk, "country": "KE", "standard": "fairtrade-spo"},
            )

    add(3)
    small = page_query_count(client, RUNS)
    add(27)
    assert page_query_count(client, RUNS) == small
    assert small <= 15


def test_a_new_run_says_its_state_on_its_own_page_and_a_repeat_says_it_is_reused(scope, login):
    client = login(scope.coordinator)
    asked = {"period_start": "2025-01-01", "period_end": "2025-12-31"}
    # The task starts when the request commits: the page that follows tells the state, no message before it.
    first = client.post(RUNS, asked, follow=True)
    assert not list(first.context["messages"])
    assert b'data-testid="run-waiting"' in first.content
    again = client.post(RUNS, asked, follow=True)
    assert [str(m) for m in again.context["messages"]] == ["The same report is already being made: here it is."]
    assert CoordinationRun.objects.count() == 1
