"""Who may see a progress report, and the reading side built on that rule: the programme and the job a page
shows, and whether a job's file may be served. One rule for asking and for downloading: a person who may see
every group the report covers."""

from datetime import datetime

from django.core.exceptions import PermissionDenied
from django.db.models import Q, QuerySet
from django.http import Http404
from django.shortcuts import get_object_or_404
from django.utils import timezone
from django.utils.translation import gettext as _

from producers.models import ProducerGroup, Programme, User
from producers.selectors import groups_visible_to, programmes_visible_to, roles_of

from ..models import JobStatus, ReportJob


def may_see_report(*, user: User, group: ProducerGroup | None = None, programme: Programme | None = None) -> bool:
    """Whether the user may see every group the report covers: the one group, or every group of the programme.

    A programme without groups is shown to those who may read the programme itself (its funder's donors and
    coordinators): "every group" would otherwise let anybody read an empty programme's name and framework.
    """
    if (group is None) == (programme is None):
        raise ValueError("a report is about one group or one programme")
    visible = groups_visible_to(user)
    if group is not None:
        return visible.filter(pk=group.pk).exists()
    assert programme is not None
    if roles_of(user).coordinator:
        return True
    groups = programme.groups.all()
    if not groups.exists():
        return programmes_visible_to(user).filter(pk=programme.pk).exists()
    return not groups.exclude(pk__in=visible.values("pk")).exists()


def programmes_reportable_by(user: User) -> QuerySet[Programme]:
    """The programmes whose report the user may ask for (the same rule as `may_see_report`), in one query."""
    programmes = Programme.objects.select_related("funder")
    if roles_of(user).coordinator:
        return programmes.all()
    hidden_groups = ProducerGroup.objects.exclude(pk__in=groups_visible_to(user).values("pk"))
    fully_visible = Q(groups__isnull=False) & ~Q(pk__in=Programme.objects.filter(groups__in=hidden_groups).values("pk"))
    readable = Q(groups__isnull=True) & Q(pk__in=programmes_visible_to(user).values("pk"))
    return programmes.filter(pk__in=Programme.objects.filter(fully_visible | readable).values("pk"))


def programme_get_for_report(*, user: User, pk: int) -> Programme:
    """The programme, for its report: 404 when it does not exist or the user sees nothing of it (neither the
    programme nor any of its groups), 403 when the user sees only part of its groups."""
    programme = get_object_or_404(Programme.objects.select_related("funder"), pk=pk)
    if may_see_report(user=user, programme=programme):
        return programme
    if (
        programmes_visible_to(user).filter(pk=programme.pk).exists()
        or programme.groups.filter(pk__in=groups_visible_to(user).values("pk")).exists()
    ):
        raise PermissionDenied(_("This programme supports groups you may not see: ask a coordinator for its report."))
    raise Http404


def job_get_for_user(*, user: User, pk: int) -> ReportJob:
    """The job for its page: the person who asked for it and coordinators; 404 for everybody else."""
    jobs = ReportJob.objects.select_related("group__organisation", "programme", "requested_by")
    if not roles_of(user).coordinator:
        jobs = jobs.filter(requested_by=user)
    job: ReportJob = get_object_or_404(jobs, pk=pk)
    return job


def job_may_download(*, user: User, job: ReportJob) -> bool:
    """A file is served only to a person who may see every group in it, today."""
    return may_see_report(user=user, group=job.group, programme=job.programme)


def job_file_available(job: ReportJob, *, now: datetime | None = None) -> bool:
    now = now or timezone.now()
    return job.status == JobStatus.DONE and bool(job.file) and (job.expires_at is None or job.expires_at > now)
