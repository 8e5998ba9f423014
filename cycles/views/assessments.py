"""The group's own yearly assessment: the questions about the group as a whole (its statutes, registers,
procedures, staff), answered once a year by whoever keeps its records instead of on every member's farm. Read back
on the inspection page, like a member's inspection."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_http_methods

from producers.selectors import group_get_for_change
from producers.views.helpers import add_service_errors, request_user

from ..forms.inspections import GroupAssessmentForm
from ..models import InspectionKind
from ..selectors.inspections import group_assessment_of, inspection_questions
from ..services.inspections import group_assessment_record
from .inspections import check_year, open_round_or_redirect
from .records_context import records_context

# Where a refusal of the assessment service belongs on the form.
REFUSAL_FIELDS = {"future_date": "assessed_on", "outside_round_year": "assessed_on"}


@require_http_methods(["GET", "POST"])
def group_assessment_view(request: HttpRequest, pk: int, year: int) -> HttpResponse:
    """The group assessment form of a round; once recorded, the assessment read back."""
    check_year(year)
    user = request_user(request)
    group = group_get_for_change(user=user, pk=pk)
    inspection_round = open_round_or_redirect(request, group, year)
    if isinstance(inspection_round, HttpResponse):
        return inspection_round
    done = group_assessment_of(inspection_round)
    if done is not None:
        return redirect("cycles:inspection_detail", pk=done.pk)
    questions = inspection_questions(group=group, year=year, kind=InspectionKind.GROUP)
    status = 200
    if request.method == "POST":
        form = GroupAssessmentForm(request.POST, year=year, questions=questions)
        if form.is_valid():
            try:
                assessment = group_assessment_record(
                    round=inspection_round,
                    by=user,
                    assessed_on=form.cleaned_data["assessed_on"],
                    answers=form.answers(),
                    notes=form.cleaned_data["notes"],
                    severities=form.severities(),
                )
            except ValidationError as error:
                add_service_errors(form, error, REFUSAL_FIELDS)
            else:
                findings = assessment.nonconformities.count()
                found = ngettext(
                    "%(count)d non-conformity of the group recorded.",
                    "%(count)d non-conformities of the group recorded.",
                    findings,
                ) % {"count": findings}
                messages.success(request, f"{_('Group assessment recorded.')} {found}")
                return redirect("cycles:inspection_detail", pk=assessment.pk)
        status = 400
    else:
        form = GroupAssessmentForm(year=year, questions=questions)
    context = records_context(user, group)
    context.update({"round": inspection_round, "year": year, "form": form, "rows": form.rows(), "questions": questions})
    return render(request, "cycles/inspections/assessment_form.html", context, status=status)
