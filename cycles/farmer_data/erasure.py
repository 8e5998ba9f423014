"""Erasing a farmer's personal data on their request: the register entry and its plots are anonymised
(`producers.erasure`), and the records of the internal control system are cleared of the person's name and phone
wherever free text may hold them (findings, corrective actions, notes, sanctions, the inspector record of a
member who inspects), history rows included. The records themselves stay: an inspection, a finding or a harvest
still counts in the group's figures, and no longer says whose it was."""

import re
from dataclasses import dataclass
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import models, transaction
from django.utils.translation import gettext as _

from producers.erasure import member_anonymise
from producers.models import Member, User
from producers.selectors import can_handle_data_requests

from ..models import (
    ConflictOfInterest,
    CorrectiveAction,
    Inspection,
    InspectionAnswer,
    Inspector,
    NCStatusChange,
    NonConformity,
    Sanction,
)

# What a name or phone number in free text is replaced with.
ERASED_TEXT = "[…]"
# Shorter parts of a name are left in the text: "Ann" would also hit "Annual".
SHORTEST_PART = 3


@dataclass
class Erasure:
    member: Member
    texts_cleared: int


def _pattern(member: Member) -> re.Pattern[str] | None:
    """The person's names and phone as they may be typed in a note, longest first."""
    parts = [member.full_name, member.first_name, member.last_name]
    words = sorted({part.strip() for part in parts if len(part.strip()) >= SHORTEST_PART}, key=len, reverse=True)
    terms = [re.escape(word) for word in words]
    digits = re.sub(r"\D", "", member.phone)
    if len(digits) >= 6:
        # Any spacing or punctuation between the digits, as phones are written.
        terms.append(r"\+?" + r"[\s\-.()]*".join(digits[-9:]))
    if not terms:
        return None
    return re.compile(r"\b(?:" + "|".join(terms) + r")\b", re.IGNORECASE)


def _clear(queryset: models.QuerySet[Any], fields: list[str], pattern: re.Pattern[str]) -> int:
    """Replace the person's names in `fields` of every row, and of every history row of those rows."""
    cleared = 0
    rows = list(queryset)
    history = getattr(queryset.model, "history", None)
    targets: list[Any] = rows
    if history is not None:
        targets = [*rows, *history.filter(id__in=[row.pk for row in rows])]
    for row in targets:
        changed = {}
        for name in fields:
            text = getattr(row, name) or ""
            new = pattern.sub(ERASED_TEXT, text)
            if new != text:
                changed[name] = new
        if changed:
            type(row)._default_manager.filter(pk=row.pk).update(**changed)
            cleared += 1
    return cleared


@transaction.atomic
def member_erase(*, member: Member, by: User, confirm_number: str, reason: str) -> Erasure:
    """Erase the member's personal data, on their request. The person types the member number to confirm and
    says how the request came; only the group's managers and coordinators may."""
    if not can_handle_data_requests(by, member.group):
        raise PermissionDenied(_("Only the group's managers and the coordinators handle a farmer's data requests."))
    if member.erased_at is not None:
        raise ValidationError(_("This member's personal data was already erased."), code="already_erased")
    if confirm_number.strip() != member.member_number:
        raise ValidationError(
            {"confirm_number": ValidationError(_("Type the member number to confirm."), code="confirm_mismatch")}
        )
    if not reason.strip():
        raise ValidationError(
            {"reason": ValidationError(_("Say how the farmer asked for it (date, by whom)."), code="reason_required")}
        )
    pattern = _pattern(member)
    cleared = 0
    if pattern is not None:
        ncs = NonConformity.objects.filter(member=member)
        cleared += _clear(ncs, ["description"], pattern)
        cleared += _clear(CorrectiveAction.objects.filter(nonconformity__in=ncs), ["description", "owner"], pattern)
        cleared += _clear(NCStatusChange.objects.filter(nonconformity__in=ncs), ["note"], pattern)
        inspections = Inspection.objects.filter(member=member)
        cleared += _clear(inspections, ["notes"], pattern)
        cleared += _clear(InspectionAnswer.objects.filter(inspection__in=inspections), ["notes"], pattern)
        cleared += _clear(Sanction.objects.filter(member=member), ["reason"], pattern)
        cleared += _clear(ConflictOfInterest.objects.filter(member=member), ["reason"], pattern)
        cleared += _clear(Inspector.objects.filter(member=member), ["name"], pattern)
    anonymised = member_anonymise(member=member, by=by, reason=reason.strip())
    return Erasure(member=anonymised, texts_cleared=cleared)
