"""What the inspection form shows below the group's header, computed only when its kept part is rendered
(producers.page_cache): the form (empty, or as posted with its errors), one card per question, the inspectors."""

from producers.models import Member, ProducerGroup

from ..forms.inspections import InspectionForm
from ..selectors.inspections import inspection_questions


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
