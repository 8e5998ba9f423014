"""Forms of the member register. They check what a browser can get wrong; the register services decide what a
valid member or plot is, and their errors are shown on these same forms.

The forms are plain forms built from the models' fields, not ModelForms: a ModelForm writes the typed values
into the instance it validates, and the services must compare what was typed with what is saved.
"""

from typing import Any

from django import forms
from django.forms.models import fields_for_model
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from .imports import MAX_BYTES
from .models import Member, Plot
from .models.members import MemberStatus
from .services import MEMBER_FIELDS, PLOT_FIELDS, allowed_statuses


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, attrs: dict[str, Any] | None = None) -> None:
        super().__init__(attrs, format="%Y-%m-%d")


class VersionedForm(forms.Form):
    """A form for a change to a saved record: it carries the version it was read at, and a reason."""

    reason = forms.CharField(
        label=_("Reason for the change (optional)"),
        required=False,
        max_length=1000,
        help_text=_("Kept in the record's history."),
    )
    expected_version = forms.IntegerField(widget=forms.HiddenInput, min_value=1)


def _initial(instance: Any, names: tuple[str, ...]) -> dict[str, Any]:
    initial = {name: getattr(instance, name) for name in names}
    initial["expected_version"] = instance.version
    return initial


class MemberForm(VersionedForm):
    """Adding a member (with a first status) or changing one (with the version it was read at)."""

    def __init__(self, *args: Any, member: Member | None = None, **kwargs: Any) -> None:
        if member is not None:
            kwargs.setdefault("initial", _initial(member, MEMBER_FIELDS))
        super().__init__(*args, **kwargs)
        reason, version = self.fields.pop("reason"), self.fields.pop("expected_version")
        self.fields.update(
            fields_for_model(
                Member,
                fields=list(MEMBER_FIELDS),
                widgets={"joined_on": DateInput(), "consent_given_on": DateInput()},
            )
        )
        self.fields["year_of_birth"].widget.attrs.update({"placeholder": "1975", "inputmode": "numeric"})
        self.fields["phone"].widget.attrs.update({"inputmode": "tel", "autocomplete": "off"})
        self.fields["consent_given_on"].help_text = _(
            "The date the farmer agreed that the group keeps and shares their data. You are recorded as the "
            "person who took it."
        )
        if member is None:
            self.fields["status"] = forms.ChoiceField(
                label=_("Status"),
                choices=MemberStatus.choices,
                initial=MemberStatus.APPLICANT,
                help_text=_(
                    "A new farmer is an applicant until inspected and approved. When you bring in an existing "
                    "register, give each member the status they have."
                ),
            )
        else:
            self.fields["reason"] = reason
            self.fields["expected_version"] = version

    def clean_year_of_birth(self) -> int | None:
        year: int | None = self.cleaned_data.get("year_of_birth")
        if year is not None and year > timezone.localdate().year:
            raise forms.ValidationError(_("The year of birth is in the future."), code="future_year")
        return year

    def changes(self) -> dict[str, Any]:
        """The member's fields as the services take them."""
        names = (*MEMBER_FIELDS, "status") if "status" in self.fields else MEMBER_FIELDS
        return {name: self.cleaned_data[name] for name in names}


# What each move is called on the status form, from the member's point of view.
ACTIONS = {
    MemberStatus.APPROVED: _("Approve"),
    MemberStatus.SANCTIONED: _("Sanction"),
    MemberStatus.SUSPENDED: _("Suspend"),
    MemberStatus.LEFT: _("Left the group"),
    MemberStatus.APPLICANT: _("Re-admit as an applicant"),
}


class StatusChangeForm(forms.Form):
    to_status = forms.ChoiceField(label=_("New status"), choices=())
    changed_on = forms.DateField(label=_("On"), widget=DateInput())
    reason = forms.CharField(
        label=_("Reason"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("Required, except for an approval. Kept in the member's status history."),
    )
    # The status the person saw: a move decided on a stale page is refused instead of applied.
    expected_status = forms.ChoiceField(choices=MemberStatus.choices, widget=forms.HiddenInput)

    def __init__(self, *args: Any, member: Member, **kwargs: Any) -> None:
        kwargs.setdefault("initial", {"changed_on": timezone.localdate(), "expected_status": member.status})
        super().__init__(*args, **kwargs)
        seen = self.data.get("expected_status") if self.is_bound else None
        current = seen if seen in MemberStatus.values else member.status
        field = self.fields["to_status"]
        assert isinstance(field, forms.ChoiceField)
        # No move is chosen in advance: a status change is a decision.
        field.choices = [("", _("— choose —"))] + [
            (status, ACTIONS[MemberStatus(status)]) for status in allowed_statuses(current)
        ]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("to_status") and data["to_status"] != MemberStatus.APPROVED and not data.get("reason"):
            self.add_error("reason", forms.ValidationError(_("Say why the status changes."), code="reason_required"))
        return data


class PlotForm(VersionedForm):
    def __init__(self, *args: Any, plot: Plot | None = None, **kwargs: Any) -> None:
        if plot is not None:
            kwargs.setdefault("initial", _initial(plot, PLOT_FIELDS))
        super().__init__(*args, **kwargs)
        reason, version = self.fields.pop("reason"), self.fields.pop("expected_version")
        self.fields.update(fields_for_model(Plot, fields=list(PLOT_FIELDS)))
        for name in ("area_ha", "certified_area_ha", "latitude", "longitude"):
            self.fields[name].widget.attrs["inputmode"] = "decimal"
        self.fields["certified_area_ha"].help_text = _("The part of the plot that is certified; 0 if none yet.")
        self.fields["latitude"].help_text = _("A GPS point is optional; give both numbers or neither.")
        if plot is not None:
            self.fields["reason"] = reason
            self.fields["expected_version"] = version

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        # The plot's own rules (certified area within the area, a whole GPS point), shown with the field errors
        # rather than after them. A field already refused is left out, so it is not blamed twice.
        try:
            Plot(**{name: data.get(name) for name in PLOT_FIELDS}).clean()
        except forms.ValidationError as error:
            for name, errors in error.error_dict.items():
                if not self.has_error(name):
                    self.add_error(name, errors)
        return data

    def changes(self) -> dict[str, Any]:
        return {name: self.cleaned_data[name] for name in PLOT_FIELDS}


class ImportForm(forms.Form):
    file = forms.FileField(
        label=_("File"),
        help_text=_("CSV or Excel workbook (.xlsx), at most 20,000 members."),
        widget=forms.ClearableFileInput(
            attrs={"accept": ".csv,.xlsx,text/csv,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"}
        ),
    )

    def clean_file(self) -> Any:
        upload = self.cleaned_data["file"]
        if upload.size > MAX_BYTES:
            raise forms.ValidationError(
                _("The file is larger than %(size)d MB. Split it into smaller files.") % {"size": MAX_BYTES // 2**20},
                code="file_too_large",
            )
        return upload
