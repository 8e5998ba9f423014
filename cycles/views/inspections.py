"""Internal inspection pages: the rounds of a group and their coverage, one round's members, the inspection form
for one member, an inspection read back, and the group's inspectors with their conflicts of interest.

Member names are personal data: every page that lists members or inspections by member is for those who may
see the register; donors see the rounds page with its figures only.
"""

import functools
from typing import cast

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db.models import OuterRef, Subquery
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_http_methods, require_POST

from producers.exports import export_format, table_response
from producers.history import StaleRecord, history_entries
from producers.models import Member, ProducerGroup
from producers.models.members import MemberStatus
from producers.page_cache import group_for_page, group_page_cache
from producers.selectors import group_get_for_change, group_get_for_user, group_register_get_for_user
from producers.views.helpers import (
    add_service_errors,
    error_messages,
    form_error_messages,
    request_user,
    stale_on_form,
)

from ..exports import round_table
from ..forms.inspections import ConflictForm, InspectionForm, InspectorForm, RoundOpenForm
from ..models import Inspection, InspectionRound, Inspector
from ..selectors.inspections import (
    ROUND_FILTERS,
    group_assessment_of,
    inspection_answer_rows,
    inspection_get_for_user,
    inspection_questions,
    inspections_by_member,
    inspector_choices,
    inspector_get_for_user,
    inspectors_of,
    round_coverage,
    round_inspections,
    round_members,
    round_summaries,
)
from ..services.inspections import (
    conflict_declare,
    inspection_record,
    inspection_round_open,
    inspector_create,
    inspector_update,
)
from ..services.permissions import require_change
from .inspection_form_details import (
    empty_inspection_form,
    inspection_form_details,
    inspection_form_page,
    kept_inspection_form,
)
from .records_context import records_context

# Years a page can be shown for; outside, a date cannot even be built.
FIRST_YEAR, LAST_YEAR = 1900, 9998

# Where a refusal of the inspection service belongs on the form.
REFUSAL_FIELDS = {
    "own_farm": "inspector",
    "conflict_of_interest": "inspector",
    "inspector_inactive": "inspector",
    "inspector_elsewhere": "inspector",
    "future_date": "inspected_on",
    "outside_round_year": "inspected_on",
}
INSPECTOR_REFUSAL_FIELDS = {
    "member_elsewhere": "member",
    "already_inspector": "member",
    "login_elsewhere": "user",
    "future_date": "trained_on",
    "name_required": "name",
}
CONFLICT_REFUSAL_FIELDS = {
    "member_elsewhere": "member",
    "own_farm": "member",
    "conflict_exists": "member",
    "future_date": "declared_on",
    "reason_required": "reason",
}


def check_year(year: int) -> None:
    if not FIRST_YEAR <= year <= LAST_YEAR:
        raise Http404


def round_url(group: ProducerGroup, year: int) -> str:
    return reverse("cycles:inspection_round", kwargs={"pk": group.pk, "year": year})


def open_round_or_redirect(request: HttpRequest, group: ProducerGroup, year: int) -> InspectionRound | HttpResponse:
    """The group's round of `year`, for a form that records into it; or, when it is not open, the way back to the
    round's page with a message saying to open it."""
    inspection_round = InspectionRound.objects.filter(group=group, year=year).select_related("group").first()
    if inspection_round is None:
        messages.error(request, _("Open the round of %(year)s first.") % {"year": year})
        return redirect(round_url(group, year))
    return inspection_round


def _inspectors_url(group: ProducerGroup) -> str:
    return reverse("cycles:inspectors", kwargs={"pk": group.pk})


# --- Rounds ------------------------------------------------------------------------------------------------------


def inspection_rounds_view(request: HttpRequest, pk: int) -> HttpResponse:
    """The group's rounds by year with their coverage: figures only, so donors may see it too."""
    group = group_get_for_user(user=request_user(request), pk=pk)
    context = records_context(request_user(request), group)
    summaries = round_summaries(group=group)
    this_year = timezone.localdate().year
    context.update(
        {
            "summaries": summaries,
            "this_year": this_year,
            "this_year_open": any(summary.round.year == this_year for summary in summaries),
            "inspector_count": inspector_choices(group).count(),
        }
    )
    return render(request, "cycles/inspections/rounds.html", context)


@require_POST
def inspection_round_open_view(request: HttpRequest, pk: int) -> HttpResponse:
    group = group_get_for_change(user=request_user(request), pk=pk)
    form = RoundOpenForm(request.POST)
    if not form.is_valid():
        form_error_messages(request, form)
        return redirect("cycles:inspection_rounds", pk=group.pk)
    year = form.cleaned_data["year"]
    existed = InspectionRound.objects.filter(group=group, year=year).exists()
    try:
        inspection_round_open(group=group, year=year, by=request_user(request))
    except ValidationError as error:
        error_messages(request, error)
        return redirect("cycles:inspection_rounds", pk=group.pk)
    if existed:
        messages.info(request, _("The round of %(year)s was already open.") % {"year": year})
    else:
        messages.success(
            request, _("The round of %(year)s is open: every member who has not left is due.") % {"year": year}
        )
    return redirect(round_url(group, year))


def inspection_round_view(request: HttpRequest, pk: int, year: int) -> HttpResponse:
    """One round: its coverage and its members, the ones still due first; searchable and paginated."""
    check_year(year)
    group = group_register_get_for_user(user=request_user(request), pk=pk)
    context = records_context(request_user(request), group)
    inspection_round = (
        InspectionRound.objects.filter(group=group, year=year).select_related("opened_by", "group").first()
    )
    context.update({"year": year, "round": inspection_round, "this_year": timezone.localdate().year})
    if chosen := export_format(request):
        return _round_download(request, chosen, group, year, inspection_round)
    if inspection_round is None:
        context["open_form"] = RoundOpenForm(initial={"year": year})
        return render(request, "cycles/inspections/round.html", context)
    query = request.GET.get("q", "").strip()
    show = request.GET.get("show", "")
    if show not in ROUND_FILTERS:
        show = ""
    page = Paginator(round_members(round=inspection_round, query=query, show=show), settings.PAGE_SIZE).get_page(
        request.GET.get("page")
    )
    members = list(page.object_list)
    inspections = inspections_by_member(round=inspection_round, members=members)
    coverage = round_coverage(round=inspection_round)
    context.update(
        {
            "coverage": coverage,
            "assessment": group_assessment_of(inspection_round),
            "page": page,
            "rows": [(member, inspections.get(member.pk)) for member in members],
            "query": query,
            "show": show,
            "filters": [
                ("", _("All"), None),
                ("due", _("Still due"), coverage.remaining),
                ("inspected", _("Inspected"), coverage.inspected),
            ],
        }
    )
    return render(request, "cycles/inspections/round.html", context)


def _round_download(
    request: HttpRequest, chosen: str, group: ProducerGroup, year: int, inspection_round: InspectionRound | None
) -> HttpResponse:
    """The round's members under the page's search and filter, every page of them; an empty table before the
    round is open."""
    members: list[Member] = []
    inspections: dict[int, Inspection] = {}
    if inspection_round is not None:
        query = request.GET.get("q", "").strip()
        show = request.GET.get("show", "")
        members = list(round_members(round=inspection_round, query=query, show=show if show in ROUND_FILTERS else ""))
        inspections = round_inspections(round=inspection_round)
    table = round_table(members, inspections, year=year, with_names=True)  # the page is for the register's readers
    return table_response(request, table, chosen=chosen, owner=group.organisation.name, group_id=group.pk, year=year)


# --- One inspection ----------------------------------------------------------------------------------------------


def inspection_create_view(request: HttpRequest, pk: int, year: int, member_pk: int) -> HttpResponse:
    """The inspection form for one member: who inspected when, and one card per question."""
    check_year(year)
    group = group_for_page(request_user(request), pk, change=True)
    kept = group_page_cache(request, group) if request.method == "GET" else None
    if kept is not None and kept.has_part("inspection_form"):
        return kept_inspection_form(request, group, year, member_pk, kept)
    # With the member, their inspection in this year's round if there is one: a query fewer on every visit.
    done_in_round = Inspection.objects.filter(round__group=group, round__year=year, member=OuterRef("pk"))
    member = get_object_or_404(
        Member.objects.annotate(done_pk=Subquery(done_in_round.values("pk")[:1])), pk=member_pk, group=group
    )
    inspection_round = open_round_or_redirect(request, group, year)
    if isinstance(inspection_round, HttpResponse):
        return inspection_round
    done_pk = getattr(member, "done_pk")  # noqa: B009 (annotated: mypy does not know it)
    if done_pk is not None:
        messages.info(
            request,
            _("%(member)s was already inspected in the %(year)s round.") % {"member": member.full_name, "year": year},
        )
        return redirect("cycles:inspection_detail", pk=done_pk)
    if member.status == MemberStatus.LEFT:
        messages.error(
            request, _("%(member)s has left the group: only members are inspected.") % {"member": member.full_name}
        )
        return redirect(round_url(group, year))
    if request.method == "POST":
        form_args = {
            "group": group,
            "year": year,
            "member": member,
            "questions": inspection_questions(group=group, year=year),
        }
        form = InspectionForm(request.POST, **form_args)  # type: ignore[arg-type]
        if form.is_valid():
            try:
                inspection = inspection_record(
                    round=inspection_round,
                    member=member,
                    inspector=form.cleaned_data["inspector"],
                    by=request_user(request),
                    inspected_on=form.cleaned_data["inspected_on"],
                    answers=form.answers(),
                    notes=form.cleaned_data["notes"],
                    severities=form.severities(),
                )
            except ValidationError as error:
                add_service_errors(form, error, REFUSAL_FIELDS)
            else:
                findings = inspection.nonconformities.count()
                recorded = _("Inspection of %(member)s recorded. Proposed decision: %(decision)s.") % {
                    "member": member.full_name,
                    "decision": inspection.get_proposed_decision_display(),
                }
                found = ngettext(
                    "%(count)d non-conformity recorded.", "%(count)d non-conformities recorded.", findings
                ) % {"count": findings}
                messages.success(request, f"{recorded} {found}")
                return redirect("cycles:inspection_detail", pk=inspection.pk)
        details = functools.partial(inspection_form_details, form)
    else:
        # The empty form is the same for every visit at this state of the records: kept (producers.page_cache).
        details = functools.partial(empty_inspection_form, group, year, member)
    return inspection_form_page(
        request,
        group,
        year=year,
        member=member,
        inspection_round=inspection_round,
        kept=kept,
        details=details,
        status=400 if request.method == "POST" else 200,  # a POST that comes back has errors to correct
    )


def inspection_detail_view(request: HttpRequest, pk: int) -> HttpResponse:
    """An inspection read back: the answers, the findings with links, the proposed decision and the history."""
    inspection = inspection_get_for_user(user=request_user(request), pk=pk)
    group = inspection.round.group
    context = records_context(request_user(request), group)
    context.update(
        {
            "inspection": inspection,
            "member": inspection.member,
            "rows": inspection_answer_rows(inspection),
            "findings": inspection.nonconformities.select_related("requirement").order_by("pk"),
            "history": history_entries(inspection),
        }
    )
    return render(request, "cycles/inspections/inspection_detail.html", context)


# --- Inspectors and conflicts of interest ------------------------------------------------------------------------


@require_http_methods(["GET", "POST"])
def inspectors_view(request: HttpRequest, pk: int) -> HttpResponse:
    """The group's inspectors with their conflicts of interest, and a form to add one."""
    user = request_user(request)
    group = group_register_get_for_user(user=user, pk=pk)
    context = records_context(user, group)
    status = 200
    form = InspectorForm(group=group) if context["can_change"] else None
    if request.method == "POST":
        if not context["can_change"]:
            raise PermissionDenied
        form = InspectorForm(request.POST, group=group)
        if form.is_valid():
            try:
                inspector = inspector_create(
                    group=group,
                    by=user,
                    name=form.cleaned_data["name"],
                    member=form.cleaned_data["member"],
                    user=form.cleaned_data["user"],
                    trained_on=form.cleaned_data["trained_on"],
                    active=form.cleaned_data["active"],
                )
            except ValidationError as error:
                add_service_errors(form, error, INSPECTOR_REFUSAL_FIELDS)
            else:
                messages.success(request, _("Inspector added: %(name)s.") % {"name": inspector.name})
                return redirect(f"{_inspectors_url(group)}#inspector-{inspector.pk}")
        status = 400
    page = Paginator(inspectors_of(group), settings.PAGE_SIZE).get_page(request.GET.get("page"))
    context.update({"page": page, "form": form, "open_form": status == 400 or not page.object_list})
    return render(request, "cycles/inspections/inspectors.html", context, status=status)


def _inspector_for_change(request: HttpRequest, pk: int) -> Inspector:
    inspector = inspector_get_for_user(user=request_user(request), pk=pk)
    require_change(request_user(request), inspector.group)
    return inspector


@require_http_methods(["GET", "POST"])
def inspector_update_view(request: HttpRequest, pk: int) -> HttpResponse:
    """Edit an inspector. A stale copy is refused: the typed values come back beside the saved ones."""
    inspector = _inspector_for_change(request, pk)
    group = inspector.group
    current: Inspector | None = None
    status = 200
    if request.method == "POST":
        form = InspectorForm(request.POST, group=group, current=inspector)
        if form.is_valid():
            try:
                saved = inspector_update(
                    inspector=inspector,
                    by=request_user(request),
                    expected_version=form.cleaned_data["version"] or 0,
                    name=form.cleaned_data["name"],
                    member=form.cleaned_data["member"],
                    user=form.cleaned_data["user"],
                    trained_on=form.cleaned_data["trained_on"],
                    active=form.cleaned_data["active"],
                )
            except StaleRecord as stale:
                current = cast(Inspector, stale_on_form(form, stale, version_field="version"))
            except ValidationError as error:
                add_service_errors(form, error, INSPECTOR_REFUSAL_FIELDS)
            else:
                messages.success(request, _("Inspector saved: %(name)s.") % {"name": saved.name})
                return redirect(f"{_inspectors_url(group)}#inspector-{saved.pk}")
        status = 400
    else:
        form = InspectorForm(
            group=group,
            current=inspector,
            initial={
                "name": inspector.name,
                "member": inspector.member_id,
                "user": inspector.user_id,
                "trained_on": inspector.trained_on,
                "active": inspector.active,
                "version": inspector.version,
            },
        )
    context = records_context(request_user(request), group)
    context.update(
        {
            "inspector": inspector,
            "form": form,
            "current": current,
            "conflicts": inspector.conflicts.select_related("member").order_by("member__member_number"),
            "history": history_entries(inspector),
        }
    )
    return render(request, "cycles/inspections/inspector_form.html", context, status=status)


@require_http_methods(["GET", "POST"])
def conflict_create_view(request: HttpRequest, pk: int) -> HttpResponse:
    """Declare an inspector's conflict of interest with a member."""
    inspector = _inspector_for_change(request, pk)
    group = inspector.group
    status = 200
    if request.method == "POST":
        form = ConflictForm(request.POST, inspector=inspector)
        if form.is_valid():
            try:
                conflict = conflict_declare(
                    inspector=inspector,
                    member=form.cleaned_data["member"],
                    by=request_user(request),
                    declared_on=form.cleaned_data["declared_on"],
                    reason=form.cleaned_data["reason"],
                )
            except ValidationError as error:
                add_service_errors(form, error, CONFLICT_REFUSAL_FIELDS)
            else:
                messages.success(
                    request,
                    _("Conflict of interest recorded: %(inspector)s will not inspect %(member)s.")
                    % {"inspector": inspector.name, "member": conflict.member.full_name},
                )
                return redirect(f"{_inspectors_url(group)}#inspector-{inspector.pk}")
        status = 400
    else:
        form = ConflictForm(inspector=inspector)
    context = records_context(request_user(request), group)
    context.update({"inspector": inspector, "form": form})
    return render(request, "cycles/inspections/conflict_form.html", context, status=status)
