"""Production and sales of a group, one season at a time: the season's records with sales beyond the estimate
flagged, its totals, and recording or changing one member's record.

The records name members, so they are for those who may see the register; everyone else who sees the group
(donors) gets the season's totals only. Changes are for those who keep the group's records.
"""

from typing import Any, cast
from urllib.parse import urlencode

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _

from producers.currencies import local_currency
from producers.exports import export_format, table_response
from producers.history import StaleRecord, history_entries
from producers.models import ProducerGroup
from producers.selectors import group_get_for_change, group_get_for_user
from producers.views.helpers import request_user, stale_on_form

from ..exports import production_table
from ..forms.production import ProductionRecordForm
from ..indicators import is_season
from ..models import ProductionRecord
from ..selectors import can_change
from ..selectors.production import (
    default_season,
    production_record_get_for_user,
    season_records,
    season_totals,
    seasons_recorded,
)
from ..services.production import production_record_create, production_record_update, traceability_warning
from .records_context import records_context


def _season_url(group: ProducerGroup, season: str) -> str:
    return f"{reverse('cycles:production_list', kwargs={'pk': group.pk})}?{urlencode({'season': season})}"


def _season_download(
    request: HttpRequest, chosen: str, group: ProducerGroup, season: str, flagged_only: bool, *, with_records: bool
) -> HttpResponse:
    """The season's records (every page of them) and its totals; the totals only for a reader who may not see the
    register, as on the page."""
    records = season_records(group=group, season=season, flagged_only=flagged_only) if with_records else None
    table = production_table(
        records,
        season_totals(group=group, season=season),
        season=season,
        currency=local_currency(group.organisation.country),
    )
    return table_response(request, table, chosen=chosen, owner=group.organisation.name, group_id=group.pk)


def production_list_view(request: HttpRequest, pk: int) -> HttpResponse:
    user = request_user(request)
    group = group_get_for_user(user=user, pk=pk)
    context = records_context(user, group)
    recorded = seasons_recorded(group)
    asked = request.GET.get("season", "").strip()
    season = asked if is_season(asked) else default_season(recorded)
    flagged_only = request.GET.get("flagged") == "1"
    if chosen := export_format(request):
        return _season_download(request, chosen, group, season, flagged_only, with_records=context["can_see_register"])
    page = None
    if context["can_see_register"]:
        records = season_records(group=group, season=season, flagged_only=flagged_only)
        page = Paginator(records, settings.PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request,
        "cycles/production/list.html",
        {
            **context,
            "season": season,
            "seasons": recorded if season in recorded else [season, *recorded],
            "flagged_only": flagged_only,
            "totals": season_totals(group=group, season=season),
            "currency": local_currency(group.organisation.country),
            "page": page,
        },
    )


def _render_form(
    request: HttpRequest,
    *,
    group: ProducerGroup,
    form: ProductionRecordForm,
    record: ProductionRecord | None = None,
    current: ProductionRecord | None = None,
    status: int = 200,
) -> HttpResponse:
    context: dict[str, Any] = {
        **records_context(request_user(request), group),
        "form": form,
        "record": record,
        "current": current,
    }
    if record is not None:
        context["history"] = history_entries(record)
        context["warning"] = traceability_warning(record) if record.beyond_estimate else ""
    return render(request, "cycles/production/form.html", context, status=status)


def _saved_message(request: HttpRequest, record: ProductionRecord) -> None:
    messages.success(
        request,
        _("Saved: %(member)s, season %(season)s.") % {"member": record.member.member_number, "season": record.season},
    )
    if record.beyond_estimate:
        messages.warning(request, traceability_warning(record))


def production_create_view(request: HttpRequest, pk: int) -> HttpResponse:
    user = request_user(request)
    group = group_get_for_change(user=user, pk=pk)
    if request.method != "POST":
        # The season page's links fill in the season (and the member); the form scopes the member to this group.
        season = request.GET.get("season", "")
        initial = {
            "season": season if is_season(season) else default_season(seasons_recorded(group)),
            "member": request.GET.get("member"),
        }
        return _render_form(request, group=group, form=ProductionRecordForm(group=group, initial=initial))
    form = ProductionRecordForm(request.POST, group=group)
    if form.is_valid():
        try:
            record = production_record_create(
                group=group,
                by=user,
                member=form.cleaned_data["member"],
                season=form.cleaned_data["season"],
                amounts=form.amounts(),
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            _saved_message(request, record)
            return redirect(_season_url(group, record.season))
    return _render_form(request, group=group, form=form, status=400)


def production_update_view(request: HttpRequest, pk: int) -> HttpResponse:
    user = request_user(request)
    record = production_record_get_for_user(user=user, pk=pk)
    group = record.member.group
    if not can_change(user, group):
        raise PermissionDenied
    if request.method != "POST":
        return _render_form(request, group=group, form=ProductionRecordForm(group=group, record=record), record=record)
    form = ProductionRecordForm(request.POST, group=group, record=record)
    current: ProductionRecord | None = None
    if form.is_valid():
        try:
            saved = production_record_update(
                record=record,
                by=user,
                expected_version=form.cleaned_data["expected_version"],
                amounts=form.amounts(),
                reason=form.cleaned_data["reason"],
            )
        except StaleRecord as stale:
            current = cast(ProductionRecord, stale_on_form(form, stale))
        except ValidationError as error:
            form.add_error(None, error)
        else:
            _saved_message(request, saved)
            return redirect(_season_url(group, saved.season))
    return _render_form(request, group=group, form=form, record=record, current=current, status=400)
