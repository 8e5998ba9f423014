"""Reading a submission's XML: refused outright when it is hostile (a DTD, entities, external references: the
billion laughs and XXE), otherwise read into the form's fields, whatever they hold; judging them is the receiver's
work, so that a submission with wrong answers is kept for review rather than lost."""

import re
from dataclasses import dataclass
from xml.etree.ElementTree import Element

from defusedxml import DefusedXmlException
from defusedxml.ElementTree import ParseError, fromstring
from django.utils.translation import gettext as _

FORM_ID = re.compile(r"^hivosqm-g(?P<group>\d{1,10})-(?P<year>\d{4})$")
# Collect makes instance IDs as "uuid:" and a UUID; other clients (Enketo, imports) do the same.
INSTANCE_ID = re.compile(r"^uuid:[0-9a-fA-F-]{32,36}$")


class RefusedSubmission(Exception):
    """A submission refused as a whole: nothing is kept, and the client is told why (`status`)."""

    def __init__(self, message: str, *, status: int, code: str) -> None:
        super().__init__(message)
        self.status = status
        self.code = code


@dataclass(frozen=True)
class ParsedSubmission:
    form_id: str
    group_id: int
    year: int
    version: str
    instance_id: str
    deprecated_id: str
    fields: dict[str, str]


def _local(tag: str) -> str:
    return tag.rsplit("}", 1)[-1]


def _leaves(element: Element, into: dict[str, str]) -> None:
    for child in element:
        if len(child):
            _leaves(child, into)
        else:
            # The form's names are unique across its groups (q_<key>_<part>), so the leaves' names are the fields.
            into[_local(child.tag)] = (child.text or "").strip()


def parse_submission(data: bytes) -> ParsedSubmission:
    """The submission's form, version, instance ID and fields; `RefusedSubmission` when it cannot be read at all."""
    try:
        root = fromstring(data, forbid_dtd=True, forbid_entities=True, forbid_external=True)
    except DefusedXmlException as error:
        raise RefusedSubmission(
            _("The submission declares a DTD or entities, which no form sends: refused."),
            status=400,
            code="hostile_xml",
        ) from error
    except ParseError as error:
        raise RefusedSubmission(
            _("The submission is not well-formed XML: %(error)s") % {"error": error}, status=400, code="malformed_xml"
        ) from error
    form_id = root.get("id", "")
    match = FORM_ID.match(form_id)
    if match is None:
        raise RefusedSubmission(
            _("The submission is for a form this server does not serve (%(form)s).") % {"form": form_id[:100]},
            status=404,
            code="unknown_form",
        )
    fields: dict[str, str] = {}
    _leaves(root, fields)
    instance_id = fields.pop("instanceID", "")
    if not INSTANCE_ID.match(instance_id):
        raise RefusedSubmission(
            _("The submission has no instance ID (meta/instanceID, uuid:…): it cannot be told apart from others."),
            status=400,
            code="instance_id",
        )
    deprecated_id = fields.pop("deprecatedID", "")
    if deprecated_id and not INSTANCE_ID.match(deprecated_id):
        raise RefusedSubmission(
            _("The submission's deprecatedID is not an instance ID."), status=400, code="deprecated_id"
        )
    return ParsedSubmission(
        form_id=form_id,
        group_id=int(match["group"]),
        year=int(match["year"]),
        version=root.get("version", "")[:40],
        instance_id=instance_id,
        deprecated_id=deprecated_id,
        fields=fields,
    )
