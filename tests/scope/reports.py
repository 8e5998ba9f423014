"""The progress report: its pages for a group and a programme, and the jobs that make its PDF."""

from datetime import date, timedelta

from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.utils import timezone

from cycles.models import JobStatus, ReportJob
from producers.models import ProducerGroup, User
from producers.models.organisations import OrganisationKind

from ..factories import OrganisationFactory, ProgrammeFactory
from . import EVERY_GROUP_ROLE, ObjectUrl, World, by_id, group_in, group_out

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
# A job's page and file are for the person who asked (the donor here) and coordinators.
ASKER_ROLES = frozenset({"coordinator", "donor"})
PROGRAMME_READERS = frozenset({"coordinator", "donor"})


def _done_job(*, group: ProducerGroup, user: User) -> ReportJob:
    now = timezone.now()
    return ReportJob.objects.create(
        requested_by=user,
        group=group,
        period_start=date(2025, 1, 1),
        period_end=date(2025, 12, 31),
        status=JobStatus.DONE,
        progress=100,
        file=default_storage.save("reports/scope.pdf", ContentFile(PDF)),
        created_at=now,
        finished_at=now,
        expires_at=now + timedelta(days=7),
    )


def populate(world: World) -> None:
    scope = world.scope
    world.ids["programme_in"] = scope.group.programmes.get().pk
    other_funder = OrganisationFactory.create(name="Another Funder", kind=OrganisationKind.DONOR)
    world.ids["programme_out"] = ProgrammeFactory.create(funder=other_funder, groups=[scope.other_group]).pk
    world.ids["report_job_in"] = _done_job(group=scope.group, user=scope.donor).pk
    world.ids["report_job_out"] = _done_job(group=scope.other_group, user=scope.coordinator).pk


OBJECT_URLS: dict[str, ObjectUrl] = {
    "cycles:report_page_group": ObjectUrl(group_in, group_out, EVERY_GROUP_ROLE),
    # The programme's readers (`programmes_visible_to`), although its one group is in every scoped role's reach.
    "cycles:report_page_programme": ObjectUrl(*by_id("programme"), PROGRAMME_READERS),
    "cycles:report_job": ObjectUrl(*by_id("report_job"), ASKER_ROLES),
    "cycles:report_download": ObjectUrl(*by_id("report_job"), ASKER_ROLES),
    # Retrying a finished job is refused with a message (a redirect): the walk checks who reaches it at all.
    "cycles:report_retry": ObjectUrl(*by_id("report_job"), ASKER_ROLES, "post"),
}
