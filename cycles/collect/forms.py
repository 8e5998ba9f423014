"""Forms of field capture: naming a phone's key, bringing in submissions from KoboToolbox or ODK Central, and the
reviewer's decisions."""

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from producers.models import Member

from ..forms.fields import MemberChoiceField


class KeyForm(forms.Form):
    label = forms.CharField(
        label=_("Which phone is it for?"),
        max_length=80,
        help_text=_("For example: 'Tecno of the Gikoe office' or 'Agnes's own phone'. Shown in the list of keys."),
    )


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("widget", MultipleFileInput())
        super().__init__(*args, **kwargs)

    def clean(self, data: Any, initial: Any = None) -> Any:
        single = super().clean
        if isinstance(data, list | tuple):
            return [single(item, initial) for item in data]
        return [single(data, initial)] if data else []


class ImportForm(forms.Form):
    xml_files = MultipleFileField(
        label=_("Submission XML files"),
        required=False,
        help_text=_("The files of a KoboToolbox or ODK Central project, one per submission."),
    )
    csv_file = forms.FileField(
        label=_("Or a CSV export"),
        required=False,
        help_text=_("The CSV export of this round's form (KoboToolbox or ODK Central), with the XML group names."),
    )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if not data.get("xml_files") and not data.get("csv_file"):
            raise forms.ValidationError(_("Choose XML files or a CSV file to bring in."), code="nothing")
        return data


class RejectForm(forms.Form):
    note = forms.CharField(
        label=_("Why is it rejected?"),
        max_length=500,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("For example: a test form, or a visit already recorded on paper."),
    )


class ChooseMemberForm(forms.Form):
    """The member the corrected inspection is for: the one chosen on the phone, or another when it was a mistake."""

    member = MemberChoiceField(label=_("Member inspected"), queryset=Member.objects.none())

    def __init__(self, *args: Any, members: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["member"]
        assert isinstance(field, forms.ModelChoiceField)
        field.queryset = members
