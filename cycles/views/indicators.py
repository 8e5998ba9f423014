"""The indicators of a group: every indicator with its values over the periods measured, measuring the computed
ones now, and entering those the records cannot give.

Everyone who sees the group reads the figures (donors included); measuring and entering are for those who keep
the group's records (403 for donors, 404 outside the user's groups).
"""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST

from producers.selectors import group_get_for_change, group_get_for_user
from producers.views.helpers import error_messages, request_user

from ..forms.indicators import MeasureForm, MeasurementForm
from ..selectors.indicators import indicator_sections, period_choices
from ..services.indicators import measure_group, measurement_enter
from .records_context import records_context


def indicators_view(request: HttpRequest, pk: int, *, entry_form: MeasurementForm | None = None) -> HttpResponse:
    user = request_user(request)
    group = group_get_for_user(user=user, pk=pk)
    sections = indicator_sections(group)
    context = {
        **records_context(user, group),
        "sections": sections,
        "measured": any(section.periods for section in sections),
    }
    if context["can_change"]:
        context["measure_form"] = MeasureForm(periods=period_choices(group))
        context["entry_form"] = entry_form or MeasurementForm()
    return render(request, "cycles/indicators/indicators.html", context, status=400 if entry_form else 200)


@require_POST
def indicators_measure_view(request: HttpRequest, pk: int) -> HttpResponse:
    group = group_get_for_change(user=request_user(request), pk=pk)
    form = MeasureForm(request.POST, periods=period_choices(group))
    if not form.is_valid():
        messages.error(request, _("Choose the period to measure."))
        return redirect("cycles:indicators", pk=group.pk)
    period = form.cleaned_data["period"]
    try:
        results = measure_group(group=group, period=period, by=request_user(request))
    except ValidationError as error:
        error_messages(request, error)
        return redirect("cycles:indicators", pk=group.pk)
    measured = [result for result in results if result.value is not None]
    messages.success(
        request,
        ngettext(
            "Measured for %(period)s: %(count)d indicator.",
            "Measured for %(period)s: %(count)d indicators.",
            len(measured),
        )
        % {"period": period, "count": len(measured)},
    )
    for result in results:
        if result.value is None:
            messages.info(request, f"{result.indicator.name}: {result.note}")
    return redirect("cycles:indicators", pk=group.pk)


@require_POST
def measurement_create_view(request: HttpRequest, pk: int) -> HttpResponse:
    group = group_get_for_change(user=request_user(request), pk=pk)
    form = MeasurementForm(request.POST)
    if form.is_valid():
        try:
            measurement = measurement_enter(group=group, by=request_user(request), **form.cleaned_data)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(
                request,
                _("%(indicator)s for %(period)s: %(value)s %(unit)s.")
                % {
                    "indicator": measurement.indicator.name,
                    "period": measurement.period,
                    "value": f"{measurement.value.normalize():f}" if measurement.value is not None else "—",
                    "unit": measurement.indicator.unit,
                },
            )
            return redirect("cycles:indicators", pk=group.pk)
    return indicators_view(request, pk, entry_form=form)
