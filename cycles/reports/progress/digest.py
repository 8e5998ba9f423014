"""A fingerprint of the records a progress report reads: two reports over the same records have the same one.

A finished report's file is handed out again only while the records it was made from are unchanged, so a donor
never takes a PDF whose figures differ from the page (issue #17). The fingerprint is taken over the report's own
data, not over change dates of the tables it reads: whatever a section comes to read later, the rule holds.

The data is built with translations off, so that the same records give the same fingerprint whatever language
the person or the worker reads in; the language the file is written in (the job's) is then part of the
fingerprint, so that an English and a Kiswahili file of the same records are two files, never handed out for each
other.
"""

import dataclasses
import hashlib
import json
from datetime import date
from decimal import Decimal

from django.conf import settings
from django.db import models
from django.utils import translation
from django.utils.functional import Promise

from producers.models import ProducerGroup, Programme

from .build import progress_report

# Fields that say when the report was built, not what it found.
MOMENTS = {"generated_at"}


def _plain(value: object) -> object:
    """The value as JSON-ready data, every part that may differ between two sets of records kept."""
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return {f.name: _plain(getattr(value, f.name)) for f in dataclasses.fields(value) if f.name not in MOMENTS}
    if isinstance(value, models.Model):
        return [value._meta.label, *(_plain(getattr(value, f.attname)) for f in value._meta.concrete_fields)]
    if isinstance(value, dict):
        return [[_plain(key), _plain(item)] for key, item in value.items()]
    if isinstance(value, list | tuple | set | frozenset):
        items = [_plain(item) for item in value]
        return sorted(items, key=repr) if isinstance(value, set | frozenset) else items
    if isinstance(value, str | int | float | bool) or value is None:
        return value
    if isinstance(value, Decimal | date | Promise):
        return str(value)
    return repr(value)


def report_digest(report: object, language: str = "") -> str:
    """The SHA-256 of the report's data, leaving out when it was built, and of the language it is written in."""
    data = json.dumps([language or settings.LANGUAGE_CODE, _plain(report)], separators=(",", ":"), ensure_ascii=False)
    return hashlib.sha256(data.encode()).hexdigest()


def records_digest(
    *,
    group: ProducerGroup | None = None,
    programme: Programme | None = None,
    period_start: date,
    period_end: date,
    language: str = "",
) -> str:
    """The fingerprint of the records a report of this group or programme over this period reads, now, for a file
    written in `language` (the app's language when not given)."""
    # Read inside the override too: a translated field (a phase's name) gives the active language when read.
    with translation.override(None):
        report = progress_report(group=group, programme=programme, period_start=period_start, period_end=period_end)
        return report_digest(report, language)
