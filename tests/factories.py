"""factory_boy factories for every model the tests build. Names are believable; numbers are sequences."""

import datetime
from decimal import Decimal

import factory
from django.utils import timezone

from producers.models import Assignment, Member, Membership, Organisation, Plot, ProducerGroup, Programme, Role, User
from producers.models.organisations import Commodity, InterestGroup, LegalForm, OrganisationKind
from standards.models import Certificate, GroupStandard, Standard

PASSWORD = "test-password-1"


class UserFactory(factory.django.DjangoModelFactory[User]):
    class Meta:
        model = User
        django_get_or_create = ["username"]

    username = factory.Sequence(lambda n: f"user{n}")
    first_name = factory.Faker("first_name")
    last_name = factory.Faker("last_name")
    email = factory.LazyAttribute(lambda u: f"{u.username}@example.org")
    password = factory.django.Password(PASSWORD)


class OrganisationFactory(factory.django.DjangoModelFactory[Organisation]):
    class Meta:
        model = Organisation

    name = factory.Sequence(lambda n: f"Organisation {n}")
    country = "KE"
    interest_group = InterestGroup.CIVIL_SOCIETY
    kind = OrganisationKind.NGO


class ProducerGroupFactory(factory.django.DjangoModelFactory[ProducerGroup]):
    class Meta:
        model = ProducerGroup

    organisation = factory.SubFactory(
        OrganisationFactory,
        name=factory.Sequence(lambda n: f"Coffee Farmers Cooperative Society {n}"),
        interest_group=InterestGroup.PRODUCER_GROUP,
        kind=OrganisationKind.COOPERATIVE,
    )
    commodity = Commodity.COFFEE
    region = "Nyeri"
    legal_form = LegalForm.COOPERATIVE_SOCIETY
    founded = 1998


class MemberFactory(factory.django.DjangoModelFactory[Member]):
    class Meta:
        model = Member

    group = factory.SubFactory(ProducerGroupFactory)
    member_number = factory.Sequence(lambda n: f"M-{n:05d}")
    first_name = factory.Faker("first_name")
    last_name = factory.Faker("last_name")
    gender = factory.Iterator(["female", "male"])
    year_of_birth = 1970
    village = "Karatina"
    joined_on = datetime.date(2020, 3, 1)
    # Approved members gave their consent (an approval needs it); tests of the consent rule clear it.
    consent_given_on = datetime.date(2020, 3, 1)
    status = "approved"


class PlotFactory(factory.django.DjangoModelFactory[Plot]):
    class Meta:
        model = Plot

    member = factory.SubFactory(MemberFactory)
    name = factory.Sequence(lambda n: f"Plot {n}")
    area_ha = Decimal("0.800")
    certified_area_ha = Decimal("0.500")
    crop = "Coffee (SL28)"


class MembershipFactory(factory.django.DjangoModelFactory[Membership]):
    class Meta:
        model = Membership

    user = factory.SubFactory(UserFactory)
    organisation = factory.SubFactory(OrganisationFactory)
    role = Role.FIELD_OFFICER


class AssignmentFactory(factory.django.DjangoModelFactory[Assignment]):
    class Meta:
        model = Assignment

    field_officer = factory.SubFactory(UserFactory)
    group = factory.SubFactory(ProducerGroupFactory)
    assigned_on = datetime.date(2025, 1, 6)


class ProgrammeFactory(factory.django.DjangoModelFactory[Programme]):
    class Meta:
        model = Programme
        skip_postgeneration_save = True

    name = factory.Sequence(lambda n: f"Programme {n}")
    funder = factory.SubFactory(OrganisationFactory, kind=OrganisationKind.DONOR)
    starts_on = datetime.date(2024, 1, 1)
    ends_on = datetime.date(2027, 12, 31)

    @factory.post_generation
    def groups(self, create, extracted, **kwargs):
        if create and extracted:
            self.groups.add(*extracted)


class GroupStandardFactory(factory.django.DjangoModelFactory[GroupStandard]):
    class Meta:
        model = GroupStandard

    group = factory.SubFactory(ProducerGroupFactory)
    standard = factory.LazyFunction(lambda: Standard.objects.get(code="fairtrade-spo"))
    chosen_on = datetime.date(2024, 5, 1)


class CertificateFactory(factory.django.DjangoModelFactory[Certificate]):
    class Meta:
        model = Certificate

    group = factory.SubFactory(ProducerGroupFactory)
    standard = factory.LazyFunction(lambda: Standard.objects.get(code="fairtrade-spo"))
    certification_body = factory.SubFactory(
        OrganisationFactory,
        interest_group=InterestGroup.QUALITY_PROFESSIONAL,
        kind=OrganisationKind.CERTIFICATION_BODY,
    )
    number = factory.Sequence(lambda n: f"CERT-{n:05d}")
    valid_from = factory.LazyFunction(lambda: timezone.localdate() - datetime.timedelta(days=100))
    valid_to = factory.LazyFunction(lambda: timezone.localdate() + datetime.timedelta(days=900))
