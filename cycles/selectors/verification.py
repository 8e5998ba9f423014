"""Who may verify and close a non-conformity: the verification rule of its severity (reference data), asked as one
question over the records, so that the page (which shows the form or says why not), the service (which refuses)
and the tests ask the same."""

from dataclasses import dataclass, field

from django.utils.translation import gettext as _

from producers.models import Membership, Role, User
from producers.selectors import roles_of

from ..models import CorrectiveAction, Inspector, NCStatus, NCStatusChange, NonConformity, VerificationRule


@dataclass(frozen=True)
class Verification:
    """The answer for one person: may they verify, and if not, the sentence that says why and who may."""

    allowed: bool
    refusal: str = ""
    verifiers: list[str] = field(default_factory=list)


def verification_rule(severity: str) -> VerificationRule:
    """The rule for `severity`; if a coordinator deleted it, the strictest one (never the loosest)."""
    rule = VerificationRule.objects.filter(severity=severity).first()
    return rule or VerificationRule(severity=severity, not_by_implementer=True, not_by_finder=True)


def implementers(nonconformity: NonConformity) -> set[int]:
    """The people who reported the correction done: they marked an action done or the non-conformity implemented."""
    done = CorrectiveAction.objects.filter(nonconformity=nonconformity, done_by__isnull=False).values_list(
        "done_by", flat=True
    )
    implemented = NCStatusChange.objects.filter(nonconformity=nonconformity, to_status=NCStatus.IMPLEMENTED)
    return set(done) | set(implemented.values_list("changed_by", flat=True))


def finders(nonconformity: NonConformity) -> set[int]:
    """The person who recorded the non-conformity (its first status row)."""
    first = NCStatusChange.objects.filter(nonconformity=nonconformity, from_status="")
    return set(first.values_list("changed_by", flat=True))


def _capacities(rule: VerificationRule) -> list[str]:
    names = [
        (rule.by_ics_manager, _("the group's ICS manager")),
        (rule.by_internal_inspector, _("one of its internal inspectors (with a login)")),
        (rule.by_field_officer, _("its field officer")),
        (rule.by_coordinator, _("a coordinator")),
    ]
    return [name for allowed, name in names if allowed]


def _in_capacity(rule: VerificationRule, *, nonconformity: NonConformity, user: User) -> bool:
    group = nonconformity.group
    if rule.by_coordinator and roles_of(user).coordinator:
        return True
    if rule.by_field_officer and group.assignments.filter(field_officer=user).exists():
        return True
    if (
        rule.by_ics_manager
        and Membership.objects.filter(
            user=user, organisation_id=group.organisation_id, role=Role.GROUP_MANAGER
        ).exists()
    ):
        return True
    return rule.by_internal_inspector and Inspector.objects.filter(group=group, user=user, active=True).exists()


def _candidates(rule: VerificationRule, *, nonconformity: NonConformity, excluded: set[int]) -> list[str]:
    """The names of the people of the group who may verify (coordinators are not listed: they are many)."""
    group = nonconformity.group
    people: dict[int, str] = {}
    if rule.by_ics_manager:
        managers = User.objects.filter(
            memberships__organisation_id=group.organisation_id, memberships__role=Role.GROUP_MANAGER, is_active=True
        )
        people |= {user.pk: str(user) for user in managers}
    if rule.by_internal_inspector:
        inspectors = Inspector.objects.filter(group=group, active=True, user__isnull=False, user__is_active=True)
        for inspector in inspectors:
            if inspector.user_id is not None:
                people.setdefault(inspector.user_id, inspector.name)
    if rule.by_field_officer:
        officers = User.objects.filter(assignments__group=group, is_active=True)
        people |= {user.pk: str(user) for user in officers if user.pk not in people}
    return sorted(name for pk, name in people.items() if pk not in excluded)


def _join(items: list[str]) -> str:
    if len(items) <= 1:
        return "".join(items)
    return _("%(first)s or %(last)s") % {"first": ", ".join(items[:-1]), "last": items[-1]}


def verification_check(*, nonconformity: NonConformity, user: User) -> Verification:
    """May `user` verify and close `nonconformity` under the rule of its severity? If not, the sentence says which
    rule stands in the way, why it concerns this person, and who may verify instead."""
    rule = verification_rule(nonconformity.severity)
    excluded: set[int] = set()
    conditions, reasons = [], []
    if rule.not_by_implementer:
        conditions.append(_("did not report the corrective actions done"))
        done_by = implementers(nonconformity)
        excluded |= done_by
        if user.pk in done_by:
            reasons.append(_("You reported the corrective actions done."))
    if rule.not_by_finder:
        conditions.append(_("did not record the finding"))
        found_by = finders(nonconformity)
        excluded |= found_by
        if user.pk in found_by:
            reasons.append(_("You recorded the finding."))
    capacities = _capacities(rule)
    if not _in_capacity(rule, nonconformity=nonconformity, user=user):
        reasons.insert(0, _("You are not one of them."))
    verifiers = _candidates(rule, nonconformity=nonconformity, excluded=excluded)
    if not reasons:
        return Verification(allowed=True, verifiers=verifiers)
    severity = nonconformity.get_severity_display().lower()
    rule_text = _("the rule for %(severity)s non-conformities asks for %(who)s") % {
        "severity": severity,
        "who": _join(capacities) or _("nobody"),
    }
    if conditions:
        rule_text = _("%(rule)s, who %(conditions)s") % {"rule": rule_text, "conditions": _(" and ").join(conditions)}
    if verifiers:
        who_may = _("Who may verify: %(people)s.") % {"people": ", ".join(verifiers)}
    else:
        who_may = _(
            "Nobody of this group may verify it yet: record an internal inspector with a login, or ask a coordinator."
        )
    refusal = " ".join([_("Verification needs a second person: %(rule)s.") % {"rule": rule_text}, *reasons, who_may])
    return Verification(allowed=False, refusal=refusal, verifiers=verifiers)
