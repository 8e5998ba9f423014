"""The improvement records' list pages as spreadsheets (see `producers.exports`): a round's members and their
inspections, the non-conformities, the trainings, a season's production and the services, each table holding the
columns its page shows.

Who a table may name follows the page (`producers.selectors.can_see_register`, as `templatetags.identities`
applies it): a member's name and number and an internal inspector's name are left out for everybody else, and
a season's production records are left out altogether (the page shows a donor the season's totals only).
"""

from collections.abc import Iterable
from typing import Any

from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from producers.exports import ExportTable, yes_no
from producers.models import Member

from .models import Inspection, NonConformity, ProductionRecord, Service, Training
from .selectors.production import SeasonTotals


def round_table(
    members: Iterable[Member], inspections: dict[int, Inspection], *, year: int, with_names: bool
) -> ExportTable:
    """A round's members as `round_members` lists them (the ones still due first), each with their inspection
    when there is one (`inspections_by_member`)."""
    headers = [_("No.")]
    if with_names:
        headers.append(_("Name"))
    headers += [_("Village"), _("Status"), _("Inspected on"), _("Proposed decision")]
    if with_names:
        headers.append(_("Inspector"))
    rows: list[list[Any]] = []
    for member in members:
        inspection = inspections.get(member.pk)
        row: list[Any] = [member.member_number]
        if with_names:
            row.append(member.full_name)
        row += [
            member.village,
            member.get_status_display(),
            inspection.inspected_on if inspection else None,
            inspection.get_proposed_decision_display() if inspection else _("Due"),
        ]
        if with_names:
            row.append(inspection.inspector.name if inspection and inspection.inspector else None)
        rows.append(row)
    return ExportTable(
        what=f"inspections-{year}", title=_("Inspections %(year)s") % {"year": year}, headers=headers, rows=rows
    )


def nonconformity_table(nonconformities: Iterable[NonConformity], *, with_names: bool) -> ExportTable:
    """The non-conformities as `nonconformity_list` gives them (with their action figures and what they count
    against); the member each is about only for a reader who may see the register."""
    headers = [_("Requirement"), _("Counts against")]
    if with_names:
        headers.append(_("Member"))
    headers += [
        _("What was found"),
        _("Severity"),
        _("Source"),
        _("Found"),
        _("Next action due"),
        _("Overdue"),
        _("Actions done"),
        _("Actions"),
        _("Status"),
    ]
    rows: list[list[Any]] = []
    for nc in nonconformities:
        counted = "; ".join(f"{item.standard.short_name} {item.code}" for item in nc.requirements.all())
        row: list[Any] = [nc.requirement.code, counted]
        if with_names:
            row.append(f"{nc.member.member_number} {nc.member.full_name}" if nc.member else _("the group"))
        row += [
            nc.description,
            nc.get_severity_display(),
            nc.get_source_display(),
            nc.found_on,
            getattr(nc, "next_due", None),
            yes_no(bool(getattr(nc, "is_overdue", False))),
            getattr(nc, "action_done", None),
            getattr(nc, "action_total", None),
            nc.get_status_display(),
        ]
        rows.append(row)
    return ExportTable(what="nonconformities", title=_("Non-conformities"), headers=headers, rows=rows)


def training_table(trainings: Iterable[Training]) -> ExportTable:
    """The trainings as `training_list` gives them: figures of attendance, never who attended."""
    headers = [_("Date"), _("Topic"), _("Trainer"), _("Attended"), _("Requirements"), _("Inspectors")]
    rows: list[list[Any]] = [
        [
            training.held_on,
            training.topic,
            training.trainer.name if training.trainer else _("the group itself"),
            getattr(training, "attendee_count", None),
            getattr(training, "requirement_count", None),
            getattr(training, "inspector_count", None),
        ]
        for training in trainings
    ]
    return ExportTable(what="trainings", title=_("Trainings"), headers=headers, rows=rows)


def production_table(
    records: Iterable[ProductionRecord] | None, totals: SeasonTotals, *, season: str, currency: str
) -> ExportTable:
    """A season's records (None for a reader who may not see the register: the page shows them the totals only),
    then the season's totals as the last row."""
    price = _("Price/kg (%(currency)s)") % {"currency": currency} if currency else _("Price/kg")
    income = _("Income (%(currency)s)") % {"currency": currency} if currency else _("Income")
    headers = [
        _("Season"),
        _("No."),
        _("Name"),
        _("Estimated (kg)"),
        _("Harvested (kg)"),
        _("Certified (kg)"),
        _("Conventional (kg)"),
        price,
        income,
        _("Sold as certified beyond the estimate"),
    ]
    rows: list[list[Any]] = [
        [
            season,
            record.member.member_number,
            record.member.full_name,
            record.estimated_kg,
            record.harvested_kg,
            record.sold_certified_kg,
            record.sold_conventional_kg,
            record.price_per_kg,
            record.income,
            yes_no(bool(getattr(record, "flagged", False))),
        ]
        for record in records or []
    ]
    rows.append(
        [
            season,
            _("Season totals"),
            ngettext("%(count)d record", "%(count)d records", totals.records) % {"count": totals.records},
            totals.estimated_kg,
            totals.harvested_kg,
            totals.sold_certified_kg,
            totals.sold_conventional_kg,
            totals.average_price,
            totals.income,
            totals.flagged,
        ]
    )
    return ExportTable(
        what=f"production-{season.replace('/', '-')}",
        title=_("Production %(season)s") % {"season": season},
        headers=headers,
        rows=rows,
    )


def service_table(services: Iterable[Service]) -> ExportTable:
    """Services as the services lists give them (`selectors.outer`), whichever list: its group and provider."""
    headers = [
        _("Date"),
        _("Service"),
        _("Group"),
        _("Delivered by"),
        _("Group's phase"),
        _("Cost"),
        _("Currency"),
        _("Paid by"),
        _("Programme"),
        _("Description"),
    ]
    rows: list[list[Any]] = [
        [
            service.delivered_on,
            service.service_type.name,
            service.group.organisation.name,
            service.provider.name,
            service.phase.name if service.phase else _("before the inner cycle"),
            service.cost,
            service.currency,
            service.paid_by.name if service.paid_by else None,
            service.programme.name if service.programme else None,
            service.description,
        ]
        for service in services
    ]
    return ExportTable(what="services", title=_("Services"), headers=headers, rows=rows)
