"""The form of an improvement plan action: the requirement from the group's chosen standards, or a written gap."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from producers.forms import DateInput
from producers.models import ProducerGroup
from standards.models import Requirement

from ..models import Indicator, PlanAction, PlanStatus
from ..selectors.trainings import requirement_choices
from ..services.plans import OWNER_MAX_LENGTH, TITLE_MAX_LENGTH
from ..services.reasons import REASON_MAX_LENGTH


class RequirementChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: Requirement) -> str:
        text = obj.text if len(obj.text) <= 90 else f"{obj.text[:89]}…"
        return f"{obj.standard.short_name} {obj.code}: {text}"


class PlanActionForm(forms.Form):
    title = forms.CharField(label=gettext_lazy("Action"), max_length=TITLE_MAX_LENGTH)
    requirement = RequirementChoiceField(
        label=gettext_lazy("Requirement"),
        queryset=Requirement.objects.none(),
        required=False,
        empty_label=gettext_lazy("— none: a gap described below —"),
    )
    gap = forms.CharField(
        label=gettext_lazy("Gap"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=gettext_lazy("The gap it closes, when it is not a requirement (or to say more about it)."),
    )
    owner = forms.CharField(
        label=gettext_lazy("Owner"),
        max_length=OWNER_MAX_LENGTH,
        help_text=gettext_lazy("Who is responsible: a name or a role, such as “ICS manager”."),
    )
    deadline = forms.DateField(label=gettext_lazy("Deadline"), widget=DateInput())
    status = forms.ChoiceField(label=gettext_lazy("Status"), choices=PlanStatus.choices, initial=PlanStatus.PLANNED)
    indicator: forms.ModelChoiceField[Indicator] = forms.ModelChoiceField(
        label=gettext_lazy("Indicator it should move"),
        queryset=Indicator.objects.order_by("order", "name"),
        required=False,
        empty_label=gettext_lazy("— none —"),
    )
    reason = forms.CharField(
        label=gettext_lazy("Reason"),
        required=False,
        max_length=REASON_MAX_LENGTH,
        help_text=gettext_lazy("Needed when the action is dropped; kept in its history."),
    )
    expected_version = forms.IntegerField(widget=forms.HiddenInput, min_value=1)

    def __init__(self, *args: Any, group: ProducerGroup, action: PlanAction | None = None, **kwargs: Any) -> None:
        if action is not None:
            kwargs.setdefault(
                "initial",
                {
                    "title": action.title,
                    "requirement": action.requirement_id,
                    "gap": action.gap,
                    "owner": action.owner,
                    "deadline": action.deadline,
                    "status": action.status,
                    "indicator": action.indicator_id,
                    "expected_version": action.version,
                },
            )
        super().__init__(*args, **kwargs)
        field = self.fields["requirement"]
        assert isinstance(field, forms.ModelChoiceField)
        field.queryset = requirement_choices(group)
        self._dropped_before = action is not None and action.status == PlanStatus.DROPPED
        if action is None:
            del self.fields["expected_version"]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if not data.get("requirement") and not (data.get("gap") or "").strip():
            self.add_error(
                "gap",
                forms.ValidationError(
                    _("Choose a requirement, or describe the gap the action closes."), code="gap_required"
                ),
            )
        dropping = data.get("status") == PlanStatus.DROPPED and not self._dropped_before
        if dropping and not (data.get("reason") or "").strip():
            self.add_error("reason", forms.ValidationError(_("Say why the action is dropped."), code="reason_required"))
        return data

    def changes(self) -> dict[str, Any]:
        names = ("title", "requirement", "gap", "owner", "deadline", "status", "indicator", "reason")
        return {name: self.cleaned_data[name] for name in names}
