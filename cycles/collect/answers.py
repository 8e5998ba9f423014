"""A submission's fields read as the inspection service's arguments: who was inspected, by whom, when and where,
and the answers by question key. A value that cannot be read raises ValidationError with a code, like the service
itself, so that the review queue says what is wrong in the same words."""

from dataclasses import dataclass
from datetime import date
from decimal import Decimal, InvalidOperation

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from producers.models import Member, ProducerGroup

from ..models import Compliance, Inspector
from ..selectors.inspections import Question
from .xlsform import answer_field


@dataclass
class InspectionFields:
    member: Member
    inspector: Inspector
    inspected_on: date
    location: tuple[Decimal, Decimal, Decimal | None] | None
    answers: dict[str, tuple[str, str]]
    severities: dict[str, str]
    notes: str
    photos: dict[str, str]  # question key -> attachment name


def _pk(value: str) -> int | None:
    return int(value) if value.isdigit() and len(value) < 12 else None


def read_member(group: ProducerGroup, value: str) -> Member:
    pk = _pk(value)
    member = Member.objects.filter(group=group, pk=pk).first() if pk is not None else None
    if member is None:
        raise ValidationError(
            _("The member chosen on the phone (%(value)s) is not in this group's register.") % {"value": value[:20]},
            code="member_unknown",
        )
    return member


def read_inspector(group: ProducerGroup, value: str) -> Inspector:
    pk = _pk(value)
    inspector = Inspector.objects.filter(group=group, pk=pk).first() if pk is not None else None
    if inspector is None:
        raise ValidationError(
            _("The inspector chosen on the phone (%(value)s) is not one of this group's inspectors.")
            % {"value": value[:20]},
            code="inspector_unknown",
        )
    return inspector


def read_date(value: str) -> date:
    try:
        return date.fromisoformat(value[:10])
    except ValueError:
        raise ValidationError(
            _("The inspection has no readable date (%(value)s).") % {"value": value[:20]}, code="date"
        ) from None


def read_location(value: str) -> tuple[Decimal, Decimal, Decimal | None] | None:
    """ODK's geopoint: "latitude longitude altitude accuracy"; empty when the phone had no fix."""
    if not value:
        return None
    parts = value.split()
    try:
        latitude, longitude = Decimal(parts[0]), Decimal(parts[1])
        accuracy = Decimal(parts[3]).quantize(Decimal("0.1")) if len(parts) > 3 else None
    except (IndexError, InvalidOperation):
        raise ValidationError(
            _("The GPS point (%(value)s) cannot be read.") % {"value": value[:60]}, code="location"
        ) from None
    if not (-90 <= latitude <= 90 and -180 <= longitude <= 180) or (accuracy is not None and accuracy < 0):
        raise ValidationError(_("The GPS point (%(value)s) is not on Earth.") % {"value": value[:60]}, code="location")
    return latitude.quantize(Decimal("0.000001")), longitude.quantize(Decimal("0.000001")), accuracy


def read_answers(
    fields: dict[str, str], questions: list[Question]
) -> tuple[dict[str, tuple[str, str]], dict[str, str]]:
    """The answers and severities by question key; a question the submission does not carry is left out, for the
    service to name as unanswered."""
    answers: dict[str, tuple[str, str]] = {}
    severities: dict[str, str] = {}
    for question in questions:
        answer = fields.get(answer_field(question, "answer"), "")
        if not answer:
            continue
        answers[question.key] = (answer, fields.get(answer_field(question, "note"), ""))
        if answer == Compliance.NOT_COMPLIANT:
            severities[question.key] = fields.get(answer_field(question, "severity"), "")
    return answers, severities


def read_fields(*, group: ProducerGroup, fields: dict[str, str], questions: list[Question]) -> InspectionFields:
    answers, severities = read_answers(fields, questions)
    photos = {q.key: fields[answer_field(q, "photo")] for q in questions if fields.get(answer_field(q, "photo"), "")}
    return InspectionFields(
        member=read_member(group, fields.get("member", "")),
        inspector=read_inspector(group, fields.get("inspector", "")),
        inspected_on=read_date(fields.get("inspected_on", "")),
        location=read_location(fields.get("location", "")),
        answers=answers,
        severities=severities,
        notes=fields.get("notes", "")[:4000],
        photos=photos,
    )
