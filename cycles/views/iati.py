"""A programme's IATI 2.03 export: the page that says whether it can be made (and lets a coordinator enter what it
needs), and the document itself at a stable address a registry can fetch. Both are for those who read the
programme (`programmes_visible_to`); the document is checked against the official schema before it is served."""

import logging

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _

from producers.security_log import security_event
from producers.services import programme_iati_set
from producers.views.helpers import request_user

from ..forms.iati import IatiForm
from ..iati.build import activity_identifier, iati_document
from ..iati.missing import missing_for_iati
from ..iati.schema import schema_errors
from ..selectors.logframes import can_edit_logframes, programme_get_for_user

logger = logging.getLogger(__name__)


def programme_iati_view(request: HttpRequest, pk: int) -> HttpResponse:
    user = request_user(request)
    programme = programme_get_for_user(user=user, pk=pk)
    can_edit = can_edit_logframes(user)
    initial = {
        "funder_identifier": programme.funder.iati_identifier,
        "activity_id": programme.iati_activity_id,
        "budget": programme.budget,
        "budget_currency": programme.budget_currency,
    }
    form = IatiForm(request.POST or None, initial=initial) if can_edit else None
    if form is not None and request.method == "POST" and form.is_valid():
        try:
            programme_iati_set(programme=programme, by=user, **form.cleaned_data)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("The IATI details are saved."))
            return redirect("cycles:programme_iati", pk=programme.pk)
    missing = missing_for_iati(programme)
    return render(
        request,
        "cycles/programmes/iati.html",
        {
            "programme": programme,
            "missing": missing,
            "identifier": "" if missing else activity_identifier(programme),
            "form": form,
            "xml_url": request.build_absolute_uri(reverse("cycles:programme_iati_xml", kwargs={"pk": programme.pk})),
        },
        status=400 if form is not None and form.errors else 200,
    )


def programme_iati_xml_view(request: HttpRequest, pk: int) -> HttpResponse:
    programme = programme_get_for_user(user=request_user(request), pk=pk)
    missing = missing_for_iati(programme)
    if missing:
        return HttpResponse("\n".join(missing), status=409, content_type="text/plain; charset=utf-8")
    # IATI's narratives are declared English (xml:lang="en"), whatever language the person reads the app in.
    with translation.override("en"):
        document = iati_document(programme)
    errors = schema_errors(document)
    if errors:
        # Never serve a file the registry would refuse: the page says the export could not be made.
        logger.error("IATI export of programme %s is invalid: %s", programme.pk, errors[:5])
        return HttpResponse(
            _("The export could not be made valid; the error is logged for the team."),
            status=500,
            content_type="text/plain; charset=utf-8",
        )
    security_event("export", request=request, what="iati", programme_id=programme.pk, format="xml")
    response = HttpResponse(document, content_type="application/xml; charset=utf-8")
    response["Content-Disposition"] = f'inline; filename="{activity_identifier(programme)}.xml"'
    return response
