"""The group's inspection round as an XLSForm, and the XForm that pyxform (the ODK project's own converter) makes of it.

The questions are those of the web form (`inspection_questions`, the farm-level requirements of the group's
standards at its year), in the same order, with the same keys: a submission's answers map back to the service's
`answers` without a translation table. The register and the inspectors travel as CSV media files
(`select_one_from_file`), so the form itself changes only when the questions do; its version is a digest of what
it asks, so Collect updates it exactly then.
"""

import hashlib
import io
import json
from dataclasses import dataclass

from django.conf import settings
from django.utils import translation
from django.utils.translation import gettext as _
from openpyxl import Workbook
from pyxform.xls2xform import convert

from producers.models import ProducerGroup

from ..models import Compliance, InspectionRound, Severity
from ..selectors.inspections import Question, inspection_questions

# Raised when the layout below changes in a way phones must notice (new fields, other names).
LAYOUT = 1

MEMBERS_CSV = "members.csv"
INSPECTORS_CSV = "inspectors.csv"
# A photo is evidence, not art: Collect scales it down on the phone before sending (ODK's max-pixels parameter).
PHOTO_MAX_PIXELS = 1280


def form_id(inspection_round: InspectionRound) -> str:
    """The form's id: one per group and year, stable across versions (Collect keeps one form per id)."""
    return f"hivosqm-g{inspection_round.group_id}-{inspection_round.year}"


def answer_field(question: Question, part: str) -> str:
    """The name of one part (answer, severity, note, photo) of a question in the form and its submissions."""
    return f"q_{question.key}_{part}"


@dataclass(frozen=True)
class RoundForm:
    """What the form of a round is made from, and its version."""

    round: InspectionRound
    questions: list[Question]

    @property
    def form_id(self) -> str:
        return form_id(self.round)

    @property
    def version(self) -> str:
        content = {
            "layout": LAYOUT,
            "languages": [code for code, _name in form_languages()],
            "group": self.round.group.name,
            "questions": [
                [q.key, q.code, self._titles(q), [str(s) for s in q.standards], [r.pk for r in q.requirements]]
                for q in self.questions
            ],
        }
        digest = hashlib.sha256(json.dumps(content, sort_keys=True).encode()).hexdigest()
        return f"{self.round.year}.{digest[:10]}"

    @staticmethod
    def _titles(question: Question) -> list[str]:
        titles = []
        for code, _name in form_languages():
            with translation.override(code):
                titles.append(question.title)
        return titles

    @property
    def title(self) -> str:
        return _("Internal inspection %(year)s · %(group)s") % {"year": self.round.year, "group": self.round.group.name}


def round_form(inspection_round: InspectionRound) -> RoundForm:
    """The form of the round: the questions the web form asks (two queries)."""
    group: ProducerGroup = inspection_round.group
    return RoundForm(
        round=inspection_round,
        questions=inspection_questions(group=group, year=inspection_round.year),
    )


# The columns a label, a hint or a message is written in, once per language of the form.
TEXT_COLUMNS = ("label", "hint", "constraint_message")
COLUMNS = ("type", "name", "required", "relevant", "appearance", "parameters", "constraint", "default", "calculation")
Row = dict[str, str]


def _question_rows(question: Question) -> list[Row]:
    answer = answer_field(question, "answer")
    failed = f"${{{answer}}} = '{Compliance.NOT_COMPLIANT}'"
    standards = ", ".join(f"{r.standard} {r.code}" for r in question.requirements)
    return [
        {"type": "begin_group", "name": f"q_{question.key}", "label": f"{question.code} · {question.domain_label}"},
        {
            "type": "select_one compliance",
            "name": answer,
            "label": question.title,
            "hint": _("Counts for: %(standards)s") % {"standards": standards},
            "required": "yes",
        },
        {
            "type": "select_one severity",
            "name": answer_field(question, "severity"),
            "label": _("How serious is the finding?"),
            "required": "yes",
            "relevant": failed,
        },
        {
            "type": "text",
            "name": answer_field(question, "note"),
            "label": _("What was found (or a note)"),
            "required": failed,
            "appearance": "multiline",
        },
        {
            "type": "image",
            "name": answer_field(question, "photo"),
            "label": _("Photo as evidence (optional)"),
            "parameters": f"max-pixels={PHOTO_MAX_PIXELS}",
        },
        {"type": "end_group"},
    ]


def _survey_rows(form: RoundForm) -> list[Row]:
    """The survey sheet's rows, their texts in the active language."""
    year = form.round.year
    rows: list[Row] = [
        {"type": "start", "name": "start"},
        {"type": "end", "name": "end"},
        {"type": "deviceid", "name": "deviceid"},
        {
            "type": f"select_one_from_file {MEMBERS_CSV}",
            "name": "member",
            "label": _("Member inspected"),
            "hint": _("Search by name or number."),
            "required": "yes",
            "appearance": "minimal autocomplete",
        },
        {
            "type": f"select_one_from_file {INSPECTORS_CSV}",
            "name": "inspector",
            "label": _("Inspector"),
            "required": "yes",
            "appearance": "minimal",
        },
        {
            "type": "date",
            "name": "inspected_on",
            "label": _("Inspected on"),
            "required": "yes",
            "constraint": f". <= today() and format-date(., '%Y') = '{year}'",
            "constraint_message": _("The date of the inspection: not in the future, and in %(year)s.") % {"year": year},
            "default": "today()",
        },
        {
            "type": "geopoint",
            "name": "location",
            "label": _("GPS point on the farm"),
            "hint": _("Stand on the farm and wait for a good fix."),
        },
    ]
    for question in form.questions:
        rows.extend(_question_rows(question))
    rows.append({"type": "text", "name": "notes", "label": _("General notes"), "appearance": "multiline"})
    # The version again, as a field: a CSV export (KoboToolbox, ODK Central) keeps the fields, not the form's
    # attributes, and its import must know which questions the answers were given to.
    rows.append({"type": "calculate", "name": "form_version", "calculation": f"'{form.version}'"})
    return rows


def _language_column(code: str, name: str) -> str:
    # XLSForm's way of naming a language: its name and its code, "English (en)", "Kiswahili (sw)".
    return f"{name} ({code})"


def form_languages() -> list[tuple[str, str]]:
    """The languages the form carries, the active one first: the inspector switches between them in Collect."""
    active = translation.get_language() or settings.LANGUAGE_CODE
    offered = [(code, str(name)) for code, name in settings.LANGUAGES]
    offered.sort(key=lambda item: item[0] != active)
    return offered


def xlsform_workbook(form: RoundForm) -> bytes:
    """The XLSForm (.xlsx) of the round, its texts in every language of the form: the file KoboToolbox or ODK
    Central take as it is."""
    languages = form_languages()
    texts: dict[str, list[Row]] = {}
    for code, _name in languages:
        with translation.override(code):
            texts[code] = _survey_rows(form)
    structure = texts[languages[0][0]]
    book = Workbook()
    survey = book.active
    assert survey is not None
    survey.title = "survey"
    text_headers = [
        (column, code, f"{column}::{_language_column(code, name)}")
        for column in TEXT_COLUMNS
        for code, name in languages
    ]
    survey.append([*COLUMNS, *(header for _column, _code, header in text_headers)])
    for index, row in enumerate(structure):
        survey.append(
            [row.get(column, "") for column in COLUMNS]
            + [texts[code][index].get(column, "") for column, code, _header in text_headers]
        )

    choices = book.create_sheet("choices")
    choices.append(["list_name", "name", *(f"label::{_language_column(code, name)}" for code, name in languages)])
    for list_name, values in (("compliance", Compliance), ("severity", Severity)):
        for value in values:
            labels = []
            for code, _name in languages:
                with translation.override(code):
                    labels.append(str(value.label))
            choices.append([list_name, value.value, *labels])

    sheet = book.create_sheet("settings")
    sheet.append(["form_title", "form_id", "version", "instance_name", "default_language"])
    # pyxform would pad a `${member}` inside quotes with spaces: the path is written out.
    instance_name = "concat(jr:choice-name(${member}, '/data/member'), ' · ', ${inspected_on})"
    sheet.append([form.title, form.form_id, form.version, instance_name, _language_column(*languages[0])])
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


@dataclass(frozen=True)
class Converted:
    xml: str
    warnings: tuple[str, ...]


def convert_xlsform(xlsx: bytes) -> Converted:
    """An XLSForm converted by pyxform, with the warnings it gave."""
    warnings: list[str] = []
    result = convert(xlsform=io.BytesIO(xlsx), warnings=warnings, file_type=".xlsx", form_name="data")
    return Converted(xml=result.xform, warnings=tuple(warnings))


# Converting takes pyxform a tenth of a second or more: a form is converted once per process and version. The
# version is a digest of everything the form is made from, so a cached form is never out of date.
_CONVERTED: dict[tuple[str, str], Converted] = {}
_CONVERTED_MAX = 512


def xform(form: RoundForm) -> Converted:
    """The XForm of the round, converted by pyxform from the XLSForm above."""
    key = (form.form_id, form.version)
    converted = _CONVERTED.get(key)
    if converted is None:
        if len(_CONVERTED) >= _CONVERTED_MAX:
            _CONVERTED.clear()
        converted = _CONVERTED[key] = convert_xlsform(xlsform_workbook(form))
    return converted


def xform_md5(xml: str) -> str:
    """The hash the form list gives, as OpenRosa asks: `md5:` and the hex digest of the form's bytes."""
    return "md5:" + hashlib.md5(xml.encode(), usedforsecurity=False).hexdigest()
