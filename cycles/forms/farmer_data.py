"""The confirmation of a farmer's request to erase their data: the member number typed again, and how it came."""

from django import forms
from django.utils.translation import gettext_lazy as _


class ErasureForm(forms.Form):
    confirm_number = forms.CharField(
        label=_("Type the member number to confirm"),
        max_length=32,
        widget=forms.TextInput(attrs={"autocomplete": "off"}),
    )
    reason = forms.CharField(
        label=_("How the farmer asked for it"),
        help_text=_("The date, and who took the request: it is kept in the security log."),
        max_length=300,
        widget=forms.Textarea(attrs={"rows": 2}),
    )
