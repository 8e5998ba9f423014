"""The reason given for a change to a record, as the record's history keeps it."""

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

# The history keeps a reason in full (a text column); the limit only keeps a reason readable.
REASON_MAX_LENGTH = 1000


def clean_reason(reason: str) -> str:
    """The reason for a change as the history keeps it; refused when it would not fit."""
    reason = reason.strip()
    if len(reason) > REASON_MAX_LENGTH:
        raise ValidationError(
            _("Say why in %(max)d characters at most (now %(length)d).")
            % {"max": REASON_MAX_LENGTH, "length": len(reason)},
            code="reason_too_long",
        )
    return reason
