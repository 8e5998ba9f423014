"""A programme's IATI 2.03 export (#11 point 1): valid against the official schema, or a clear message, never an
invalid file; for those who read the programme; no farmer in it."""

import datetime
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone
from lxml import etree

from cycles.iati.build import iati_document
from cycles.iati.missing import missing_for_iati
from cycles.iati.schema import schema_errors
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

ROLES = ["coordinator", "field_officer", "group_manager", "donor", "outsider"]


@pytest.fixture
def programme(scope):
    programme = scope.group.programmes.get()
    programme.funder.iati_identifier = "NL-KVK-41198677"
    programme.funder.save()
    programme.iati_activity_id = "CQP-1"
    programme.save()
    year = str(programme.starts_on.year)
    output = LogframeRow.objects.create(programme=programme, level=LogframeLevel.OUTPUT, statement="ICS works")
    coverage = Indicator.objects.get(computation="inspection_coverage")
    measured = LogframeIndicator.objects.create(
        row=output,
        name="Members inspected in the year",
        unit="%",
        indicator=coverage,
        baseline=Decimal("48"),
        baseline_period=year,
    )
    LogframeTarget.objects.create(indicator=measured, period=year, value=Decimal("90"))
    Measurement.objects.create(
        group=scope.group,
        indicator=coverage,
        period=year,
        value=Decimal("86.77"),
        source=MeasurementSource.COMPUTED,
        measured_at=timezone.now(),
    )
    goal = LogframeRow.objects.create(programme=programme, level=LogframeLevel.GOAL, statement="Better incomes")
    entered = LogframeIndicator.objects.create(row=goal, name="Lead farmers trained", unit="people")
    LogframeActual.objects.create(
        indicator=entered, period=year, value=Decimal("8"), entered_at=timezone.now(), entered_by=scope.coordinator
    )
    LogframeRow.objects.create(programme=programme, level=LogframeLevel.PURPOSE, statement="No indicator yet")
    return programme


def _tree(programme) -> etree._Element:
    document = iati_document(programme)
    assert schema_errors(document) == []
    return etree.fromstring(document)


def test_the_export_is_valid_and_carries_the_logframe(scope, programme):
    tree = _tree(programme)
    assert tree.findtext("iati-activity/iati-identifier") == "NL-KVK-41198677-CQP-1"
    results = tree.findall("iati-activity/result")
    assert sorted(result.get("type") for result in results) == ["1", "3"]  # output and impact; none for the empty row
    inspected = tree.find("iati-activity/result[@type='1']/indicator")
    assert inspected.get("measure") == "2"
    assert inspected.find("baseline").get("value") == "48"
    period = inspected.find("period")
    assert period.find("target").get("value") == "90"
    assert period.find("actual").get("value") == "86.77"
    assert "Measured from the records of 1 producer groups" in period.findtext("actual/comment/narrative")
    entered = tree.find("iati-activity/result[@type='3']/indicator")
    assert entered.find("baseline") is None  # no baseline entered: none written, still valid
    assert "Entered by the programme's coordinator" in entered.findtext("period/actual/comment/narrative")
    assert tree.find("iati-activity/recipient-country").get("code") == "KE"
    text = etree.tostring(tree, encoding="unicode")
    assert scope.member.last_name not in text  # no farmer
    assert scope.member.first_name not in text


def test_a_baseline_of_a_season_a_period_without_target_and_a_budget_stay_valid(programme):
    indicator = LogframeIndicator.objects.get(name="Lead farmers trained")
    indicator.baseline, indicator.baseline_period = Decimal("2"), "2023/24"
    indicator.save()
    programme.budget, programme.budget_currency = Decimal("1850000.00"), "EUR"
    programme.save()
    tree = _tree(programme)
    assert tree.find("iati-activity").get("default-currency") == "EUR"
    assert tree.findtext("iati-activity/budget/value") == "1850000"
    assert tree.find("iati-activity/result[@type='3']/indicator/baseline").get("year") == "2023"


def test_missing_identifiers_are_named_and_no_file_is_served(scope, programme, login):
    programme.funder.iati_identifier = ""
    programme.funder.save()
    programme.iati_activity_id = ""
    programme.save()
    assert len(missing_for_iati(programme)) == 2
    client = login(scope.donor)
    page = client.get(reverse("cycles:programme_iati", kwargs={"pk": programme.pk})).content.decode()
    assert "has no IATI organisation identifier" in page
    assert "The programme has no IATI activity identifier." in page
    refused = client.get(reverse("cycles:programme_iati_xml", kwargs={"pk": programme.pk}))
    assert refused.status_code == 409
    assert b"<iati-activities" not in refused.content


@pytest.mark.parametrize("role", ROLES)
def test_the_export_is_for_those_who_read_the_programme(scope, programme, login, role):
    response = login(scope.users()[role]).get(reverse("cycles:programme_iati_xml", kwargs={"pk": programme.pk}))
    assert response.status_code == (200 if role in ("coordinator", "donor") else 404)
    if response.status_code == 200:
        assert response["Content-Type"].startswith("application/xml")
        assert schema_errors(response.content) == []


def test_a_coordinator_enters_what_the_export_needs_and_a_donor_cannot(scope, programme, login):
    url = reverse("cycles:programme_iati", kwargs={"pk": programme.pk})
    bad = login(scope.coordinator).post(url, {"funder_identifier": "NL KVK 1", "activity_id": "A-1"})
    assert bad.status_code == 400
    assert "Letters, digits, dots, hyphens and underscores only" in bad.content.decode()
    saved = login(scope.coordinator).post(
        url, {"funder_identifier": "NL-KVK-1", "activity_id": "A-1", "budget": "1000", "budget_currency": "eur"}
    )
    assert saved.status_code == 302
    programme.refresh_from_db()
    programme.funder.refresh_from_db()
    assert (programme.funder.iati_identifier, programme.iati_activity_id, programme.budget_currency) == (
        "NL-KVK-1",
        "A-1",
        "EUR",
    )
    login(scope.donor).post(url, {"funder_identifier": "X", "activity_id": "Y"})
    programme.refresh_from_db()
    assert programme.iati_activity_id == "A-1"
    assert datetime.date.today()
