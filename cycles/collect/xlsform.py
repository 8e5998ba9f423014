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
    language: str

    @property
    def form_id(self) -> str:
        return form_id(self.round)

    @property
    def version(self) -> str:
        content = {
            "layout": LAYOUT,
            "language": self.language,
            "group": self.round.group.name,
            "questions": [
                [q.key, q.code, q.title, [str(s) for s in q.standards], [r.pk for r in q.requirements]]
                for q in self.questions
            ],
        }
        digest = hashlib.sha256(json.dumps(content, sort_keys=True).encode()).hexdigest()
        return f"{self.round.year}.{digest[:10]}"

    @property
    def title(self) -> str:
        return _("Internal inspection %(year)s · %(group)s") % {"year": self.round.year, "group": self.round.group.name}


def round_form(inspection_round: InspectionRound) -> RoundForm:
    """The form of the round: the questions the web form asks (two queries)."""
    group: ProducerGroup = inspection_round.group
    return RoundForm(
        round=inspection_round,
        questions=inspection_questions(group=group, year=inspection_round.year),
        language=translation.get_language() or "en",
    )


def _question_rows(question: Question) -> list[list[str]]:
    answer = answer_field(question, "answer")
    failed = f"${{{answer}}} = '{Compliance.NOT_COMPLIANT}'"
    standards = ", ".join(f"{r.standard} {r.code}" for r in question.requirements)
    return [
        ["begin_group", f"q_{question.key}", f"{question.code} · {question.domain_label}", "", "", "", "", ""],
        [
            "select_one compliance",
            answer,
            question.title,
            _("Counts for: %(standards)s") % {"standards": standards},
            "yes",
            "",
            "",
            "",
        ],
        [
            "select_one severity",
            answer_field(question, "severity"),
            _("How serious is the finding?"),
            "",
            "yes",
            failed,
            "",
            "",
        ],
        ["text", answer_field(question, "note"), _("What was found (or a note)"), "", failed, "", "multiline", ""],
        [
            "image",
            answer_field(question, "photo"),
            _("Photo as evidence (optional)"),
            "",
            "",
            "",
            "",
            f"max-pixels={PHOTO_MAX_PIXELS}",
        ],
        ["end_group", "", "", "", "", "", "", ""],
    ]


def xlsform_workbook(form: RoundForm) -> bytes:
    """The XLSForm (.xlsx) of the round: the file KoboToolbox or ODK Central take as it is."""
    year = form.round.year
    book = Workbook()
    survey = book.active
    assert survey is not None
    survey.title = "survey"
    survey.append(["type", "name", "label", "hint", "required", "relevant", "appearance", "parameters"])
    date_rule = f". <= today() and format-date(., '%Y') = '{year}'"
    rows = [
        ["start", "start", "", "", "", "", "", ""],
        ["end", "end", "", "", "", "", "", ""],
        ["deviceid", "deviceid", "", "", "", "", "", ""],
        [
            f"select_one_from_file {MEMBERS_CSV}",
            "member",
            _("Member inspected"),
            _("Search by name or number."),
            "yes",
            "",
            "minimal autocomplete",
            "",
        ],
        [f"select_one_from_file {INSPECTORS_CSV}", "inspector", _("Inspector"), "", "yes", "", "minimal", ""],
        ["date", "inspected_on", _("Inspected on"), "", "yes", "", "", ""],
        [
            "geopoint",
            "location",
            _("GPS point on the farm"),
            _("Stand on the farm and wait for a good fix."),
            "",
            "",
            "",
            "",
        ],
    ]
    for question in form.questions:
        rows.extend(_question_rows(question))
    rows.append(["text", "notes", _("General notes"), "", "", "", "multiline", ""])
    # The version again, as a field: a CSV export (KoboToolbox, ODK Central) keeps the fields, not the form's
    # attributes, and its import must know which questions the answers were given to.
    rows.append(["calculate", "form_version", "", "", "", "", "", ""])
    for row in rows:
        survey.append(row)
    # Constraints live in their own columns, after the ones above, so that every row keeps the same width.
    survey.cell(row=1, column=9, value="constraint")
    survey.cell(row=1, column=10, value="constraint_message")
    survey.cell(row=1, column=11, value="default")
    for index, row in enumerate(rows, start=2):
        if row[1] == "inspected_on":
            survey.cell(row=index, column=9, value=date_rule)
            message = _("The date of the inspection: not in the future, and in %(year)s.") % {"year": year}
            survey.cell(row=index, column=10, value=message)
            survey.cell(row=index, column=11, value="today()")
        if row[1] == "form_version":
            survey.cell(row=1, column=12, value="calculation")
            survey.cell(row=index, column=12, value=f"'{form.version}'")

    choices = book.create_sheet("choices")
    choices.append(["list_name", "name", "label"])
    for value, label in Compliance.choices:
        choices.append(["compliance", value, str(label)])
    for value, label in Severity.choices:
        choices.append(["severity", value, str(label)])

    settings = book.create_sheet("settings")
    settings.append(["form_title", "form_id", "version", "instance_name", "default_language"])
    # pyxform would pad a `${member}` inside quotes with spaces: the path is written out.
    instance_name = "concat(jr:choice-name(${member}, '/data/member'), ' · ', ${inspected_on})"
    settings.append([form.title, form.form_id, form.version, instance_name, form.language])
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
