"""The demo data: idempotent, refused where it must not exist, and telling the story the demo promises."""

import hashlib
from collections.abc import Iterator
from datetime import timedelta
from decimal import Decimal
from io import StringIO

import pytest
from django.apps import apps
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import transaction
from django.db.models import Min, Model
from django.test import Client, override_settings
from django.urls import reverse
from django.utils import timezone

from cycles.demo.history import FINAL_PHASES
from cycles.demo.seed import seed_demo
from cycles.demo.story import (
    DEMO_PASSWORD,
    GROUP_GIKOE,
    GROUP_MUKURWE,
    GROUP_NGQUSHWA,
    GROUP_RUPINGAZI,
    GROUP_THIBA,
    GROUP_VHEMBE,
    GROUPS,
    HIVOS,
    NGO,
    PROGRAMME,
)
from cycles.models import InspectionRound, MoveKind, PhaseMove, Trajectory, TrajectoryStatus
from cycles.reminders import rules as reminder_rules
from cycles.reminders.items import ItemKind
from cycles.reminders.selectors import items_for
from producers.models import Member, Membership, Organisation, Plot, ProducerGroup, Programme, Role, User
from producers.models.organisations import KINDS_BY_INTEREST_GROUP
from producers.selectors import groups_visible_to
from standards.models import Certificate, CertificateStatus, GroupStandard

DEMO_LOGINS = ["coordinator", "fieldofficer", "groupmanager", "donor", "meneja"]
EARLY_GROUPS = [GROUP_RUPINGAZI, GROUP_VHEMBE, GROUP_NGQUSHWA]


def _seed() -> str:
    out = StringIO()
    call_command("seed_demo", stdout=out)
    return out.getvalue()


def _snapshot() -> dict[str, tuple[int, str]]:
    """Every model of producers, standards and cycles (many-to-many tables included): its count and a digest of
    all its rows, primary keys and timestamps included, so that any write of a second run shows."""
    snapshot: dict[str, tuple[int, str]] = {}
    for label in ("producers", "standards", "cycles"):
        for model in apps.get_app_config(label).get_models(include_auto_created=True):
            rows = list(model._default_manager.order_by("pk").values_list())
            snapshot[model._meta.label] = (len(rows), hashlib.sha256(repr(rows).encode()).hexdigest())
    return snapshot


def _group(name: str) -> ProducerGroup:
    return ProducerGroup.objects.get(organisation__name=name)


@pytest.fixture(scope="module")
def seeded_once(django_db_setup, django_db_blocker) -> Iterator[str]:
    """Seed once for the module, inside a transaction rolled back at its end: the demo takes seconds to make,
    and each test's own transaction (a savepoint inside this one) keeps the tests from seeing each other."""
    with django_db_blocker.unblock():
        outer = transaction.atomic()
        outer.__enter__()
        try:
            yield _seed()
        finally:
            transaction.set_rollback(True)
            outer.__exit__(None, None, None)


@pytest.fixture
def seeded(seeded_once, db) -> str:
    return seeded_once


@pytest.mark.django_db
def test_second_run_changes_nothing(seeded):
    before = _snapshot()
    assert before["producers.Member"][0] > 300

    output = _seed()

    assert "nothing new" in output
    assert _snapshot() == before
    assert set(seed_demo().values()) == {0}
    assert _snapshot() == before


@pytest.mark.django_db
def test_first_run_reports_what_it_created(seeded):
    assert seeded.startswith("Demo data created:")
    assert f"{Member.objects.count()} members" in seeded
    for username in DEMO_LOGINS:
        assert username in seeded
    assert DEMO_PASSWORD in seeded


@pytest.mark.django_db
def test_demo_users_log_in_with_the_published_password(seeded):
    # Through the login page: django-axes checks every login against its request (Client.login gives none).
    for username in DEMO_LOGINS:
        client = Client()
        response = client.post(reverse("login"), {"username": username, "password": DEMO_PASSWORD})
        assert response.status_code == 302, username
        assert client.session["_auth_user_id"] == str(User.objects.get(username=username).pk)


@pytest.mark.django_db
def test_other_demo_users_cannot_log_in(seeded):
    others = User.objects.exclude(username__in=DEMO_LOGINS)
    assert others.exists()
    assert not any(user.has_usable_password() for user in others)


@pytest.mark.django_db
def test_demo_users_hold_their_role(seeded):
    expected = {
        "coordinator": [(Role.COORDINATOR, NGO)],
        "fieldofficer": [(Role.FIELD_OFFICER, NGO)],
        "groupmanager": [(Role.GROUP_MANAGER, GROUP_GIKOE)],
        "donor": [(Role.DONOR, HIVOS)],
        "meneja": [(Role.GROUP_MANAGER, GROUP_GIKOE)],
    }
    for username, roles in expected.items():
        memberships = Membership.objects.filter(user__username=username)
        assert list(memberships.values_list("role", "organisation__name")) == roles


@pytest.mark.django_db
def test_one_kenyan_group_manager_reads_in_kiswahili(seeded):
    meneja = User.objects.get(username="meneja")
    assert meneja.preferred_language == "sw"
    assert groups_visible_to(meneja).get() == _group(GROUP_GIKOE)
    assert set(User.objects.exclude(username="meneja").values_list("preferred_language", flat=True)) == {""}


@pytest.mark.django_db
def test_field_officers_portfolios(seeded):
    portfolio = groups_visible_to(User.objects.get(username="fieldofficer"))
    assert sorted(portfolio.values_list("organisation__country", flat=True)) == ["KE", "KE", "KE", "ZA", "ZA"]
    other = groups_visible_to(User.objects.get(username="fieldofficer.za"))
    assert set(other.values_list("organisation__name", flat=True)) == {GROUP_RUPINGAZI, GROUP_NGQUSHWA}
    assert groups_visible_to(User.objects.get(username="groupmanager")).get() == _group(GROUP_GIKOE)


@pytest.mark.django_db
def test_command_refuses_where_demo_data_is_not_allowed(db):
    users, members = User.objects.count(), Member.objects.count()
    with override_settings(DEMO_DATA_ALLOWED=False), pytest.raises(CommandError, match="Demo data is not allowed"):
        _seed()
    assert (User.objects.count(), Member.objects.count()) == (users, members)


@pytest.mark.django_db
def test_groups_stand_at_their_intended_phases(seeded):
    phases = dict(Trajectory.objects.values_list("group__organisation__name", "phase__code"))
    assert phases == FINAL_PHASES
    assert set(Trajectory.objects.values_list("status", flat=True)) == {TrajectoryStatus.ACTIVE}
    assert set(FINAL_PHASES.values()) == {
        "preconditions",
        "planning-1",
        "planning-2",
        "initial-certificate",
        "autonomous",
    }


@pytest.mark.django_db
def test_autonomous_group_was_suspended_once_and_overridden_once(seeded):
    moves = PhaseMove.objects.filter(trajectory__group=_group(GROUP_MUKURWE))
    suspension = moves.get(kind=MoveKind.SUSPEND)
    assert suspension.from_phase is not None
    assert (suspension.from_phase.code, suspension.to_phase.code) == ("autonomous", "planning-2")
    assert suspension.reason
    override = moves.get(kind=MoveKind.OVERRIDE)
    assert override.moved_by is not None
    assert override.moved_by.username == "coordinator"
    assert len(override.reason) > 100
    assert moves.latest("moved_at").to_phase.code == "autonomous"
    assert moves.filter(moved_at__gt=suspension.moved_at, kind=MoveKind.ADVANCE).count() == 2


@pytest.mark.django_db
def test_donors_programme_does_not_cover_every_group(seeded):
    programme = Programme.objects.get(name=PROGRAMME.name)
    assert programme.funder.name == HIVOS
    supported = set(programme.groups.values_list("organisation__name", flat=True))
    assert supported == set(PROGRAMME.groups)
    assert GROUP_NGQUSHWA not in supported
    assert set(programme.groups.values_list("organisation__country", flat=True)) == {"KE", "ZA"}
    assert programme.groups.filter(organisation__country="ZA").count() == 1
    donor = User.objects.get(username="donor")
    assert groups_visible_to(donor).count() == 5 < ProducerGroup.objects.count()


@pytest.mark.django_db
def test_every_row_passes_model_validation(seeded):
    rows: list[Model] = []
    for model in (Organisation, ProducerGroup, Membership, Programme, GroupStandard, Certificate):
        rows.extend(model._default_manager.all())
    # A sample of the register: validating each of several hundred rows costs seconds for nothing more.
    rows.extend(Member.objects.order_by("pk")[::9])
    rows.extend(Plot.objects.order_by("pk")[::9])
    for row in rows:
        row.full_clean()
    for org in Organisation.objects.all():
        assert org.kind in KINDS_BY_INTEREST_GROUP[org.interest_group]


@pytest.mark.django_db
def test_register_is_believable(seeded):
    for data in GROUPS:
        group = _group(data["name"])
        members = Member.objects.filter(group=group)
        assert members.count() == sum(data["statuses"].values())
        assert members.filter(member_number__startswith=f"{data['prefix']}-").count() == members.count()
        women = members.filter(gender="female").count() / members.count()
        assert (0.28 <= women <= 0.38) if data["country"] == "KE" else women > 0.5
        years = [year for year in members.values_list("year_of_birth", flat=True) if year]
        assert 1948 <= min(years) <= max(years) <= 2002
        assert not members.filter(consent_given_on__isnull=False, consent_recorded_by__isnull=True).exists()
        lat_min, lat_max, lon_min, lon_max = data["bbox"]
        for plot in Plot.objects.filter(member__group=group, latitude__isnull=False):
            assert plot.latitude is not None
            assert plot.longitude is not None
            assert lat_min <= plot.latitude <= lat_max
            assert lon_min <= plot.longitude <= lon_max
        if data["name"] in EARLY_GROUPS:
            assert members.filter(year_of_birth__isnull=True).exists()
            assert members.filter(plots__isnull=True).exists()
        else:
            assert not members.filter(year_of_birth__isnull=True).exists()
            assert not members.filter(plots__isnull=True).exists()


@pytest.mark.django_db
def test_plots_fit_the_groups_phase_and_standards(seeded):
    certified = Plot.objects.filter(certified_area_ha__gt=0)
    assert set(certified.values_list("member__group__organisation__name", flat=True)) == {GROUP_MUKURWE}
    assert not certified.exclude(member__status__in=["approved", "sanctioned"]).exists()
    assert not Plot.objects.filter(crop="Maize and beans", certified_area_ha__gt=0).exists()
    organic = Plot.objects.exclude(conversion_status="not_applicable")
    assert set(organic.values_list("member__group__organisation__name", flat=True)) == {GROUP_GIKOE}
    assert not Plot.objects.filter(member__group__organisation__name=GROUP_NGQUSHWA, latitude__isnull=False).exists()
    for name in (GROUP_MUKURWE, GROUP_THIBA):
        assert not Plot.objects.filter(member__group__organisation__name=name, latitude__isnull=True).exists()
    kenyan = Plot.objects.filter(member__group__organisation__country="KE", crop__startswith="Coffee")
    assert all(Decimal("0.1") <= area <= Decimal("2.0") for area in kenyan.values_list("area_ha", flat=True))


@pytest.mark.django_db
def test_standards_and_certificates(seeded):
    chosen = set(GroupStandard.objects.values_list("group__organisation__name", "standard__code"))
    assert (GROUP_GIKOE, "eu-organic-group") in chosen
    assert (GROUP_VHEMBE, "globalgap-ifa-opt2") in chosen
    assert {name for name, _ in chosen} == set(FINAL_PHASES)
    certificates = Certificate.objects.filter(group=_group(GROUP_MUKURWE))
    assert set(certificates.values_list("certification_body__country", flat=True)) == {"KE"}
    fairtrade = certificates.filter(standard__code="fairtrade-spo").order_by("valid_from")
    assert [(c.valid_from.isoformat(), c.valid_to.isoformat(), c.status) for c in fairtrade] == [
        ("2023-03-01", "2025-02-28", CertificateStatus.EXPIRED),
        ("2025-03-01", "2028-02-28", CertificateStatus.ACTIVE),
    ]
    assert certificates.get(standard__code="rainforest-2020").status == CertificateStatus.ACTIVE
    assert not Certificate.objects.exclude(group=_group(GROUP_MUKURWE)).exists()


def test_inspection_rounds_opened_before_their_inspections(seeded):
    rounds = InspectionRound.objects.annotate(first=Min("inspections__inspected_on"))
    assert rounds.exists()
    for inspection_round in rounds:
        assert inspection_round.opened_at.date() <= inspection_round.first
        assert inspection_round.opened_at.year == inspection_round.year


@pytest.mark.django_db
def test_every_demo_login_has_a_full_week(seeded):
    """Every kind of reminder a role may have is in the demo: a newcomer sees a full "This week" for each login.
    Gikoe's round is flagged only in the year's last sixty days (and the field officer's groups are none stuck)."""
    round_season = timezone.localdate() >= reminder_rules.round_end(timezone.localdate().year) - timedelta(
        days=reminder_rules.ROUND_NOTICE_DAYS
    )
    records = {ItemKind.ACTION_DUE, ItemKind.NC_PAST_DEADLINE, ItemKind.APPLICANTS_WAITING}
    if round_season:
        records.add(ItemKind.ROUND_INCOMPLETE)
    certification = {ItemKind.CERTIFICATE_EXPIRING, ItemKind.AUDIT_WITH_MAJORS}
    expected = {
        "coordinator": records | certification | {ItemKind.GROUP_STUCK, ItemKind.SERVICE_MISSING},
        "fieldofficer": records | certification | {ItemKind.SERVICE_MISSING},
        "groupmanager": records,
        "donor": certification,
    }
    for username, kinds in expected.items():
        items = items_for(User.objects.get(username=username))
        assert {item.kind for item in items} >= kinds, username
    donor_items = items_for(User.objects.get(username="donor"))
    assert {item.kind for item in donor_items} == certification
    assert not any(item.member or item.owner for item in donor_items)


def test_the_demo_programme_exports_a_valid_iati_file(seeded):
    from cycles.iati.build import iati_document
    from cycles.iati.missing import missing_for_iati
    from cycles.iati.schema import schema_errors
    from producers.models import Programme

    programme = Programme.objects.get()
    assert missing_for_iati(programme) == []
    document = iati_document(programme)
    assert schema_errors(document) == []
    assert b"<result " in document
    assert b"<actual " in document
