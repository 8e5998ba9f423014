"""Forms of the phase page: answering a manual criterion, overriding a gate, the other moves."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from ..models import AnswerStatus, MoveKind, Phase


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    """Several files in one input (Django's documented pattern); each is checked by the answer service."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("widget", MultipleFileInput(attrs={"accept": ".pdf,.jpg,.jpeg,.png,application/pdf,image/*"}))
        super().__init__(*args, **kwargs)

    def clean(self, data: Any, initial: Any = None) -> list[Any]:
        single = super().clean
        if isinstance(data, list | tuple):
            return [single(item, initial) for item in data]
        return [single(data, initial)] if data else []


class AnswerForm(forms.Form):
    status = forms.ChoiceField(label=_("Answer"), choices=AnswerStatus.choices, widget=forms.RadioSelect)
    evidence_note = forms.CharField(
        label=_("Evidence"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("What shows it: a document, a meeting, a visit. Required when the criterion does not apply."),
    )
    attachments = MultipleFileField(
        label=_("Files"), required=False, help_text=_("PDF, JPEG or PNG; several at once if you like.")
    )


class OverrideForm(forms.Form):
    justification = forms.CharField(
        label=_("Justification"),
        min_length=20,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Why the group may advance although criteria are unmet. Kept with the decision."),
    )


class MoveForm(forms.Form):
    """Moves other than advancing: each needs a reason, except resuming."""

    KINDS = [
        (MoveKind.BACK, _("Move back to an earlier phase")),
        (MoveKind.HOLD, _("Put on hold")),
        (MoveKind.RESUME, _("Resume")),
        (MoveKind.SUSPEND, _("Certificate suspended: back to planning phase 2")),
        (MoveKind.WITHDRAW, _("Withdraw from the inner cycle")),
    ]

    kind = forms.ChoiceField(label=_("Move"), choices=KINDS)
    to_phase: forms.ModelChoiceField[Phase] = forms.ModelChoiceField(
        label=_("Back to"), queryset=Phase.objects.none(), required=False, empty_label=_("(only when moving back)")
    )
    reason = forms.CharField(label=_("Reason"), required=False, widget=forms.Textarea(attrs={"rows": 2}))

    def __init__(self, *args: Any, current: Phase, kinds: list[MoveKind] | None = None, **kwargs: Any) -> None:
        """`kinds`: the moves that apply to the group now (cycles.moves); the form offers only those."""
        super().__init__(*args, **kwargs)
        if kinds is not None:
            kind_field = self.fields["kind"]
            assert isinstance(kind_field, forms.ChoiceField)
            kind_field.choices = [(kind, label) for kind, label in self.KINDS if kind in kinds]
            if MoveKind.BACK not in kinds:
                del self.fields["to_phase"]
                return
        field = self.fields["to_phase"]
        assert isinstance(field, forms.ModelChoiceField)
        field.queryset = Phase.objects.filter(order__lt=current.order).order_by("order")

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("kind") == MoveKind.BACK and not data.get("to_phase"):
            self.add_error("to_phase", forms.ValidationError(_("Choose the phase to go back to."), code="required"))
        if data.get("kind") != MoveKind.RESUME and not (data.get("reason") or "").strip():
            self.add_error("reason", forms.ValidationError(_("Say why."), code="required"))
        return data
