"""Who may see a progress report, and the reading side built on that rule: the programme and the job a page
shows, and whether a job's file may be served. One rule for asking, reading and downloading: a group's report is
for those who see the group (`groups_visible_to`), a programme's for those given the programme
(`programmes_visible_to`: coordinators and the funder's donors), whoever else sees its groups."""

from datetime import datetime

from django.core.exceptions import PermissionDenied
from django.db.models import QuerySet
from django.http import Http404
from django.shortcuts import get_object_or_404
from django.utils import timezone
from django.utils.translation import gettext as _

from producers.models import ProducerGroup, Programme, User
from producers.selectors import groups_visible_to, programmes_visible_to, roles_of

from ..models import JobStatus, ReportJob


def may_see_report(*, user: User, group: ProducerGroup | None = None, programme: Programme | None = None) -> bool:
    """Whether the user may see the report of this one group, or of this programme.

    A programme's report tells a programme's story (its framework, its targets, its groups side by side): it is
    for the programme's readers, as its page is. A field officer who happens to see every group of a programme
    reads each group's report, not the programme's (issue #14: pages, PDFs and jobs follow
    `programmes_visible_to`). For a donor the programme's groups are in sight by construction.
    """
    if (group is None) == (programme is None):
        raise ValueError("a report is about one group or one programme")
    if group is not None:
        return groups_visible_to(user).filter(pk=group.pk).exists()
    assert programme is not None
    return programmes_visible_to(user).filter(pk=programme.pk).exists()


def programmes_reportable_by(user: User) -> QuerySet[Programme]:
    """The programmes whose report the user may ask for (the same rule as `may_see_report`)."""
    return programmes_visible_to(user)


def programme_get_for_report(*, user: User, pk: int) -> Programme:
    """The programme, for its report: 404 when it does not exist or the user sees nothing of it, 403 when the
    user sees some of its groups but is not one of the programme's readers."""
    programme = get_object_or_404(Programme.objects.select_related("funder"), pk=pk)
    if may_see_report(user=user, programme=programme):
        return programme
    if programme.groups.filter(pk__in=groups_visible_to(user).values("pk")).exists():
        raise PermissionDenied(_("A programme's report is for its funder and the coordinators: ask a coordinator."))
    raise Http404


def job_get_for_user(*, user: User, pk: int) -> ReportJob:
    """The job for its page: the person who asked for it and coordinators; 404 for everybody else."""
    jobs = ReportJob.objects.select_related("group__organisation", "programme", "requested_by")
    if not roles_of(user).coordinator:
        jobs = jobs.filter(requested_by=user)
    job: ReportJob = get_object_or_404(jobs, pk=pk)
    return job


def job_may_download(*, user: User, job: ReportJob) -> bool:
    """A file is served only to a person who may see its report today: the rule may have changed since it was
    made (a group left the programme, the donor left the funder, the rule itself)."""
    return may_see_report(user=user, group=job.group, programme=job.programme)


def job_file_available(job: ReportJob, *, now: datetime | None = None) -> bool:
    now = now or timezone.now()
    return job.status == JobStatus.DONE and bool(job.file) and (job.expires_at is None or job.expires_at > now)
