"""Keeping the member register: adding and editing members and plots, moving a member's status, and bringing the
register in from a spreadsheet (preview, then confirm) and out to one. Reads are in `members.py`."""

import re
import secrets
import tempfile
from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.http import FileResponse, HttpRequest, HttpResponse, StreamingHttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.dateparse import parse_datetime
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from ..exports import XLSX_TYPE, export_format, file_name, private_download
from ..forms import ImportForm, MemberForm, PlotForm, StatusChangeForm
from ..history import StaleRecord, history_entries
from ..imports import (
    COLUMNS,
    MAX_ROWS,
    XLSX_MAGIC,
    ImportPlan,
    ImportRefused,
    export_csv,
    export_xlsx,
    import_apply,
    import_preview,
    template_csv,
    template_xlsx,
)
from ..models import Member, Plot, ProducerGroup
from ..security_log import security_event
from ..selectors import (
    can_change_register,
    group_get_for_change,
    group_register_get_for_user,
    member_get_for_user,
    next_member_number,
    plot_get_for_user,
)
from ..services import member_create, member_status_change, member_update, plot_create, plot_update
from ..storage import IMPORT_FOLDER, PENDING_IMPORT_FOR
from .helpers import add_service_errors, request_user, stale_on_form
from .members import render_member_detail

# Pending imports, between the preview and the confirmation: token → who, which group, where the file is.
PENDING = "register_imports"
SHOWN_CHANGES = 100
TOKEN = re.compile(r"[A-Za-z0-9_-]{20,64}")


def _member_for_change(request: HttpRequest, pk: int) -> Member:
    member = member_get_for_user(user=request_user(request), pk=pk)
    if not can_change_register(request_user(request), member.group):
        raise PermissionDenied
    return member


def _plot_for_change(request: HttpRequest, pk: int) -> Plot:
    plot = plot_get_for_user(user=request_user(request), pk=pk)
    if not can_change_register(request_user(request), plot.member.group):
        raise PermissionDenied
    return plot


# --- Members ---------------------------------------------------------------------------------------------------


def member_create_view(request: HttpRequest, pk: int) -> HttpResponse:
    user = request_user(request)
    group = group_get_for_change(user=request_user(request), pk=pk)
    form = (
        MemberForm(request.POST)
        if request.method == "POST"
        else MemberForm(initial={"member_number": next_member_number(group)})
    )
    if request.method == "POST" and form.is_valid():
        try:
            member = member_create(group=group, by=user, **form.changes())
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("%(member)s is added to the register.") % {"member": member})
            return redirect(member)
    return _form_page(request, "producers/member_form.html", {"group": group, "form": form, "member": None})


def member_update_view(request: HttpRequest, pk: int) -> HttpResponse:
    user = request_user(request)
    member = _member_for_change(request, pk)
    if request.method != "POST":
        return _form_page(
            request,
            "producers/member_form.html",
            {"group": member.group, "form": MemberForm(member=member), "member": member},
        )
    form = MemberForm(request.POST, member=member)
    current = None
    if form.is_valid():
        try:
            saved = member_update(
                member=member,
                by=user,
                expected_version=form.cleaned_data["expected_version"],
                changes=form.changes(),
                reason=form.cleaned_data["reason"],
            )
        except StaleRecord as stale:
            current = stale_on_form(form, stale)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            if saved is member:
                messages.info(request, _("Nothing was changed."))
            else:
                messages.success(request, _("%(member)s is saved.") % {"member": saved})
            return redirect(saved)
    return _form_page(
        request,
        "producers/member_form.html",
        {"group": member.group, "form": form, "member": member, "current": current},
    )


@require_POST
def member_status_view(request: HttpRequest, pk: int) -> HttpResponse:
    member = _member_for_change(request, pk)
    form = StatusChangeForm(request.POST, member=member)
    if form.is_valid():
        try:
            change = member_status_change(
                member=member,
                by=request_user(request),
                to_status=form.cleaned_data["to_status"],
                changed_on=form.cleaned_data["changed_on"],
                reason=form.cleaned_data["reason"],
                expected_status=form.cleaned_data["expected_status"],
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(
                request,
                _("%(member)s: %(from)s → %(to)s.")
                % {
                    "member": member.full_name,
                    "from": change.get_from_status_display(),
                    "to": change.get_to_status_display(),
                },
            )
            return redirect(f"{member.get_absolute_url()}#status")
    # What the person typed stays in the form, with the errors beside it.
    member.refresh_from_db()
    return render_member_detail(request, member, status_form=form, status=400)


# --- Plots -----------------------------------------------------------------------------------------------------


def plot_create_view(request: HttpRequest, pk: int) -> HttpResponse:
    member = _member_for_change(request, pk)
    form = (
        PlotForm(request.POST)
        if request.method == "POST"
        else PlotForm(initial={"crop": member.group.get_commodity_display()})
    )
    if request.method == "POST" and form.is_valid():
        try:
            plot = plot_create(member=member, by=request_user(request), **form.changes())
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("The plot “%(plot)s” is added.") % {"plot": plot.name})
            return redirect(f"{member.get_absolute_url()}#plots")
    return _form_page(
        request, "producers/plot_form.html", {"group": member.group, "member": member, "form": form, "plot": None}
    )


def plot_update_view(request: HttpRequest, pk: int) -> HttpResponse:
    plot = _plot_for_change(request, pk)
    member = plot.member
    context: dict[str, Any] = {"group": member.group, "member": member, "plot": plot, "history": history_entries(plot)}
    if request.method != "POST":
        return _form_page(request, "producers/plot_form.html", {**context, "form": PlotForm(plot=plot)})
    form = PlotForm(request.POST, plot=plot)
    if form.is_valid():
        try:
            saved = plot_update(
                plot=plot,
                by=request_user(request),
                expected_version=form.cleaned_data["expected_version"],
                changes=form.changes(),
                reason=form.cleaned_data["reason"],
            )
        except StaleRecord as stale:
            context["current"] = stale_on_form(form, stale)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            if saved is plot:
                messages.info(request, _("Nothing was changed."))
            else:
                messages.success(request, _("The plot “%(plot)s” is saved.") % {"plot": saved.name})
            return redirect(f"{member.get_absolute_url()}#plots")
    return _form_page(request, "producers/plot_form.html", {**context, "form": form})


def _form_page(request: HttpRequest, template: str, context: dict[str, Any]) -> HttpResponse:
    """A form page, answered with 400 when a sent form comes back with errors."""
    return render(
        request,
        template,
        {"tab": "members", "can_see_register": True, **context},
        status=400 if request.method == "POST" else 200,
    )


# --- Import ----------------------------------------------------------------------------------------------------


def _pending(request: HttpRequest) -> dict[str, dict[str, Any]]:
    pending: dict[str, dict[str, Any]] = request.session.get(PENDING, {})
    return pending


def _discard(request: HttpRequest, token: str) -> None:
    pending = _pending(request)
    entry = pending.pop(token, None)
    if entry is not None:
        default_storage.delete(entry["path"])
        request.session[PENDING] = pending


def _keep(request: HttpRequest, group: ProducerGroup, name: str, data: bytes) -> str:
    """Keep the uploaded file until it is confirmed, under a random name known only to this session."""
    user = request_user(request)
    now = timezone.now()
    for token, entry in list(_pending(request).items()):
        # One pending file per group; a forgotten one does not outlive the day.
        at = parse_datetime(entry.get("at", ""))
        if entry.get("group") == group.pk or at is None or now - at > PENDING_IMPORT_FOR:
            _discard(request, token)
    token = secrets.token_urlsafe(24)
    suffix = ".xlsx" if data.startswith(XLSX_MAGIC) else ".csv"
    path = default_storage.save(f"{IMPORT_FOLDER}/{token}{suffix}", ContentFile(data))
    pending = _pending(request)
    pending[token] = {"user": user.pk, "group": group.pk, "path": path, "name": name, "at": now.isoformat()}
    request.session[PENDING] = pending
    return token


def _claim(request: HttpRequest, group: ProducerGroup, token: str) -> dict[str, Any] | None:
    """The pending import for this token, if it was uploaded by this user for this group."""
    if not TOKEN.fullmatch(token):
        return None
    entry = _pending(request).get(token)
    if entry is None or entry.get("user") != request_user(request).pk or entry.get("group") != group.pk:
        return None
    at = parse_datetime(entry.get("at", ""))
    if at is None or timezone.now() - at > PENDING_IMPORT_FOR:
        # Its file is swept after this long (producers.storage): the preview may show what is no longer there.
        _discard(request, token)
        return None
    return entry


def _import_page(
    request: HttpRequest,
    group: ProducerGroup,
    *,
    form: ImportForm | None = None,
    plan: ImportPlan | None = None,
    token: str = "",
    status: int = 200,
) -> HttpResponse:
    return render(
        request,
        "producers/member_import.html",
        {
            "group": group,
            "tab": "members",
            "can_see_register": True,
            "form": form or ImportForm(),
            "plan": plan,
            "token": token,
            "columns": COLUMNS,
            "max_rows": MAX_ROWS,
            "shown_changes": plan.changes[:SHOWN_CHANGES] if plan else [],
            "more_changes": max(len(plan.changes) - SHOWN_CHANGES, 0) if plan else 0,
        },
        status=status,
    )


def member_import_view(request: HttpRequest, pk: int) -> HttpResponse:
    """The upload form; a file sent here is checked and previewed, and nothing is written."""
    group = group_get_for_change(user=request_user(request), pk=pk)
    if request.method != "POST":
        return _import_page(request, group)
    form = ImportForm(request.POST, request.FILES)
    if not form.is_valid():
        return _import_page(request, group, form=form, status=400)
    upload = form.cleaned_data["file"]
    data = upload.read()
    plan = import_preview(group=group, by=request_user(request), data=data, file_name=upload.name)
    token = _keep(request, group, plan.file_name, data) if plan.ok and plan.changes_anything else ""
    return _import_page(request, group, plan=plan, token=token)


@require_POST
def member_import_confirm_view(request: HttpRequest, pk: int) -> HttpResponse:
    group = group_get_for_change(user=request_user(request), pk=pk)
    token = request.POST.get("token", "")
    entry = _claim(request, group, token)
    import_url = reverse("producers:member_import", kwargs={"pk": group.pk})
    if entry is None:
        messages.error(request, _("This preview is no longer available. Upload the file again."))
        return redirect(import_url)
    if request.POST.get("action") == "cancel":
        _discard(request, token)
        messages.info(request, _("The import is cancelled: nothing was imported."))
        return redirect(import_url)
    try:
        with default_storage.open(entry["path"], "rb") as kept:
            data = kept.read()
    except OSError:
        _discard(request, token)
        messages.error(request, _("This preview is no longer available. Upload the file again."))
        return redirect(import_url)
    try:
        plan = import_apply(group=group, by=request_user(request), data=data, file_name=entry["name"])
    except ImportRefused as refused:
        messages.error(request, refused.messages[0])
        return _import_page(request, group, plan=refused.plan, status=400)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return redirect(import_url)
    finally:
        _discard(request, token)
    messages.success(
        request,
        _(
            "%(file)s is imported: %(created)d members added, %(updated)d updated, %(unchanged)d unchanged; "
            "%(plots)d plots added or updated."
        )
        % {
            "file": plan.file_name,
            "created": plan.created,
            "updated": plan.updated,
            "unchanged": plan.unchanged,
            "plots": plan.plots,
        },
    )
    return redirect("producers:member_list", pk=group.pk)


# --- Export and template ---------------------------------------------------------------------------------------


def _file_format(request: HttpRequest) -> str:
    """The register's file and template default to CSV."""
    return export_format(request) or "csv"


def member_export_view(request: HttpRequest, pk: int) -> HttpResponse | StreamingHttpResponse | FileResponse:
    """The register in the import's columns: a file exported here imports again without changing anything."""
    group = group_register_get_for_user(user=request_user(request), pk=pk)
    chosen = _file_format(request)
    name = file_name(group.organisation.name, "members", chosen)
    # One row per member: who took how many farmers' records away.
    security_event(
        "export", request=request, what="register", format=chosen, group_id=group.pk, rows=group.members.count()
    )
    if chosen == "csv":
        response = StreamingHttpResponse(export_csv(group), content_type="text/csv; charset=utf-8")
        response["Content-Disposition"] = f'attachment; filename="{name}"'
        return private_download(response)
    # Kept in memory up to a few MB, on disk beyond: 10,000 members make a workbook of about half a megabyte.
    target = tempfile.SpooledTemporaryFile(max_size=8 * 2**20)  # noqa: SIM115 (FileResponse closes it)
    export_xlsx(group, target)
    target.seek(0)
    return private_download(FileResponse(target, as_attachment=True, filename=name, content_type=XLSX_TYPE))


def member_import_template_view(request: HttpRequest, pk: int) -> HttpResponse | FileResponse:
    group_get_for_change(user=request_user(request), pk=pk)  # for those who import into this group
    chosen = _file_format(request)
    name = f"members-template.{chosen}"
    if chosen == "csv":
        response = HttpResponse(template_csv(), content_type="text/csv; charset=utf-8")
        response["Content-Disposition"] = f'attachment; filename="{name}"'
        return response
    target = tempfile.SpooledTemporaryFile(max_size=2**20)  # noqa: SIM115 (FileResponse closes it)
    template_xlsx(target)
    target.seek(0)
    return FileResponse(target, as_attachment=True, filename=name, content_type=XLSX_TYPE)
