"""The training form: every choice scoped to the group (its chosen standards' requirements, its members who have
not left, its inspectors); the services decide what a valid training is."""

from typing import Any

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from producers.forms import DateInput
from producers.models import Member, ProducerGroup
from standards.models import Requirement

from ..models import Inspector, Training
from ..selectors.trainings import attendee_choices, inspector_choices, requirement_choices, trainer_choices
from ..services.reasons import REASON_MAX_LENGTH
from ..services.trainings import TOPIC_MAX_LENGTH


class MemberChoiceField(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj: Member) -> str:
        parts = [obj.member_number, obj.full_name]
        if obj.village:
            parts.append(obj.village)
        return " · ".join(parts)


class RequirementChoiceField(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj: Requirement) -> str:
        return f"{obj.standard.short_name} {obj.code}: {obj.text}"


def _checkboxes() -> forms.CheckboxSelectMultiple:
    return forms.CheckboxSelectMultiple(attrs={"class": "form-check-input"})


class TrainingForm(forms.Form):
    """Recording a training (no `training`) or changing one (`expected_version` and a reason carried along)."""

    topic = forms.CharField(label=_("Topic"), max_length=TOPIC_MAX_LENGTH)
    held_on = forms.DateField(label=_("Held on"), widget=DateInput())
    trainer = forms.ModelChoiceField(
        label=_("Trainer organisation"),
        queryset=trainer_choices(),
        required=False,
        empty_label=_("— the group itself —"),
    )
    requirements = RequirementChoiceField(
        label=_("Requirements it addresses"),
        queryset=Requirement.objects.none(),
        required=False,
        widget=_checkboxes(),
    )
    attendees = MemberChoiceField(
        label=_("Attendance"), queryset=Member.objects.none(), required=False, widget=_checkboxes()
    )
    inspectors = forms.ModelMultipleChoiceField(
        label=_("Internal inspectors trained"), queryset=Inspector.objects.none(), required=False, widget=_checkboxes()
    )
    notes = forms.CharField(label=_("Notes"), required=False, widget=forms.Textarea(attrs={"rows": 3}))
    reason = forms.CharField(
        label=_("Reason for the change (optional)"),
        required=False,
        max_length=REASON_MAX_LENGTH,
        help_text=_("Kept in the history with this version."),
    )
    expected_version = forms.IntegerField(widget=forms.HiddenInput, min_value=1)

    def __init__(self, *args: Any, group: ProducerGroup, training: Training | None = None, **kwargs: Any) -> None:
        if training is not None:
            kwargs.setdefault(
                "initial",
                {
                    "topic": training.topic,
                    "held_on": training.held_on,
                    "trainer": training.trainer_id,
                    "requirements": list(training.requirements.values_list("pk", flat=True)),
                    "attendees": list(training.attendees.values_list("pk", flat=True)),
                    "inspectors": list(training.inspectors.values_list("pk", flat=True)),
                    "notes": training.notes,
                    "expected_version": training.version,
                },
            )
        super().__init__(*args, **kwargs)
        self._field("requirements").queryset = requirement_choices(group)
        self._field("attendees").queryset = attendee_choices(group, training)
        self._field("inspectors").queryset = inspector_choices(group, training)
        self.fields["held_on"].widget.attrs["max"] = timezone.localdate().isoformat()
        if training is None:
            del self.fields["reason"]
            del self.fields["expected_version"]

    def _field(self, name: str) -> forms.ModelMultipleChoiceField:
        field = self.fields[name]
        assert isinstance(field, forms.ModelMultipleChoiceField)
        return field

    def changes(self) -> dict[str, Any]:
        """The cleaned values as the training services take them."""
        names = ("topic", "held_on", "trainer", "requirements", "attendees", "inspectors", "notes")
        return {name: self.cleaned_data[name] for name in names}
