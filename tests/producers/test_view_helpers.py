"""Where a service's refusal lands on a form: beside the field it concerns, or above the form."""

from django import forms
from django.core.exceptions import ValidationError

from producers.views.helpers import add_service_errors

from ..helpers import form_error_codes


class _Form(forms.Form):
    due_on = forms.DateField(required=False)
    owner = forms.CharField(required=False)


def _bound() -> _Form:
    form = _Form({})
    assert form.is_valid()
    return form


def test_a_coded_refusal_goes_beside_the_field_its_code_names():
    form = _bound()
    add_service_errors(form, ValidationError("Too early.", code="due_before_finding"), {"due_before_finding": "due_on"})
    assert form_error_codes(form) == {"due_on": ["due_before_finding"]}


def test_a_refusal_whose_code_names_no_field_of_the_form_goes_above_it():
    form = _bound()
    fields = {"due_before_finding": "closed_on"}  # a field this form does not have
    add_service_errors(form, ValidationError("Too early.", code="due_before_finding"), fields)
    add_service_errors(form, ValidationError("Moved meanwhile.", code="moved_meanwhile"), fields)
    assert form_error_codes(form) == {"__all__": ["due_before_finding", "moved_meanwhile"]}


def test_a_refusal_by_field_goes_beside_those_fields_the_form_has():
    form = _bound()
    add_service_errors(
        form,
        ValidationError(
            {
                "owner": ValidationError("Name who does it.", code="owner_required"),
                "number": ValidationError("Taken.", code="number_taken"),
            }
        ),
    )
    assert form_error_codes(form) == {"owner": ["owner_required"], "__all__": ["number_taken"]}


def test_several_refusals_each_go_where_their_code_says():
    form = _bound()
    error = ValidationError(
        [ValidationError("Name who does it.", code="owner_required"), ValidationError("Closed.", code="nc_closed")]
    )
    add_service_errors(form, error, {"owner_required": "owner"})
    assert form_error_codes(form) == {"owner": ["owner_required"], "__all__": ["nc_closed"]}
