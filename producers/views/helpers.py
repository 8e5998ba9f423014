"""What every app's views do the same way: name the signed-in user, show a service's refusal on a form or as
messages, and answer an edit made on a stale copy. `cycles` views import these; nothing here imports `cycles`."""

from collections.abc import Mapping
from typing import cast

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db import models
from django.forms import BaseForm
from django.http import HttpRequest, QueryDict

from ..history import StaleRecord
from ..models import User


def request_user(request: HttpRequest) -> User:
    """The signed-in user: every view requires login (LoginRequiredMiddleware), so never an anonymous one."""
    return request.user  # type: ignore[return-value]


def add_service_errors(form: BaseForm, error: ValidationError, fields: Mapping[str, str] | None = None) -> None:
    """A service's refusal on the form: beside the field it names where that field is on the form, above the form
    otherwise.

    Services speak of their arguments, not of forms, and mostly raise plain errors with a code: `fields` maps such
    codes to the form field the person must change (on a phone, a message at the top of a long form is easily
    missed), so that "the due date cannot be before the finding" sits under the due date.
    """
    if hasattr(error, "error_dict"):
        for name, errors in error.error_dict.items():
            form.add_error(name if name in form.fields else None, errors)
        return
    for item in error.error_list:
        field = (fields or {}).get(item.code or "")
        form.add_error(field if field in form.fields else None, item)


def error_messages(request: HttpRequest, error: ValidationError) -> None:
    """A refusal as messages, for actions that redirect rather than show a form again."""
    for message in error.messages:
        messages.error(request, message)


def form_error_messages(request: HttpRequest, form: BaseForm) -> None:
    """An invalid form's errors as messages, for actions that redirect rather than show the form again."""
    for errors in form.errors.as_data().values():
        for error in errors:
            error_messages(request, error)


def stale_on_form(form: BaseForm, stale: StaleRecord, *, version_field: str = "expected_version") -> models.Model:
    """Show the refusal of an edit made on a stale copy and return the record as it is now saved, for the page to
    show beside the typed values.

    The typed values stay; the hidden version moves on to the saved one, so that saving again is a deliberate
    overwrite made with the current values in view.
    """
    data = cast(QueryDict, form.data).copy()  # the request's POST, which cannot be changed in place
    data[version_field] = str(stale.current.version)  # type: ignore[attr-defined]
    form.data = data
    form.add_error(None, stale)
    return stale.current
