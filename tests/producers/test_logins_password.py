"""A password an administrator set is changed by its owner at the next login, before anything else."""

import pytest
from django.contrib.auth.tokens import default_token_generator
from django.urls import reverse
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode

from ..factories import PASSWORD, UserFactory
from ..helpers import force_login_verified

pytestmark = pytest.mark.django_db
HOME = reverse("cycles:home")
NEW = "a-new-password-of-my-own-7"


@pytest.fixture
def admin_client(client, scope):
    root = UserFactory.create(username="root", is_staff=True, is_superuser=True)
    return force_login_verified(client, root)


def test_a_password_set_in_the_admin_must_be_changed_at_the_next_login(admin_client, client, scope):
    url = reverse("admin:auth_user_password_change", args=[scope.donor.pk])
    response = admin_client.post(url, {"password1": "Temporary-pass-42", "password2": "Temporary-pass-42"})
    assert response.status_code == 302
    scope.donor.refresh_from_db()
    assert scope.donor.must_change_password
    assert scope.donor.check_password("Temporary-pass-42")


def test_a_new_account_from_the_admin_must_change_its_password(admin_client, scope):
    admin_client.post(
        reverse("admin:producers_user_add"),
        {
            "username": "newcomer",
            "usable_password": "true",
            "password1": "Temporary-pass-42",
            "password2": "Temporary-pass-42",
        },
    )
    from producers.models import User

    assert User.objects.get(username="newcomer").must_change_password


def test_until_it_is_changed_every_page_leads_to_the_password_change(client, scope):
    scope.donor.must_change_password = True
    scope.donor.save()
    client.force_login(scope.donor)
    for url in [HOME, reverse("cycles:group_detail", kwargs={"pk": scope.group.pk}), reverse("accounts:two_factor")]:
        response = client.get(url)
        assert response["Location"] == reverse("password_change"), url
    assert client.get(reverse("password_change")).status_code == 200
    changed = client.post(
        reverse("password_change"), {"old_password": PASSWORD, "new_password1": NEW, "new_password2": NEW}
    )
    assert changed["Location"] == reverse("password_change_done")
    scope.donor.refresh_from_db()
    assert not scope.donor.must_change_password
    assert client.get(HOME).status_code == 200


def test_a_coordinator_gives_the_second_factor_before_the_password_change(client, scope):
    scope.coordinator.must_change_password = True
    scope.coordinator.save()
    client.force_login(scope.coordinator)
    assert client.get(HOME)["Location"].startswith(reverse("accounts:two_factor_setup"))
    client.logout()
    force_login_verified(client, scope.coordinator)
    assert client.get(HOME)["Location"] == reverse("password_change")


def test_a_password_chosen_through_the_reset_link_is_the_persons_own(client, scope):
    scope.donor.must_change_password = True
    scope.donor.save()
    uid = urlsafe_base64_encode(force_bytes(scope.donor.pk))
    token = default_token_generator.make_token(scope.donor)
    form = client.get(reverse("password_reset_confirm", args=[uid, token]), follow=True)
    done = client.post(form.redirect_chain[-1][0], {"new_password1": NEW, "new_password2": NEW})
    assert done["Location"] == reverse("password_reset_complete")
    scope.donor.refresh_from_db()
    assert not scope.donor.must_change_password
