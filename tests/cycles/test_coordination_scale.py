"""The synthetic field for timing the report: built at a small scale, timed, removed; refused on production."""

import io
import json

import pytest
from django.core.management import CommandError, call_command

from cycles.models import Compliance, Inspection, InspectionAnswer, ProductionRecord, ProductionTotal, Service
from cycles.services.production_totals import production_totals_rebuild
from producers.models import Member, Organisation, ProducerGroup, User
from standards.models import Requirement


def test_scale_data_is_built_marked_timed_and_cleared(db, tmp_path):
    out = io.StringIO()
    call_command("generate_scale_data", scale=0.005, stdout=out)  # 10 groups
    assert ProducerGroup.objects.count() == 10
    assert not ProducerGroup.objects.exclude(organisation__name__startswith="SCALE ").exists()
    assert 2000 <= Member.objects.count() <= 18000  # 200 to 1,800 each
    # Every requirement of the Fairtrade standard answered in every inspection, a few of them not compliant.
    asked = Requirement.objects.filter(standard__code="fairtrade-spo").count()
    assert InspectionAnswer.objects.count() == asked * Inspection.objects.count() > 0
    assert InspectionAnswer.objects.filter(answer=Compliance.NOT_COMPLIANT).exists()
    assert ProductionRecord.objects.exists()
    # The records went in past the services: the generator made their totals, as the rebuild would.
    made = sorted(ProductionTotal.objects.values_list("group_id", "season", "records", "harvested_kg", "income"))
    production_totals_rebuild()
    assert (
        sorted(ProductionTotal.objects.values_list("group_id", "season", "records", "harvested_kg", "income")) == made
    )
    assert Service.objects.exists()
    assert "Built in" in out.getvalue()

    timed = io.StringIO()
    results = tmp_path / "coordination.json"
    call_command("benchmark_coordination", runs=2, results=str(results), stdout=timed)
    assert "10 groups" in timed.getvalue()
    assert "Median" in timed.getvalue()
    [kept] = json.loads(results.read_text())
    assert kept["sizes"]["groups"] == 10
    # A measurement of a tenth of the data, kept earlier: the next run prints the ratios to it.
    tenth = kept | {"median_s": kept["median_s"] / 8, "sizes": {name: n // 10 for name, n in kept["sizes"].items()}}
    results.write_text(json.dumps([tenth]))
    again = io.StringIO()
    call_command("benchmark_coordination", runs=1, results=str(results), stdout=again)
    assert "Against 1 groups" in again.getvalue()
    assert "10.0× the groups" in again.getvalue()
    assert len(json.loads(results.read_text())) == 2

    call_command("generate_scale_data", clear=True, stdout=io.StringIO())
    assert not ProducerGroup.objects.exists()
    assert not Member.objects.exists()
    assert not ProductionTotal.objects.exists()
    assert not Organisation.objects.filter(name__startswith="SCALE ").exists()
    assert not User.objects.filter(username="scale-data").exists()


def test_scale_data_is_refused_on_production_settings(db, settings):
    settings.DEMO_DATA_ALLOWED = False
    with pytest.raises(CommandError):
        call_command("generate_scale_data", scale=0.005, stdout=io.StringIO())
    assert not ProducerGroup.objects.exists()
