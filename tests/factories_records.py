"""Builders for the trainings, improvement plan, production and indicator tests."""

import datetime
from decimal import Decimal

import factory

from cycles.models import PlanAction, PlanStatus, ProductionRecord, Training

from .factories import MemberFactory, ProducerGroupFactory


class TrainingFactory(factory.django.DjangoModelFactory[Training]):
    class Meta:
        model = Training
        skip_postgeneration_save = True

    group = factory.SubFactory(ProducerGroupFactory)
    topic = factory.Sequence(lambda n: f"Training session {n}")
    held_on = datetime.date(2026, 3, 10)

    @factory.post_generation
    def attendees(self, create, extracted, **kwargs):
        if create and extracted:
            self.attendees.add(*extracted)

    @factory.post_generation
    def requirements(self, create, extracted, **kwargs):
        if create and extracted:
            self.requirements.add(*extracted)


class PlanActionFactory(factory.django.DjangoModelFactory[PlanAction]):
    class Meta:
        model = PlanAction

    group = factory.SubFactory(ProducerGroupFactory)
    title = factory.Sequence(lambda n: f"Improvement action {n}")
    gap = "Members do not keep spraying records."
    owner = "ICS manager"
    deadline = datetime.date(2026, 9, 30)
    status = PlanStatus.PLANNED


class ProductionRecordFactory(factory.django.DjangoModelFactory[ProductionRecord]):
    class Meta:
        model = ProductionRecord

    member = factory.SubFactory(MemberFactory)
    season = "2025/26"
    estimated_kg = Decimal("1000")
    harvested_kg = Decimal("900")
    sold_certified_kg = Decimal("600")
    sold_conventional_kg = Decimal("200")
    price_per_kg = Decimal("80")
    income = factory.LazyAttribute(lambda r: (r.sold_certified_kg + r.sold_conventional_kg) * r.price_per_kg)
