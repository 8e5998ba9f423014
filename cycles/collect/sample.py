"""Submissions as a phone makes them: the served XForm's own primary instance, filled in. Built from the form the
server serves (not from a copy of its layout), so that the tests and the benchmark (`manage.py bench_collect`) fail
when the form and the receiver disagree."""

import uuid
from typing import Any
from xml.etree.ElementTree import Element, fromstring, tostring

from ..models import Compliance
from .xlsform import RoundForm, answer_field, xform

XFORMS = "{http://www.w3.org/2002/xforms}"


def new_instance_id() -> str:
    return f"uuid:{uuid.uuid4()}"


def _skeleton(form: RoundForm) -> Element:
    html = fromstring(xform(form).xml)
    instance = html.find(f".//{XFORMS}model/{XFORMS}instance")
    assert instance is not None
    return next(iter(instance))


def _fill(element: Element, values: dict[str, str]) -> None:
    for child in element:
        name = child.tag.rsplit("}", 1)[-1]
        if len(child):
            _fill(child, values)
        elif name in values:
            child.text = values[name]


def submission_xml(
    form: RoundForm,
    *,
    member: Any,
    inspector: Any,
    on: str = "2026-06-10",
    answers: dict[str, tuple[str, str, str]] | None = None,
    instance_id: str | None = None,
    deprecated_id: str | None = None,
    version: str | None = None,
    photos: dict[str, str] | None = None,
    location: str = "-0.416700 36.950000 1820.0 4.5",
    notes: str = "",
) -> bytes:
    """A filled submission of `form`: every question compliant unless `answers` (key -> (answer, note, severity))
    says otherwise."""
    root = _skeleton(form)
    values = {
        "start": "2026-06-10T08:00:00.000+03:00",
        "end": "2026-06-10T08:40:00.000+03:00",
        "deviceid": "collect:test-phone",
        "member": str(getattr(member, "pk", member)),
        "inspector": str(getattr(inspector, "pk", inspector)),
        "inspected_on": on,
        "location": location,
        "notes": notes,
        "instanceID": instance_id or new_instance_id(),
        # What the form's calculate gives; a real engine computes it (tests/browser/test_field_capture.py).
        "form_version": version or form.version,
    }
    for question in form.questions:
        answer, note, severity = (answers or {}).get(question.key, (Compliance.COMPLIANT, "", ""))
        values[answer_field(question, "answer")] = answer
        values[answer_field(question, "note")] = note
        values[answer_field(question, "severity")] = severity
    for key, name in (photos or {}).items():
        values[f"q_{key}_photo"] = name
    _fill(root, values)
    if version is not None:
        root.set("version", version)
    if deprecated_id:
        meta = next(child for child in root if child.tag.endswith("meta"))
        deprecated = Element(meta[0].tag.replace("instanceID", "deprecatedID"))
        deprecated.text = deprecated_id
        meta.append(deprecated)
    return tostring(root, encoding="utf-8")


# The first bytes of a JPEG file (what a content check reads): a photo's stand-in in tests and the benchmark.
SAMPLE_JPEG = b"\xff\xd8\xff\xe0\x00\x10JFIF\x00\x01\x01\x00\x00\x01\x00\x01\x00\x00" + b"\x00" * 200
