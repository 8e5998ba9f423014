"""Trainings: the services and their refusals, the history of a training with its attendance, concurrent edits,
the coverage per requirement and per member, and the pages for every role."""

import datetime
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from cycles.models import Training
from cycles.selectors.trainings import coverage_figures, member_coverage, requirement_coverage, training_history
from cycles.services.trainings import training_create, training_update
from producers.history import StaleRecord
from producers.models import Member
from producers.models.organisations import InterestGroup, OrganisationKind
from standards.models import Requirement

from ..factories import MemberFactory, OrganisationFactory
from ..factories_inspections import InspectorFactory
from ..factories_nonconformities import choose as choose_standard
from ..factories_records import TrainingFactory
from ..helpers import RECORD_KEEPERS, form_error_codes, page_query_count, page_text

NAIROBI = ZoneInfo("Africa/Nairobi")
HELD = datetime.date(2026, 6, 2)


@pytest.fixture(autouse=True)
def frozen(time_machine):
    time_machine.move_to(datetime.datetime(2026, 6, 15, 10, 0, tzinfo=NAIROBI), tick=False)


@pytest.fixture
def chosen(scope) -> list[Requirement]:
    """The group's chosen standard (Fairtrade) and three of its requirements."""
    standard = choose_standard(scope.group)
    return list(Requirement.objects.filter(standard=standard).order_by("code")[:3])


@pytest.fixture
def trainer(db):
    return OrganisationFactory.create(
        name="Shambani Skills", interest_group=InterestGroup.QUALITY_PROFESSIONAL, kind=OrganisationKind.TRAINER
    )


def _create(scope, **overrides) -> Training:
    arguments = {"group": scope.group, "by": scope.group_manager, "topic": "Keeping spraying records", "held_on": HELD}
    arguments.update(overrides)
    return training_create(**arguments)


def _update(training: Training, by, **overrides) -> Training:
    arguments = {
        "training": training,
        "by": by,
        "expected_version": training.version,
        "topic": training.topic,
        "held_on": training.held_on,
        "trainer": training.trainer,
        "requirements": list(training.requirements.all()),
        "attendees": list(training.attendees.all()),
        "inspectors": list(training.inspectors.all()),
        "notes": training.notes,
    }
    arguments.update(overrides)
    return training_update(**arguments)


# --- Recording -----------------------------------------------------------------------------------------------


def test_a_training_is_recorded_with_its_lists_in_one_version_that_names_the_author(scope, chosen, trainer):
    members = [scope.member, *MemberFactory.create_batch(2, group=scope.group)]
    inspector = InspectorFactory.create(group=scope.group)
    training = _create(
        scope, trainer=trainer, requirements=chosen[:2], attendees=members, inspectors=[inspector], notes="  Good. "
    )
    assert training.version == 1
    assert training.notes == "Good."
    assert set(training.attendees.all()) == set(members)
    assert set(training.requirements.all()) == set(chosen[:2])
    assert list(training.inspectors.all()) == [inspector]
    [version] = training.history.all()
    assert version.history_type == "+"
    assert version.history_user == scope.group_manager
    assert {row.member_id for row in version.attendees.all()} == {m.pk for m in members}
    assert {row.requirement_id for row in version.requirements.all()} == {r.pk for r in chosen[:2]}
    assert [row.inspector_id for row in version.inspectors.all()] == [inspector.pk]


@pytest.mark.parametrize("role", RECORD_KEEPERS)
def test_those_who_keep_the_records_record_trainings(scope, role):
    assert _create(scope, by=scope.users()[role]).pk


@pytest.mark.parametrize("role", ["donor", "outsider"])
def test_recording_is_refused_to_a_donor_and_an_outsider(scope, role):
    with pytest.raises(PermissionDenied):
        _create(scope, by=scope.users()[role])
    assert not Training.objects.exists()


def test_recording_refuses_what_cannot_be_true(scope, chosen, trainer):
    buyer = OrganisationFactory.create(interest_group=InterestGroup.BUYER, kind=OrganisationKind.EXPORTER)
    left = MemberFactory.create(group=scope.group, status="left")
    other_requirement = Requirement.objects.exclude(standard=chosen[0].standard).first()
    cases: list[tuple[dict[str, Any], str]] = [
        ({"topic": "   "}, "topic_required"),
        ({"held_on": datetime.date(2026, 6, 16)}, "future_date"),
        ({"trainer": buyer}, "trainer_kind"),
        ({"requirements": [other_requirement]}, "requirement_not_chosen"),
        ({"attendees": [scope.other_member]}, "member_elsewhere"),
        ({"attendees": [left]}, "member_left"),
        ({"inspectors": [InspectorFactory.create(group=scope.other_group)]}, "inspector_elsewhere"),
    ]
    for overrides, code in cases:
        with pytest.raises(ValidationError) as refused:
            _create(scope, **overrides)
        assert refused.value.code == code, overrides
    assert not Training.objects.exists()


def test_a_civil_society_organisation_may_train(scope):
    ngo = OrganisationFactory.create(interest_group=InterestGroup.CIVIL_SOCIETY, kind=OrganisationKind.NGO)
    assert _create(scope, trainer=ngo).trainer == ngo


# --- Changing ------------------------------------------------------------------------------------------------


def test_a_change_is_one_new_version_and_the_history_tells_who_was_added_and_removed(scope, chosen):
    grace, john = MemberFactory.create_batch(2, group=scope.group)
    training = _create(scope, attendees=[scope.member, grace])
    saved = _update(
        training, scope.field_officer, topic="Spraying records", attendees=[scope.member, john], reason="Typo"
    )
    assert saved.version == 2
    assert set(saved.attendees.all()) == {scope.member, john}
    assert saved.history.count() == 2
    latest = training_history(saved, with_names=True)[0]
    assert (latest.by, latest.reason) == (scope.field_officer, "Typo")
    changes = {change.field: change for change in latest.changes}
    assert changes["topic"].new == "Spraying records"
    assert changes["attendance"].old == "2 attended"
    assert changes["attendance"].new == f"2 attended; added: {john}; removed: {grace}"
    counted = training_history(saved, with_names=False)[0]
    assert {c.field: c for c in counted.changes}["attendance"].new == "2 attended; added: 1 member; removed: 1 member"


def test_the_history_tells_which_requirements_and_inspectors_were_added_and_removed(scope, chosen):
    first, second = InspectorFactory.create_batch(2, group=scope.group)
    training = _create(scope, requirements=chosen[:2], inspectors=[first])
    saved = _update(training, scope.field_officer, requirements=[chosen[1], chosen[2]], inspectors=[second])
    changes = {change.field: change for change in training_history(saved, with_names=True)[0].changes}
    dropped, kept, added = chosen[0], chosen[1], chosen[2]
    assert kept.code not in changes["requirements addressed"].new
    assert changes["requirements addressed"].old == "2"
    assert changes["requirements addressed"].new == (
        f"2; added: {added.standard.short_name} {added.code}; removed: {dropped.standard.short_name} {dropped.code}"
    )
    assert changes["inspectors trained"].new == f"1; added: {second}; removed: {first}"
    counted = {c.field: c for c in training_history(saved, with_names=False)[0].changes}
    assert counted["inspectors trained"].new == "1; added: 1 inspector; removed: 1 inspector"


def test_a_stale_edit_is_refused_and_writes_nothing(scope):
    training = _create(scope, attendees=[scope.member])
    _update(training, scope.field_officer, topic="Saved first")
    newcomer = MemberFactory.create(group=scope.group)
    with pytest.raises(StaleRecord) as refused:
        _update(training, scope.group_manager, topic="Saved second", attendees=[newcomer])
    assert isinstance(refused.value.current, Training)
    assert refused.value.current.version == 2
    training.refresh_from_db()
    assert (training.topic, training.version) == ("Saved first", 2)
    assert list(training.attendees.all()) == [scope.member]
    assert training.history.count() == 2


def test_a_member_who_left_since_stays_on_the_list_but_cannot_be_added(scope):
    leaver, other_leaver = MemberFactory.create_batch(2, group=scope.group)
    training = _create(scope, attendees=[leaver])
    Member.objects.filter(pk__in=[leaver.pk, other_leaver.pk]).update(status="left")
    assert _update(training, scope.group_manager, topic="Kept").attendees.get() == leaver
    training.refresh_from_db()
    with pytest.raises(ValidationError) as refused:
        _update(training, scope.group_manager, attendees=[leaver, other_leaver])
    assert refused.value.code == "member_left"


def test_a_reason_longer_than_the_history_keeps_is_refused(scope):
    training = _create(scope)
    with pytest.raises(ValidationError) as refused:
        _update(training, scope.group_manager, reason="x" * 1001)
    assert refused.value.code == "reason_too_long"


def test_changing_is_refused_to_a_donor(scope):
    training = _create(scope)
    with pytest.raises(PermissionDenied):
        _update(training, scope.donor, topic="Donor edit")


def _any(queryset: Any) -> Any:
    """A queryset read by its annotations, which the type checker cannot see."""
    return queryset


# --- Coverage ------------------------------------------------------------------------------------------------


def test_coverage_per_requirement_counts_trainings_and_different_members(scope, chosen):
    first, second, third = chosen
    grace, john = MemberFactory.create_batch(2, group=scope.group)
    TrainingFactory.create(group=scope.group, requirements=[first, second], attendees=[scope.member, grace])
    TrainingFactory.create(
        group=scope.group, held_on=datetime.date(2026, 5, 1), requirements=[first], attendees=[grace, john]
    )
    TrainingFactory.create(group=scope.other_group, requirements=[third], attendees=[scope.other_member])
    rows = {
        pk: (trainings, attendees, last)
        for pk, trainings, attendees, last in _any(requirement_coverage(group=scope.group)).values_list(
            "pk", "training_count", "attendee_count", "last_trained"
        )
    }
    assert rows[first.pk] == (2, 3, datetime.date(2026, 5, 1))
    assert rows[second.pk] == (1, 2, datetime.date(2026, 3, 10))
    assert rows[third.pk] == (0, 0, None)
    untrained = set(requirement_coverage(group=scope.group, untrained_only=True).values_list("pk", flat=True))
    assert third.pk in untrained
    assert first.pk not in untrained
    figures = coverage_figures(scope.group)
    assert (figures.requirements_trained, figures.requirements) == (2, len(rows))


def test_coverage_per_member_counts_trainings_and_names_those_never_trained(scope):
    grace, never = MemberFactory.create_batch(2, group=scope.group)
    MemberFactory.create(group=scope.group, status="left")
    TrainingFactory.create(group=scope.group, attendees=[scope.member, grace])
    TrainingFactory.create(group=scope.group, held_on=datetime.date(2026, 4, 1), attendees=[grace])
    rows = {
        pk: (count, last)
        for pk, count, last in _any(member_coverage(group=scope.group)).values_list(
            "pk", "training_count", "last_trained"
        )
    }
    assert len(rows) == 3  # the member who left is not due
    assert rows[grace.pk] == (2, datetime.date(2026, 4, 1))
    assert rows[scope.member.pk][0] == 1
    assert list(member_coverage(group=scope.group, never_only=True)) == [never]
    figures = coverage_figures(scope.group)
    assert (figures.members_trained, figures.members, figures.members_never_trained) == (2, 3, 1)


# --- Pages ---------------------------------------------------------------------------------------------------


def _url(name: str, pk: int) -> str:
    return reverse(f"cycles:{name}", kwargs={"pk": pk})


@pytest.mark.parametrize("role", ["coordinator", "field_officer", "group_manager", "donor"])
def test_every_role_that_sees_the_group_reads_its_trainings(scope, login, role):
    training = TrainingFactory.create(group=scope.group, topic="Pruning", attendees=[scope.member])
    client = login(scope.users()[role])
    assert "Pruning" in page_text(client.get(_url("training_list", scope.group.pk)))
    detail = page_text(client.get(_url("training_detail", training.pk)))
    assert "Attendance: 1 member" in detail
    if role == "donor":
        assert "Kamau" not in detail
        assert "Record a training" not in page_text(client.get(_url("training_list", scope.group.pk)))
    else:
        assert "Wanjiru Kamau" in detail


def test_an_outsider_gets_404_for_every_training_page(scope, login):
    training = TrainingFactory.create(group=scope.group)
    client = login(scope.outsider)
    for name, pk in [
        ("training_list", scope.group.pk),
        ("training_coverage", scope.group.pk),
        ("training_create", scope.group.pk),
        ("training_detail", training.pk),
        ("training_update", training.pk),
    ]:
        assert client.get(_url(name, pk)).status_code == 404, name


def test_a_donor_may_not_open_the_forms(scope, login):
    training = TrainingFactory.create(group=scope.group)
    client = login(scope.donor)
    assert client.get(_url("training_create", scope.group.pk)).status_code == 403
    assert client.get(_url("training_update", training.pk)).status_code == 403
    assert (
        client.post(_url("training_create", scope.group.pk), {"topic": "x", "held_on": "2026-06-01"}).status_code == 403
    )
    assert not Training.objects.filter(topic="x").exists()


def test_the_form_offers_only_this_groups_choices(scope, login, chosen, trainer):
    left = MemberFactory.create(group=scope.group, status="left")
    InspectorFactory.create(group=scope.other_group, name="Elsewhere Inspector")
    mine = InspectorFactory.create(group=scope.group, name="Our Inspector")
    buyer = OrganisationFactory.create(name="Export Buyer Ltd", interest_group=InterestGroup.BUYER, kind="exporter")
    form = login(scope.group_manager).get(_url("training_create", scope.group.pk)).context["form"]
    assert list(form.fields["attendees"].queryset) == [scope.member]
    assert left not in form.fields["attendees"].queryset
    assert list(form.fields["inspectors"].queryset) == [mine]
    assert set(form.fields["requirements"].queryset.values_list("standard_id", flat=True)) == {chosen[0].standard_id}
    assert trainer in form.fields["trainer"].queryset
    assert buyer not in form.fields["trainer"].queryset


def test_recording_through_the_page_and_reading_the_history_on_the_training(scope, login, chosen):
    client = login(scope.group_manager)
    response = client.post(
        _url("training_create", scope.group.pk),
        {
            "topic": "Internal inspection",
            "held_on": "2026-06-01",
            "attendees": [scope.member.pk],
            "requirements": [chosen[0].pk],
        },
    )
    training = Training.objects.get()
    assert response.status_code == 302
    assert response["Location"] == _url("training_detail", training.pk)
    detail = page_text(client.get(_url("training_detail", training.pk)))
    assert 'data-testid="history"' in detail
    assert "Created" in detail
    assert str(scope.group_manager) in detail


def test_a_refused_training_keeps_what_was_typed(scope, login):
    response = login(scope.group_manager).post(
        _url("training_create", scope.group.pk),
        {"topic": "Compost making", "held_on": "2026-07-01", "attendees": [scope.member.pk]},
    )
    assert response.status_code == 400
    text = page_text(response)
    assert "cannot be in the future" in text
    assert form_error_codes(response.context["form"]) == {"held_on": ["future_date"]}
    assert 'value="Compost making"' in text
    assert f'value="{scope.member.pk}" class="form-check-input" id="id_attendees_0" checked' in text


def test_a_stale_edit_through_the_page_keeps_what_was_typed_beside_the_saved_version(scope, login):
    training = _create(scope, attendees=[scope.member])
    _update(training, scope.field_officer, topic="Saved meanwhile")
    response = login(scope.group_manager).post(
        _url("training_update", training.pk),
        {"topic": "My own topic", "held_on": "2026-06-02", "expected_version": "1", "attendees": [scope.member.pk]},
    )
    assert response.status_code == 400
    text = page_text(response)
    assert "Someone else saved this record" in text
    assert 'value="My own topic"' in text
    assert 'data-testid="current-version"' in text
    assert "Saved meanwhile" in text
    assert 'name="expected_version" value="2"' in text
    training.refresh_from_db()
    assert training.topic == "Saved meanwhile"
    # Saving again is now a deliberate overwrite of version 2.
    again = login(scope.group_manager).post(
        _url("training_update", training.pk),
        {"topic": "My own topic", "held_on": "2026-06-02", "expected_version": "2", "attendees": [scope.member.pk]},
    )
    assert again.status_code == 302
    training.refresh_from_db()
    assert (training.topic, training.version) == ("My own topic", 3)


def test_the_member_coverage_names_members_to_the_register_only(scope, login):
    TrainingFactory.create(group=scope.group, attendees=[scope.member])
    never = MemberFactory.create(group=scope.group, first_name="Never", last_name="Trained")
    url = _url("training_coverage", scope.group.pk) + "?by=members"
    manager = page_text(login(scope.group_manager).get(url + "&only=untrained"))
    assert never.member_number in manager
    assert "Kamau" not in manager
    donor = page_text(login(scope.donor).get(url))
    assert 'data-testid="figures-only"' in donor
    assert "Trained" not in donor
    assert "1 never trained" in donor


def test_the_requirement_coverage_marks_what_no_training_addressed(scope, login, chosen):
    TrainingFactory.create(group=scope.group, requirements=[chosen[0]], attendees=[scope.member])
    response = login(scope.donor).get(_url("training_coverage", scope.group.pk))
    rows = {r.pk: r for r in response.context["page"].object_list}
    assert rows[chosen[0].pk].attendee_count == 1
    assert rows[chosen[1].pk].training_count == 0
    assert 'class="table-warning"' in page_text(response)


def test_empty_pages_say_what_to_do(scope, login):
    client = login(scope.group_manager)
    assert "No training recorded yet." in page_text(client.get(_url("training_list", scope.group.pk)))
    assert "has not chosen a standard" in page_text(client.get(_url("training_coverage", scope.group.pk)))


LIST_PAGES = [
    ("group_manager", "training_list", ""),
    ("donor", "training_list", "?q=session"),
    ("field_officer", "training_coverage", ""),
    ("group_manager", "training_coverage", "?by=members"),
    ("group_manager", "training_coverage", "?by=members&only=untrained"),
    ("donor", "training_coverage", "?by=members"),
    ("group_manager", "training_create", ""),
]


@pytest.mark.parametrize(("role", "name", "query"), LIST_PAGES)
def test_list_pages_queries_do_not_grow_with_trainings_or_members(scope, login, chosen, role, name, query):
    client = login(scope.users()[role])
    url = _url(name, scope.group.pk) + query
    TrainingFactory.create(group=scope.group, requirements=chosen[:1], attendees=[scope.member])
    small = page_query_count(client, url)
    members = MemberFactory.create_batch(300, group=scope.group)
    for index in range(30):
        TrainingFactory.create(group=scope.group, requirements=chosen, attendees=members[index * 10 : index * 10 + 40])
    large = page_query_count(client, url)
    assert large == small, f"{small} queries for a training, {large} for 31"
    assert large <= 20


def test_the_training_page_queries_do_not_grow_with_attendance(scope, login):
    client = login(scope.group_manager)
    few = _update(_create(scope, attendees=[scope.member]), scope.group_manager, attendees=[])
    small = page_query_count(client, _url("training_detail", few.pk))
    members = MemberFactory.create_batch(200, group=scope.group)
    many = _update(_create(scope, attendees=members[:100]), scope.group_manager, attendees=members[50:])
    large = page_query_count(client, _url("training_detail", many.pk))
    assert large == small
