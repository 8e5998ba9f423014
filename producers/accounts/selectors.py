"""What the login rules ask about a person: does their role need a second factor, have they set one up."""

from django.conf import settings
from django_otp.plugins.otp_static.models import StaticDevice
from django_otp.plugins.otp_totp.models import TOTPDevice

from ..models import User
from ..selectors import roles_of


def second_factor_skipped(user: User) -> bool:
    """A published demo login on a demo server (local settings only): it may go without a second factor."""
    return bool(settings.DEMO_DATA_ALLOWED) and user.get_username() in settings.MFA_DEMO_SKIP_USERNAMES


def second_factor_required(user: User) -> bool:
    """Coordinators (and superusers) and field officers reach every farmer of their groups: they must give a code
    from an authenticator app besides their password. Everyone else is offered one."""
    roles = roles_of(user)
    return (roles.coordinator or roles.field_officer) and not second_factor_skipped(user)


def totp_device(user: User) -> TOTPDevice | None:
    """The person's confirmed authenticator app, if they have set one up."""
    return TOTPDevice.objects.filter(user=user, confirmed=True).first()


def has_second_factor(user: User) -> bool:
    return TOTPDevice.objects.filter(user=user, confirmed=True).exists()


def recovery_codes_left(user: User) -> int:
    device = StaticDevice.objects.filter(user=user, confirmed=True).first()
    return device.token_set.count() if device else 0
