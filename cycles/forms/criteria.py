"""Forms of the criteria editor. They check what a browser can get wrong (JSON syntax, missing fields); the
criterion services decide what a valid criterion is, and their errors are shown on these same forms."""

from __future__ import annotations

import json
from typing import Any

from django import forms
from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from producers.languages import default_language, in_language, other_languages

from ..gates import REGISTRY
from ..models import Criterion, CriterionKind
from ..services.criteria import CODE_MAX_LENGTH, TEXT_MAX_LENGTH, TRANSLATION_FIELDS


def evaluator_choices() -> list[tuple[str, Any]]:
    """Every registered evaluation function by its label, after an empty choice for manual criteria."""
    return [("", gettext_lazy("— none (manual criterion) —"))] + [
        (name, evaluator.label) for name, evaluator in sorted(REGISTRY.items(), key=lambda item: str(item[1].label))
    ]


def _describe_parameter(kind: type, default: Any) -> str:
    if kind is float:
        return _("a share between 0 and 1, default %(default)s") % {"default": default}
    if kind is int:
        return _("a whole number, default %(default)s") % {"default": default}
    return _("default %(default)s") % {"default": default}


def parameters_help() -> SafeString:
    """Which parameters each evaluation function takes, with their defaults, for the help text."""
    rows = []
    for _name, evaluator in sorted(REGISTRY.items(), key=lambda item: str(item[1].label)):
        if evaluator.parameters:
            described = "; ".join(
                f"{parameter} ({_describe_parameter(kind, default)})"
                for parameter, (kind, default) in evaluator.parameters.items()
            )
        else:
            described = _("no parameters")
        rows.append((evaluator.label, described))
    return format_html(
        '{}<ul class="mb-0 ps-3">{}</ul>',
        _('Names and values in braces, for example {"share": 0.8}. Leave empty for the defaults.'),
        format_html_join("", "<li>{}: {}</li>", rows),
    )


class CriterionForm(forms.Form):
    """Adding a criterion to a phase (`code` asked) or changing one (`expected_version` carried along)."""

    code = forms.CharField(
        label=gettext_lazy("Code"),
        max_length=CODE_MAX_LENGTH,
        help_text=gettext_lazy("A short name used in reports and exports, such as “buyer-interested”. It stays."),
    )
    text = forms.CharField(
        label=gettext_lazy("Criterion"),
        max_length=TEXT_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=gettext_lazy("What must be true before a group may leave the phase, in one or two sentences."),
    )
    guidance = forms.CharField(
        label=gettext_lazy("Guidance"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=gettext_lazy("What counts as evidence."),
    )
    kind = forms.ChoiceField(label=gettext_lazy("Kind"), choices=CriterionKind.choices, widget=forms.RadioSelect)
    evaluator = forms.ChoiceField(
        label=gettext_lazy("Evaluation function"),
        choices=evaluator_choices,
        required=False,
        help_text=gettext_lazy("Only for a computed criterion: how the application computes it from the records."),
    )
    parameters = forms.CharField(
        label=gettext_lazy("Parameters"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2, "spellcheck": "false", "class": "font-monospace"}),
    )
    mandatory = forms.BooleanField(
        label=gettext_lazy("Mandatory: the group cannot advance until it is met"), required=False, initial=True
    )
    order = forms.IntegerField(
        label=gettext_lazy("Position in the phase"),
        min_value=0,
        help_text=gettext_lazy("Criteria are listed from the lowest number."),
    )
    # Not required here: the service asks for it where it is needed, with its own words.
    reason = forms.CharField(
        label=gettext_lazy("Reason for the change"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=gettext_lazy("Kept with this version, so that later readers know why the criterion changed."),
    )
    expected_version = forms.IntegerField(widget=forms.HiddenInput, min_value=1)

    def __init__(self, *args: Any, criterion: Criterion | None = None, **kwargs: Any) -> None:
        if criterion is not None:
            kwargs.setdefault(
                "initial",
                {
                    # The English columns themselves: `criterion.text` would be the reader's language.
                    "text": getattr(criterion, in_language("text", default_language())),
                    "guidance": getattr(criterion, in_language("guidance", default_language())) or "",
                    **{name: getattr(criterion, name) or "" for name in TRANSLATION_FIELDS},
                    "kind": criterion.kind,
                    "evaluator": criterion.evaluator,
                    "parameters": json.dumps(criterion.parameters) if criterion.parameters else "",
                    "mandatory": criterion.mandatory,
                    "order": criterion.order,
                    "expected_version": criterion.version,
                },
            )
        super().__init__(*args, **kwargs)
        self._add_translations()
        self.fields["parameters"].help_text = parameters_help()
        if criterion is None:
            # A new criterion: it gets a code, goes to the end of the phase, and its reason is optional.
            del self.fields["order"]
            del self.fields["expected_version"]
            self.fields["reason"].label = gettext_lazy("Reason (optional)")
        else:
            del self.fields["code"]
            # The browser asks for it before sending; the service refuses a change without one in any case.
            self.fields["reason"].widget.attrs["required"] = True

    def _add_translations(self) -> None:
        """The criterion's words in each other language, after the English ones. Empty: English is shown, marked."""
        self.fields["text"].label = _("Criterion in English")
        self.fields["guidance"].label = _("Guidance in English")
        fields = list(self.fields.items())
        at = [name for name, _field in fields].index("guidance") + 1
        added = []
        for code, name in other_languages():
            added.append(
                (
                    in_language("text", code),
                    forms.CharField(
                        label=_("Criterion in %(language)s") % {"language": name},
                        max_length=TEXT_MAX_LENGTH,
                        required=False,
                        widget=forms.Textarea(attrs={"rows": 3, "lang": code}),
                        help_text=_("Empty: readers of this language see the English, marked as not yet translated."),
                    ),
                )
            )
            added.append(
                (
                    in_language("guidance", code),
                    forms.CharField(
                        label=_("Guidance in %(language)s") % {"language": name},
                        required=False,
                        widget=forms.Textarea(attrs={"rows": 3, "lang": code}),
                    ),
                )
            )
        self.fields = dict(fields[:at] + added + fields[at:])

    def clean_parameters(self) -> dict[str, Any]:
        raw = (self.cleaned_data.get("parameters") or "").strip()
        if not raw:
            return {}
        try:
            value = json.loads(raw)
        except json.JSONDecodeError:
            raise forms.ValidationError(
                _('These parameters are not readable. Write them as names and values in braces, e.g. {"share": 0.8}.'),
                code="parameters_not_json",
            ) from None
        if not isinstance(value, dict):
            raise forms.ValidationError(
                _('Write the parameters as names and values in braces, for example {"share": 0.8}.'),
                code="parameters_not_object",
            )
        return value

    def clean_reason(self) -> str:
        return str(self.cleaned_data.get("reason") or "").strip()

    def changes(self) -> dict[str, Any]:
        """The cleaned values as the services take them."""
        names = ("text", "guidance", "kind", "evaluator", "parameters", "mandatory", "order", *TRANSLATION_FIELDS)
        return {name: self.cleaned_data[name] for name in names if name in self.fields}


class RetireForm(forms.Form):
    """Retiring or restoring a criterion: both need a reason."""

    RETIRE = "retire"
    RESTORE = "restore"

    action = forms.ChoiceField(
        choices=[(RETIRE, gettext_lazy("Retire")), (RESTORE, gettext_lazy("Restore"))], widget=forms.HiddenInput
    )
    reason = forms.CharField(label=gettext_lazy("Reason"), required=False, widget=forms.Textarea(attrs={"rows": 2}))
