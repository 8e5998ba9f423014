"""Every string of the interface is translated into every language of settings.LANGUAGES: no msgid without its
msgstr (each plural form included), and no fuzzy entry (a guess gettext would not use, that nobody checked)."""

from pathlib import Path

import polib
import pytest
from django.conf import settings

ROOT = Path(__file__).resolve().parent.parent
TRANSLATED = [code for code, _name in settings.LANGUAGES if code != "en"]


def _catalogue(language: str) -> polib.POFile:
    path = ROOT / "locale" / language / "LC_MESSAGES" / "django.po"
    assert path.exists(), f"No translations for {language}: {path.relative_to(ROOT)} is missing."
    return polib.pofile(str(path))


def _label(entry: polib.POEntry) -> str:
    where = ", ".join(f"{file}:{line}" for file, line in entry.occurrences[:2])
    return f"{entry.msgid[:70]!r} ({where})"


@pytest.mark.parametrize("language", TRANSLATED)
def test_every_msgid_has_a_translation(language: str) -> None:
    missing = [
        _label(entry)
        for entry in _catalogue(language)
        if not entry.obsolete
        and (not entry.msgstr if not entry.msgid_plural else not all(entry.msgstr_plural.values()))
    ]
    assert missing == [], f"{len(missing)} strings have no {language} translation:\n" + "\n".join(missing)


@pytest.mark.parametrize("language", TRANSLATED)
def test_no_translation_is_fuzzy(language: str) -> None:
    fuzzy = [_label(entry) for entry in _catalogue(language) if "fuzzy" in entry.flags and not entry.obsolete]
    assert fuzzy == [], f"{len(fuzzy)} {language} translations are marked fuzzy:\n" + "\n".join(fuzzy)


@pytest.mark.parametrize("language", TRANSLATED)
def test_the_catalogue_names_its_language_and_plural_rule(language: str) -> None:
    metadata = _catalogue(language).metadata
    assert metadata.get("Language") == language
    assert "nplurals=" in metadata.get("Plural-Forms", "")
