"""The answers of an inspection, of either kind (a member's, or the group's yearly assessment): checked against its
questions, saved one per requirement, and a non-conformity for each "not compliant" one. One place, so that a
requirement is answered, scored and followed up in the same way whatever its scope."""

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from producers.models import User

from ..models import Compliance, Inspection, InspectionAnswer, Severity
from ..selectors.inspections import Question
from .nonconformities import nonconformity_create


def answers_check(
    *,
    questions: list[Question],
    answers: dict[str, tuple[str, str]],
    severities: dict[str, str],
) -> None:
    """Every question answered, nothing else; a "not compliant" answer says what was found and how serious it is."""
    known = {question.key for question in questions}
    unknown = sorted(set(answers) - known)
    if unknown:
        raise ValidationError(
            _("These answers are not questions of this inspection: %(keys)s.") % {"keys": ", ".join(unknown)},
            code="unknown_question",
        )
    for question in questions:
        if question.key not in answers or not answers[question.key][0]:
            raise ValidationError(
                _("Answer every question: “%(question)s” (%(code)s) is unanswered.")
                % {"question": question.title, "code": question.code},
                code="unanswered",
            )
        answer, answer_notes = answers[question.key]
        if answer not in Compliance.values:
            raise ValidationError(
                _("Answer “%(question)s” with compliant, not compliant or not applicable.")
                % {"question": question.title},
                code="invalid_answer",
            )
        if answer == Compliance.NOT_COMPLIANT:
            if not answer_notes.strip():
                raise ValidationError(
                    _("Say what was found for “%(question)s” (%(code)s): it becomes the non-conformity.")
                    % {"question": question.title, "code": question.code},
                    code="finding_notes_required",
                )
            if severities.get(question.key) not in Severity.values:
                raise ValidationError(
                    _("Choose how serious the finding on “%(question)s” (%(code)s) is: minor, major or critical.")
                    % {"question": question.title, "code": question.code},
                    code="severity",
                )


def failed_questions(questions: list[Question], answers: dict[str, tuple[str, str]]) -> list[Question]:
    return [q for q in questions if answers[q.key][0] == Compliance.NOT_COMPLIANT]


def answers_save(
    *,
    inspection: Inspection,
    questions: list[Question],
    answers: dict[str, tuple[str, str]],
    severities: dict[str, str],
    by: User,
) -> None:
    """The answers of a saved inspection, and a non-conformity for each "not compliant" one: about the member for a
    member's inspection, about the group as a whole for the group's assessment."""
    # One answer per requirement: the answer to a cross-walk topic counts for every chosen standard that asks it.
    InspectionAnswer.objects.bulk_create(
        InspectionAnswer(
            inspection=inspection,
            requirement=requirement,
            crosswalk_topic=question.topic,
            answer=answers[question.key][0],
            notes=answers[question.key][1].strip(),
        )
        for question in questions
        for requirement in question.requirements
    )
    for question in failed_questions(questions, answers):
        nonconformity_create(
            group=inspection.round.group,
            by=by,
            requirement=question.lead,
            # The answer counts for every chosen standard that asks the question: so does the finding.
            requirements=question.requirements,
            severity=severities[question.key],
            description=answers[question.key][1],
            found_on=inspection.inspected_on,
            member=inspection.member,
            inspection=inspection,
        )
