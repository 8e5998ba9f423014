"""Field capture in the demo: the field officer's phone has sent three of Gikoe's inspections today, and one of them
waits for review (it was filled on a form of an earlier version), so that the capture page and its queue show what
they are for. Idempotent: nothing is written once the group has a submission."""

from datetime import date

from django.utils import timezone

from producers.models import ProducerGroup, User

from ..collect.keys import collect_key_create
from ..collect.receive import submission_receive
from ..collect.sample import submission_xml
from ..collect.xlsform import round_form
from ..models import Compliance, Inspection, InspectionRound, Inspector, Submission
from ..selectors.inspections import member_choices
from .records import YEAR
from .story import GROUP_GIKOE

SENT = 3


def seed_field_capture(groups: dict[str, ProducerGroup], users: dict[str, User]) -> int:
    group = groups[GROUP_GIKOE]
    inspection_round = InspectionRound.objects.filter(group=group, year=YEAR).first()
    inspector = Inspector.objects.filter(group=group, active=True).order_by("name").first()
    if inspection_round is None or inspector is None or Submission.objects.filter(group=group).exists():
        return 0
    officer = users["fieldofficer"]
    # The key's value is not kept: it was shown once, on the officer's phone. Keys for trying Collect are made on
    # the Field capture page.
    key = collect_key_create(user=officer, by=officer, label="Demo phone (Gikoe office)").key
    form = round_form(inspection_round)
    first = form.questions[0]
    today = timezone.localdate()
    on = today if today.year == YEAR else date(YEAR, 12, 1)
    due = (
        member_choices(group)
        .exclude(pk__in=Inspection.objects.filter(round=inspection_round).values("member"))
        .exclude(conflicts__inspector=inspector)
    )
    if inspector.member_id is not None:
        due = due.exclude(pk=inspector.member_id)
    for number, member in enumerate(due[:SENT]):
        answers: dict[str, tuple[str, str, str]] = (
            {first.key: (Compliance.NOT_COMPLIANT, "Pesticide store not locked.", "minor")} if number == 1 else {}
        )
        xml = submission_xml(
            form,
            member=member,
            inspector=inspector,
            on=on.isoformat(),
            answers=answers,
            version=f"{YEAR}.0000000000" if number == SENT - 1 else None,
        )
        submission_receive(xml=xml, files={}, by=officer, key=key)
    return SENT
