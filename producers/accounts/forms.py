"""Forms of the login pages: a code from the authenticator app (or a recovery code), and the admin's password forms."""

from typing import Any

from django import forms
from django.conf import settings
from django.contrib.auth.forms import AdminPasswordChangeForm, AdminUserCreationForm
from django.db import transaction
from django.utils.translation import gettext_lazy as _
from django_otp import devices_for_user
from django_otp.models import Device
from django_otp.plugins.otp_static.models import StaticDevice
from django_otp.plugins.otp_totp.models import TOTPDevice

from ..models import User
from .services import password_set_by_admin


def _language_choices() -> list[tuple[str, str]]:
    return [("", str(_("As my browser asks"))), *settings.LANGUAGES]


class LanguageForm(forms.Form):
    """The person's language, on their Language page."""

    language = forms.ChoiceField(
        label=_("Language of my pages, e-mails and reports"),
        choices=_language_choices,
        required=False,
        widget=forms.RadioSelect,
        help_text=_("Reports you ask for are made in this language, whoever reads them later."),
    )


class CodeForm(forms.Form):
    """The six digits the app shows now."""

    code = forms.CharField(
        label=_("Code"),
        max_length=16,
        widget=forms.TextInput(attrs={"autocomplete": "one-time-code", "inputmode": "numeric", "autofocus": True}),
    )

    def clean_code(self) -> str:
        return "".join(self.cleaned_data["code"].split()).lower()


class VerifyForm(CodeForm):
    """A code from the app or one of the recovery codes, checked against the person's own devices."""

    code = forms.CharField(
        label=_("Code from your authenticator app, or a recovery code"),
        max_length=16,
        widget=forms.TextInput(attrs={"autocomplete": "one-time-code", "autofocus": True}),
    )

    def __init__(self, *args: Any, user: User, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.user = user
        self.device: Device | None = None

    def clean_code(self) -> str:
        code = super().clean_code()
        throttled = False
        # Under a row lock: two requests at once cannot both use one recovery code or skip the throttle.
        # Six digits are a code from the app, anything else a recovery code: each goes to its own device only, so
        # that a recovery code does not count as a wrong code from the app (and slow it down).
        kind = TOTPDevice if code.isdigit() and len(code) == 6 else StaticDevice
        with transaction.atomic():
            for device in devices_for_user(self.user, confirmed=True, for_verify=True):
                if not isinstance(device, kind):
                    continue
                allowed, _details = device.verify_is_allowed()
                if not allowed:
                    throttled = True
                    continue
                if device.verify_token(code):
                    self.device = device
                    return code
        if throttled:
            raise forms.ValidationError(_("Too many wrong codes. Wait a minute, then try again."), code="throttled")
        raise forms.ValidationError(_("This code is not right, or was already used."), code="wrong_code")


class PasswordSetByAdminForm(AdminPasswordChangeForm):
    """The admin's "change password" form: its owner must change the password at the next login."""

    def save(self, commit: bool = True) -> Any:
        if not self.cleaned_data.get("set_usable_password", True):
            return super().save(commit)
        return password_set_by_admin(user=self.user, password=self.cleaned_data["password1"], by=None, commit=commit)


class UserCreatedByAdminForm(AdminUserCreationForm):
    """The admin's "add user" form: the new person chooses their own password at the first login."""

    def save(self, commit: bool = True) -> Any:
        user = super().save(commit=False)
        if user.has_usable_password():
            password_set_by_admin(user=user, password=None, by=None, commit=False)
        if commit:
            user.save()
            self.save_m2m()
        return user
