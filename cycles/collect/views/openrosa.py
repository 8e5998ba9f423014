"""The OpenRosa endpoints ODK Collect and KoboCollect talk to: form list, form, manifest, media files and
submission, under a server URL that carries the person's device key (as ODK Central's app users do).

No session, no CSRF token, no login page: the key is the credential, checked on every request; a revoked or
expired key gets 401 at once. What a key reaches is what its person may change, through the same selectors as the
pages; the submissions go through the same services.
"""

from collections.abc import Callable
from functools import wraps
from typing import Any

from django.contrib.auth.decorators import login_not_required
from django.http import Http404, HttpRequest, HttpResponse
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_GET, require_http_methods

from producers.security_log import security_event

from ..keys import collect_key_authenticate
from ..media import MEDIA, round_media
from ..openrosa import ListedForm, ListedMedia, form_list, manifest, message, openrosa_response
from ..parse import RefusedSubmission
from ..receive import submission_receive
from ..selectors import capture_round_get, capture_rounds
from ..xlsform import round_form, xform, xform_md5

View = Callable[..., HttpResponse]


def keyed(view: View) -> View:
    """The key in the URL authenticates the request: the view gets the key (with its person) instead of `key`."""

    @login_not_required
    @csrf_exempt
    @wraps(view)
    def wrapper(request: HttpRequest, key: str, **kwargs: Any) -> HttpResponse:
        found = collect_key_authenticate(key)
        if found is None:
            security_event("collect_key_refused", request=request)
            response = openrosa_response(
                message(_("This phone's key was revoked or has expired: set the phone up again from Field capture.")),
                status=401,
            )
            # No Basic or Digest challenge: the phone must not ask for a web password.
            return response
        request.user = found.user
        return view(request, found, key=key, **kwargs)

    return wrapper


def _url(request: HttpRequest, view_name: str, **kwargs: Any) -> str:
    return request.build_absolute_uri(reverse(f"collect:{view_name}", kwargs=kwargs))


@require_GET
@keyed
def root_view(request: HttpRequest, found: Any, key: str) -> HttpResponse:
    return openrosa_response(message(_("hivos-qm field capture for %(user)s.") % {"user": found.user.username}))


@require_GET
@keyed
def form_list_view(request: HttpRequest, found: Any, key: str) -> HttpResponse:
    """The forms this phone may download: this year's round of each group its person may change."""
    listed = []
    for inspection_round in capture_rounds(found.user):
        form = round_form(inspection_round)
        if not form.questions:
            continue
        converted = xform(form)
        listed.append(
            ListedForm(
                form_id=form.form_id,
                name=form.title,
                version=form.version,
                hash=xform_md5(converted.xml),
                download_url=_url(request, "form", key=key, form_id=form.form_id),
                manifest_url=_url(request, "manifest", key=key, form_id=form.form_id),
            )
        )
    return openrosa_response(form_list(listed))


@require_GET
@keyed
def form_view(request: HttpRequest, found: Any, key: str, form_id: str) -> HttpResponse:
    form = round_form(capture_round_get(found.user, form_id))
    if not form.questions:
        raise Http404
    return openrosa_response(xform(form).xml)


@require_GET
@keyed
def manifest_view(request: HttpRequest, found: Any, key: str, form_id: str) -> HttpResponse:
    inspection_round = capture_round_get(found.user, form_id)
    files = [
        ListedMedia(
            filename=media.name,
            hash=media.md5,
            download_url=_url(request, "media", key=key, form_id=form_id, name=media.name),
        )
        for media in round_media(inspection_round)
    ]
    return openrosa_response(manifest(files))


@require_GET
@keyed
def media_view(request: HttpRequest, found: Any, key: str, form_id: str, name: str) -> HttpResponse:
    make = MEDIA.get(name)
    if make is None:
        raise Http404
    media = make(capture_round_get(found.user, form_id))
    response = openrosa_response(media.content, content_type="text/csv")
    response["Content-Disposition"] = f'attachment; filename="{media.name}"'
    return response


@require_http_methods(["HEAD", "POST"])
@keyed
def submission_view(request: HttpRequest, found: Any, key: str) -> HttpResponse:
    """HEAD: 204 with the largest body accepted (Collect asks before it sends). POST: one submission, multipart with
    `xml_submission_file` and its attachments; 201 when received (recorded or kept for review)."""
    if request.method == "HEAD":
        return openrosa_response(status=204)
    upload = request.FILES.get("xml_submission_file")
    if upload is None:
        return openrosa_response(
            message(_("No xml_submission_file in the request."), nature="submit_error"), status=400
        )
    # One file per name: Collect names each attachment after the file the form refers to.
    files = {name: request.FILES.getlist(name)[0] for name in request.FILES if name != "xml_submission_file"}
    try:
        receipt = submission_receive(xml=upload.read(), files=files, by=found.user, key=found)
    except RefusedSubmission as refusal:
        security_event("collect_submission_refused", request=request, code=refusal.code, status=refusal.status)
        return openrosa_response(message(str(refusal), nature="submit_error"), status=refusal.status)
    return openrosa_response(message(receipt.message, nature="submit_success"), status=201)
