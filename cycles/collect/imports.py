"""Submissions collected with KoboToolbox or ODK Central, brought in through the same idempotent path as a phone's:
their XML files as they are, or the rows of their CSV export, each turned back into the submission it was.

A CSV export names each field by its path in the form: "q_t3/q_t3_answer" (KoboToolbox) or "q_t3-q_t3_answer"
(ODK Central). The form's field names are unique, so the last part of the path is the field; the instance ID is
`meta/instanceID` (or KoboToolbox's `_uuid`).
"""

import csv
import io
from collections import Counter
from dataclasses import dataclass, field
from xml.etree.ElementTree import Element, SubElement, tostring

from django.core.files.uploadedfile import UploadedFile
from django.utils.translation import gettext as _

from producers.models import User

from ..models import InspectionRound, SubmissionStatus
from .parse import RefusedSubmission
from .receive import submission_receive
from .xlsform import form_id

# The largest CSV read: a year of one group's inspections is far smaller.
MAX_CSV_BYTES = 20 * 1024 * 1024
GEOPOINT_PARTS = ("latitude", "longitude", "altitude", "accuracy")


@dataclass
class ImportResult:
    counts: Counter[str] = field(default_factory=Counter)
    refused: list[str] = field(default_factory=list)

    def add(self, name: str, *, status: str | None = None, created: bool = True, refusal: str = "") -> None:
        if refusal:
            self.counts["refused"] += 1
            self.refused.append(f"{name}: {refusal}")
        elif not created:
            self.counts["already"] += 1
        else:
            self.counts[str(status)] += 1

    @property
    def recorded(self) -> int:
        return self.counts[SubmissionStatus.ACCEPTED]

    @property
    def queued(self) -> int:
        return self.counts[SubmissionStatus.QUEUED]


def _receive(result: ImportResult, name: str, xml: bytes, by: User) -> None:
    try:
        receipt = submission_receive(xml=xml, files={}, by=by, channel="import")
    except RefusedSubmission as refusal:
        result.add(name, refusal=str(refusal))
        return
    result.add(name, status=receipt.submission.status, created=receipt.created)


def import_xml_files(*, files: list[UploadedFile], by: User) -> ImportResult:
    """Each file one submission, as a phone would have sent it."""
    result = ImportResult()
    for upload in files:
        _receive(result, upload.name or "?", upload.read(), by)
    return result


def _field_name(column: str) -> str:
    return column.replace("-", "/").rsplit("/", 1)[-1]


def row_to_xml(row: dict[str, str], *, form: str) -> bytes:
    """A CSV row as the submission XML it was exported from."""
    fields: dict[str, str] = {}
    geopoint: dict[str, str] = {}
    for column, value in row.items():
        if column is None:
            continue
        name = _field_name(column.strip())
        lowered = name.lower()
        if lowered.startswith("location") and lowered.rsplit("_", 1)[-1] in GEOPOINT_PARTS and name != "location":
            geopoint[lowered.rsplit("_", 1)[-1]] = (value or "").strip()
            continue
        fields.setdefault(name, (value or "").strip())
    if not fields.get("location") and geopoint.get("latitude"):
        fields["location"] = " ".join(geopoint.get(part, "") or "0" for part in GEOPOINT_PARTS)
    instance_id = fields.pop("instanceID", "") or (f"uuid:{fields['_uuid']}" if fields.get("_uuid") else "")
    root = Element("data", id=form, version=fields.get("form_version", ""))
    for name, value in fields.items():
        if name.startswith("_") or not name.isidentifier():
            continue  # KoboToolbox's and Central's own columns (_id, _submission_time, SubmissionDate, …)
        SubElement(root, name).text = value
    meta = SubElement(root, "meta")
    SubElement(meta, "instanceID").text = instance_id
    return tostring(root, encoding="utf-8")


def import_csv(*, upload: UploadedFile, inspection_round: InspectionRound, by: User) -> ImportResult:
    """Each row one submission of the round's form."""
    if (upload.size or 0) > MAX_CSV_BYTES:
        raise RefusedSubmission(_("The CSV file is larger than 20 MB."), status=413, code="too_large")
    text = upload.read().decode("utf-8-sig", errors="replace")
    sample = text[:4096]
    try:
        dialect: type[csv.Dialect] | csv.Dialect = csv.Sniffer().sniff(sample, delimiters=",;\t")
    except csv.Error:
        dialect = csv.excel
    result = ImportResult()
    for number, row in enumerate(csv.DictReader(io.StringIO(text), dialect=dialect), start=2):
        _receive(result, _("row %(number)s") % {"number": number}, row_to_xml(row, form=form_id(inspection_round)), by)
    return result
