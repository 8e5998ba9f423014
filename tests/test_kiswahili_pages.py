"""Kiswahili throughout (issue #12): every role, with Kiswahili chosen on the profile, walks every page and file it
reaches from its home page (the personal-data walk of tests/test_personal_data.py, over the same world), and no
English sentence is left on any of them, outside what people typed (names, notes, the test world's own records).

What counts as English: a run of text with at least two of the words that English sentences cannot do without
("the", "and", "of", "is", ...), none of which Kiswahili has; or a run that is, whole, one of the interface's
own English texts of two words or more ("Field capture", "This week") whose Kiswahili differs.

What people typed is taken out first: every
text value of every row in the database, except the English of reference content that has a Kiswahili text (that
English must not show). A reference row without Kiswahili shows its English with the page's fallback mark, and is
allowed like typed data (tests/cycles/test_languages.py proves the mark).
"""

import re
from functools import cache
from html.parser import HTMLParser
from pathlib import Path

import polib
import pytest
from django.apps import apps
from django.db import models
from django.utils import translation
from modeltranslation.translator import translator

from cycles.models import CoordinationRun
from producers.models import User

from .scope import World
from .test_personal_data import ROLES, _pattern, build_world, walk

# Words that do not exist in Kiswahili and that hardly any English sentence is without.
ENGLISH = frozenset(
    "the and of is are to for with this that your you has have not be by from was were will an or it its which "  # noqa: SIM905
    "what when there been can may must should than these those their they them our we into about after before "
    "does did yet here only also".split()
)
# A run of text is English when it holds this many different such words.
ENOUGH = 2
# Names of standards, bodies and systems that read the same in both languages.
ALLOWED = ("Fairtrade", "Rainforest Alliance", "GLOBALG.A.P.", "UTZ", "ODK Collect", "KoboCollect", "IATI")
WORD = re.compile(r"[A-Za-z']+")


class _Text(HTMLParser):
    """The runs of text a reader sees on a page: text outside scripts and styles, and the words of titles,
    placeholders, labels for screen readers and image descriptions. What a text box holds is the value of a field,
    typed by people (a coordinator edits the English of a criterion beside its Kiswahili), not the interface."""

    SEEN_ATTRIBUTES = ("title", "placeholder", "aria-label", "alt")

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.runs: list[str] = []
        self._hidden = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in ("script", "style", "textarea"):
            self._hidden += 1
        self.runs.extend(value for name, value in attrs if name in self.SEEN_ATTRIBUTES and value)

    def handle_endtag(self, tag: str) -> None:
        if tag in ("script", "style", "textarea"):
            self._hidden = max(0, self._hidden - 1)

    def handle_data(self, data: str) -> None:
        if not self._hidden and data.strip():
            self.runs.append(data)


def typed_values() -> list[str]:
    """Every text people (and the test world's factories) typed: the text columns of every row of the app's tables,
    but not the English of reference content that has its Kiswahili."""
    values: set[str] = set()
    for model in apps.get_models():
        if model._meta.app_label not in ("producers", "standards", "cycles"):
            continue
        translated = set(translator.get_options_for_model(model).get_field_names()) if _is_translated(model) else set()
        text_fields = [
            field.name
            for field in model._meta.concrete_fields
            if isinstance(field, models.CharField | models.TextField) and not field.choices
        ]
        for row in model._default_manager.values(*text_fields) if text_fields else []:
            for name, value in row.items():
                if not value or len(value) < 3:
                    continue
                base = name.removesuffix("_en").removesuffix("_sw")
                if base in translated and not name.endswith("_sw") and row.get(f"{base}_sw"):
                    continue
                values.add(value)
    return sorted(values, key=len, reverse=True)


def _is_translated(model: type[models.Model]) -> bool:
    return model in translator.get_registered_models()


@cache
def interface_english() -> frozenset[str]:
    """The interface's English texts of two words or more, without placeholders, that Kiswahili says otherwise."""
    catalogue = polib.pofile(str(Path(__file__).resolve().parent.parent / "locale/sw/LC_MESSAGES/django.po"))
    return frozenset(
        " ".join(entry.msgid.split())
        for entry in catalogue
        if "%" not in entry.msgid and len(entry.msgid.split()) >= 2 and entry.msgstr and entry.msgstr != entry.msgid
    )


def english_runs(text: str, typed: list[str], *, is_html: bool) -> list[str]:
    """The runs of English in what a reader reads, once what people typed is taken out."""
    if is_html:
        parser = _Text()
        parser.feed(text)
        runs = parser.runs
    else:
        runs = text.splitlines()
    found = []
    for run in runs:
        rest = run
        for value in typed:
            if value in rest:
                rest = rest.replace(value, " ")
        for name in ALLOWED:
            rest = rest.replace(name, " ")
        words = {word.lower() for word in WORD.findall(rest)}
        if len(words & ENGLISH) >= ENOUGH or " ".join(run.split()) in interface_english():
            found.append(" ".join(run.split()))
    return found


def test_the_detector_finds_an_english_sentence_and_not_kiswahili_or_typed_data():
    typed = ["Pruned the coffee and weeded"]
    assert english_runs("<p>The group has not been inspected.</p>", typed, is_html=True)
    assert english_runs("<input placeholder='Search by name or number'>", typed, is_html=True)
    assert not english_runs("<p>Kikundi hakijakaguliwa bado.</p><script>var the_and = 1;</script>", typed, is_html=True)
    assert not english_runs("<td>Maelezo: Pruned the coffee and weeded</td>", typed, is_html=True)
    assert english_runs("Ripoti ya maendeleo\nThe records have changed since", typed, is_html=False)
    assert english_runs("<a href='/x'> Field capture </a>", typed, is_html=True)


# Files that carry every language of the interface by design: the field-capture form (each question has a label
# column per language; tests/cycles/collect/ proves the Kiswahili ones).
EVERY_LANGUAGE = ("/field-capture/form.xlsx", "/field-capture/form.xml")


@pytest.fixture
def kiswahili_world(scope, django_capture_on_commit_callbacks) -> World:
    """The walk's world made by people who all read Kiswahili: the reports and coordination runs they ask for are
    made in it (a report asked in English stays English, whoever reads it; tests/cycles/test_languages.py)."""
    for user in scope.users().values():
        user.preferred_language = "sw"
        user.save(update_fields=["preferred_language"])
    User.objects.update(preferred_language="sw")
    with translation.override("sw"):
        built = build_world(scope, django_capture_on_commit_callbacks)
    # The scope walk makes its coordination runs as rows, not through the page that asks for one in its language.
    CoordinationRun.objects.update(language="sw")
    return built


def test_a_person_who_reads_kiswahili_finds_no_english_sentence_on_any_page_or_file(kiswahili_world, login):
    # Every role in one test: the world, with its report files, is the costly part and is the same for all.
    english = []
    files = set()
    # What people typed: the walks only read, so it is the same for every role.
    typed = typed_values()
    for role in ROLES:
        user = User.objects.get(pk=kiswahili_world.scope.users()[role].pk)
        assert user.preferred_language == "sw"
        pages = {url: text for url, text in walk(login(user)).items() if not url.endswith(EVERY_LANGUAGE)}
        for url, text in pages.items():
            is_html = "<html" in text[:500].lower()
            english += [f"{role} {url}: {run}" for run in english_runs(text, typed, is_html=is_html)]
        views = {pattern[0] for url in pages if (pattern := _pattern(url)) is not None}
        assert len(views) >= 5, f"the walk as {role} reached too little to prove anything: {sorted(views)}"
        files |= {url for url in pages if url.endswith("/download/") or "/export/" in url}
    assert any(url.startswith("/report-jobs/") for url in files), "the walk read no progress report"
    assert any(url.startswith("/coordination/") for url in files), "the walk read no coordination report"
    assert not english, f"English is read on {len(english)} runs:\n" + "\n".join(english)
