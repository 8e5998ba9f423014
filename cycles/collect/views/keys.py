"""Field capture: a person's phones and their keys. A new key is shown once, as ODK Collect's configuration QR
code (and the server URL, for a phone that cannot scan); then only its device name, dates and last use."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods, require_POST

from producers.accounts.qr import qr_svg
from producers.views.helpers import add_service_errors, request_user

from ..forms import KeyForm
from ..keys import (
    can_use_field_capture,
    collect_key_create,
    collect_key_get_for_user,
    collect_key_revoke,
    collect_settings,
    keys_of,
    server_url,
)
from ..selectors import capture_rounds


@never_cache
@require_http_methods(["GET", "POST"])
def keys_view(request: HttpRequest) -> HttpResponse:
    user = request_user(request)
    if not can_use_field_capture(user):
        raise PermissionDenied
    form = KeyForm()
    status = 200
    if request.method == "POST":
        form = KeyForm(request.POST)
        if form.is_valid():
            try:
                issued = collect_key_create(user=user, by=user, label=form.cleaned_data["label"], request=request)
            except ValidationError as error:
                add_service_errors(form, error)
            else:
                # Rendered, not redirected: the key is in this page only, never in a URL or the session.
                return render(
                    request,
                    "cycles/collect/key_new.html",
                    {
                        "key": issued.key,
                        "qr_code": qr_svg(collect_settings(request=request, raw=issued.raw)),
                        "server_url": server_url(request, issued.raw),
                    },
                )
        status = 400
    page = Paginator(keys_of(user), 25).get_page(request.GET.get("page"))
    rounds = list(capture_rounds(user)[:50])
    return render(
        request,
        "cycles/collect/keys.html",
        {"form": form, "page": page, "rounds": rounds, "now": timezone.now()},
        status=status,
    )


@require_POST
def key_revoke_view(request: HttpRequest, pk: int) -> HttpResponse:
    user = request_user(request)
    key = collect_key_get_for_user(user, pk)
    collect_key_revoke(key=key, by=user, request=request)
    messages.success(
        request,
        _("The key of “%(label)s” is revoked: that phone can no longer send or download.") % {"label": key.label},
    )
    return redirect("collect:keys")
