"""Comparing the file with the register: which members an import would create, update or leave unchanged, without
writing anything.
"""

from pathlib import PurePath

from django.utils import timezone
from django.utils.translation import gettext as _

from ..models import Member, Plot, ProducerGroup, User
from ..models.members import MemberStatus
from ..services import consent_refusal, require_change, status_refusal
from .cells import CleanRow, cell_text, clean_row
from .columns import COLUMN_NAMES, MEMBER_VALUE_FIELDS, PLOT_COLUMNS, REQUIRED_COLUMNS
from .plan import FileProblem, ImportPlan, MemberChange, RowError
from .reading import header_name, read_rows


def _parse(plan: ImportPlan, data: bytes) -> list[CleanRow]:
    """The file's rows, cleaned; file-level and row errors go into the plan."""
    try:
        table = read_rows(data, plan.file_name)
    except FileProblem as problem:
        plan.file_errors.append(str(problem))
        return []
    if not table:
        plan.file_errors.append(_("The file is empty."))
        return []
    header_number, header_cells = table[0]
    header = [header_name(cell) for cell in header_cells]
    named = [name for name in header if name]
    for name in sorted({name for name in named if named.count(name) > 1}):
        plan.file_errors.append(_("The column “%(column)s” appears more than once.") % {"column": name})
    unknown = [name for name in named if name not in COLUMN_NAMES]
    if unknown:
        plan.file_errors.append(
            _("Unknown columns: %(unknown)s. The columns are: %(columns)s.")
            % {"unknown": ", ".join(unknown), "columns": ", ".join(COLUMN_NAMES)}
        )
    missing = [name for name in REQUIRED_COLUMNS if name not in named]
    if missing:
        plan.file_errors.append(
            _("Missing columns: %(missing)s. Row %(row)d must name the columns; download the template to see them.")
            % {"missing": ", ".join(missing), "row": header_number}
        )
    plot_columns = [name for name in PLOT_COLUMNS if name in named]
    if plot_columns and len(plot_columns) != len(PLOT_COLUMNS):
        plan.file_errors.append(
            _("The plot columns go together: add %(missing)s, or leave out %(present)s.")
            % {
                "missing": ", ".join(name for name in PLOT_COLUMNS if name not in named),
                "present": ", ".join(plot_columns),
            }
        )
    if len(table) == 1:
        plan.file_errors.append(_("The file has column names but no member."))
    if plan.file_errors:
        return []
    positions = {name: index for index, name in enumerate(header) if name}
    rows: list[CleanRow] = []
    seen: dict[str, list[int]] = {}
    for number, cells in table[1:]:
        values = {name: cells[index] if index < len(cells) else None for name, index in positions.items()}
        plan.rows += 1
        row = clean_row(number, values, plan.row_errors)
        key = cell_text(values.get("member_number"))
        if key:
            seen.setdefault(key, []).append(number)
        if row is not None:
            rows.append(row)
    for key, found_on in seen.items():
        if len(found_on) > 1:
            plan.file_errors.append(
                _("Member number %(number)s appears more than once, on rows %(rows)s: each member has one row.")
                % {"number": key, "rows": ", ".join(str(n) for n in found_on)}
            )
    return rows


def _plan(plan: ImportPlan, rows: list[CleanRow], group: ProducerGroup, *, lock: bool) -> None:
    members_query = Member.objects.filter(group=group)
    if lock:
        members_query = members_query.select_for_update()
    members = {member.member_number: member for member in members_query}
    plots: dict[tuple[int, str], Plot] = {}
    for existing in Plot.objects.filter(member__group=group).order_by("pk"):
        plots.setdefault((existing.member_id, existing.name), existing)
    now, today = timezone.now(), timezone.localdate()
    for row in rows:
        member = members.get(row.member_number)
        if member is None:
            status = row.status or MemberStatus.APPLICANT
            plan.new_members.append({"member_number": row.member_number, "status": status, **row.values})
            # A new member's first status counts from the day they joined, like a member added by hand.
            plan.status_moves.append((row.member_number, "", status, row.values["joined_on"] or today))
            if row.plot is not None:
                plan.new_plots.append({"member_number": row.member_number, **row.plot})
            continue
        changed = [name for name in MEMBER_VALUE_FIELDS if getattr(member, name) != row.values[name]]
        if row.status and row.status != member.status:
            refusal = status_refusal(member.status, row.status)
            if refusal is None and row.status == MemberStatus.APPROVED and member.consent_given_on is None:
                refusal = consent_refusal()
            if refusal is not None:
                plan.row_errors.append(RowError(row.number, "status", refusal.messages[0]))
                continue
            changed.append("status")
        plot_changed = False
        if row.plot is not None:
            plot = plots.get((member.pk, row.plot["name"]))
            if plot is None:
                plan.new_plots.append({"member_number": member.member_number, **row.plot})
                plot_changed = True
            elif plot.area_ha != row.plot["area_ha"] or plot.crop != row.plot["crop"]:
                if row.plot["area_ha"] < plot.certified_area_ha:
                    plan.row_errors.append(
                        RowError(
                            row.number,
                            "plot_area_ha",
                            _("%(area)s ha is less than the plot's certified area (%(certified)s ha).")
                            % {"area": row.plot["area_ha"], "certified": plot.certified_area_ha},
                        )
                    )
                    continue
                plot.area_ha, plot.crop = row.plot["area_ha"], row.plot["crop"]
                plot.version += 1
                plan.changed_plots.append(plot)
                plot_changed = True
        if not changed:
            if not plot_changed:
                plan.unchanged += 1
            continue
        if "status" in changed:
            plan.status_moves.append((member.member_number, member.status, row.status, today))
            member.status = row.status
        for name in MEMBER_VALUE_FIELDS:
            setattr(member, name, row.values[name])
        member.version += 1
        member.updated_at = now
        plan.changed_members.append(member)
        plan.changes.append(MemberChange(member.member_number, member.full_name, changed))


def import_check(*, group: ProducerGroup, data: bytes, file_name: str, lock: bool = False) -> ImportPlan:
    """Read the file and compare it with the group's register. Writes nothing."""
    plan = ImportPlan(file_name=PurePath(file_name).name)
    rows = _parse(plan, data)
    if not plan.file_errors:
        _plan(plan, rows, group, lock=lock)
    return plan


def import_preview(*, group: ProducerGroup, by: User, data: bytes, file_name: str) -> ImportPlan:
    """What importing the file would do: members created, updated and unchanged, and every error."""
    require_change(by, group)
    return import_check(group=group, data=data, file_name=file_name)
