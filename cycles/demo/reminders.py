"""The records that fill the demo's "This week" page with an item of every kind for each demo login.

The rest of the story keeps its fixed dates, and most reminders come from it on their own (findings without an
action, Gikoe's round not complete near the year's end, Ngqushwa's market linkage not received, Rupingazi stuck).
What must be due *this week* whenever the demo is loaded is dated from the day it is loaded: corrective actions due
in a few days or a few days late, and an audit of Mukurwe's second standard whose anniversary comes within the month
while its major finding is still open (the Rainforest certificate's end is set the same way, in `story.CERTIFICATES`).
Idempotent: the marker action's description is looked up before anything is written.
"""

from datetime import date, timedelta

from django.utils import timezone

from producers.models import Member, Organisation, ProducerGroup, User
from producers.models.members import MemberStatus
from standards.models import Audit, Requirement

from ..models import Compliance, CorrectiveAction, Inspection, InspectionRound, Inspector, NCStatus, Severity
from ..selectors.inspections import inspection_questions
from ..services.audits import audit_finding_create, audit_record
from ..services.inspections import inspection_record
from ..services.nonconformities import corrective_action_create, nonconformity_move
from .records import YEAR
from .story import CB_KENYA, GROUP_GIKOE, GROUP_MUKURWE

# Gikoe's latest inspection of the year, late in the round: its finding's actions are the group manager's week.
GIKOE_INSPECTED_ON = date(YEAR, 9, 28)
MARKER = "Mark the protected riparian strip with stakes and show it on the farm map."
# The yearly audit of Mukurwe's second standard is this many days before the day of loading: its anniversary comes
# within the month.
AUDIT_DAYS_AGO = 340


def seed_reminders(
    groups: dict[str, ProducerGroup], organisations: dict[str, Organisation], users: dict[str, User]
) -> int:
    """Write the week's records unless they are there; return how many records were made (0 on a second run)."""
    if CorrectiveAction.objects.filter(description=MARKER).exists():
        return 0
    today = timezone.localdate()
    made = _seed_gikoe_week(groups[GROUP_GIKOE], users["fieldofficer"], today)
    made += _seed_mukurwe_audit(groups[GROUP_MUKURWE], organisations[CB_KENYA], users["fieldofficer"], today)
    return made


def _seed_gikoe_week(group: ProducerGroup, by: User, today: date) -> int:
    """One more member inspected at the end of September, one minor finding; its two corrective actions are one due
    in five days and one four days late (the browser journey's: the manager marks it done from the page)."""
    round_ = InspectionRound.objects.filter(group=group, year=YEAR).first()
    if round_ is None:
        return 0
    inspected = Inspection.objects.filter(round=round_, member__isnull=False).values("member")
    member = (
        Member.objects.filter(group=group, status=MemberStatus.APPROVED)
        .exclude(pk__in=inspected)
        .order_by("member_number")
        .first()
    )
    inspector = Inspector.objects.filter(group=group, active=True).exclude(member=member).order_by("name").first()
    if member is None or inspector is None:
        return 0
    questions = inspection_questions(group=group, year=YEAR)
    failed = next(question for question in questions if question.domain == "environment") if questions else None
    answers: dict[str, tuple[str, str]] = {question.key: (Compliance.COMPLIANT, "") for question in questions}
    if failed is not None:
        answers[failed.key] = (Compliance.NOT_COMPLIANT, "Maize planted up to the stream bank; no buffer strip kept.")
    inspection = inspection_record(
        round=round_,
        member=member,
        inspector=inspector,
        by=by,
        inspected_on=GIKOE_INSPECTED_ON,
        answers=answers,
        severities={failed.key: Severity.MINOR} if failed is not None else {},
    )
    nonconformity = inspection.nonconformities.first()
    if nonconformity is None:
        return 1
    found = nonconformity.found_on
    corrective_action_create(
        nonconformity=nonconformity,
        by=by,
        description=MARKER,
        owner="ICS manager",
        due_on=max(found, today - timedelta(days=4)),
    )
    corrective_action_create(
        nonconformity=nonconformity,
        by=by,
        description="Replant the strip with napier grass and show the inspector at the follow-up visit.",
        owner=member.full_name,
        due_on=max(found, today + timedelta(days=5)),
    )
    nonconformity_move(nonconformity=nonconformity, by=by, to_status=NCStatus.ACTION_PLANNED)
    return 4


def _seed_mukurwe_audit(group: ProducerGroup, certification_body: Organisation, by: User, today: date) -> int:
    """A surveillance audit of the chosen standard not audited yet this year, `AUDIT_DAYS_AGO` days back, with one
    major finding whose corrective action is due in six days."""
    since = today - timedelta(days=AUDIT_DAYS_AGO)
    audited = Audit.objects.filter(group=group, audited_on__gt=since).values("standard")
    chosen = group.chosen_standards.exclude(standard__in=audited).select_related("standard").order_by("standard__code")
    first = chosen.first()
    if first is None:
        return 0
    audit = audit_record(
        group=group,
        by=by,
        standard=first.standard,
        certification_body=certification_body,
        audit_type="surveillance",
        audited_on=today - timedelta(days=AUDIT_DAYS_AGO),
        auditor="G. Wekesa",
        summary="Surveillance audit: sound system; the workers' protective equipment is still missing at two stores.",
    )
    requirement = (
        Requirement.objects.filter(standard=first.standard, domain="health_safety").order_by("code").first()
        or Requirement.objects.filter(standard=first.standard).order_by("code").first()
    )
    if requirement is None:
        return 1
    finding = audit_finding_create(
        audit=audit,
        by=by,
        requirement=requirement,
        severity=Severity.MAJOR,
        description="Protective equipment missing at the Gatura and Kiria stores.",
    )
    corrective_action_create(
        nonconformity=finding,
        by=by,
        description="Buy and issue gloves, masks and boots at both stores; record who received them.",
        owner="Store committee chair",
        due_on=today + timedelta(days=6),
    )
    nonconformity_move(nonconformity=finding, by=by, to_status=NCStatus.ACTION_PLANNED)
    return 3
