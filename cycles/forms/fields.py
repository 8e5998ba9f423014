"""Form fields shared by the record forms."""

from typing import Any

from django import forms
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from producers.models import Member
from producers.models.members import MemberStatus


class MemberChoiceField(forms.ModelChoiceField):
    """One member of the group, named by number and name (a member who left says so). The list carries a search
    box (static/js/select-search.js): a group may have thousands of members."""

    widget = forms.Select(attrs={"data-searchable": gettext_lazy("Search by number or name")})

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("queryset", Member.objects.none())
        super().__init__(*args, **kwargs)

    def label_from_instance(self, obj: Member) -> str:
        label = f"{obj.member_number} · {obj.full_name}"
        return f"{label} ({_('left')})" if obj.status == MemberStatus.LEFT else label
