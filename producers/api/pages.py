"""A person's API tokens: made here (shown once), listed with their dates and last use, revoked at once."""

from django import forms
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods, require_POST

from ..views.helpers import add_service_errors, request_user
from .tokens import api_token_create, api_token_get_for_user, api_token_revoke, tokens_of


class TokenForm(forms.Form):
    label = forms.CharField(
        label=gettext_lazy("What is the token for?"),
        max_length=80,
        help_text=gettext_lazy("For example: 'Monthly indicator export'. Shown in the list of tokens."),
    )


@never_cache
@require_http_methods(["GET", "POST"])
def tokens_view(request: HttpRequest) -> HttpResponse:
    user = request_user(request)
    form = TokenForm()
    status = 200
    if request.method == "POST":
        form = TokenForm(request.POST)
        if form.is_valid():
            try:
                issued = api_token_create(user=user, by=user, label=form.cleaned_data["label"], request=request)
            except ValidationError as error:
                add_service_errors(form, error)
            else:
                # Rendered, not redirected: the token is in this page only, never in a URL or the session.
                return render(
                    request,
                    "api/token_new.html",
                    {"token": issued.token, "raw": issued.raw, "docs_url": reverse("api:docs")},
                )
        status = 400
    return render(
        request,
        "api/tokens.html",
        {"form": form, "tokens": list(tokens_of(user)[:100]), "now": timezone.now()},
        status=status,
    )


@require_POST
def token_revoke_view(request: HttpRequest, pk: int) -> HttpResponse:
    user = request_user(request)
    token = api_token_revoke(token=api_token_get_for_user(user=user, pk=pk), by=user, request=request)
    messages.success(request, _("The token “%(label)s” is revoked: it no longer works.") % {"label": token.label})
    return redirect("api_tokens")
