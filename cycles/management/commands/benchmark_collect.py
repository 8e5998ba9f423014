"""Measure field capture: N submissions of a 40-question form received one after another through the same service
the OpenRosa endpoint calls, with the time and the queries per submission. Everything it creates is rolled back.

    python manage.py benchmark_collect --submissions 1000
"""

import statistics
import time
from typing import Any

from django.core.management.base import BaseCommand
from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from cycles.collect.receive import submission_receive
from cycles.collect.sample import submission_xml
from cycles.collect.xlsform import round_form
from cycles.models import Compliance, Inspection, InspectionRound, Inspector, SubmissionStatus
from producers.models import Member, Membership, Organisation, ProducerGroup, Role, User
from producers.models.organisations import Commodity, InterestGroup, LegalForm, OrganisationKind
from standards.models import GroupStandard, Level, Requirement, Scope, Standard

QUESTIONS = 40


class Rollback(Exception):
    pass


class Command(BaseCommand):
    help = "Time N field submissions of a 40-question form (time and queries per submission); nothing is kept."

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("--submissions", type=int, default=1000)

    def handle(self, *args: Any, submissions: int, **options: Any) -> None:
        try:
            with transaction.atomic():
                self._run(submissions)
                raise Rollback
        except Rollback:
            pass

    def _world(self, count: int) -> tuple[InspectionRound, Inspector, list[Member], User]:
        today = timezone.localdate()
        organisation = Organisation.objects.create(
            name=f"Benchmark Co-operative {time.time_ns()}",
            country="KE",
            interest_group=InterestGroup.PRODUCER_GROUP,
            kind=OrganisationKind.COOPERATIVE,
        )
        group = ProducerGroup.objects.create(
            organisation=organisation,
            commodity=Commodity.COFFEE,
            region="Nyeri",
            legal_form=LegalForm.COOPERATIVE_SOCIETY,
            founded=1990,
        )
        manager = User.objects.create(username=f"bench-{time.time_ns()}")
        Membership.objects.create(user=manager, organisation=organisation, role=Role.GROUP_MANAGER)
        standard = Standard.objects.create(code=f"bench-{time.time_ns()}", name="Benchmark standard")
        Requirement.objects.bulk_create(
            Requirement(
                standard=standard, code=f"B-{i:02d}", text=f"Requirement {i}", level=Level.CORE, scope=Scope.FARM
            )
            for i in range(QUESTIONS)
        )
        GroupStandard.objects.create(group=group, standard=standard, chosen_on=today)
        members = Member.objects.bulk_create(
            Member(group=group, member_number=f"B-{i:05d}", first_name="Member", last_name=str(i)) for i in range(count)
        )
        inspector = Inspector.objects.create(group=group, name="Benchmark inspector", trained_on=today)
        inspection_round = InspectionRound.objects.create(
            group=group, year=today.year, opened_at=timezone.now(), opened_by=manager
        )
        return inspection_round, inspector, members, manager

    def _run(self, count: int) -> None:
        inspection_round, inspector, members, manager = self._world(count)
        form = round_form(inspection_round)
        assert len(form.questions) == QUESTIONS
        first = form.questions[0].key
        day = timezone.localdate().isoformat()
        payloads = [
            submission_xml(
                form,
                member=member,
                inspector=inspector,
                on=day,
                # One in ten finds something: a non-conformity is written too.
                answers={first: (Compliance.NOT_COMPLIANT, "Found on the farm", "minor")} if i % 10 == 0 else None,
            )
            for i, member in enumerate(members)
        ]
        seconds: list[float] = []
        queries: list[int] = []
        for xml in payloads:
            # Django keeps the last 9,000 queries only: emptied each time, so that every count is whole.
            connection.queries_log.clear()
            with CaptureQueriesContext(connection) as captured:
                started = time.perf_counter()
                receipt = submission_receive(xml=xml, files={}, by=manager)
                seconds.append(time.perf_counter() - started)
            assert receipt.submission.status == SubmissionStatus.ACCEPTED, receipt.submission.reason
            queries.append(len(captured))
        assert Inspection.objects.filter(round=inspection_round).count() == count
        ms = sorted(s * 1000 for s in seconds)
        clean = sorted({q for i, q in enumerate(queries[1:], start=1) if i % 10})
        finding = sorted({q for i, q in enumerate(queries[1:], start=1) if not i % 10})
        self.stdout.write(
            f"{count} submissions of a {QUESTIONS}-question form on {connection.vendor}: "
            f"{sum(seconds):.1f} s in all, per submission median {statistics.median(ms):.1f} ms, "
            f"p95 {ms[int(len(ms) * 0.95) - 1]:.1f} ms; queries per submission: {clean} without a finding, "
            f"{finding} with one (the first submission of the process: {queries[0]})"
        )
