"""The criteria of the phases, edited by coordinators in the application. Field officers read them (they walk
groups through the gates), nobody else sees this page. Every change goes through the criterion services and
becomes a new version."""

from dataclasses import dataclass, field
from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Prefetch
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from producers.models import User
from producers.selectors import groups_steered_by, roles_of
from producers.views.helpers import request_user

from ..forms.criteria import CriterionForm, RetireForm
from ..gates import REGISTRY
from ..models import Criterion, CriterionKind, CriterionRevision, Phase
from ..services.criteria import criterion_create, criterion_restore, criterion_retire, criterion_update


def _may_edit(user: User) -> bool:
    return roles_of(user).coordinator


def _may_read(user: User) -> bool:
    """Coordinators, and field officers who walk groups through the phases. A field officer without a portfolio
    reaches no group, and so has no business with the gates either."""
    roles = roles_of(user)
    return roles.coordinator or (roles.field_officer and groups_steered_by(user).exists())


def _criterion_get_for_user(*, user: User, pk: int, for_change: bool) -> Criterion:
    """The criterion if the user may read it (or change it, with `for_change`): 403 before 404, since the
    criteria are reference data and their ids reveal nothing."""
    if not (_may_edit(user) if for_change else _may_read(user)):
        raise PermissionDenied
    return get_object_or_404(Criterion.objects.select_related("phase"), pk=pk)


def _phase_get_for_editor(*, user: User, pk: int) -> Phase:
    if not _may_edit(user):
        raise PermissionDenied
    return get_object_or_404(Phase, pk=pk)


def _evaluator_label(name: str) -> str:
    if not name:
        return ""
    registered = REGISTRY.get(name)
    return str(registered.label) if registered is not None else _("unknown function “%(name)s”") % {"name": name}


def _parameters_text(parameters: dict[str, Any] | None) -> str:
    return ", ".join(f"{name} = {value}" for name, value in sorted((parameters or {}).items()))


def _list_url(criterion: Criterion) -> str:
    return f"{reverse('cycles:criteria')}#criterion-{criterion.pk}"


@dataclass(frozen=True)
class CriterionRow:
    criterion: Criterion
    evaluator_label: str
    parameters_text: str


@dataclass(frozen=True)
class PhaseRow:
    phase: Phase
    criteria: list[CriterionRow]

    @property
    def active_count(self) -> int:
        return sum(1 for row in self.criteria if row.criterion.active)


def criteria_list_view(request: HttpRequest) -> HttpResponse:
    """Every phase with its criteria, in use first, retired ones after. Two queries whatever the number."""
    user = request_user(request)
    if not _may_read(user):
        raise PermissionDenied
    phases = Phase.objects.order_by("order").prefetch_related(
        Prefetch("criteria", queryset=Criterion.objects.order_by("-active", "order", "pk"))
    )
    rows = [
        PhaseRow(
            phase=phase,
            criteria=[
                CriterionRow(c, _evaluator_label(c.evaluator), _parameters_text(c.parameters))
                for c in phase.criteria.all()
            ],
        )
        for phase in phases
    ]
    return render(
        request,
        "cycles/criteria/list.html",
        {"phases": rows, "can_edit": _may_edit(user)},
    )


def _render_form(
    request: HttpRequest,
    *,
    form: CriterionForm,
    phase: Phase,
    criterion: Criterion | None = None,
    current: CriterionRow | None = None,
) -> HttpResponse:
    """The form; with `current`, the version someone else saved meanwhile, to compare with what was typed."""
    context: dict[str, Any] = {"form": form, "phase": phase, "criterion": criterion, "current": current}
    if current is not None:
        context["current_revision"] = (
            current.criterion.revisions.select_related("changed_by").order_by("-version").first()
        )
    return render(request, "cycles/criteria/form.html", context)


def criterion_create_view(request: HttpRequest, pk: int) -> HttpResponse:
    user = request_user(request)
    phase = _phase_get_for_editor(user=user, pk=pk)
    if request.method != "POST":
        return _render_form(request, form=CriterionForm(), phase=phase)
    form = CriterionForm(request.POST)
    if form.is_valid():
        try:
            criterion = criterion_create(
                phase=phase,
                by=user,
                code=form.cleaned_data["code"],
                reason=form.cleaned_data["reason"],
                **form.changes(),
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(
                request,
                _("“%(text)s” is added to %(phase)s as version 1.") % {"text": criterion.text, "phase": phase.name},
            )
            return redirect(_list_url(criterion))
    return _render_form(request, form=form, phase=phase)


def criterion_update_view(request: HttpRequest, pk: int) -> HttpResponse:
    user = request_user(request)
    criterion = _criterion_get_for_user(user=user, pk=pk, for_change=True)
    if request.method != "POST":
        return _render_form(
            request, form=CriterionForm(criterion=criterion), phase=criterion.phase, criterion=criterion
        )
    # A mutable copy: after a conflict the form carries the version now saved, so that saving again is a choice
    # made with the current version in view.
    data = request.POST.copy()
    form = CriterionForm(data, criterion=criterion)
    current = None
    if form.is_valid():
        try:
            saved = criterion_update(
                criterion=criterion,
                by=user,
                expected_version=form.cleaned_data["expected_version"],
                reason=form.cleaned_data["reason"],
                **form.changes(),
            )
        except ValidationError as error:
            if getattr(error, "code", None) == "edited_meanwhile":
                criterion.refresh_from_db()
                data["expected_version"] = str(criterion.version)
                current = CriterionRow(
                    criterion, _evaluator_label(criterion.evaluator), _parameters_text(criterion.parameters)
                )
            form.add_error(None, error)
        else:
            messages.success(
                request,
                _("“%(text)s” is saved as version %(version)d.") % {"text": saved.text, "version": saved.version},
            )
            return redirect(_list_url(saved))
    return _render_form(request, form=form, phase=criterion.phase, criterion=criterion, current=current)


@require_POST
def criterion_retire_view(request: HttpRequest, pk: int) -> HttpResponseRedirect:
    """Retire a criterion, or restore a retired one (`action`); the outcome comes back as a message on the list."""
    user = request_user(request)
    criterion = _criterion_get_for_user(user=user, pk=pk, for_change=True)
    form = RetireForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Choose whether to retire or restore the criterion."), extra_tags="danger")
        return redirect(_list_url(criterion))
    restore = form.cleaned_data["action"] == RetireForm.RESTORE
    service = criterion_restore if restore else criterion_retire
    try:
        saved = service(criterion=criterion, by=user, reason=form.cleaned_data["reason"])
    except ValidationError as error:
        # "danger" as an extra tag: Bootstrap has no alert-error.
        messages.error(request, " ".join(error.messages), extra_tags="danger")
    else:
        message = (
            _("“%(text)s” is in use again (version %(version)d).")
            if restore
            else _("“%(text)s” is retired (version %(version)d). Past answers and decisions keep it.")
        )
        messages.success(request, message % {"text": saved.text, "version": saved.version})
    return redirect(_list_url(criterion))


HISTORY_FIELDS: list[tuple[str, Any]] = [
    ("text", gettext_lazy("Criterion")),
    ("guidance", gettext_lazy("Guidance")),
    ("kind", gettext_lazy("Kind")),
    ("evaluator", gettext_lazy("Evaluation function")),
    ("parameters", gettext_lazy("Parameters")),
    ("mandatory", gettext_lazy("Mandatory")),
    ("active", gettext_lazy("Status")),
    ("order", gettext_lazy("Position in the phase")),
]


@dataclass(frozen=True)
class FieldState:
    name: str
    label: str
    value: str
    previous: str
    changed: bool


@dataclass
class RevisionRow:
    revision: CriterionRevision
    fields: list[FieldState] = field(default_factory=list)

    @property
    def changed_count(self) -> int:
        return sum(1 for f in self.fields if f.changed)


def _shown(revision: CriterionRevision, name: str) -> str:
    """A field of a revision as a reader understands it."""
    if name == "kind":
        return str(CriterionKind(revision.kind).label) if revision.kind in CriterionKind.values else revision.kind
    if name == "evaluator":
        return _evaluator_label(revision.evaluator) or "—"
    if name == "parameters":
        return _parameters_text(revision.parameters) or "—"
    if name == "mandatory":
        return _("mandatory") if revision.mandatory else _("optional")
    if name == "active":
        return _("in use") if revision.active else _("retired")
    return str(getattr(revision, name)) or "—"


def criterion_history_view(request: HttpRequest, pk: int) -> HttpResponse:
    """Every version of a criterion, newest first, with what changed from the version before."""
    user = request_user(request)
    criterion = _criterion_get_for_user(user=user, pk=pk, for_change=False)
    rows: list[RevisionRow] = []
    previous: CriterionRevision | None = None
    for revision in criterion.revisions.select_related("changed_by").order_by("version"):
        row = RevisionRow(revision)
        for name, label in HISTORY_FIELDS:
            value = _shown(revision, name)
            before = _shown(previous, name) if previous is not None else ""
            row.fields.append(
                FieldState(
                    name,
                    str(label),
                    value,
                    before,
                    previous is not None and getattr(revision, name) != getattr(previous, name),
                )
            )
        rows.append(row)
        previous = revision
    rows.reverse()
    return render(
        request,
        "cycles/criteria/history.html",
        {"criterion": criterion, "rows": rows, "can_edit": _may_edit(user)},
    )
