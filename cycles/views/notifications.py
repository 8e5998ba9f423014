"""A person's reminders by e-mail: what they receive (and the messages sent to them), and stopping them from the
link in a message, without logging in."""

from django.contrib import messages
from django.contrib.auth.decorators import login_not_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt

from producers.models import User
from producers.views.helpers import request_user

from ..forms.notifications import PreferenceForm
from ..models import Notification, NotificationKind
from ..reminders.mail import preference_of
from ..reminders.unsubscribe import unsubscribe_read

# How many of the messages sent to a person their page lists, newest first.
SHOWN_MESSAGES = 50


def notifications_view(request: HttpRequest) -> HttpResponse:
    user = request_user(request)
    # Reading the page writes nothing: the choices are saved when the person saves them.
    form = PreferenceForm(request.POST or None, instance=preference_of(user))
    if request.method == "POST" and form.is_valid():
        form.save()
        messages.success(request, _("Your choices are saved."))
        return redirect("cycles:notifications")
    sent = Notification.objects.filter(user=user).order_by("-created_at")[:SHOWN_MESSAGES]
    return render(
        request,
        "cycles/reminders/notifications.html",
        {"form": form, "sent": sent, "has_email": bool(user.email)},
        status=400 if form.errors else 200,
    )


@login_not_required
# The signed link is the credential; a mail program's one-click unsubscribe posts without a CSRF token.
@csrf_exempt
def reminders_stop_view(request: HttpRequest, token: str) -> HttpResponse:
    """The page a message's "stop" link opens. A link prefetcher that only reads it stops nothing: the button
    does (a POST), as does a mail program's one-click unsubscribe (RFC 8058), which posts to the same address."""
    found = unsubscribe_read(token)
    if found is None or found[1] not in NotificationKind.values:
        raise Http404(_("This link is not valid."))
    user = User.objects.filter(pk=found[0], is_active=True).first()
    if user is None:
        raise Http404(_("This link is not valid."))
    kind = NotificationKind(found[1])
    stopped = False
    if request.method == "POST":
        preference = preference_of(user)
        setattr(preference, "urgent" if kind == NotificationKind.URGENT else "weekly", False)
        preference.save()
        stopped = True
    return render(request, "cycles/reminders/stop.html", {"kind": kind, "stopped": stopped, "token": token})
