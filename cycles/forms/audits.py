"""Forms of external audits: the audit, a finding, a certificate and its suspension or reinstatement.

Every choice is scoped by the view: the group's chosen standards, certification bodies, the audited standard's
requirements, the group's members.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from django import forms
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from producers.forms import DateInput
from producers.models import Member, Organisation
from standards.models import AuditType, Requirement, Standard

from ..models import Severity
from .fields import MemberChoiceField


class AuditForm(forms.Form):
    standard: forms.ModelChoiceField[Standard] = forms.ModelChoiceField(
        label=_("Standard"), queryset=Standard.objects.none()
    )
    certification_body = forms.ModelChoiceField(label=_("Certification body"), queryset=Organisation.objects.none())
    audit_type = forms.ChoiceField(label=_("Type"), choices=AuditType.choices)
    audited_on = forms.DateField(label=_("Audited on"), widget=DateInput())
    auditor = forms.CharField(label=_("Lead auditor"), max_length=120, required=False)
    summary = forms.CharField(
        label=_("Summary"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("The auditor's conclusion in a few lines. Record each finding on the audit's page."),
    )

    def __init__(
        self, *args: Any, standards: QuerySet[Standard], certification_bodies: QuerySet[Organisation], **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        standard = self.fields["standard"]
        assert isinstance(standard, forms.ModelChoiceField)
        standard.queryset = standards
        body = self.fields["certification_body"]
        assert isinstance(body, forms.ModelChoiceField)
        body.queryset = certification_bodies


class RequirementField(forms.ModelChoiceField):
    def label_from_instance(self, obj: Any) -> str:
        return f"{obj.code} – {obj.text[:90]}"


class FindingForm(forms.Form):
    requirement = RequirementField(label=_("Requirement"), queryset=Requirement.objects.none())
    severity = forms.ChoiceField(label=_("Severity"), choices=Severity.choices, widget=forms.RadioSelect)
    description = forms.CharField(label=_("What the auditor found"), widget=forms.Textarea(attrs={"rows": 3}))
    member = MemberChoiceField(
        label=_("About a member (optional)"),
        queryset=Member.objects.none(),
        required=False,
        empty_label=_("(the group as a whole)"),
    )

    def __init__(
        self,
        *args: Any,
        requirements: QuerySet[Requirement],
        members: QuerySet[Member] | None,
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        requirement = self.fields["requirement"]
        assert isinstance(requirement, forms.ModelChoiceField)
        requirement.queryset = requirements
        # Only those who may see the register pick a member; the others record findings about the group.
        if members is None:
            del self.fields["member"]
        else:
            member = self.fields["member"]
            assert isinstance(member, forms.ModelChoiceField)
            member.queryset = members


class CertificateForm(forms.Form):
    number = forms.CharField(label=_("Certificate number"), max_length=60)
    scope = forms.CharField(
        label=_("Scope"), max_length=200, required=False, help_text=_("Products and sites the certificate covers.")
    )
    valid_from = forms.DateField(label=_("Valid from"), widget=DateInput())
    valid_to = forms.DateField(label=_("Valid to"), widget=DateInput())

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        valid_from: date | None = data.get("valid_from")
        valid_to: date | None = data.get("valid_to")
        if valid_from and valid_to and valid_to <= valid_from:
            self.add_error(
                "valid_to", forms.ValidationError(_("A certificate ends after it starts."), code="period_reversed")
            )
        return data


class CertificateReasonForm(forms.Form):
    """Suspending or reinstating a certificate: the reason is kept in its history."""

    reason = forms.CharField(label=_("Reason"), widget=forms.Textarea(attrs={"rows": 2}))
