"""The synthetic field for timing the report: built at a small scale, timed, removed; refused on production."""

import io

import pytest
from django.core.management import CommandError, call_command

from cycles.models import Inspection, InspectionAnswer, ProductionRecord, Service
from producers.models import Member, Organisation, ProducerGroup, User


def test_scale_data_is_built_marked_timed_and_cleared(db):
    out = io.StringIO()
    call_command("generate_scale_data", scale=0.005, stdout=out)  # 10 groups
    assert ProducerGroup.objects.count() == 10
    assert not ProducerGroup.objects.exclude(organisation__name__startswith="SCALE ").exists()
    assert 500 <= Member.objects.count() <= 4500
    assert InspectionAnswer.objects.count() == 5 * Inspection.objects.count()
    assert ProductionRecord.objects.exists()
    assert Service.objects.exists()
    assert "Built in" in out.getvalue()

    timed = io.StringIO()
    call_command("benchmark_coordination", runs=2, stdout=timed)
    assert "10 groups" in timed.getvalue()
    assert "Median" in timed.getvalue()

    call_command("generate_scale_data", clear=True, stdout=io.StringIO())
    assert not ProducerGroup.objects.exists()
    assert not Member.objects.exists()
    assert not Organisation.objects.filter(name__startswith="SCALE ").exists()
    assert not User.objects.filter(username="scale-data").exists()


def test_scale_data_is_refused_on_production_settings(db, settings):
    settings.DEMO_DATA_ALLOWED = False
    with pytest.raises(CommandError):
        call_command("generate_scale_data", scale=0.005, stdout=io.StringIO())
    assert not ProducerGroup.objects.exists()
