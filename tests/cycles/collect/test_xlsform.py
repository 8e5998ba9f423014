"""The round's form: an XLSForm that pyxform converts without a warning, asking the web form's questions; its
version follows the questions and nothing else; the XForm served reads back into the same answers."""

import io

import pytest
from django.utils import translation
from openpyxl import load_workbook

from cycles.collect.parse import parse_submission
from cycles.collect.receive import submission_receive
from cycles.collect.sample import submission_xml
from cycles.collect.xlsform import answer_field, convert_xlsform, round_form, xform, xlsform_workbook
from cycles.models import Compliance, Inspection, InspectionAnswer
from cycles.selectors.inspections import inspection_questions
from cycles.services.inspections import inspection_round_open
from standards.models import Standard

from ...factories_nonconformities import choose
from ..clock_fixtures import frozen as frozen  # a fixture
from ..inspections_fixtures import standards as standards  # a fixture
from .fixtures import field as field  # a fixture


def test_the_form_asks_the_web_forms_questions_in_the_same_order(scope, field):
    web = inspection_questions(group=scope.group, year=2026)
    assert [q.key for q in field.form.questions] == [q.key for q in web]
    xml = xform(field.form).xml
    for question in web:
        assert f'nodeset="/data/q_{question.key}/{answer_field(question, "answer")}"' in xml


def test_pyxform_converts_the_xlsform_without_warnings_and_the_same_workbook_makes_the_same_form(field):
    workbook = xlsform_workbook(field.form)
    converted = convert_xlsform(workbook)
    assert converted.warnings == ()
    assert convert_xlsform(xlsform_workbook(field.form)).xml == converted.xml == xform(field.form).xml
    sheets = load_workbook(io.BytesIO(workbook)).sheetnames
    assert sheets == ["survey", "choices", "settings"]


@pytest.mark.django_db
def test_every_demo_groups_form_converts_without_warnings(scope):
    """The reference standards as shipped, chosen in every combination a group can hold here."""
    codes = list(Standard.objects.values_list("code", flat=True))
    assert codes
    inspection_round = inspection_round_open(group=scope.group, year=2026, by=scope.group_manager)
    for code in codes:
        choose(scope.group, code)
        form = round_form(inspection_round)
        assert form.questions
        assert convert_xlsform(xlsform_workbook(form)).warnings == ()


def test_the_version_changes_with_the_questions_only(scope, field, standards):
    before = field.form.version
    assert round_form(field.round).version == before  # nothing changed: the same version
    extra = Standard.objects.exclude(pk__in=[standards["alpha"].pk, standards["beta"].pk]).first()
    assert extra is not None
    choose(scope.group, extra.code)
    after = round_form(field.round)
    assert after.version != before
    assert after.version.startswith("2026.")


def test_the_served_xform_round_trips_into_the_same_answers(scope, field):
    answers: dict[str, tuple[str, str, str]] = {
        q.key: (Compliance.NOT_APPLICABLE, f"note {q.key}", "") for q in field.form.questions
    }
    xml = submission_xml(field.form, member=scope.member, inspector=field.inspector, answers=answers)
    parsed = parse_submission(xml)
    assert (parsed.form_id, parsed.version) == (field.form.form_id, field.form.version)
    assert parsed.fields["form_version"] == field.form.version  # kept in CSV exports too
    assert f"calculate=\"'{field.form.version}'\"" in xform(field.form).xml
    submission_receive(xml=xml, files={}, by=scope.field_officer)
    inspection = Inspection.objects.get()
    stored = {(a.requirement_id, a.answer, a.notes) for a in InspectionAnswer.objects.filter(inspection=inspection)}
    expected = {
        (r.pk, Compliance.NOT_APPLICABLE, f"note {q.key}") for q in field.form.questions for r in q.requirements
    }
    assert stored == expected


def test_the_form_carries_every_language_of_the_application_the_active_one_first(field, settings):
    settings.LANGUAGES = [("en", "English"), ("sw", "Kiswahili")]
    workbook = load_workbook(io.BytesIO(xlsform_workbook(field.form)))
    headers = [cell.value for cell in workbook["survey"][1]]
    assert {"label::English (en)", "label::Kiswahili (sw)", "hint::Kiswahili (sw)"} <= set(headers)
    assert workbook["settings"]["E2"].value == "English (en)"
    converted = convert_xlsform(xlsform_workbook(field.form))
    assert converted.warnings == ()
    assert 'lang="English (en)"' in converted.xml
    assert 'lang="Kiswahili (sw)"' in converted.xml
    with translation.override("sw"):
        assert load_workbook(io.BytesIO(xlsform_workbook(field.form)))["settings"]["E2"].value == "Kiswahili (sw)"
