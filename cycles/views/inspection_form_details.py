"""What the inspection form shows below the group's header, computed only when its kept part is rendered
(producers.page_cache): the form (empty, or as posted with its errors), one card per question, the inspectors; and
the form served from what is kept, without reading the member or the round again."""

from collections.abc import Callable
from typing import cast

from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.utils.functional import SimpleLazyObject

from producers.models import Member, ProducerGroup
from producers.page_cache import PageCache
from producers.views.helpers import request_user

from ..forms.inspections import InspectionForm
from ..models import InspectionRound
from ..selectors.inspections import inspection_questions
from .records_context import records_context


def inspection_form_details(form: InspectionForm) -> dict[str, object]:
    """What the form shows: computed only when its kept part is rendered (producers.page_cache)."""
    return {
        "form": form,
        "rows": form.rows(),
        "questions": form.questions,
        "has_inspectors": form.fields["inspector"].queryset.exists(),  # type: ignore[attr-defined]
    }


def empty_inspection_form(group: ProducerGroup, year: int, member: Member) -> dict[str, object]:
    questions = inspection_questions(group=group, year=year)
    form = InspectionForm(group=group, year=year, member=member, questions=questions)
    return inspection_form_details(form)


def inspection_form_page(
    request: HttpRequest,
    group: ProducerGroup,
    *,
    year: int,
    member: Member,
    inspection_round: InspectionRound,
    kept: PageCache | None,
    details: Callable[[], dict[str, object]],
    status: int = 200,
) -> HttpResponse:
    """The inspection form's page: the group's header and the form, its parts kept under `kept` when given."""
    context = records_context(request_user(request), group, can_change=True)  # checked by group_for_page
    context.update(
        {"page_cache": kept, "page_details": details, "round": inspection_round, "year": year, "member": member}
    )
    return render(request, "cycles/inspections/inspection_form.html", context, status=status)


def kept_inspection_form(
    request: HttpRequest, group: ProducerGroup, year: int, member_pk: int, kept: PageCache
) -> HttpResponse:
    """The empty form as kept for this member at this state of the group's records. It was kept only after the
    view found the member still to inspect, a member, and the round open; each of those is a record of the group
    (its member, its round, its inspections), and any change of them makes a new key (producers.records_version):
    so they hold now and are not read again. The member and the round are read only if a part must be rendered
    again (one was dropped from the cache before the other)."""
    member = cast(Member, SimpleLazyObject(lambda: get_object_or_404(Member, pk=member_pk, group=group)))
    inspection_round = cast(
        InspectionRound, SimpleLazyObject(lambda: InspectionRound.objects.get(group=group, year=year))
    )
    return inspection_form_page(
        request,
        group,
        year=year,
        member=member,
        inspection_round=inspection_round,
        kept=kept,
        details=lambda: empty_inspection_form(group, year, member),
    )
