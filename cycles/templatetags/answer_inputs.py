"""The inputs of one question of an answer sheet (answer, notes, severity), written in Python.

An inspection form has a card per question, a hundred for two standards: rendered through crispy-forms and Django's
widget templates, the inputs took two thirds of the page's time (a template per field, per radio button, per
option). This writes the same Bootstrap 5 markup crispy-forms writes for these three fields (ids, classes, labels,
errors), straight from the bound fields.
"""

from django import template
from django.forms import BoundField
from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString, mark_safe

register = template.Library()

ANSWER_BUTTONS = {"compliant": "btn-outline-success", "not_compliant": "btn-outline-danger"}


def _errors(bound: BoundField) -> SafeString:
    if not bound.errors:
        return mark_safe("")
    spans = format_html_join(
        "",
        '<span id="error_{}_{}"><strong>{}</strong></span>',
        ((number, bound.auto_id, error) for number, error in enumerate(bound.errors, start=1)),
    )
    return format_html('<div id="{}_error" class="invalid-feedback">{}</div>', bound.auto_id, spans)


def _label(bound: BoundField) -> SafeString:
    return format_html('<label for="{}" class="form-label">{}</label>', bound.id_for_label, bound.label)


def _wrapped(bound: BoundField, control: SafeString) -> SafeString:
    """The field's box: its label, the control and its errors."""
    return format_html(
        '<div id="div_{}" class="mb-3">{}{}{}</div>', bound.auto_id, _label(bound), control, _errors(bound)
    )


def _invalid(bound: BoundField) -> str:
    return " is-invalid" if bound.errors else ""


@register.simple_tag
def answer_buttons(bound: BoundField) -> SafeString:
    """The radio buttons of the answer, as toggle buttons, with the answer's errors."""
    chosen = str(bound.value() or "")
    buttons = format_html_join(
        "",
        '<input type="radio" name="{}" value="{}" class="btn-check" id="{}_{}" required{}>'
        '<label class="btn btn-sm {}" for="{}_{}">{}</label>',
        (
            (
                bound.html_name,
                value,
                bound.auto_id,
                index,
                mark_safe(" checked") if str(value) == chosen else "",
                ANSWER_BUTTONS.get(str(value), "btn-outline-secondary"),
                bound.auto_id,
                index,
                label,
            )
            for index, (value, label) in enumerate(bound.field.choices)  # type: ignore[attr-defined]
        ),
    )
    errors = format_html_join("", '<div class="invalid-feedback d-block">{}</div>', ((e,) for e in bound.errors))
    return format_html('<div class="d-flex gap-1 question-answers" role="group">{}</div>{}', buttons, errors)


@register.simple_tag
def notes_field(bound: BoundField) -> SafeString:
    """The notes, as crispy-forms writes a textarea."""
    rows = bound.field.widget.attrs.get("rows", 2)
    maxlength = getattr(bound.field, "max_length", None)
    textarea = format_html(
        '<textarea name="{}" cols="40" rows="{}"{} class="textarea form-control{}" id="{}">\n{}</textarea>',
        bound.html_name,
        rows,
        format_html(' maxlength="{}"', maxlength) if maxlength else "",
        _invalid(bound),
        bound.auto_id,
        bound.value() or "",
    )
    return _wrapped(bound, textarea)


@register.simple_tag
def severity_field(bound: BoundField) -> SafeString:
    """The severity, as crispy-forms writes a select."""
    chosen = str(bound.value() or "")
    options = format_html_join(
        "",
        '<option value="{}"{}>{}</option>',
        (
            (value, mark_safe(" selected") if str(value) == chosen else "", label)
            for value, label in bound.field.choices  # type: ignore[attr-defined]
        ),
    )
    select = format_html(
        '<select name="{}" class="select form-select{}" id="{}">{}</select>',
        bound.html_name,
        _invalid(bound),
        bound.auto_id,
        options,
    )
    return _wrapped(bound, select)
