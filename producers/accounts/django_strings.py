"""Django's password rules in our catalogue: Django's own Kiswahili lacks them (its entries still carry the
straight apostrophe and the old placeholders, which Django 5.2's messages no longer use). Marked here so that
`makemessages` brings them into locale/, whose translations take precedence over Django's. Nothing imports this
module; it exists for the catalogue, and tests/test_kiswahili_pages.py fails if one of them shows in English."""

from django.utils.translation import gettext_noop, ngettext_lazy

PASSWORD_RULES = (
    ngettext_lazy(
        "This password is too short. It must contain at least %d character.",
        "This password is too short. It must contain at least %d characters.",
        8,
    ),
    ngettext_lazy(
        "Your password must contain at least %(min_length)d character.",
        "Your password must contain at least %(min_length)d characters.",
        8,
    ),
    gettext_noop("Your password can’t be too similar to your other personal information."),
    gettext_noop("Your password can’t be a commonly used password."),
    gettext_noop("Your password can’t be entirely numeric."),
)
