"""Which language a person reads: the one they chose, else the app's. Pages also follow the browser (see
`producers.accounts.middleware.PreferredLanguageMiddleware`); an e-mail or a report made in the background has no
browser, so it takes the person's choice or the app's language."""

from django.conf import settings
from django.db.models import CharField, F, Value
from django.db.models.functions import Coalesce, NullIf
from django.utils import translation

from .models import User


def is_language(code: str) -> bool:
    """Whether the interface is written in this language (one of settings.LANGUAGES)."""
    return code in dict(settings.LANGUAGES)


def language_of(user: User | None) -> str:
    """The language to write to this person in when no browser says which: their choice, else the app's."""
    chosen = getattr(user, "preferred_language", "") or ""
    return chosen if is_language(chosen) else settings.LANGUAGE_CODE


# --- Reference content in several languages (django-modeltranslation) ------------------------------------------


def default_language() -> str:
    """The language the reference content is written in, and falls back to."""
    return str(getattr(settings, "MODELTRANSLATION_DEFAULT_LANGUAGE", settings.LANGUAGE_CODE))


def other_languages() -> list[tuple[str, str]]:
    """The languages reference content is translated into: every language of the interface but the default one."""
    return [(code, name) for code, name in settings.LANGUAGES if code != default_language()]


def in_language(field: str, language: str) -> str:
    """The column that holds one language of a translated field: `text` in Kiswahili is `text_sw`."""
    return f"{field}_{language.replace('-', '_')}"


def is_untranslated(row: object, field: str) -> bool:
    """Whether this translated field is shown in the default language because the active one has no text for it."""
    language = translation.get_language() or default_language()
    if language == default_language() or not is_language(language):
        return False
    own = getattr(row, in_language(field, language), None)
    return not own and bool(getattr(row, in_language(field, default_language()), None))


def localized(lookup: str) -> Coalesce:
    """A translated field across a relation, in the active language, else the default one.

    For `values()` and aggregates over a model that is not itself translated (`services.values(...)` naming
    `service_type__name`): django-modeltranslation rewrites lookups only on the translated model's own querysets.
    """
    language = translation.get_language() or default_language()
    columns = [in_language(lookup, code) for code in dict.fromkeys([language, default_language()]) if is_language(code)]
    return Coalesce(*(NullIf(F(column), Value("")) for column in columns), Value(""), output_field=CharField())
