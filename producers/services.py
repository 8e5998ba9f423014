"""Changes to the member and plot register: creating and editing members and plots, and moving a member's status.

Every change names its author in the record's history (`stamp`, `save_versioned`); every status move also writes
a MemberStatusChange row (who, when, from, to, why). The bulk import lives in `producers.imports` and follows the
same rules.
"""

import re
from datetime import date
from decimal import Decimal
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from .history import StaleRecord, save_versioned, stamp
from .models import Member, MemberStatusChange, Plot, ProducerGroup, Programme, User
from .models.members import MemberStatus
from .records_version import changes_programme, changes_records
from .selectors import can_change_register, roles_of

# What a person may set on a member. The status moves through `member_status_change` once the member exists;
# who recorded the consent is always the person who gives its date.
MEMBER_FIELDS = (
    "member_number",
    "first_name",
    "last_name",
    "gender",
    "year_of_birth",
    "phone",
    "village",
    "joined_on",
    "consent_given_on",
)
PLOT_FIELDS = ("name", "area_ha", "certified_area_ha", "crop", "latitude", "longitude", "conversion_status")

# The moves a member's status may make. A member who left comes back as an applicant, to be inspected and
# approved again; a sanction or a suspension ends with approval (lifted) or with leaving.
TRANSITIONS: dict[str, tuple[str, ...]] = {
    MemberStatus.APPLICANT: (MemberStatus.APPROVED, MemberStatus.LEFT),
    MemberStatus.APPROVED: (MemberStatus.SANCTIONED, MemberStatus.SUSPENDED, MemberStatus.LEFT),
    MemberStatus.SANCTIONED: (MemberStatus.APPROVED, MemberStatus.SUSPENDED, MemberStatus.LEFT),
    MemberStatus.SUSPENDED: (MemberStatus.APPROVED, MemberStatus.LEFT),
    MemberStatus.LEFT: (MemberStatus.APPLICANT,),
}


def require_change(user: User, group: ProducerGroup) -> None:
    """Those who keep the group's register: its group manager, its field officer, a coordinator."""
    if not can_change_register(user, group):
        raise PermissionDenied(_("You cannot change the register of this group."))


def allowed_statuses(current: str) -> tuple[str, ...]:
    """The statuses a member with status `current` may move to."""
    return TRANSITIONS.get(current, ())


def status_refusal(from_status: str, to_status: str) -> ValidationError | None:
    """Why a member cannot move from one status to another, or None when the move is allowed.

    Shared by the status service and the import, so that both refuse the same moves with the same words."""
    if to_status not in MemberStatus.values:
        return ValidationError(_("“%(status)s” is not a member status.") % {"status": to_status}, code="unknown_status")
    if from_status == to_status:
        return ValidationError(
            _("The member is already %(status)s.") % {"status": MemberStatus(to_status).label.lower()},
            code="same_status",
        )
    if to_status in allowed_statuses(from_status):
        return None
    if from_status == MemberStatus.LEFT:
        return ValidationError(
            _("A member who left comes back as an applicant first, and is approved after an inspection."),
            code="transition_not_allowed",
        )
    allowed = ", ".join(str(MemberStatus(s).label).lower() for s in allowed_statuses(from_status))
    return ValidationError(
        _("A member who is %(from)s cannot become %(to)s. They can become: %(allowed)s.")
        % {
            "from": str(MemberStatus(from_status).label).lower() if from_status in MemberStatus.values else from_status,
            "to": str(MemberStatus(to_status).label).lower(),
            "allowed": allowed,
        },
        code="transition_not_allowed",
    )


def _unknown_fields(names: Any, allowed: tuple[str, ...]) -> None:
    unknown = sorted(set(names) - set(allowed))
    if unknown:
        raise TypeError(f"Unknown fields: {', '.join(unknown)}")


def _strip(values: dict[str, Any]) -> dict[str, Any]:
    return {name: value.strip() if isinstance(value, str) else value for name, value in values.items()}


def _check_member_dates(values: dict[str, Any]) -> None:
    today = timezone.localdate()
    errors: dict[str, ValidationError] = {}
    if values.get("joined_on") and values["joined_on"] > today:
        errors["joined_on"] = ValidationError(_("The member cannot join in the future."), code="future_date")
    if values.get("consent_given_on") and values["consent_given_on"] > today:
        errors["consent_given_on"] = ValidationError(_("Consent cannot be dated in the future."), code="future_date")
    year = values.get("year_of_birth")
    if year and year > today.year:
        errors["year_of_birth"] = ValidationError(_("The year of birth is in the future."), code="future_year")
    if errors:
        raise ValidationError(errors)


def _check_number_free(group: ProducerGroup, number: str, *, exclude: int | None = None) -> None:
    taken = Member.objects.filter(group=group, member_number=number)
    if exclude is not None:
        taken = taken.exclude(pk=exclude)
    if taken.exists():
        raise ValidationError(
            {
                "member_number": ValidationError(
                    _("Member number %(number)s is already used in this group.") % {"number": number},
                    code="member_number_taken",
                )
            }
        )


@transaction.atomic
def consent_refusal() -> ValidationError:
    """Kenya's Data Protection Act 2019 and South Africa's POPIA: the group keeps a farmer's data with their
    consent, so a member is approved only once it is recorded. Shared by the status form and the import."""
    return ValidationError(
        _(
            "Record the date the farmer agreed that the group keeps and shares their data (edit the member) before "
            "approving them."
        ),
        code="consent_missing",
    )


@changes_records
def member_create(*, group: ProducerGroup, by: User, **fields: Any) -> Member:
    """Add a farmer to the register, as an applicant unless a status is given (bringing in an existing register).

    The first status is recorded as a status change from nothing, so that the status history is complete."""
    require_change(by, group)
    status = fields.pop("status", None) or MemberStatus.APPLICANT
    _unknown_fields(fields, MEMBER_FIELDS)
    values = _strip(fields)
    if status not in MemberStatus.values:
        raise ValidationError({"status": ValidationError(_("Choose a member status."), code="unknown_status")})
    _check_member_dates(values)
    _check_number_free(group, values.get("member_number", ""))
    member = Member(group=group, status=status, **values)
    member.consent_recorded_by = by if member.consent_given_on else None
    member.full_clean()
    stamp(member, by=by)
    member.save()
    MemberStatusChange.objects.create(
        member=member,
        from_status="",
        to_status=status,
        changed_on=member.joined_on or timezone.localdate(),
        changed_at=timezone.now(),
        changed_by=by,
        reason=_("Registered."),
    )
    return member


@changes_records
def member_update(
    *, member: Member, by: User, expected_version: int, changes: dict[str, Any], reason: str = ""
) -> Member:
    """Change a member's details if nobody saved the member since `expected_version`; StaleRecord otherwise.

    The status is not changed here: it moves through `member_status_change`, which keeps its own history."""
    require_change(by, member.group)
    if "status" in changes:
        raise ValidationError(
            {"status": ValidationError(_("Change the status with the status form."), code="status_needs_move")}
        )
    _unknown_fields(changes, MEMBER_FIELDS)
    values = _strip(changes)
    values = {name: value for name, value in values.items() if getattr(member, name) != value}
    if not values:
        # Nothing to save; a stale copy that changes nothing overwrites nothing either.
        return member
    _check_member_dates(values)
    if "member_number" in values:
        _check_number_free(member.group, values["member_number"], exclude=member.pk)
    if "consent_given_on" in values:
        values["consent_recorded_by"] = by if values["consent_given_on"] else None
    saved = save_versioned(member, expected_version=expected_version, by=by, changes=values, reason=reason.strip())
    assert isinstance(saved, Member)
    return saved


@changes_records
@transaction.atomic
def member_status_change(
    *,
    member: Member,
    by: User,
    to_status: str,
    changed_on: date,
    reason: str,
    expected_status: str | None = None,
) -> MemberStatusChange:
    """Approve, sanction, suspend, let leave or re-admit a member, from the status it has now.

    The status moves with a conditional update from the status read (`expected_status`, or the member's as
    passed): if someone moved it meanwhile, nothing is written and the person is told. A reason is required
    except for an approval.
    """
    require_change(by, member.group)
    from_status = expected_status or member.status
    reason = reason.strip()
    refusal = status_refusal(from_status, to_status)
    if refusal is not None:
        raise refusal
    if to_status == MemberStatus.APPROVED and member.consent_given_on is None:
        raise consent_refusal()
    if not reason and to_status != MemberStatus.APPROVED:
        raise ValidationError({"reason": ValidationError(_("Say why the status changes."), code="reason_required")})
    if changed_on > timezone.localdate():
        raise ValidationError(
            {"changed_on": ValidationError(_("A status change cannot be dated in the future."), code="future_date")}
        )
    last = member.status_changes.order_by("-changed_on").values_list("changed_on", flat=True).first()
    if last is not None and changed_on < last:
        raise ValidationError(
            {
                "changed_on": ValidationError(
                    _("The last status change is dated %(last)s: a new one cannot be earlier.")
                    % {"last": last.strftime("%d/%m/%Y")},
                    code="out_of_order",
                )
            }
        )
    now = timezone.now()
    moved = Member.objects.filter(pk=member.pk, status=from_status).update(status=to_status, updated_at=now)
    if moved != 1:
        current = Member.objects.filter(pk=member.pk).values_list("status", flat=True).first()
        label = MemberStatus(current).label.lower() if current in MemberStatus.values else "—"
        raise ValidationError(
            _("Someone changed this member's status meanwhile: it is now %(status)s. Look at it again.")
            % {"status": label},
            code="changed_meanwhile",
        )
    # The conditional update bypasses save(), so the record's history is written here, with the same author.
    # A fresh copy: the caller's may carry the author of an earlier save.
    moved_member = Member.objects.get(pk=member.pk)
    Member.history.bulk_history_create([moved_member], update=True, default_user=by, default_change_reason=reason)
    member.status, member.updated_at = moved_member.status, moved_member.updated_at
    return MemberStatusChange.objects.create(
        member=member,
        from_status=from_status,
        to_status=to_status,
        changed_on=changed_on,
        changed_at=now,
        changed_by=by,
        reason=reason,
    )


def _check_plot_name_free(member: Member, name: str, *, exclude: int | None = None) -> None:
    # The import finds a member's plot by its name, so two plots of one member may not share one.
    taken = Plot.objects.filter(member=member, name=name)
    if exclude is not None:
        taken = taken.exclude(pk=exclude)
    if taken.exists():
        raise ValidationError(
            {
                "name": ValidationError(
                    _("This member already has a plot called “%(name)s”.") % {"name": name}, code="plot_name_taken"
                )
            }
        )


@changes_records
@transaction.atomic
def plot_create(*, member: Member, by: User, **fields: Any) -> Plot:
    require_change(by, member.group)
    _unknown_fields(fields, PLOT_FIELDS)
    values = _strip(fields)
    _check_plot_name_free(member, values.get("name", ""))
    plot = Plot(member=member, **values)
    plot.full_clean()
    stamp(plot, by=by)
    plot.save()
    return plot


@changes_records
def plot_update(*, plot: Plot, by: User, expected_version: int, changes: dict[str, Any], reason: str = "") -> Plot:
    """Change a plot if nobody saved it since `expected_version`; StaleRecord otherwise."""
    require_change(by, plot.member.group)
    _unknown_fields(changes, PLOT_FIELDS)
    values = {name: value for name, value in _strip(changes).items() if getattr(plot, name) != value}
    if not values:
        return plot
    if "name" in values:
        _check_plot_name_free(plot.member, values["name"], exclude=plot.pk)
    saved = save_versioned(plot, expected_version=expected_version, by=by, changes=values, reason=reason.strip())
    assert isinstance(saved, Plot)
    return saved


__all__ = [
    "MEMBER_FIELDS",
    "PLOT_FIELDS",
    "TRANSITIONS",
    "StaleRecord",
    "allowed_statuses",
    "member_create",
    "member_status_change",
    "member_update",
    "plot_create",
    "plot_update",
    "require_change",
    "status_refusal",
]


# The characters IATI's organisation and activity identifiers are made of.
IATI_IDENTIFIER = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._-]*$")


@changes_programme
def programme_iati_set(
    *,
    programme: Programme,
    by: User,
    funder_identifier: str,
    activity_id: str,
    budget: Decimal | None = None,
    budget_currency: str = "",
) -> Programme:
    """Set what the programme's IATI export needs: the funder's organisation identifier, the activity's own
    identifier and, where known, the budget. Coordinators keep programmes; nobody else."""
    if not roles_of(by).coordinator:
        raise PermissionDenied(_("Only a coordinator sets a programme's IATI identifiers."))
    funder_identifier, activity_id = funder_identifier.strip(), activity_id.strip()
    budget_currency = budget_currency.strip().upper()
    errors = {}
    for name, value in (("funder_identifier", funder_identifier), ("activity_id", activity_id)):
        if value and not IATI_IDENTIFIER.match(value):
            errors[name] = ValidationError(
                _("Letters, digits, dots, hyphens and underscores only, as IATI writes identifiers."),
                code="iati_identifier",
            )
    if (budget is None) != (not budget_currency):
        errors["budget"] = ValidationError(_("Give the budget with its currency, or neither."), code="budget_currency")
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        funder = programme.funder
        funder.iati_identifier = funder_identifier
        funder.save(update_fields=["iati_identifier"])
        programme.iati_activity_id, programme.budget, programme.budget_currency = activity_id, budget, budget_currency
        programme.save(update_fields=["iati_activity_id", "budget", "budget_currency"])
    return programme
