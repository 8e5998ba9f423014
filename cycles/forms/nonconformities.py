"""Forms of non-conformities: the list's filters, a status move, corrective actions and sanctions.

They check what a browser can get wrong; the services decide what is allowed, and their refusals are shown on
these same forms. Choice fields are scoped by the view (this member's non-conformities only).
"""

from datetime import date
from typing import TYPE_CHECKING, Any

from django import forms
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from producers.forms import DateInput
from standards.models import Standard

from ..models import CorrectiveAction, NCSource, NCStatus, NonConformity, SanctionType, Severity

if TYPE_CHECKING:
    from django_stubs_ext import StrOrPromise


def _date_field(label: "StrOrPromise", *, required: bool = True, help_text: "StrOrPromise" = "") -> forms.DateField:
    return forms.DateField(label=label, required=required, widget=DateInput(), help_text=help_text)


class NCFilterForm(forms.Form):
    """The list's filters (GET). An unknown value is ignored rather than refused."""

    status = forms.ChoiceField(label=_("Status"), required=False, choices=[("", _("Any status")), *NCStatus.choices])
    severity = forms.ChoiceField(
        label=_("Severity"), required=False, choices=[("", _("Any severity")), *Severity.choices]
    )
    source = forms.ChoiceField(label=_("Source"), required=False, choices=[("", _("Any source")), *NCSource.choices])
    overdue = forms.BooleanField(label=_("Overdue only"), required=False)
    standard = forms.ChoiceField(label=_("Standard"), required=False)

    def __init__(self, *args: Any, standards: "QuerySet[Standard]", **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["standard"]
        assert isinstance(field, forms.ChoiceField)
        field.choices = [("", _("Any standard")), *((s.code, s.short_name) for s in standards)]

    def filters(self) -> dict[str, Any]:
        if not self.is_valid():
            return {"status": "", "severity": "", "source": "", "overdue": False, "standard": ""}
        return dict(self.cleaned_data)


class NCStatusForm(forms.Form):
    """One step of the workflow, from the status the person saw (carried in `expected_status`)."""

    to_status = forms.ChoiceField(choices=NCStatus.choices, widget=forms.HiddenInput)
    expected_status = forms.ChoiceField(choices=NCStatus.choices, widget=forms.HiddenInput)
    note = forms.CharField(label=_("Note"), required=False, widget=forms.Textarea(attrs={"rows": 2}))
    closed_on = _date_field(_("Closed on"), required=False, help_text=_("Today if left empty."))

    def __init__(self, *args: Any, to_status: str | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        to_status = to_status or self.data.get("to_status") or self.initial.get("to_status")
        if to_status != NCStatus.CLOSED:
            del self.fields["closed_on"]
        note = self.fields["note"]
        if self.initial.get("expected_status", self.data.get("expected_status")) == NCStatus.IMPLEMENTED:
            note.required = True
            if to_status == NCStatus.CLOSED:
                note.label = _("What was checked")
                note.help_text = _("What you saw on the farm or in the records that shows the problem is corrected.")
            else:
                note.label = _("Why the verification failed, and what must still be done")
        else:
            note.label = _("Note (optional)")


class CorrectiveActionForm(forms.Form):
    """Adding an action or changing one; a change carries the version it was read at."""

    description = forms.CharField(label=_("What will be done"), widget=forms.Textarea(attrs={"rows": 2}))
    owner = forms.CharField(
        label=_("Who does it"), max_length=120, help_text=_("A person or a role: the member, the ICS manager, …")
    )
    due_on = _date_field(_("Due on"))
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)
    reason = forms.CharField(
        label=_("Why the change (optional)"), required=False, max_length=200, help_text=_("Kept in the history.")
    )

    def __init__(
        self, *args: Any, nonconformity: NonConformity, action: CorrectiveAction | None = None, **kw: Any
    ) -> None:
        if action is not None and not args and "initial" not in kw:
            kw["initial"] = {
                "description": action.description,
                "owner": action.owner,
                "due_on": action.due_on,
                "version": action.version,
            }
        super().__init__(*args, **kw)
        self.nonconformity = nonconformity
        if action is None:
            del self.fields["version"]
            del self.fields["reason"]
        else:
            self.fields["version"].required = True

    def clean_due_on(self) -> date:
        due_on: date = self.cleaned_data["due_on"]
        if due_on < self.nonconformity.found_on:
            raise forms.ValidationError(
                _("The due date cannot be before the non-conformity was found (%(date)s)."),
                code="due_before_finding",
                params={"date": self.nonconformity.found_on.isoformat()},
            )
        return due_on


class ActionDoneForm(forms.Form):
    done_on = _date_field(_("Done on"), required=False, help_text=_("Today if left empty."))


class SanctionTypeField(forms.ModelChoiceField):
    def label_from_instance(self, obj: Any) -> str:
        return f"{obj.name} – {obj.description}" if obj.description else str(obj.name)


class NonConformityField(forms.ModelChoiceField):
    def label_from_instance(self, obj: Any) -> str:
        return (
            f"{obj.requirement.code} · {obj.get_severity_display()} · {obj.found_on:%Y-%m-%d} · "
            f"{obj.get_status_display()}"
        )


class SanctionForm(forms.Form):
    sanction_type = SanctionTypeField(
        label=_("Sanction"), queryset=SanctionType.objects.none(), empty_label=_("Choose from the catalogue")
    )
    applied_on = _date_field(_("Applied on"))
    reason = forms.CharField(
        label=_("Reason"), widget=forms.Textarea(attrs={"rows": 3}), help_text=_("Told to the member; kept.")
    )
    nonconformity = NonConformityField(
        label=_("Answers the non-conformity"),
        queryset=NonConformity.objects.none(),
        required=False,
        empty_label=_("(none)"),
    )

    def __init__(
        self,
        *args: Any,
        sanction_types: QuerySet[SanctionType],
        nonconformities: QuerySet[NonConformity],
        **kwargs: Any,
    ) -> None:
        kwargs.setdefault("initial", {}).setdefault("applied_on", timezone.localdate())
        super().__init__(*args, **kwargs)
        types = self.fields["sanction_type"]
        assert isinstance(types, forms.ModelChoiceField)
        types.queryset = sanction_types
        field = self.fields["nonconformity"]
        assert isinstance(field, forms.ModelChoiceField)
        field.queryset = nonconformities


class SanctionLiftForm(forms.Form):
    lifted_on = _date_field(_("Lifted on"))
    reason = forms.CharField(label=_("Reason"), widget=forms.Textarea(attrs={"rows": 2}))

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("initial", {}).setdefault("lifted_on", timezone.localdate())
        super().__init__(*args, **kwargs)
