"""Pages of the outer cycle's services: a group's services with the interaction points of its phase and the form to
record one, an organisation's and a programme's services, deleting a service, and the interaction points.

Everyone who sees a group reads its services; recording is for those who keep the group's records (donors: 403).
A provider's page lists only the services to groups the user sees; a programme's page is for those who may read
the programme (coordinators and the funder's donors). Anything outside the user's scope is a 404.
"""

from collections.abc import Callable
from typing import Any

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from producers.exports import export_format, table_response
from producers.selectors import can_see_register, group_get_for_user, roles_of
from producers.views.helpers import error_messages, request_user

from ..exports import service_table
from ..forms.outer import ServiceDeleteForm, ServiceFilterForm, ServiceForm
from ..models import Service
from ..selectors.logframes import programme_get_for_user
from ..selectors.outer import (
    ServiceFilter,
    can_record_services,
    group_services,
    interaction_points_by_phase,
    interaction_status,
    programme_services,
    provider_get_for_user,
    provider_services,
    service_get_for_user,
    service_totals,
    service_type_choices,
    service_years,
)
from ..services.outer import service_delete, service_record


def _filtered(
    request: HttpRequest, services_for: Callable[[ServiceFilter], QuerySet[Service]]
) -> tuple[ServiceFilterForm, ServiceFilter, QuerySet[Service]]:
    filter_form = ServiceFilterForm(
        request.GET, types=list(service_type_choices()), years=service_years(services_for(ServiceFilter()))
    )
    filters = filter_form.filters()
    return filter_form, filters, services_for(filters)


def _listing(request: HttpRequest, services_for: Callable[[ServiceFilter], QuerySet[Service]]) -> dict[str, Any]:
    """A list's filters, its page and its totals: the same few queries whatever the number of services."""
    filter_form, filters, services = _filtered(request, services_for)
    return {
        "filter_form": filter_form,
        "filters": filters,
        "page": Paginator(services, settings.PAGE_SIZE).get_page(request.GET.get("page")),
        "totals": service_totals(services),
        "is_coordinator": roles_of(request_user(request)).coordinator,
    }


def _download(
    request: HttpRequest,
    chosen: str,
    services_for: Callable[[ServiceFilter], QuerySet[Service]],
    *,
    owner: str,
    **log_fields: int,
) -> HttpResponse:
    """A list's services under its filters, every page of them, as a spreadsheet."""
    _form, _filters, services = _filtered(request, services_for)
    return table_response(request, service_table(services), chosen=chosen, owner=owner, **log_fields)


def group_services_view(request: HttpRequest, pk: int) -> HttpResponse:
    """The services a group received, what its phase expects of the support structure, and the form to record
    one (POST here records it)."""
    user = request_user(request)
    group = group_get_for_user(user=user, pk=pk)

    def services_for(filters: ServiceFilter) -> QuerySet[Service]:
        return group_services(group=group, filters=filters)

    if request.method == "GET" and (chosen := export_format(request)):
        return _download(request, chosen, services_for, owner=group.organisation.name, group_id=group.pk)
    can_record = can_record_services(user, group)
    form: ServiceForm | None = None
    status = 200
    if request.method == "POST":
        if not can_record:
            raise PermissionDenied
        form = ServiceForm(request.POST, group=group)
        if form.is_valid():
            try:
                service = service_record(group=group, by=user, **form.values())
            except ValidationError as error:
                form.add_error(None, error)
            else:
                messages.success(
                    request,
                    _("Recorded: %(service)s from %(provider)s on %(date)s.")
                    % {
                        "service": service.service_type.name,
                        "provider": service.provider.name,
                        "date": date_format(service.delivered_on, "j M Y"),
                    },
                )
                return redirect("cycles:group_services", pk=group.pk)
        status = 400
    elif can_record:
        form = ServiceForm(group=group)
    context = {
        "group": group,
        "tab": "services",
        "can_see_register": can_see_register(user, group),
        "can_record": can_record,
        "form": form,
        "interaction": interaction_status(group),
        **_listing(request, services_for),
    }
    return render(request, "cycles/outer/group_services.html", context, status=status)


def provider_services_view(request: HttpRequest, pk: int) -> HttpResponse:
    user = request_user(request)
    provider = provider_get_for_user(user=user, pk=pk)

    def services_for(filters: ServiceFilter) -> QuerySet[Service]:
        return provider_services(provider=provider, user=user, filters=filters)

    if chosen := export_format(request):
        return _download(request, chosen, services_for, owner=provider.name, provider_id=provider.pk)
    listing = _listing(request, services_for)
    return render(request, "cycles/outer/provider_services.html", {"provider": provider, **listing})


def programme_services_view(request: HttpRequest, pk: int) -> HttpResponse:
    user = request_user(request)
    programme = programme_get_for_user(user=user, pk=pk)

    def services_for(filters: ServiceFilter) -> QuerySet[Service]:
        return programme_services(programme=programme, user=user, filters=filters)

    if chosen := export_format(request):
        return _download(request, chosen, services_for, owner=programme.name, programme_id=programme.pk)
    listing = _listing(request, services_for)
    return render(request, "cycles/outer/programme_services.html", {"programme": programme, **listing})


@require_POST
def service_delete_view(request: HttpRequest, pk: int) -> HttpResponse:
    """Delete a service recorded by mistake (its recorder or a coordinator), then back to the group's services."""
    user = request_user(request)
    service = service_get_for_user(user=user, pk=pk)
    back = reverse("cycles:group_services", kwargs={"pk": service.group_id})
    form = ServiceDeleteForm(request.POST)
    reason = form.cleaned_data["reason"] if form.is_valid() else ""
    description = _("%(service)s from %(provider)s on %(date)s") % {
        "service": service.service_type.name,
        "provider": service.provider.name,
        "date": date_format(service.delivered_on, "j M Y"),
    }
    try:
        service_delete(service=service, by=user, reason=reason)
    except ValidationError as error:
        error_messages(request, error)
    else:
        messages.success(
            request, _("Deleted: %(service)s. Record it again if it needs correcting.") % {"service": description}
        )
    return redirect(back)


def interaction_points_view(request: HttpRequest) -> HttpResponse:
    """The reference data: which services a group is expected to receive in each phase, and from whom."""
    if not roles_of(request_user(request)).any:
        raise PermissionDenied
    return render(request, "cycles/outer/interaction_points.html", {"phases": interaction_points_by_phase()})
