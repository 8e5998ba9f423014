"""The IATI 2.03 document of one programme. The order of the elements is the schema's (a sequence)."""

from datetime import date
from decimal import Decimal

from django.utils import timezone
from django.utils.translation import gettext as _
from lxml import etree

from producers.models import Organisation, Programme
from producers.models.organisations import OrganisationKind

from ..models import LogframeLevel
from ..selectors.logframes import ENTERED, MEASURED, IndicatorLine, logframe_table, programme_years

VERSION = "2.03"
# IATI code lists: OrganisationType, OrganisationRole, ActivityStatus, ActivityDateType, ResultType,
# IndicatorMeasure; the sector is OECD DAC's 31120 "Agricultural development" (vocabulary 1).
ORGANISATION_TYPE: dict[str, str] = {
    OrganisationKind.DONOR: "21",  # international NGO (Hivos and its peers)
    OrganisationKind.NGO: "22",  # national NGO
    OrganisationKind.GOVERNMENT: "10",
    OrganisationKind.COOPERATIVE: "22",
    OrganisationKind.ASSOCIATION: "22",
}
PRIVATE_SECTOR = "70"
ROLE_FUNDING, ROLE_IMPLEMENTING = "1", "4"
RESULT_TYPE: dict[str, str] = {LogframeLevel.OUTPUT: "1", LogframeLevel.PURPOSE: "2", LogframeLevel.GOAL: "3"}
MEASURE_UNIT, MEASURE_PERCENTAGE = "1", "2"
SECTOR_AGRICULTURAL_DEVELOPMENT = "31120"


def activity_identifier(programme: Programme) -> str:
    return f"{programme.funder.iati_identifier}-{programme.iati_activity_id}"


def activity_status(programme: Programme, today: date) -> str:
    """1 pipeline (not started), 2 implementation, 3 finalisation (ended this year), 4 closed."""
    if today < programme.starts_on:
        return "1"
    if today <= programme.ends_on:
        return "2"
    return "3" if today.year == programme.ends_on.year else "4"


def _narrative(parent: etree._Element, tag: str, text: str, **attributes: str) -> etree._Element:
    element = etree.SubElement(parent, tag, **attributes)
    etree.SubElement(element, "narrative").text = text
    return element


def _organisation(parent: etree._Element, tag: str, organisation: Organisation, **attributes: str) -> None:
    kind = ORGANISATION_TYPE.get(organisation.kind, PRIVATE_SECTOR)
    if organisation.iati_identifier:
        attributes["ref"] = organisation.iati_identifier
    _narrative(parent, tag, organisation.name, type=kind, **attributes)


def _number(value: Decimal | int | float) -> str:
    """A value as IATI writes a decimal: no exponent, no trailing zeros."""
    return format(Decimal(str(value)).normalize(), "f")


def _indicator(result: etree._Element, line: IndicatorLine, years: list[str]) -> None:
    logframe_indicator = line.indicator
    measure = MEASURE_PERCENTAGE if line.unit == "%" else MEASURE_UNIT
    indicator = etree.SubElement(result, "indicator", measure=measure, ascending="1" if line.higher_is_better else "0")
    _narrative(indicator, "title", logframe_indicator.name)
    if logframe_indicator.means_of_verification:
        _narrative(indicator, "description", logframe_indicator.means_of_verification)
    if line.baseline is not None and line.baseline_period[:4].isdigit():
        etree.SubElement(indicator, "baseline", year=line.baseline_period[:4], value=_number(line.baseline))
    for cell in line.cells:
        if cell.period not in years or (cell.target is None and cell.actual is None):
            continue
        period = etree.SubElement(indicator, "period")
        etree.SubElement(period, "period-start", **{"iso-date": f"{cell.period}-01-01"})
        etree.SubElement(period, "period-end", **{"iso-date": f"{cell.period}-12-31"})
        if cell.target is not None:
            etree.SubElement(period, "target", value=_number(cell.target))
        if cell.actual is not None:
            actual = etree.SubElement(period, "actual", value=_number(cell.actual))
            if cell.source == MEASURED:
                comment = _("Measured from the records of %(count)d producer groups in hivos-qm.") % {
                    "count": cell.groups
                }
            elif cell.source == ENTERED:
                comment = _("Entered by the programme's coordinator in hivos-qm.")
            else:
                comment = ""
            if comment:
                _narrative(actual, "comment", comment)


def iati_document(programme: Programme, *, today: date | None = None) -> bytes:
    """The programme as an IATI 2.03 `iati-activities` document. Check `missing_for_iati` first: without the
    identifiers the document would be invalid."""
    today = today or timezone.localdate()
    now = timezone.now().replace(microsecond=0)
    root = etree.Element("iati-activities", version=VERSION, **{"generated-datetime": now.isoformat()})
    attributes = {"last-updated-datetime": now.isoformat(), "{http://www.w3.org/XML/1998/namespace}lang": "en"}
    if programme.budget_currency:
        attributes["default-currency"] = programme.budget_currency
    activity = etree.SubElement(root, "iati-activity", **attributes)
    etree.SubElement(activity, "iati-identifier").text = activity_identifier(programme)
    _organisation(activity, "reporting-org", programme.funder)
    _narrative(activity, "title", programme.name)
    _narrative(activity, "description", programme.description or programme.name, type="1")
    _organisation(activity, "participating-org", programme.funder, role=ROLE_FUNDING)
    for implementer in programme.implementers.order_by("name"):
        _organisation(activity, "participating-org", implementer, role=ROLE_IMPLEMENTING)
    etree.SubElement(activity, "activity-status", code=activity_status(programme, today))
    etree.SubElement(activity, "activity-date", type="1", **{"iso-date": programme.starts_on.isoformat()})
    if programme.starts_on <= today:
        etree.SubElement(activity, "activity-date", type="2", **{"iso-date": programme.starts_on.isoformat()})
    etree.SubElement(activity, "activity-date", type="3", **{"iso-date": programme.ends_on.isoformat()})
    countries = sorted({str(code) for code in programme.groups.values_list("organisation__country", flat=True) if code})
    for index, country in enumerate(countries):
        # Percentages of a split add up to 100: the last country takes what rounding left.
        share = 100 // len(countries) if index < len(countries) - 1 else 100 - (100 // len(countries)) * index
        etree.SubElement(activity, "recipient-country", code=country, percentage=str(share))
    sector = etree.SubElement(activity, "sector", vocabulary="1", code=SECTOR_AGRICULTURAL_DEVELOPMENT)
    sector.set("percentage", "100")
    if programme.budget is not None and programme.budget_currency:
        budget = etree.SubElement(activity, "budget", type="1", status="2")
        etree.SubElement(budget, "period-start", **{"iso-date": programme.starts_on.isoformat()})
        etree.SubElement(budget, "period-end", **{"iso-date": programme.ends_on.isoformat()})
        value = etree.SubElement(
            budget, "value", currency=programme.budget_currency, **{"value-date": programme.starts_on.isoformat()}
        )
        value.text = _number(programme.budget)
    years = programme_years(programme)
    for view in logframe_table(programme=programme, periods=years):
        if not view.indicators:
            continue  # a result needs at least one indicator
        result = etree.SubElement(activity, "result", type=RESULT_TYPE[view.row.level], **{"aggregation-status": "0"})
        _narrative(result, "title", view.row.statement)
        for line in view.indicators:
            _indicator(result, line, years)
    return etree.tostring(root, xml_declaration=True, encoding="UTF-8", pretty_print=True)
