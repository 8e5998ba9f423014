"""A group's field capture page, for its field officer (and manager, and coordinators): this year's form and its
version, the phones that send for the group, the submissions received today, the review queue; the form as an
XLSForm or XForm for KoboToolbox and ODK Central, and the import of what was collected there."""

from django.conf import settings
from django.contrib import messages
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from producers.selectors import group_get_for_change
from producers.views.helpers import request_user

from ...models import InspectionRound
from ...views.records_context import records_context
from ..forms import ImportForm
from ..imports import import_csv, import_xml_files
from ..parse import RefusedSubmission
from ..selectors import group_devices, received_today, review_queue
from ..xlsform import RoundForm, round_form, xform, xlsform_workbook


def _this_round(group_pk: int) -> InspectionRound | None:
    return (
        InspectionRound.objects.filter(group_id=group_pk, year=timezone.localdate().year)
        .select_related("group__organisation")
        .first()
    )


def group_capture_view(request: HttpRequest, pk: int) -> HttpResponse:
    user = request_user(request)
    group = group_get_for_change(user=user, pk=pk)
    inspection_round = _this_round(group.pk)
    form: RoundForm | None = round_form(inspection_round) if inspection_round is not None else None
    devices = group_devices(group)
    today = received_today(group)
    queue = Paginator(review_queue(group), settings.PAGE_SIZE).get_page(request.GET.get("page"))
    context = records_context(user, group)
    context.update(
        {
            "round": inspection_round,
            "form": form,
            "devices": devices,
            "today": today[: settings.PAGE_SIZE],
            "today_count": today.count(),
            "page": queue,
            "import_form": ImportForm(),
            "this_year": timezone.localdate().year,
        }
    )
    return render(request, "cycles/collect/group.html", context)


def _round_form_or_404(request: HttpRequest, pk: int) -> RoundForm:
    group = group_get_for_change(user=request_user(request), pk=pk)
    inspection_round = _this_round(group.pk)
    if inspection_round is None:
        raise Http404
    form = round_form(inspection_round)
    if not form.questions:
        raise Http404
    return form


def xlsform_download_view(request: HttpRequest, pk: int) -> HttpResponse:
    form = _round_form_or_404(request, pk)
    response = HttpResponse(
        xlsform_workbook(form), content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    )
    response["Content-Disposition"] = f'attachment; filename="{form.form_id}-{form.version}.xlsx"'
    return response


def xform_download_view(request: HttpRequest, pk: int) -> HttpResponse:
    form = _round_form_or_404(request, pk)
    response = HttpResponse(xform(form).xml, content_type="text/xml; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{form.form_id}-{form.version}.xml"'
    return response


@require_http_methods(["POST"])
def import_view(request: HttpRequest, pk: int) -> HttpResponse:
    user = request_user(request)
    group = group_get_for_change(user=user, pk=pk)
    page = reverse("collect:group", kwargs={"pk": group.pk})
    form = ImportForm(request.POST, request.FILES)
    if not form.is_valid():
        for errors in form.errors.values():
            for error in errors:
                messages.error(request, str(error))
        return redirect(page)
    try:
        if form.cleaned_data["csv_file"]:
            inspection_round = _this_round(group.pk)
            if inspection_round is None:
                messages.error(request, _("Open this year's round first: the CSV rows are its inspections."))
                return redirect(page)
            result = import_csv(upload=form.cleaned_data["csv_file"], inspection_round=inspection_round, by=user)
        else:
            result = import_xml_files(files=form.cleaned_data["xml_files"], by=user)
    except RefusedSubmission as refusal:
        messages.error(request, str(refusal))
        return redirect(page)
    messages.success(
        request,
        _(
            "Brought in: %(recorded)s recorded, %(queued)s waiting for review, %(already)s already here, "
            "%(refused)s refused."
        )
        % {
            "recorded": result.recorded,
            "queued": result.queued,
            "already": result.counts["already"],
            "refused": result.counts["refused"],
        },
    )
    for line in result.refused[:10]:
        messages.warning(request, line)
    return redirect(page)
