"""Read-side queries for producers, starting with the one question every view asks:
which groups may this user see, and which may they change?

Every view, every scoped object helper and every form's choices go through `groups_visible_to` and
`groups_editable_by`; nothing else decides access.
"""

import re
from dataclasses import dataclass

from django.core.exceptions import PermissionDenied
from django.db.models import Count, Q, QuerySet
from django.shortcuts import get_object_or_404

from .models import Member, Membership, Plot, ProducerGroup, Programme, Role, User
from .models.members import MemberStatus


@dataclass(frozen=True)
class Roles:
    """The roles a user holds, read once per request."""

    coordinator: bool = False
    field_officer: bool = False
    group_manager: bool = False
    donor: bool = False

    @property
    def any(self) -> bool:
        return self.coordinator or self.field_officer or self.group_manager or self.donor


def roles_of(user: User) -> Roles:
    if not user.is_authenticated or not user.is_active:
        return Roles()
    # Cached on the user object: the navigation, the home page and the scope helpers all ask.
    cached: Roles | None = getattr(user, "_hivos_roles", None)
    if cached is not None:
        return cached
    held = set(Membership.objects.filter(user=user).values_list("role", flat=True))
    roles = Roles(
        coordinator=user.is_superuser or Role.COORDINATOR in held,
        field_officer=Role.FIELD_OFFICER in held,
        group_manager=Role.GROUP_MANAGER in held,
        donor=Role.DONOR in held,
    )
    user._hivos_roles = roles  # type: ignore[attr-defined]
    return roles


def _scope_filter(user: User, *, for_change: bool) -> Q | None:
    """A filter over ProducerGroup for the user's roles; None means every group."""
    roles = roles_of(user)
    if roles.coordinator:
        return None
    scope = Q(pk__in=[])
    if roles.field_officer:
        scope |= Q(assignments__field_officer=user)
    if roles.group_manager:
        scope |= Q(organisation__memberships__user=user, organisation__memberships__role=Role.GROUP_MANAGER)
    if roles.donor and not for_change:
        scope |= Q(
            programmes__funder__memberships__user=user,
            programmes__funder__memberships__role=Role.DONOR,
        )
    return scope


def may_change_all_visible(user: User) -> bool:
    """Whether every group this user sees is also one whose records they may change: the two scopes above differ
    only by a donor's programmes, so for everyone who is not a donor (or is a coordinator) they are the same."""
    roles = roles_of(user)
    return roles.coordinator or not roles.donor


def _groups_in_scope(user: User, *, for_change: bool) -> QuerySet[ProducerGroup]:
    groups = ProducerGroup.objects.select_related("organisation")
    scope = _scope_filter(user, for_change=for_change)
    if scope is None:
        return groups.all()
    # The joins in the scope can repeat a group; a subquery keeps the outer query free of duplicates.
    return groups.filter(pk__in=ProducerGroup.objects.filter(scope).values("pk"))


def groups_visible_to(user: User) -> QuerySet[ProducerGroup]:
    """The groups this user may see: all for a coordinator, the portfolio of a field officer, the own group of
    a group manager, the groups of their funder's programmes for a donor."""
    return _groups_in_scope(user, for_change=False)


def groups_editable_by(user: User) -> QuerySet[ProducerGroup]:
    """The groups whose records this user may change. Donors read only."""
    return _groups_in_scope(user, for_change=True)


def groups_steered_by(user: User) -> QuerySet[ProducerGroup]:
    """The groups whose course through the inner cycle this user decides: a coordinator's all, a field
    officer's portfolio. Group managers keep their records but do not move their own group."""
    roles = roles_of(user)
    groups = ProducerGroup.objects.select_related("organisation")
    if roles.coordinator:
        return groups.all()
    if roles.field_officer:
        return groups.filter(pk__in=ProducerGroup.objects.filter(assignments__field_officer=user).values("pk"))
    return groups.none()


def can_see_register(user: User, group: ProducerGroup | int) -> bool:
    """Farmers' personal data (names, phones, plots) is for those who work with the register, not for funders.

    The one rule for where a member's identity may appear: the register's pages ask it, and so does every
    template that names a member, an inspector or an action's owner (`cycles/templatetags/identities.py`).
    The answer is kept on the user object (as `roles_of` keeps the roles), so that a page asks the database
    once per group however many rows name somebody.
    """
    roles = roles_of(user)
    if roles.coordinator:
        return True
    if not (roles.field_officer or roles.group_manager):
        return False
    pk = group if isinstance(group, int) else group.pk
    known = _register_access(user)
    if pk not in known:
        known[pk] = groups_editable_by(user).filter(pk=pk).exists()
    return known[pk]


def _register_access(user: User) -> dict[int, bool]:
    known: dict[int, bool] | None = getattr(user, "_hivos_register", None)
    if known is None:
        known = {}
        user._hivos_register = known  # type: ignore[attr-defined]
    return known


def register_access_remember(user: User, pk: int, *, allowed: bool) -> None:
    """What `can_see_register` answers for this group, read by a query that asked it along with the group."""
    _register_access(user)[pk] = allowed


def can_change_register(user: User, group: ProducerGroup) -> bool:
    """Those who keep the register: the group's manager, its field officer, a coordinator. Never a donor."""
    return groups_editable_by(user).filter(pk=group.pk).exists()


def can_handle_data_requests(user: User, group: ProducerGroup) -> bool:
    """A farmer's request to take out or erase their data is handled by the group's managers, who answer for the
    register, and by coordinators: not by a field officer, who supports the group from outside."""
    roles = roles_of(user)
    if roles.coordinator:
        return True
    return roles.group_manager and can_change_register(user, group)


def member_get_for_data_request(*, user: User, pk: int) -> Member:
    """The member, to export or erase their data: 404 outside the user's groups, 403 for anyone but the group's
    managers and coordinators."""
    member = member_get_for_user(user=user, pk=pk)
    if not can_handle_data_requests(user, member.group):
        raise PermissionDenied
    return member


def group_get_for_user(*, user: User, pk: int) -> ProducerGroup:
    """The group with this id if the user may see it; 404 otherwise, so ids outside the scope reveal nothing."""
    return get_object_or_404(groups_visible_to(user), pk=pk)


def group_get_for_change(*, user: User, pk: int) -> ProducerGroup:
    """The group, for a page that changes its records: 404 outside the user's scope, 403 for those who only read
    it (donors)."""
    group = group_get_for_user(user=user, pk=pk)
    if not can_change_register(user, group):
        raise PermissionDenied
    return group


def group_register_get_for_user(*, user: User, pk: int) -> ProducerGroup:
    """The group, for pages that show its members' personal data: 403 for those who see only the group."""
    group = group_get_for_user(user=user, pk=pk)
    if not can_see_register(user, group):
        raise PermissionDenied
    return group


def member_get_for_user(*, user: User, pk: int) -> Member:
    member = get_object_or_404(Member.objects.select_related("group__organisation"), pk=pk)
    group_get_for_user(user=user, pk=member.group_id)
    if not can_see_register(user, member.group):
        raise PermissionDenied
    return member


def plot_get_for_user(*, user: User, pk: int) -> Plot:
    """A plot, to those who may see its member: 404 outside the user's groups, 403 for those who see the group only."""
    plot = get_object_or_404(Plot.objects.select_related("member__group__organisation"), pk=pk)
    group_get_for_user(user=user, pk=plot.member.group_id)
    if not can_see_register(user, plot.member.group):
        raise PermissionDenied
    return plot


def without_consent() -> Q:
    """Members still in the group whose consent to the group keeping their data is not recorded: registered before
    the rule, they are flagged until it is (an approval needs it)."""
    return Q(consent_given_on__isnull=True) & ~Q(status=MemberStatus.LEFT)


def member_list(
    *, group: ProducerGroup, query: str = "", status: str = "", consent_missing: bool = False
) -> QuerySet[Member]:
    """The register of one group, searched by number, name, village or phone; `consent_missing` keeps those
    flagged by `without_consent`."""
    members = Member.objects.filter(group=group).annotate(
        plot_count=Count("plots"),
    )
    if consent_missing:
        members = members.filter(without_consent())
    if query:
        members = members.filter(
            Q(member_number__icontains=query)
            | Q(first_name__icontains=query)
            | Q(last_name__icontains=query)
            | Q(village__icontains=query)
            | Q(phone__icontains=query)
        )
    if status:
        members = members.filter(status=status)
    return members.order_by("member_number")


# A member number ends in digits ("GKO-0012", "KB/099", "12"); what comes before them is the group's prefix.
_NUMBERED = re.compile(r"^(.*?)(\d+)$")


def next_member_number(group: ProducerGroup) -> str:
    """The number after the group's highest one, in the same prefix and width, or "" when none ends in digits.

    Offered as a suggestion on the new-member form only: the person may change it, and the service still
    refuses a number already taken.
    """
    highest: tuple[int, str, int] | None = None
    for number in Member.objects.filter(group=group).values_list("member_number", flat=True).iterator():
        match = _NUMBERED.match(number.strip())
        if match is None:
            continue
        prefix, digits = match.groups()
        if highest is None or int(digits) > highest[0]:
            highest = (int(digits), prefix, len(digits))
    if highest is None:
        return ""
    value, prefix, width = highest
    return f"{prefix}{value + 1:0{width}d}"


def plot_list(*, group: ProducerGroup) -> QuerySet[Plot]:
    return Plot.objects.filter(member__group=group).select_related("member").order_by("member__member_number", "name")


def member_counts(*, groups: QuerySet[ProducerGroup]) -> QuerySet[ProducerGroup]:
    """Groups annotated with their register in figures: what a donor may see instead of names."""
    return groups.annotate(
        # Members who left are not counted; the leavers are counted beside.
        member_active=Count("members", filter=~Q(members__status=MemberStatus.LEFT), distinct=True),
        member_left=Count("members", filter=Q(members__status=MemberStatus.LEFT), distinct=True),
        member_approved=Count("members", filter=Q(members__status=MemberStatus.APPROVED), distinct=True),
        member_women=Count(
            "members", filter=~Q(members__status=MemberStatus.LEFT) & Q(members__gender="female"), distinct=True
        ),
    )


def can_read_programmes(user: User) -> bool:
    """Whether the programmes' pages (and their API) are for this person at all: coordinators and donors."""
    roles = roles_of(user)
    return roles.coordinator or roles.donor


def programmes_visible_to(user: User) -> QuerySet[Programme]:
    roles = roles_of(user)
    programmes = Programme.objects.select_related("funder")
    if roles.coordinator:
        return programmes.all()
    if roles.donor:
        return programmes.filter(funder__memberships__user=user, funder__memberships__role=Role.DONOR).distinct()
    return programmes.none()
