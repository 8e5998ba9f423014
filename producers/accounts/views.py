"""The login pages around Django's own: the second factor's setup and code entry, recovery codes, the session ping,
and the password change that clears an administrator's password."""

from base64 import b32encode
from typing import Any

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_not_required
from django.forms import Form
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import translation
from django.utils.http import url_has_allowed_host_and_scheme, urlencode
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST
from django_otp import login as otp_login
from django_otp.plugins.otp_static.models import StaticDevice

from ..languages import is_language
from ..models import User
from ..security_log import security_event
from .forms import CodeForm, LanguageForm, VerifyForm
from .qr import qr_svg
from .selectors import has_second_factor, recovery_codes_left, second_factor_required, second_factor_skipped
from .services import (
    language_choose,
    password_changed,
    recovery_codes_renew,
    second_factor_reset,
    totp_setup_confirm,
    totp_setup_start,
)

NEW_CODES_KEY = "hivos_new_recovery_codes"


def _user(request: HttpRequest) -> User:
    user: User = request.user  # type: ignore[assignment]
    return user


def _next_url(request: HttpRequest) -> str:
    """Where the person was going before the second factor was asked, if it is on this site."""
    target = request.POST.get("next") or request.GET.get("next") or ""
    if url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}, require_https=request.is_secure()):
        return target
    return reverse(settings.LOGIN_REDIRECT_URL)


class LoginView(auth_views.LoginView):
    """Django's login, saying on a demo server which logins may skip the second factor."""

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        context["demo_skip_usernames"] = settings.MFA_DEMO_SKIP_USERNAMES if settings.DEMO_DATA_ALLOWED else []
        return context


class PasswordChangeView(auth_views.PasswordChangeView):
    """Django's password change; a password chosen here is the person's own, so nothing more is asked."""

    def form_valid(self, form: Form) -> HttpResponse:
        response = super().form_valid(form)  # type: ignore[arg-type]
        password_changed(user=_user(self.request))
        return response


class PasswordResetConfirmView(auth_views.PasswordResetConfirmView):
    """Django's reset by e-mail link: the person chose this password themselves, as on the change page."""

    def form_valid(self, form: Form) -> HttpResponse:
        response = super().form_valid(form)  # type: ignore[arg-type]
        if self.user is not None:
            password_changed(user=self.user)
        return response


def two_factor_setup_view(request: HttpRequest) -> HttpResponse:
    user = _user(request)
    if has_second_factor(user):
        # A new app replaces the old one only once the person has proved they hold the old one.
        if not user.is_verified():  # type: ignore[attr-defined]
            return redirect(reverse("accounts:two_factor_verify"))
        if request.method == "GET" and "replace" not in request.GET:
            return redirect(reverse("accounts:two_factor"))
    device = totp_setup_start(user=user)
    form = CodeForm(request.POST or None)
    if form.is_valid():
        codes = totp_setup_confirm(
            device=device, token=form.cleaned_data["code"], recovery_code_count=settings.RECOVERY_CODE_COUNT
        )
        if codes is not None:
            device.refresh_from_db()
            otp_login(request, device)
            request.session[NEW_CODES_KEY] = codes
            messages.success(request, _("Your authenticator app is set up."))
            return redirect(reverse("accounts:recovery_codes") + "?" + urlencode({"next": _next_url(request)}))
        form.add_error("code", _("This code is not right. Check the time on your phone, then try the next code."))
    key = b32encode(device.bin_key).decode()
    context = {
        "form": form,
        "qr_code": qr_svg(device.config_url),
        # A phone cannot scan its own screen: the otpauth: link opens the key in the app instead.
        "config_url": device.config_url,
        "key_groups": [key[i : i + 4] for i in range(0, len(key), 4)],
        "required": second_factor_required(user),
        "next": _next_url(request),
        # Nothing in the menu answers before the second factor is given.
        "hide_navigation": not user.is_verified(),  # type: ignore[attr-defined]
    }
    return render(request, "registration/two_factor_setup.html", context)


def two_factor_verify_view(request: HttpRequest) -> HttpResponse:
    user = _user(request)
    if user.is_verified() or not has_second_factor(user):  # type: ignore[attr-defined]
        return redirect(_next_url(request))
    form = VerifyForm(request.POST or None, user=user)
    if request.method == "POST" and not form.is_valid():
        security_event("mfa_failed", request=request)
    if form.is_valid():
        otp_login(request, form.device)
        security_event("mfa_verified", request=request, recovery_code=isinstance(form.device, StaticDevice))
        if isinstance(form.device, StaticDevice):
            messages.warning(
                request,
                _("You used a recovery code: %(count)d are left. Make new ones on the login security page.")
                % {"count": recovery_codes_left(user)},
            )
        return redirect(_next_url(request))
    context = {"form": form, "next": _next_url(request), "hide_navigation": True}
    return render(request, "registration/two_factor_verify.html", context)


def recovery_codes_view(request: HttpRequest) -> HttpResponse:
    """New recovery codes, shown once: they are taken out of the session as the page is drawn."""
    user = _user(request)
    if request.method == "POST":
        if not has_second_factor(user):
            return redirect(reverse("accounts:two_factor_setup"))
        request.session[NEW_CODES_KEY] = recovery_codes_renew(user=user, count=settings.RECOVERY_CODE_COUNT)
        return redirect(reverse("accounts:recovery_codes"))
    codes = request.session.pop(NEW_CODES_KEY, None)
    if not codes:
        return redirect(reverse("accounts:two_factor"))
    return render(request, "registration/recovery_codes.html", {"codes": codes, "next": _next_url(request)})


def two_factor_view(request: HttpRequest) -> HttpResponse:
    """The person's login security: their app, their recovery codes, and the way to change either."""
    user = _user(request)
    context = {
        "has_second_factor": has_second_factor(user),
        "codes_left": recovery_codes_left(user),
        "required": second_factor_required(user),
        "skipped": second_factor_skipped(user),
    }
    return render(request, "registration/two_factor.html", context)


@require_POST
def two_factor_remove_view(request: HttpRequest) -> HttpResponse:
    """Turn the second factor off: only for those whose role does not need one."""
    user = _user(request)
    if second_factor_required(user):
        messages.error(request, _("Your role needs a second factor: it cannot be turned off."))
    else:
        second_factor_reset(user=user, by=user)
        messages.success(request, _("The second factor is turned off."))
    return redirect(reverse("accounts:two_factor"))


@require_GET
@login_not_required
def session_ping_view(request: HttpRequest) -> HttpResponse:
    """ "Stay logged in" of the session warning: the request itself is the activity (SessionLimitsMiddleware)."""
    return HttpResponse(status=204 if request.user.is_authenticated else 401)


def _remember_language(response: HttpResponse, language: str) -> HttpResponse:
    """The language cookie, as Django's set_language sets it: the login page after logging out keeps the choice."""
    if language:
        response.set_cookie(
            settings.LANGUAGE_COOKIE_NAME,
            language,
            max_age=settings.LANGUAGE_COOKIE_AGE,
            path=settings.LANGUAGE_COOKIE_PATH,
            domain=settings.LANGUAGE_COOKIE_DOMAIN,
            secure=settings.LANGUAGE_COOKIE_SECURE,
            httponly=settings.LANGUAGE_COOKIE_HTTPONLY,
            samesite=settings.LANGUAGE_COOKIE_SAMESITE,
        )
    else:
        response.delete_cookie(settings.LANGUAGE_COOKIE_NAME, path=settings.LANGUAGE_COOKIE_PATH)
    return response


@require_POST
@login_not_required
def language_switch_view(request: HttpRequest) -> HttpResponse:
    """The language switch of the menu and the login page: the language at once, and kept as the person's choice
    when they are logged in (on the login page, in the cookie only)."""
    language = request.POST.get("language", "")
    target = _next_url(request) if request.POST.get("next") else reverse(settings.LOGIN_REDIRECT_URL)
    if not is_language(language):
        messages.error(request, _("Choose one of the languages in the list."))
        return redirect(target)
    if request.user.is_authenticated:
        language_choose(user=_user(request), language=language)
    translation.activate(language)
    return _remember_language(redirect(target), language)


def language_view(request: HttpRequest) -> HttpResponse:
    """The person's Language page: a language of their own, or the browser's."""
    user = _user(request)
    form = LanguageForm(request.POST or None, initial={"language": user.preferred_language})
    if request.method == "POST" and form.is_valid():
        language = form.cleaned_data["language"]
        language_choose(user=user, language=language)
        translation.activate(language or translation.get_language_from_request(request))
        messages.success(request, _("Your language is saved."))
        return _remember_language(redirect(reverse("accounts:language")), language)
    return render(request, "registration/language.html", {"form": form})
