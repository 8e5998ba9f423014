"""The pages as each role sees them, through the test client (the browser walks are in tests/browser)."""

import gzip

import pytest
from django.urls import reverse

from cycles.models import MoveKind, Phase
from cycles.services import phase_move_record, trajectory_start

from .factories import CertificateFactory, MemberFactory, PlotFactory, UserFactory
from .helpers import page_text


def test_every_page_requires_login(client, scope):
    response = client.get(reverse("cycles:home"))
    assert response.status_code == 302
    assert response["Location"] == f"{reverse('login')}?next=/"


def test_login_page_is_served_at_djangos_usual_address(client, db):
    response = client.get("/accounts/login/")
    assert response.status_code == 200
    assert 'name="username"' in page_text(response)


def test_logging_in_leads_home_and_logging_out_back_to_login(client, scope):
    response = client.post("/accounts/login/", {"username": "donor", "password": "test-password-1"})
    assert response.status_code == 302
    assert response["Location"] == reverse("cycles:home")
    response = client.post(reverse("logout"))
    assert response["Location"] == reverse("login")


def test_coordinator_home_shows_every_group_by_phase(scope, login):
    trajectory_start(group=scope.group, by=scope.coordinator)
    text = page_text(login(scope.coordinator).get(reverse("cycles:home")))
    assert "All groups by phase" in text
    assert "Inside Cooperative" in text
    assert "Outside Cooperative" in text
    assert 'data-testid="pipeline"' in text


def test_coordinator_home_filters_by_phase(scope, login):
    trajectory_start(group=scope.group, by=scope.coordinator)
    client = login(scope.coordinator)
    text = page_text(client.get(reverse("cycles:home") + "?phase=preconditions"))
    assert "Inside Cooperative" in text
    assert "Outside Cooperative" not in text
    text = page_text(client.get(reverse("cycles:home") + "?phase=not-started"))
    assert "Outside Cooperative" in text
    assert "Inside Cooperative" not in text
    text = page_text(client.get(reverse("cycles:home") + "?phase=autonomous"))
    assert "No group matches these filters." in text


def test_field_officer_home_shows_only_their_portfolio(scope, login):
    text = page_text(login(scope.field_officer).get(reverse("cycles:home")))
    assert "My groups" in text
    assert "Inside Cooperative" in text
    assert "Outside Cooperative" not in text


def test_field_officer_with_an_empty_portfolio_is_told_what_to_do(scope, login):
    text = page_text(login(scope.outsider).get(reverse("cycles:home")))
    assert "No group is assigned to you yet" in text


def test_group_manager_home_shows_their_group_and_the_way_to_the_register(scope, login):
    text = page_text(login(scope.group_manager).get(reverse("cycles:home")))
    assert "Inside Cooperative" in text
    assert reverse("producers:member_list", kwargs={"pk": scope.group.pk}) in text
    assert "Outside Cooperative" not in text


def test_donor_home_shows_the_programmes_and_the_groups_they_support(scope, login):
    text = page_text(login(scope.donor).get(reverse("cycles:home")))
    assert scope.group.programmes.get().name in text
    assert "Inside Cooperative" in text
    assert "Outside Cooperative" not in text


def test_a_user_without_a_role_is_told_so(client, db):
    client.force_login(UserFactory.create())
    assert "Your account has no role yet" in page_text(client.get(reverse("cycles:home")))


def test_group_page_shows_profile_phase_certificates_and_recent_moves(scope, login):
    trajectory_start(group=scope.group, by=scope.field_officer)
    phase_move_record(
        group=scope.group,
        kind=MoveKind.ADVANCE,
        to_phase=Phase.objects.get(code="planning-1"),
        by=scope.field_officer,
        reason="Buyer letter received.",
    )
    CertificateFactory.create(group=scope.group, number="FLO-ID 41872")
    text = page_text(login(scope.field_officer).get(reverse("cycles:group_detail", kwargs={"pk": scope.group.pk})))
    assert "Phase 2 of 5" in text
    assert "FLO-ID 41872" in text
    assert "Buyer letter received." in text
    assert "Registered cooperative society" in text


def test_group_page_of_a_group_not_started_says_so(scope, login):
    text = page_text(login(scope.coordinator).get(reverse("cycles:group_detail", kwargs={"pk": scope.other_group.pk})))
    assert "has not started the inner cycle" in text
    assert "No certificate yet." in text


def test_donor_sees_the_register_in_figures_but_no_farmer(scope, login):
    text = page_text(login(scope.donor).get(reverse("cycles:group_detail", kwargs={"pk": scope.group.pk})))
    assert "Member register" in text
    assert scope.member.last_name not in text
    assert reverse("producers:member_list", kwargs={"pk": scope.group.pk}) not in text


def test_member_register_searches_and_paginates(scope, login, settings):
    settings.PAGE_SIZE = 10
    MemberFactory.create_batch(24, group=scope.group, village="Othaya")
    client = login(scope.group_manager)
    url = reverse("producers:member_list", kwargs={"pk": scope.group.pk})
    first = client.get(url)
    assert first.context["page"].paginator.num_pages == 3
    assert "1 / 3" in page_text(first)
    third = client.get(url + "?page=3")
    assert len(third.context["page"].object_list) == 5
    found = client.get(url + "?q=Wanjiru")
    assert [m.pk for m in found.context["page"].object_list] == [scope.member.pk]
    # A page number past the end shows the last page rather than an error.
    assert client.get(url + "?page=99").context["page"].number == 3


def test_member_search_without_a_match_says_so(scope, login):
    url = reverse("producers:member_list", kwargs={"pk": scope.group.pk})
    assert "No member matches this search." in page_text(login(scope.group_manager).get(url + "?q=zzz"))


def test_an_unknown_status_filter_is_ignored(scope, login):
    url = reverse("producers:member_list", kwargs={"pk": scope.group.pk})
    response = login(scope.group_manager).get(url + "?status=nonsense")
    assert response.context["status"] == ""
    assert len(response.context["page"].object_list) == 1


def test_plot_list_shows_the_plots_of_the_group_only(scope, login):
    PlotFactory.create(member=scope.member, name="Kwa Mzee upper")
    text = page_text(login(scope.field_officer).get(reverse("producers:plot_list", kwargs={"pk": scope.group.pk})))
    assert "Kwa Mzee upper" in text
    assert scope.other_member.last_name not in text


def test_member_page_shows_the_plots_and_consent(scope, login):
    PlotFactory.create(member=scope.member, name="Riverside")
    scope.member.consent_given_on = None  # registered before consent was recorded
    scope.member.save(update_fields=["consent_given_on"])
    text = page_text(login(scope.field_officer).get(reverse("producers:member_detail", kwargs={"pk": scope.member.pk})))
    assert "Riverside" in text
    assert "not recorded" in text


@pytest.mark.parametrize("path", ["/", "/accounts/login/"])
def test_pages_are_built_for_phones(login, scope, path):
    client = login(scope.coordinator)
    assert '<meta name="viewport" content="width=device-width, initial-scale=1">' in page_text(client.get(path))


def test_pages_travel_compressed_to_browsers_that_accept_it(scope, login):
    """Phones on slow links: a long page (here the register) comes gzip-compressed when the browser says it can
    read it, and as it is otherwise."""
    MemberFactory.create_batch(30, group=scope.group)
    client = login(scope.group_manager)
    url = reverse("producers:member_list", kwargs={"pk": scope.group.pk})
    plain = client.get(url)
    compressed = client.get(url, headers={"accept-encoding": "gzip"})
    assert not plain.has_header("Content-Encoding")
    assert compressed["Content-Encoding"] == "gzip"
    assert "Accept-Encoding" in compressed["Vary"]
    # The same page once decompressed, but for the CSRF token Django masks afresh for every response.
    assert gzip.decompress(compressed.content).decode().count("<tr>") == plain.content.decode().count("<tr>") > 25
    assert len(compressed.content) * 4 < len(plain.content)
