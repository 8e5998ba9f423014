"""What a coordinator enters for a programme's IATI export."""

from django import forms
from django.utils.translation import gettext_lazy as _


class IatiForm(forms.Form):
    funder_identifier = forms.CharField(
        label=_("The funder's IATI organisation identifier"),
        max_length=100,
        required=False,
        help_text=_("As registered with IATI, e.g. NL-KVK-41197520."),
    )
    activity_id = forms.CharField(
        label=_("The programme's IATI activity identifier"),
        max_length=100,
        required=False,
        help_text=_("The funder's own code for the programme; the export puts the funder's identifier before it."),
    )
    budget = forms.DecimalField(label=_("Budget"), max_digits=16, decimal_places=2, min_value=0, required=False)
    budget_currency = forms.CharField(
        label=_("Budget currency"), max_length=3, required=False, help_text=_("Three letters, e.g. EUR.")
    )
