"""Changes to a person's login: their authenticator app, recovery codes, a password set by an administrator.

Each change is logged to the `hivos_qm.security` logger (who, whose, what), the trail an operator reads.
"""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from ..languages import is_language
from ..models import User
from ..security_log import security_event

PENDING_DEVICE_NAME = "pending"
DEVICE_NAME = "authenticator app"
RECOVERY_DEVICE_NAME = "recovery codes"


def totp_setup_start(*, user: User) -> TOTPDevice:
    """The key being set up: made once and kept unconfirmed until a code from the app proves it was scanned, so
    that reloading the page does not change the QR code under the person's phone."""
    device, _ = TOTPDevice.objects.get_or_create(user=user, name=PENDING_DEVICE_NAME, confirmed=False)
    return device


@transaction.atomic
def totp_setup_confirm(*, device: TOTPDevice, token: str, recovery_code_count: int) -> list[str] | None:
    """Confirm the app with a code from it. Returns the new recovery codes, or None when the code is wrong.

    A confirmed app replaces any earlier one, and gets a fresh set of recovery codes."""
    if device.confirmed or not device.verify_token(token):
        return None
    TOTPDevice.objects.filter(user=device.user).exclude(pk=device.pk).delete()
    device.name = DEVICE_NAME
    device.confirmed = True
    device.save(update_fields=["name", "confirmed"])
    security_event("mfa_enrolled", user=device.user)
    return recovery_codes_renew(user=device.user, count=recovery_code_count)


@transaction.atomic
def recovery_codes_renew(*, user: User, count: int) -> list[str]:
    """A new set of single-use recovery codes; the old ones stop working. Only their holder ever sees them."""
    StaticDevice.objects.filter(user=user).delete()
    device = StaticDevice.objects.create(user=user, name=RECOVERY_DEVICE_NAME, confirmed=True)
    codes = [StaticToken.random_token() for _ in range(count)]
    StaticToken.objects.bulk_create([StaticToken(device=device, token=code) for code in codes])
    security_event("mfa_recovery_codes_renewed", user=user, count=count)
    return codes


@transaction.atomic
def second_factor_reset(*, user: User, by: User) -> None:
    """Remove a person's app and recovery codes (a lost phone): if their role needs one, their next login leads
    to setting up a new one."""
    TOTPDevice.objects.filter(user=user).delete()
    StaticDevice.objects.filter(user=user).delete()
    security_event("mfa_removed", user=by, target_user_id=user.pk)


def password_set_by_admin(*, user: User, password: str | None, by: User | None, commit: bool = True) -> User:
    """An administrator chose this password (None: the admin's form has already set it): its owner changes it at
    their next login. The admin's own log names the administrator."""
    if password is not None:
        user.set_password(password)
    user.must_change_password = True
    if commit:
        user.save()
    security_event("password_set_by_admin", user=by, target_user_id=user.pk)
    return user


def password_changed(*, user: User) -> None:
    """The person chose their own password: nothing more to ask."""
    if user.must_change_password:
        User.objects.filter(pk=user.pk).update(must_change_password=False)
        user.must_change_password = False


def language_choose(*, user: User, language: str) -> User:
    """The language of the person's pages, e-mails and the reports they ask for; "" follows the browser."""
    if language and not is_language(language):
        raise ValidationError(_("Choose one of the languages in the list."), code="unknown_language")
    User.objects.filter(pk=user.pk).update(preferred_language=language)
    user.preferred_language = language
    return user
