"""Reference content in the person's language, and the mark where it falls back to English.

Phases, criteria, requirements, sanctions, indicators and services carry a text per language (django-modeltranslation,
see cycles/translation.py and standards/translation.py); reading `requirement.text` already gives the person's
language, or English where the translation is empty. `{% translated requirement "text" %}` prints the same text,
followed by a small mark when it is the English one standing in, so the reader knows why a sentence is in English.
It reads the row's own columns: no query.
"""

from django import template
from django.utils.html import format_html
from django.utils.safestring import SafeString
from django.utils.translation import gettext as _

from producers.languages import default_language, is_untranslated

register = template.Library()


@register.simple_tag
def untranslated_mark() -> SafeString:
    """The mark after a text shown in English because it has no translation in the reader's language yet."""
    return format_html(
        '<span class="badge text-bg-light border fw-normal" data-untranslated>{}</span>',
        _("in English: not yet translated"),
    )


@register.simple_tag
def translated(row: object, field: str) -> SafeString:
    """The field in the active language; where it is English standing in, in a `lang` span with the mark after."""
    text = getattr(row, field, "") or ""
    if not is_untranslated(row, field):
        return format_html("{}", text)
    return format_html('<span lang="{}">{}</span> {}', default_language(), text, untranslated_mark())


@register.filter
def untranslated(row: object, field: str) -> bool:
    """Whether the field is shown in English because the active language has no text for it yet."""
    return is_untranslated(row, field)
