"""Every install has the reference content once `migrate` has run."""

import pytest

from cycles.models import Criterion, CriterionKind, Phase
from standards.models import CrosswalkTopic, Level, Requirement, Standard


@pytest.mark.django_db
def test_migrate_loads_the_five_phases_in_order_with_four_to_eight_criteria_each():
    phases = list(Phase.objects.order_by("order"))
    assert [p.code for p in phases] == [
        "preconditions",
        "planning-1",
        "planning-2",
        "initial-certificate",
        "autonomous",
    ]
    for phase in phases:
        assert 4 <= phase.criteria.count() <= 8, phase.code
    assert Criterion.objects.filter(kind=CriterionKind.MANUAL).exists()
    assert Criterion.objects.filter(kind=CriterionKind.COMPUTED).exclude(evaluator="").exists()


@pytest.mark.django_db
def test_migrate_loads_five_standards_with_fifteen_to_forty_requirements():
    standards = Standard.objects.all()
    assert standards.count() == 5
    for standard in standards:
        count = standard.requirements.count()
        assert 15 <= count <= 40, standard.code
        assert standard.requirements.filter(level=Level.ENTRY).exists()


@pytest.mark.django_db
def test_the_cross_walk_links_equivalent_requirements_across_standards():
    register = CrosswalkTopic.objects.get(code="member-register")
    assert register.requirements.values("standard").distinct().count() == 5
    inspection = CrosswalkTopic.objects.get(code="annual-internal-inspection")
    assert sorted(inspection.requirements.values_list("standard__code", flat=True)) == sorted(
        Standard.objects.values_list("code", flat=True)
    )
    assert Requirement.objects.filter(crosswalk_topic__isnull=False).count() >= 40
