"""Support programmes and their logical frameworks. Coordinators see every programme and change them; donors read
the programmes their funder pays for; the other roles have no business here (403)."""

import functools

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from producers.models import Programme, User
from producers.page_cache import programme_for_page, programme_page_cache
from producers.selectors import can_read_programmes, groups_visible_to, programmes_visible_to
from producers.views.helpers import add_service_errors, error_messages, request_user

from ..forms.programmes import ActualForm, LogframeIndicatorForm, LogframeRowForm, PeriodValueForm, ProgrammeGroupsForm
from ..models import LogframeIndicator, LogframeLevel, LogframeRow
from ..selectors.logframes import (
    can_edit_logframes,
    logframe_indicator_get_for_editor,
    logframe_periods,
    logframe_row_get_for_editor,
    logframe_table,
    programme_get_for_editor,
    programme_groups,
    programme_rows,
)
from ..services import programmes as services


def _programme_url(programme: Programme | int, anchor: str = "") -> str:
    pk = programme if isinstance(programme, int) else programme.pk
    url = reverse("cycles:programme_detail", kwargs={"pk": pk})
    return f"{url}#{anchor}" if anchor else url


def _indicator_url(logframe_indicator: LogframeIndicator) -> str:
    return _programme_url(logframe_indicator.row.programme_id, f"indicator-{logframe_indicator.pk}")


# --- Programmes -------------------------------------------------------------------------------------------------


def programme_list_view(request: HttpRequest) -> HttpResponse:
    user = request_user(request)
    if not can_read_programmes(user):
        raise PermissionDenied
    programmes = programme_rows(programmes_visible_to(user))
    page = Paginator(programmes, settings.PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "cycles/programmes/list.html", {"page": page, "can_edit": can_edit_logframes(user)})


def _programme_details(programme: Programme, user: User, page_number: str | None) -> dict[str, object]:
    """What the programme page shows: computed only when its kept part is rendered (producers.page_cache)."""
    periods = logframe_periods(programme)
    groups = Paginator(programme_groups(programme=programme, user=user), settings.PAGE_SIZE)
    return {
        "implementers": list(programme.implementers.order_by("name")),
        "page": groups.get_page(page_number),
        "periods": periods,
        "logframe": logframe_table(programme=programme, periods=periods),
    }


def programme_detail_view(request: HttpRequest, pk: int) -> HttpResponse:
    user = request_user(request)
    programme = programme_for_page(user, pk)
    can_edit = can_edit_logframes(user)
    return render(
        request,
        "cycles/programmes/detail.html",
        {
            "page_cache": programme_page_cache(request, programme),
            "page_details": functools.partial(_programme_details, programme, user, request.GET.get("page")),
            "programme": programme,
            "can_edit": can_edit,
            # Its readers may ask for its report: those who reach this page (programmes_visible_to, may_see_report).
            "can_report": True,
        },
    )


def programme_groups_view(request: HttpRequest, pk: int) -> HttpResponse:
    user = request_user(request)
    programme = programme_get_for_editor(user=user, pk=pk)
    choices = groups_visible_to(user)
    if request.method != "POST":
        form = ProgrammeGroupsForm(
            groups=choices, initial={"groups": list(programme.groups.values_list("pk", flat=True))}
        )
        return render(request, "cycles/programmes/groups.html", {"programme": programme, "form": form})
    form = ProgrammeGroupsForm(request.POST, groups=choices)
    if form.is_valid():
        try:
            added, removed = services.programme_groups_set(
                programme=programme, groups=form.cleaned_data["groups"], by=user
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(
                request,
                _("The programme's groups are saved: %(added)d added, %(removed)d removed.")
                % {"added": len(added), "removed": len(removed)},
            )
            return redirect(_programme_url(programme, "groups"))
    return render(request, "cycles/programmes/groups.html", {"programme": programme, "form": form}, status=400)


# --- Rows -------------------------------------------------------------------------------------------------------


def _row_form_page(
    request: HttpRequest, form: LogframeRowForm, programme: Programme, row: LogframeRow | None = None, status: int = 200
) -> HttpResponse:
    return render(
        request,
        "cycles/programmes/row_form.html",
        {"form": form, "programme": programme, "row": row},
        status=status,
    )


def logframe_row_create_view(request: HttpRequest, pk: int) -> HttpResponse:
    user = request_user(request)
    programme = programme_get_for_editor(user=user, pk=pk)
    if request.method != "POST":
        form = LogframeRowForm(initial={"level": request.GET.get("level", LogframeLevel.OUTPUT)})
        return _row_form_page(request, form, programme)
    form = LogframeRowForm(request.POST)
    if form.is_valid():
        try:
            row = services.logframe_row_create(programme=programme, by=user, **form.cleaned_data)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("Row added: %(row)s") % {"row": row})
            return redirect(_programme_url(programme, f"row-{row.pk}"))
    return _row_form_page(request, form, programme, status=400)


def logframe_row_update_view(request: HttpRequest, pk: int) -> HttpResponse:
    user = request_user(request)
    row = logframe_row_get_for_editor(user=user, pk=pk)
    if request.method != "POST":
        return _row_form_page(request, LogframeRowForm(row=row), row.programme, row)
    form = LogframeRowForm(request.POST, row=row)
    if form.is_valid():
        try:
            services.logframe_row_update(row=row, by=user, **form.cleaned_data)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("Row saved: %(row)s") % {"row": row})
            return redirect(_programme_url(row.programme, f"row-{row.pk}"))
    return _row_form_page(request, form, row.programme, row, status=400)


@require_POST
def logframe_row_delete_view(request: HttpRequest, pk: int) -> HttpResponseRedirect:
    user = request_user(request)
    row = logframe_row_get_for_editor(user=user, pk=pk)
    shown = str(row)
    services.logframe_row_delete(row=row, by=user)
    messages.success(request, _("Row deleted with its indicators: %(row)s") % {"row": shown})
    return redirect(_programme_url(row.programme, "logframe"))


# --- Indicators -------------------------------------------------------------------------------------------------


def _indicator_form_page(
    request: HttpRequest,
    form: LogframeIndicatorForm,
    row: LogframeRow,
    logframe_indicator: LogframeIndicator | None = None,
    status: int = 200,
) -> HttpResponse:
    return render(
        request,
        "cycles/programmes/indicator_form.html",
        {"form": form, "row": row, "programme": row.programme, "logframe_indicator": logframe_indicator},
        status=status,
    )


def logframe_indicator_create_view(request: HttpRequest, pk: int) -> HttpResponse:
    user = request_user(request)
    row = logframe_row_get_for_editor(user=user, pk=pk)
    if request.method != "POST":
        return _indicator_form_page(request, LogframeIndicatorForm(), row)
    form = LogframeIndicatorForm(request.POST)
    if form.is_valid():
        try:
            created = services.logframe_indicator_create(row=row, by=user, **form.values())
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("Indicator added: %(name)s") % {"name": created.name})
            return redirect(_indicator_url(created))
    return _indicator_form_page(request, form, row, status=400)


def logframe_indicator_update_view(request: HttpRequest, pk: int) -> HttpResponse:
    user = request_user(request)
    logframe_indicator = logframe_indicator_get_for_editor(user=user, pk=pk)
    row = logframe_indicator.row
    if request.method != "POST":
        return _indicator_form_page(
            request, LogframeIndicatorForm(logframe_indicator=logframe_indicator), row, logframe_indicator
        )
    form = LogframeIndicatorForm(request.POST, logframe_indicator=logframe_indicator)
    if form.is_valid():
        try:
            services.logframe_indicator_update(logframe_indicator=logframe_indicator, by=user, **form.values())
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("Indicator saved: %(name)s") % {"name": logframe_indicator.name})
            return redirect(_indicator_url(logframe_indicator))
    return _indicator_form_page(request, form, row, logframe_indicator, status=400)


@require_POST
def logframe_indicator_delete_view(request: HttpRequest, pk: int) -> HttpResponseRedirect:
    user = request_user(request)
    logframe_indicator = logframe_indicator_get_for_editor(user=user, pk=pk)
    name, row = logframe_indicator.name, logframe_indicator.row
    services.logframe_indicator_delete(logframe_indicator=logframe_indicator, by=user)
    messages.success(request, _("Indicator deleted with its targets and values: %(name)s") % {"name": name})
    return redirect(_programme_url(row.programme_id, f"row-{row.pk}"))


# --- Targets and entered values ---------------------------------------------------------------------------------


def _value_page(
    request: HttpRequest, form: PeriodValueForm, logframe_indicator: LogframeIndicator, kind: str, status: int = 200
) -> HttpResponse:
    programme = logframe_indicator.row.programme
    return render(
        request,
        "cycles/programmes/value_form.html",
        {
            "form": form,
            "kind": kind,
            "logframe_indicator": logframe_indicator,
            "programme": programme,
            "periods": logframe_periods(programme),
            "targets": list(logframe_indicator.targets.order_by("period")),
            "actuals": list(logframe_indicator.actuals.select_related("entered_by").order_by("period")),
        },
        status=status,
    )


def logframe_target_set_view(request: HttpRequest, pk: int) -> HttpResponse:
    """Set (or, without a value, remove) an indicator's target for a period."""
    user = request_user(request)
    logframe_indicator = logframe_indicator_get_for_editor(user=user, pk=pk)
    if request.method != "POST":
        return _value_page(request, PeriodValueForm(initial=request.GET), logframe_indicator, "target")
    form = PeriodValueForm(request.POST)
    if form.is_valid():
        try:
            target = services.logframe_target_set(logframe_indicator=logframe_indicator, by=user, **form.cleaned_data)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            period = form.cleaned_data["period"].strip()
            if target is None:
                messages.success(request, _("Target for %(period)s removed.") % {"period": period})
            else:
                messages.success(request, _("Target for %(period)s set.") % {"period": target.period})
            return redirect(_indicator_url(logframe_indicator))
    return _value_page(request, form, logframe_indicator, "target", status=400)


def logframe_actual_enter_view(request: HttpRequest, pk: int) -> HttpResponse:
    """Enter (or, without a value, remove) the actual value of an indicator that no measurement covers."""
    user = request_user(request)
    logframe_indicator = logframe_indicator_get_for_editor(user=user, pk=pk)
    if request.method == "POST" and logframe_indicator.indicator_id is not None:
        # Refused before the form is read: whatever was typed, this indicator's values are measured.
        try:
            services.require_entered(logframe_indicator)
        except ValidationError as error:
            error_messages(request, error)
        return redirect(_indicator_url(logframe_indicator))
    if request.method != "POST":
        return _value_page(request, ActualForm(initial=request.GET), logframe_indicator, "actual")
    form = ActualForm(request.POST)
    if form.is_valid():
        try:
            actual = services.logframe_actual_enter(logframe_indicator=logframe_indicator, by=user, **form.cleaned_data)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            period = form.cleaned_data["period"].strip()
            if actual is None:
                messages.success(request, _("Value for %(period)s removed.") % {"period": period})
            else:
                messages.success(request, _("Value for %(period)s entered.") % {"period": actual.period})
            return redirect(_indicator_url(logframe_indicator))
    return _value_page(request, form, logframe_indicator, "actual", status=400)
