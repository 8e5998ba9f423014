"""Forms of internal inspections: inspectors, conflicts of interest, opening a round, and one member's inspection.

Every choice is scoped to the group: its members, its inspectors, the logins of its own people.
"""

from dataclasses import dataclass
from datetime import date
from typing import Any

from django import forms
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from producers.forms import DateInput
from producers.models import Member, ProducerGroup, User

from ..models import Compliance, Inspector, Severity
from ..selectors.inspections import (
    Question,
    inspector_choices,
    inspector_refusal,
    login_choices,
    member_choices,
)
from ..services.inspections import FIRST_ROUND_YEAR
from .fields import MemberChoiceField


class LoginChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: Any) -> str:
        full = obj.get_full_name()
        return f"{full} ({obj.username})" if full else obj.username


class InspectorChoiceField(forms.ModelChoiceField):
    """Active inspectors; the labels warn about the one who is the member inspected and about missing training."""

    member: Member | None = None

    def label_from_instance(self, obj: Any) -> str:
        if self.member is not None and obj.member_id == self.member.pk:
            return str(_("%(name)s (this member: may not inspect)") % {"name": obj.name})
        if obj.trained_on is None:
            return str(_("%(name)s (no training recorded)") % {"name": obj.name})
        return str(obj.name)


class InspectorForm(forms.Form):
    name = forms.CharField(
        label=_("Name"),
        max_length=120,
        required=False,
        help_text=_("Leave empty for a member inspector: the member's name is used."),
    )
    member = MemberChoiceField(
        label=_("Member of the group"),
        queryset=Member.objects.none(),
        required=False,
        empty_label=_("(not a member: staff or an outside inspector)"),
        help_text=_("When the inspector is a member, the system never lets them inspect their own farm."),
    )
    user = LoginChoiceField(
        label=_("Login"),
        queryset=User.objects.none(),
        required=False,
        empty_label=_("(no login)"),
        help_text=_("Only when the inspector records inspections in the application themselves."),
    )
    trained_on = forms.DateField(label=_("Trained on"), required=False, widget=DateInput())
    active = forms.BooleanField(label=_("Active"), required=False, initial=True)
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args: Any, group: ProducerGroup, current: Inspector | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        members: QuerySet[Member] = member_choices(group)
        if current is not None and current.member_id is not None:
            members = members | Member.objects.filter(pk=current.member_id)
        self._set_queryset("member", members.order_by("member_number"))
        self._set_queryset("user", login_choices(group))
        self.fields["trained_on"].widget.attrs["max"] = timezone.localdate().isoformat()
        if current is None:
            del self.fields["version"]

    def _set_queryset(self, name: str, queryset: QuerySet[Any]) -> None:
        field = self.fields[name]
        assert isinstance(field, forms.ModelChoiceField)
        field.queryset = queryset

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if not (data.get("name") or "").strip() and data.get("member") is None and "name" not in self.errors:
            self.add_error("name", forms.ValidationError(_("Give a name, or choose the member."), code="name_required"))
        return data


class ConflictForm(forms.Form):
    member = MemberChoiceField(label=_("Member"), queryset=Member.objects.none(), empty_label=_("Choose the member"))
    declared_on = forms.DateField(label=_("Declared on"), widget=DateInput())
    reason = forms.CharField(
        label=_("Reason"),
        max_length=200,
        help_text=_("What ties the inspector to the member: family, neighbour, debt, a trade."),
    )

    def __init__(self, *args: Any, inspector: Inspector, **kwargs: Any) -> None:
        kwargs.setdefault("initial", {"declared_on": timezone.localdate()})
        super().__init__(*args, **kwargs)
        field = self.fields["member"]
        assert isinstance(field, forms.ModelChoiceField)
        members = member_choices(inspector.group)
        if inspector.member_id is not None:
            members = members.exclude(pk=inspector.member_id)
        field.queryset = members.exclude(conflicts__inspector=inspector)
        self.fields["declared_on"].widget.attrs["max"] = timezone.localdate().isoformat()


class RoundOpenForm(forms.Form):
    """The year of the round; the service refuses a year that has not begun, in words a manager understands."""

    year = forms.IntegerField(label=_("Year"), min_value=FIRST_ROUND_YEAR)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("initial", {"year": timezone.localdate().year})
        super().__init__(*args, **kwargs)
        self.fields["year"].widget.attrs["max"] = timezone.localdate().year


@dataclass
class QuestionRow:
    """One question of the form with its three inputs, for the template's cards."""

    question: Question
    answer: forms.BoundField
    notes: forms.BoundField
    severity: forms.BoundField

    @property
    def has_errors(self) -> bool:
        return bool(self.answer.errors or self.notes.errors or self.severity.errors)


class AnswerSheetForm(forms.Form):
    """One answer per question (compliant / not compliant / not applicable), with notes, and for a failed answer the
    severity of the finding: the part a member's inspection and the group's assessment share."""

    def __init__(self, *args: Any, questions: list[Question], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.questions = questions
        for question in questions:
            self.fields[f"{question.key}-answer"] = forms.ChoiceField(
                label=question.title,
                choices=Compliance.choices,
                widget=forms.RadioSelect(attrs={"class": "btn-check"}),
                error_messages={"required": _("Answer this question.")},
            )
            self.fields[f"{question.key}-notes"] = forms.CharField(
                label=_("Notes"), required=False, max_length=4000, widget=forms.Textarea(attrs={"rows": 2})
            )
            # No default: an inspector who does not choose would file every finding as minor.
            self.fields[f"{question.key}-severity"] = forms.ChoiceField(
                label=_("Severity if not compliant"),
                choices=[("", _("Choose the severity")), *Severity.choices],
                required=False,
            )

    def _limit_dates(self, name: str, year: int) -> None:
        today = timezone.localdate()
        self.fields[name].widget.attrs.update(
            {"min": date(year, 1, 1).isoformat(), "max": min(date(year, 12, 31), today).isoformat()}
        )

    def rows(self) -> list[QuestionRow]:
        return [
            QuestionRow(
                question=question,
                answer=self[f"{question.key}-answer"],
                notes=self[f"{question.key}-notes"],
                severity=self[f"{question.key}-severity"],
            )
            for question in self.questions
        ]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        for question in self.questions:
            if (
                data.get(f"{question.key}-answer") == Compliance.NOT_COMPLIANT
                and not (data.get(f"{question.key}-notes") or "").strip()
            ):
                self.add_error(
                    f"{question.key}-notes",
                    forms.ValidationError(
                        _("Say what was found: it becomes the non-conformity."), code="finding_notes_required"
                    ),
                )
            if data.get(f"{question.key}-answer") == Compliance.NOT_COMPLIANT and not data.get(
                f"{question.key}-severity"
            ):
                self.add_error(
                    f"{question.key}-severity",
                    forms.ValidationError(
                        _("Choose how serious the finding is: minor, major or critical."),
                        code="finding_severity_required",
                    ),
                )
        return data

    def answers(self) -> dict[str, tuple[str, str]]:
        data = self.cleaned_data
        return {q.key: (data[f"{q.key}-answer"], data.get(f"{q.key}-notes") or "") for q in self.questions}

    def severities(self) -> dict[str, str]:
        data = self.cleaned_data
        return {
            q.key: data[f"{q.key}-severity"]
            for q in self.questions
            if data[f"{q.key}-answer"] == Compliance.NOT_COMPLIANT
        }


class InspectionForm(AnswerSheetForm):
    """One member's inspection: who, when, and an answer to each farm-level question."""

    inspector = InspectorChoiceField(
        label=_("Inspector"), queryset=Inspector.objects.none(), empty_label=_("Choose the inspector")
    )
    inspected_on = forms.DateField(label=_("Inspected on"), widget=DateInput())
    notes = forms.CharField(
        label=_("General notes"), required=False, max_length=4000, widget=forms.Textarea(attrs={"rows": 2})
    )

    def __init__(
        self, *args: Any, group: ProducerGroup, year: int, member: Member, questions: list[Question], **kwargs: Any
    ) -> None:
        today = timezone.localdate()
        if today.year == year:
            kwargs.setdefault("initial", {"inspected_on": today})
        super().__init__(*args, questions=questions, **kwargs)
        self.member = member
        inspector_field = self.fields["inspector"]
        assert isinstance(inspector_field, InspectorChoiceField)
        inspector_field.queryset = inspector_choices(group)
        inspector_field.member = member
        self._limit_dates("inspected_on", year)

    def clean_inspector(self) -> Inspector:
        inspector: Inspector = self.cleaned_data["inspector"]
        refusal = inspector_refusal(inspector=inspector, member=self.member)
        if refusal is not None:
            raise refusal
        return inspector


class GroupAssessmentForm(AnswerSheetForm):
    """The group's yearly assessment: when, and an answer to each question about the group as a whole. Who answers
    is the person who records it."""

    assessed_on = forms.DateField(label=_("Assessed on"), widget=DateInput())
    notes = forms.CharField(
        label=_("General notes"),
        required=False,
        max_length=4000,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("Who took part (manager, ICS manager, board members) and which documents were seen."),
    )

    def __init__(self, *args: Any, year: int, questions: list[Question], **kwargs: Any) -> None:
        today = timezone.localdate()
        if today.year == year:
            kwargs.setdefault("initial", {"assessed_on": today})
        super().__init__(*args, questions=questions, **kwargs)
        self._limit_dates("assessed_on", year)
