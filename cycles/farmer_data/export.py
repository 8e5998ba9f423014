"""Everything the app keeps about one member, as one JSON document: the register entry, the status history, the
plots, the internal inspections with their answers, the non-conformities with their corrective actions, the
sanctions, the trainings attended and the production records."""

import json
from datetime import date, datetime
from decimal import Decimal
from typing import Any

from django.utils import timezone

from producers.models import Member, User
from producers.services import MEMBER_FIELDS

from ..models import CorrectiveAction, Inspection, NonConformity, ProductionRecord, Sanction, Training

FORMAT_VERSION = 1


def _value(value: Any) -> Any:
    if isinstance(value, datetime | date):
        return value.isoformat()
    if isinstance(value, Decimal):
        return str(value)
    return value


def _row(instance: Any, fields: list[str]) -> dict[str, Any]:
    return {name: _value(getattr(instance, name)) for name in fields}


def member_data(*, member: Member, by: User) -> dict[str, Any]:
    """The member's data as a dictionary ready for JSON. A fixed number of queries, whatever the records."""
    inspections = (
        Inspection.objects.filter(member=member)
        .select_related("round", "inspector")
        .prefetch_related("answers__requirement__standard")
        .order_by("inspected_on")
    )
    nonconformities = (
        NonConformity.objects.filter(member=member)
        .select_related("requirement__standard")
        .prefetch_related("requirements__standard", "actions")
        .order_by("found_on")
    )
    actions_fields = ["description", "owner", "due_on", "done_on"]
    return {
        "format": FORMAT_VERSION,
        "exported_at": _value(timezone.now()),
        "exported_by": by.get_full_name() or by.username,
        "group": member.group.organisation.name,
        # What a person may set on a member, with what the app records about it.
        "member": _row(member, [*MEMBER_FIELDS, "status", "erased_at"]),
        "status_changes": [
            _row(change, ["from_status", "to_status", "changed_on", "reason"])
            for change in member.status_changes.order_by("changed_at", "pk")
        ],
        "plots": [
            _row(plot, ["name", "area_ha", "certified_area_ha", "crop", "latitude", "longitude", "conversion_status"])
            for plot in member.plots.order_by("pk")
        ],
        "inspections": [
            {
                **_row(inspection, ["inspected_on", "notes", "proposed_decision"]),
                "year": inspection.round.year,
                "inspector": inspection.inspector.name if inspection.inspector else "",
                "answers": [
                    {
                        "standard": answer.requirement.standard.code,
                        "requirement": answer.requirement.code,
                        "answer": answer.answer,
                        "notes": answer.notes,
                    }
                    for answer in inspection.answers.all()
                ],
            }
            for inspection in inspections
        ],
        "nonconformities": [
            {
                **_row(nc, ["found_on", "severity", "status", "description", "closed_on"]),
                "requirements": [f"{r.standard.code} {r.code}" for r in nc.requirements.all()]
                or [f"{nc.requirement.standard.code} {nc.requirement.code}"],
                "corrective_actions": [
                    _row(action, actions_fields) for action in sorted(nc.actions.all(), key=_action_order)
                ],
            }
            for nc in nonconformities
        ],
        "sanctions": [
            {**_row(sanction, ["applied_on", "reason", "lifted_on"]), "type": sanction.sanction_type.name}
            for sanction in Sanction.objects.filter(member=member).select_related("sanction_type").order_by("pk")
        ],
        "trainings": [
            _row(training, ["held_on", "topic"])
            for training in Training.objects.filter(attendees=member).order_by("held_on")
        ],
        "production": [
            _row(
                record,
                [
                    "season",
                    "estimated_kg",
                    "harvested_kg",
                    "sold_certified_kg",
                    "sold_conventional_kg",
                    "price_per_kg",
                    "income",
                ],
            )
            for record in ProductionRecord.objects.filter(member=member).order_by("season")
        ],
    }


def _action_order(action: CorrectiveAction) -> tuple[date, int]:
    return action.due_on, action.pk


def member_data_json(*, member: Member, by: User) -> bytes:
    return json.dumps(member_data(member=member, by=by), ensure_ascii=False, indent=2).encode()
