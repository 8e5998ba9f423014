"""Kiswahili beside English (issue #12): the person's language for pages, e-mails and the reports they ask for, the
switch, the login page following the browser, reference content in the person's language with English marked
where it stands in, and the pages' queries unchanged by it."""

import datetime
from typing import Any

import pytest
from django.conf import settings
from django.core import mail
from django.core.mail import EmailMultiAlternatives
from django.test import Client
from django.urls import reverse
from django.utils import translation

from cycles.models import Criterion, Phase, ReportJob
from cycles.reminders.mail import reminders_send
from cycles.services import reports as report_services
from cycles.services import trajectory_start
from producers.models import User
from standards.models import Requirement

from ..factories import CertificateFactory, MemberFactory, PlotFactory
from ..helpers import page_query_count, page_text
from .reminders_fixtures import NAIROBI, TODAY, days
from .reminders_fixtures import frozen as frozen
from .reports_fixtures import END, START, pdf_text


def _prefer(user: User, language: str) -> User:
    User.objects.filter(pk=user.pk).update(preferred_language=language)
    user.refresh_from_db()
    return user


# --- Which language a page is in ----------------------------------------------------------------------------------


def test_the_login_page_follows_the_browser(client, db):
    kiswahili = client.get(reverse("login"), HTTP_ACCEPT_LANGUAGE="sw,en;q=0.5")
    assert kiswahili["Content-Language"] == "sw"
    assert '<html lang="sw">' in page_text(kiswahili)
    fresh: Any = Client()
    english = fresh.get(reverse("login"), HTTP_ACCEPT_LANGUAGE="en-GB,en;q=0.9")
    assert english["Content-Language"] == "en"
    assert 'data-testid="language-switch"' in page_text(english)


@pytest.mark.parametrize(
    ("preferred", "browser", "shown"),
    [("sw", "en", "sw"), ("en", "sw", "en"), ("", "sw", "sw"), ("", "en", "en")],
)
def test_the_persons_choice_wins_over_the_browser(scope, login, preferred, browser, shown):
    client = login(_prefer(scope.group_manager, preferred))
    response = client.get(reverse("cycles:home"), HTTP_ACCEPT_LANGUAGE=browser)
    assert response.status_code == 200
    assert response["Content-Language"] == shown
    assert f'<html lang="{shown}">' in page_text(response)


def test_the_menu_switch_keeps_the_choice_on_the_profile(scope, login):
    client = login(scope.group_manager)
    home = reverse("cycles:home")
    response = client.post(reverse("accounts:language_switch"), {"language": "sw", "next": home})
    assert response.status_code == 302
    assert response["Location"] == home
    assert response.cookies[settings.LANGUAGE_COOKIE_NAME].value == "sw"
    assert User.objects.get(pk=scope.group_manager.pk).preferred_language == "sw"
    # Whatever the browser says from now on, and from another browser after the next login.
    assert client.get(home, HTTP_ACCEPT_LANGUAGE="en")["Content-Language"] == "sw"
    other = login(User.objects.get(pk=scope.group_manager.pk))
    other.cookies.pop(settings.LANGUAGE_COOKIE_NAME, None)
    assert other.get(home, HTTP_ACCEPT_LANGUAGE="en")["Content-Language"] == "sw"


def test_the_switch_refuses_a_language_the_app_does_not_speak(scope, login):
    client = login(scope.group_manager)
    response = client.post(reverse("accounts:language_switch"), {"language": "xx", "next": "/"}, follow=True)
    assert User.objects.get(pk=scope.group_manager.pk).preferred_language == ""
    assert "Choose one of the languages in the list." in page_text(response)


def test_the_switch_on_the_login_page_sets_the_cookie_only(client, scope):
    response = client.post(reverse("accounts:language_switch"), {"language": "sw", "next": reverse("login")})
    assert response["Location"] == reverse("login")
    assert client.get(reverse("login"), HTTP_ACCEPT_LANGUAGE="en")["Content-Language"] == "sw"
    assert not User.objects.exclude(preferred_language="").exists()


def test_the_language_page_saves_a_choice_or_the_browsers(scope, login):
    client = login(_prefer(scope.field_officer, "sw"))
    page = client.get(reverse("accounts:language"))
    assert 'value="sw"' in page_text(page)
    assert "checked" in page_text(page)
    client.post(reverse("accounts:language"), {"language": ""})
    assert User.objects.get(pk=scope.field_officer.pk).preferred_language == ""
    assert client.get(reverse("cycles:home"), HTTP_ACCEPT_LANGUAGE="en")["Content-Language"] == "en"


# --- Reference content in the person's language, English marked where it stands in -------------------------------


def test_a_phase_page_shows_the_criteria_in_kiswahili_and_marks_english_where_missing(scope, login):
    trajectory_start(group=scope.group, by=scope.coordinator)
    phase = Phase.objects.get(code="preconditions")
    untranslated = Criterion.objects.get(phase=phase, code="support-assigned")
    Criterion.objects.filter(pk=untranslated.pk).update(text_sw="")
    client = login(_prefer(scope.field_officer, "sw"))
    text = page_text(client.get(reverse("cycles:phase", kwargs={"pk": scope.group.pk})))
    assert "Masharti ya awali" in text  # the phase's name
    assert "Wanachama wamekubaliana kufanya kazi pamoja kuelekea uthibitisho." in text
    english_words = Criterion.objects.filter(pk=untranslated.pk).values_list("text_en", flat=True).get()
    assert english_words in text  # English stands in …
    with translation.override("sw"):
        assert text.count(str(translation.gettext("in English: not yet translated"))) == 1  # … and says so
    english = page_text(login(_prefer(scope.field_officer, "en")).get(reverse("cycles:phase", args=[scope.group.pk])))
    assert "Members have agreed to work towards certification together." in english
    assert "data-untranslated" not in english


def test_every_shipped_requirement_has_its_kiswahili(db):
    assert Requirement.objects.count() == 155
    assert not Requirement.objects.filter(text_sw__isnull=True).exists()
    assert not Requirement.objects.filter(text_sw="").exists()
    with translation.override("sw"):
        assert Requirement.objects.get(code="EO-E-01").text == "Msitumie GMO wala mionzi."
    assert Requirement.objects.get(code="EO-E-01").text == "Use no GMOs and no irradiation."


# --- E-mails and reports in the person's language -------------------------------------------------------------------


def test_each_person_gets_their_reminders_in_their_own_language(scope):
    _prefer(scope.group_manager, "sw")
    CertificateFactory.create(group=scope.group, valid_to=days(5))
    sunday = TODAY - datetime.timedelta(days=1)
    reminders_send(now=datetime.datetime(sunday.year, sunday.month, sunday.day, 10, tzinfo=NAIROBI))
    kiswahili = next(m for m in mail.outbox if m.to == [scope.group_manager.email])
    english = next(m for m in mail.outbox if m.to == [scope.field_officer.email])
    assert isinstance(kiswahili, EmailMultiAlternatives)
    assert isinstance(english, EmailMultiAlternatives)
    assert kiswahili.extra_headers["Content-Language"] == "sw"
    assert 'lang="sw"' in str(kiswahili.alternatives[0][0])
    assert english.extra_headers["Content-Language"] == "en"
    assert 'lang="en"' in str(english.alternatives[0][0])


def test_a_report_asked_in_kiswahili_is_made_in_kiswahili_whoever_downloads_it(
    scope, history, login, django_capture_on_commit_callbacks
):
    asked = {"user": scope.donor, "group": scope.group, "period_start": START, "period_end": END}
    with django_capture_on_commit_callbacks(execute=True):
        kiswahili = report_services.report_request(**asked, language="sw")
        english = report_services.report_request(**asked, language="en")
    kiswahili.refresh_from_db()
    english.refresh_from_db()
    assert kiswahili != english  # the same records, two files
    assert (kiswahili.language, english.language) == ("sw", "en")
    assert kiswahili.records_digest != english.records_digest
    assert report_services.report_is_current(kiswahili)
    assert report_services.report_is_current(english)
    with django_capture_on_commit_callbacks(execute=False):
        assert report_services.report_request(**asked, language="sw") == kiswahili
    # Downloaded by a coordinator whose pages are in English: still the Kiswahili file.
    client = login(_prefer(scope.coordinator, "en"))
    response = client.get(reverse("cycles:report_download", kwargs={"pk": kiswahili.pk}))
    text = "\n".join(pdf_text(b"".join(response.streaming_content)))
    assert "Masharti ya awali" in text or "Awamu ya mipango" in text
    english_text = "\n".join(pdf_text(english.file.open("rb").read()))
    assert "Masharti ya awali" not in english_text
    assert "Awamu ya mipango" not in english_text


def test_the_report_page_asks_in_the_pages_language(scope, login, django_capture_on_commit_callbacks):
    client = login(_prefer(scope.donor, "sw"))
    with django_capture_on_commit_callbacks(execute=False):
        client.post(
            reverse("cycles:report_new"),
            {"group": scope.group.pk, "start": START.isoformat(), "end": END.isoformat()},
        )
    assert ReportJob.objects.get(requested_by=scope.donor).language == "sw"


# --- No slower ----------------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("role", "page"),
    [
        ("coordinator", lambda s: reverse("cycles:home")),
        ("field_officer", lambda s: reverse("cycles:home")),
        ("group_manager", lambda s: reverse("producers:member_list", kwargs={"pk": s.group.pk})),
    ],
    ids=["portfolio-coordinator", "portfolio-field-officer", "register"],
)
def test_the_portfolio_and_the_register_make_no_more_queries_in_kiswahili(scope, login, role, page):
    trajectory_start(group=scope.group, by=scope.coordinator)
    for member in MemberFactory.create_batch(30, group=scope.group):
        PlotFactory.create(member=member)
    person = scope.users()[role]
    english = page_query_count(login(_prefer(person, "en")), page(scope))
    kiswahili = page_query_count(login(_prefer(person, "sw")), page(scope))
    assert kiswahili == english
