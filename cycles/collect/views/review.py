"""One submission, for its reviewer: what was sent and why it waits; try it again, record it with corrections (the
web inspection form, filled with what the phone sent), or reject it with a note."""

from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from producers.models import Member
from producers.views.helpers import add_service_errors, error_messages, request_user

from ...forms.inspections import InspectionForm
from ...models import InspectionRound, SubmissionStatus
from ...selectors.inspections import inspection_questions, member_choices
from ...views.inspections import REFUSAL_FIELDS
from ...views.records_context import records_context
from ..forms import ChooseMemberForm, RejectForm
from ..parse import parse_submission
from ..review import submission_accept_corrected, submission_reject, submission_retry
from ..selectors import submission_get_for_change
from ..xlsform import answer_field


def _initial(fields: dict[str, str], questions: list[Any]) -> dict[str, Any]:
    """The web form's fields, filled with what the phone sent."""
    initial: dict[str, Any] = {
        "inspector": fields.get("inspector", ""),
        "inspected_on": fields.get("inspected_on", "")[:10],
        "notes": fields.get("notes", ""),
    }
    for question in questions:
        initial[f"{question.key}-answer"] = fields.get(answer_field(question, "answer"), "")
        initial[f"{question.key}-notes"] = fields.get(answer_field(question, "note"), "")
        initial[f"{question.key}-severity"] = fields.get(answer_field(question, "severity"), "")
    return initial


@require_http_methods(["GET", "POST"])
def submission_view(request: HttpRequest, pk: int) -> HttpResponse:
    user = request_user(request)
    submission = submission_get_for_change(user=user, pk=pk)
    group = submission.group
    parsed = parse_submission(submission.xml.encode())
    context = records_context(user, group)
    context.update({"submission": submission, "fields": parsed.fields, "reject_form": RejectForm()})
    status = 200
    inspection_round = InspectionRound.objects.filter(group=group, year=parsed.year).first()
    if submission.status == SubmissionStatus.QUEUED and inspection_round is not None:
        members = member_choices(group)
        chooser = ChooseMemberForm(request.GET or None, members=members)
        member: Member | None = chooser.cleaned_data["member"] if chooser.is_valid() else None
        if member is None:
            member = (
                members.filter(pk=int(parsed.fields["member"])).first()
                if parsed.fields.get("member", "").isdigit()
                else None
            )
        if member is not None:
            chooser = ChooseMemberForm(initial={"member": member.pk}, members=members)
            questions = inspection_questions(group=group, year=parsed.year)
            form_args = {"group": group, "year": parsed.year, "member": member, "questions": questions}
            if request.method == "POST":
                form = InspectionForm(request.POST, **form_args)  # type: ignore[arg-type]
                if form.is_valid():
                    try:
                        done = submission_accept_corrected(
                            submission=submission,
                            by=user,
                            member=member,
                            inspector=form.cleaned_data["inspector"],
                            inspected_on=form.cleaned_data["inspected_on"],
                            answers=form.answers(),
                            severities=form.severities(),
                            notes=form.cleaned_data["notes"],
                            note=_("Recorded with corrections by %(user)s.") % {"user": user.get_username()},
                        )
                    except ValidationError as error:
                        add_service_errors(form, error, REFUSAL_FIELDS)
                    else:
                        messages.success(request, _("The submission is recorded as an inspection."))
                        assert done.inspection_id is not None
                        return redirect("cycles:inspection_detail", pk=done.inspection_id)
                status = 400
            else:
                form = InspectionForm(initial=_initial(parsed.fields, questions), **form_args)  # type: ignore[arg-type]
            context.update({"form": form, "rows": form.rows(), "member": member, "questions": questions})
        context.update({"chooser": chooser, "year": parsed.year})
    elif request.method == "POST":
        raise PermissionDenied
    return render(request, "cycles/collect/submission.html", context, status=status)


@require_POST
def retry_view(request: HttpRequest, pk: int) -> HttpResponse:
    user = request_user(request)
    submission = submission_get_for_change(user=user, pk=pk)
    try:
        done = submission_retry(submission=submission, by=user)
    except ValidationError as error:
        error_messages(request, error)
        return redirect("collect:submission_detail", pk=pk)
    if done.status == SubmissionStatus.ACCEPTED:
        messages.success(request, _("The submission is recorded as an inspection."))
    else:
        messages.error(request, _("It still cannot be recorded: %(reason)s") % {"reason": done.reason})
    return redirect("collect:submission_detail", pk=pk)


@require_POST
def reject_view(request: HttpRequest, pk: int) -> HttpResponse:
    user = request_user(request)
    submission = submission_get_for_change(user=user, pk=pk)
    form = RejectForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Say why the submission is rejected."))
        return redirect("collect:submission_detail", pk=pk)
    try:
        submission_reject(submission=submission, by=user, note=form.cleaned_data["note"])
    except ValidationError as error:
        error_messages(request, error)
        return redirect("collect:submission_detail", pk=pk)
    messages.success(request, _("The submission is rejected; it stays on record with your note."))
    return redirect(reverse("collect:group", kwargs={"pk": submission.group_id}))
