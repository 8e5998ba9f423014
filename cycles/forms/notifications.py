"""What a person chooses to receive by e-mail."""

from django import forms

from ..models import NotificationPreference


class PreferenceForm(forms.ModelForm):
    class Meta:
        model = NotificationPreference
        fields = ["urgent", "weekly", "time_zone"]
