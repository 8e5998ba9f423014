"""The media files a round's form ships with: the register and the inspectors as CSV files that the form's
`select_one_from_file` questions read. They change when the register does; the form does not."""

import csv
import hashlib
import io
from collections.abc import Callable
from dataclasses import dataclass

from ..models import InspectionRound
from ..selectors.inspections import inspector_choices, member_choices
from .xlsform import INSPECTORS_CSV, MEMBERS_CSV


@dataclass(frozen=True)
class MediaFile:
    name: str
    content: bytes

    @property
    def md5(self) -> str:
        return "md5:" + hashlib.md5(self.content, usedforsecurity=False).hexdigest()


def _csv(rows: list[tuple[str, str]]) -> bytes:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(["name", "label"])
    writer.writerows(rows)
    return out.getvalue().encode()


def members_csv(inspection_round: InspectionRound) -> MediaFile:
    """Who may be inspected: the members who have not left, by number and name (the value sent is the member's id,
    which no phone shows and no renaming changes)."""
    members = member_choices(inspection_round.group)
    rows = [(str(m.pk), f"{m.full_name} · {m.member_number}") for m in members]
    return MediaFile(MEMBERS_CSV, _csv(rows))


def inspectors_csv(inspection_round: InspectionRound) -> MediaFile:
    """Who may inspect: the group's active inspectors."""
    rows = [(str(i.pk), i.name) for i in inspector_choices(inspection_round.group)]
    return MediaFile(INSPECTORS_CSV, _csv(rows))


MEDIA: dict[str, Callable[[InspectionRound], MediaFile]] = {MEMBERS_CSV: members_csv, INSPECTORS_CSV: inspectors_csv}


def round_media(inspection_round: InspectionRound) -> list[MediaFile]:
    return [make(inspection_round) for make in MEDIA.values()]
