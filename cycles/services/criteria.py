"""Editing the phases' criteria. Every change is a new version of the criterion with a CriterionRevision row
(who, when, why, and what the criterion said), so a decision taken against version 3 can still show version 3.

Criteria are never deleted: answers and past decisions refer to them. A criterion that no longer applies is
retired, and can be restored.
"""

from typing import Any

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.validators import validate_slug
from django.db import IntegrityError, transaction
from django.db.models import F, Max
from django.utils import timezone
from django.utils.translation import gettext as _

from producers.languages import default_language, in_language, other_languages
from producers.models import User
from producers.records_version import changes_every_group
from producers.selectors import roles_of

from ..gates import REGISTRY
from ..models import Criterion, CriterionKind, CriterionRevision, Phase

# The words of a criterion, written in English and translated (cycles/translation.py). In these services `text` and
# `guidance` are always the English: what the coordinator reads in their own language is only how the page shows it.
TEXT_FIELDS = ("text", "guidance")
# Their translations, by column: `text_sw`, `guidance_sw`, … for every language but English. Empty: not translated.
TRANSLATION_FIELDS = tuple(in_language(field, code) for code, _name in other_languages() for field in TEXT_FIELDS)
# What a coordinator may change on an existing criterion. The code is the criterion's identity: it stays.
EDITABLE_FIELDS = ("text", "guidance", "kind", "evaluator", "parameters", "mandatory", "order", *TRANSLATION_FIELDS)
TEXT_MAX_LENGTH = 300
CODE_MAX_LENGTH = 60


def _require_coordinator(user: User) -> None:
    if not roles_of(user).coordinator:
        raise PermissionDenied(_("Only a coordinator edits the criteria of the phases."))


def _require_reason(reason: str) -> str:
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError(
            {"reason": ValidationError(_("Say why: the reason is kept with this version."), code="reason_required")}
        )
    return reason


def _stored(name: str) -> str:
    """The column a field of the services is kept in: the English ones of the texts, the others as they are."""
    return in_language(name, default_language()) if name in TEXT_FIELDS else name


def _current(criterion: Criterion, name: str) -> Any:
    value = getattr(criterion, _stored(name))
    return (value or "") if name in TEXT_FIELDS or name in TRANSLATION_FIELDS else value


def _clean_translations(translations: dict[str, Any], errors: dict[str, list[ValidationError]]) -> dict[str, str]:
    cleaned = {name: str(translations.get(name) or "").strip() for name in TRANSLATION_FIELDS}
    for name, value in cleaned.items():
        if name.startswith("text_") and len(value) > TEXT_MAX_LENGTH:
            errors.setdefault(name, []).append(
                ValidationError(
                    _("Keep the criterion to %(limit)d characters (it has %(length)d); put details in the guidance."),
                    code="text_too_long",
                    params={"limit": TEXT_MAX_LENGTH, "length": len(value)},
                )
            )
    return cleaned


def _clean_definition(
    *,
    text: str,
    guidance: str,
    kind: str,
    evaluator: str,
    parameters: Any,
    mandatory: bool,
    translations: dict[str, Any] | None = None,
) -> dict[str, Any]:
    """The criterion's definition, normalised, or a ValidationError naming every field that is wrong. Its keys
    are the columns it is stored in (`text_en`, `text_sw`, …), so that no write depends on the language active.

    A computed criterion's parameters are stored as its evaluator cleans them (types and defaults filled in),
    so what the history shows is what the gate uses.
    """
    errors: dict[str, list[ValidationError]] = {}
    translated = _clean_translations(translations or {}, errors)
    text = (text or "").strip()
    evaluator = (evaluator or "").strip()
    if parameters in (None, ""):
        parameters = {}
    if not text:
        errors.setdefault("text", []).append(
            ValidationError(_("Write the criterion: what must be true before the group may advance."), code="required")
        )
    elif len(text) > TEXT_MAX_LENGTH:
        errors.setdefault("text", []).append(
            ValidationError(
                _("Keep the criterion to %(limit)d characters (it has %(length)d); put details in the guidance."),
                code="text_too_long",
                params={"limit": TEXT_MAX_LENGTH, "length": len(text)},
            )
        )
    if kind not in CriterionKind.values:
        errors.setdefault("kind", []).append(
            ValidationError(_("Choose whether the criterion is answered by hand or computed."), code="invalid_kind")
        )
    elif kind == CriterionKind.MANUAL:
        if evaluator:
            errors.setdefault("evaluator", []).append(
                ValidationError(
                    _("A manual criterion is answered by a person with evidence; leave the evaluation function empty."),
                    code="evaluator_on_manual",
                )
            )
        if parameters:
            errors.setdefault("parameters", []).append(
                ValidationError(
                    _("A manual criterion has no parameters; leave them empty."), code="parameters_on_manual"
                )
            )
    elif not evaluator:
        errors.setdefault("evaluator", []).append(
            ValidationError(
                _("A computed criterion needs the evaluation function that computes it."), code="evaluator_missing"
            )
        )
    elif evaluator not in REGISTRY:
        errors.setdefault("evaluator", []).append(
            ValidationError(
                _("“%(name)s” is not an evaluation function the application knows."),
                code="unknown_evaluator",
                params={"name": evaluator},
            )
        )
    elif not isinstance(parameters, dict):
        errors.setdefault("parameters", []).append(
            ValidationError(
                _('Write the parameters as names and values in braces, for example {"share": 0.8}.'),
                code="parameters_not_object",
            )
        )
    else:
        try:
            parameters = REGISTRY[evaluator].clean_parameters(parameters)
        except ValueError as error:
            errors.setdefault("parameters", []).append(ValidationError(str(error), code="invalid_parameters"))
    if errors:
        raise ValidationError(errors)
    return {
        _stored("text"): text,
        _stored("guidance"): (guidance or "").strip(),
        "kind": kind,
        "evaluator": evaluator,
        "parameters": parameters,
        "mandatory": bool(mandatory),
        **translated,
    }


def _clean_code(*, phase: Phase, code: str) -> str:
    code = (code or "").strip().lower()
    message = None
    if not code:
        message = ValidationError(_("Give the criterion a short code, such as “buyer-interested”."), code="required")
    elif len(code) > CODE_MAX_LENGTH:
        message = ValidationError(
            _("Keep the code to %(limit)d characters."), code="code_too_long", params={"limit": CODE_MAX_LENGTH}
        )
    else:
        try:
            validate_slug(code)
        except ValidationError:
            message = ValidationError(
                _("Use only letters, digits and hyphens in the code, such as “buyer-interested”."), code="invalid_code"
            )
    if message is None and Criterion.objects.filter(phase=phase, code=code).exists():
        message = ValidationError(
            _("“%(code)s” is already a criterion of %(phase)s (perhaps a retired one); choose another code."),
            code="code_taken",
            params={"code": code, "phase": phase.name},
        )
    if message is not None:
        raise ValidationError({"code": message})
    return code


def _record_revision(*, criterion: Criterion, by: User, reason: str) -> CriterionRevision:
    """The criterion's full state at its current version, its words in every language."""
    words = {
        in_language(field, code): getattr(criterion, in_language(field, code)) or ""
        for code, _name in settings.LANGUAGES
        for field in TEXT_FIELDS
    }
    return CriterionRevision.objects.create(
        criterion=criterion,
        version=criterion.version,
        **words,
        kind=criterion.kind,
        evaluator=criterion.evaluator,
        parameters=criterion.parameters,
        mandatory=criterion.mandatory,
        active=criterion.active,
        order=criterion.order,
        changed_at=timezone.now(),
        changed_by=by,
        reason=reason,
    )


def _edited_meanwhile(criterion: Criterion) -> ValidationError:
    latest = criterion.revisions.select_related("changed_by").order_by("-version").first()
    who = ""
    if latest is not None and latest.changed_by is not None:
        who = latest.changed_by.get_full_name() or latest.changed_by.get_username()
    if who:
        message = _(
            "%(who)s changed this criterion while you were editing it; it is now at version %(version)d. "
            "Your changes are not saved yet: compare them with the version now saved, then save again."
        ) % {"who": who, "version": criterion.version}
    else:
        message = _(
            "Someone changed this criterion while you were editing it; it is now at version %(version)d. "
            "Your changes are not saved yet: compare them with the version now saved, then save again."
        ) % {"version": criterion.version}
    return ValidationError(message, code="edited_meanwhile")


def _lock(criterion: Criterion) -> Criterion:
    return Criterion.objects.select_for_update().select_related("phase").get(pk=criterion.pk)


@changes_every_group
@transaction.atomic
def criterion_create(
    *,
    phase: Phase,
    by: User,
    code: str,
    text: str,
    guidance: str = "",
    kind: str,
    evaluator: str = "",
    parameters: dict[str, Any] | None = None,
    mandatory: bool = True,
    reason: str = "",
    **translations: str,
) -> Criterion:
    """Add a criterion at the end of a phase, as its version 1. `text` and `guidance` are the English; their
    translations come as `text_sw=…`, `guidance_sw=…` (any of TRANSLATION_FIELDS)."""
    unknown = set(translations) - set(TRANSLATION_FIELDS)
    if unknown:
        raise TypeError(f"criterion_create() has no field {', '.join(sorted(unknown))}")
    _require_coordinator(by)
    errors: dict[str, list[ValidationError]] = {}
    clean_code = ""
    definition: dict[str, Any] = {}
    try:
        clean_code = _clean_code(phase=phase, code=code)
    except ValidationError as error:
        errors.update(error.error_dict)
    try:
        definition = _clean_definition(
            text=text,
            guidance=guidance,
            kind=kind,
            evaluator=evaluator,
            parameters=parameters,
            mandatory=mandatory,
            translations=translations,
        )
    except ValidationError as error:
        errors.update(error.error_dict)
    if errors:
        raise ValidationError(errors)
    last = Criterion.objects.filter(phase=phase).aggregate(last=Max("order"))["last"] or 0
    try:
        # A savepoint, so that losing a race for the code is reported like any other taken code.
        with transaction.atomic():
            criterion = Criterion.objects.create(
                phase=phase, code=clean_code, order=last + 1, version=1, active=True, **definition
            )
    except IntegrityError:
        raise ValidationError(
            {
                "code": ValidationError(
                    _("“%(code)s” was just taken by another criterion of %(phase)s; choose another code."),
                    code="code_taken",
                    params={"code": clean_code, "phase": phase.name},
                )
            }
        ) from None
    _record_revision(criterion=criterion, by=by, reason=reason.strip())
    return criterion


@changes_every_group
@transaction.atomic
def criterion_update(
    *, criterion: Criterion, by: User, expected_version: int, reason: str, **changes: Any
) -> Criterion:
    """Change a criterion and make the result its next version.

    `expected_version` is the version the coordinator was looking at: if someone else saved in between, the
    change is refused (code "edited_meanwhile") rather than silently overwriting theirs.
    """
    _require_coordinator(by)
    unknown = set(changes) - set(EDITABLE_FIELDS)
    if unknown:
        raise TypeError(f"criterion_update() cannot change {', '.join(sorted(unknown))}")
    reason = _require_reason(reason)
    current = _lock(criterion)
    if current.version != expected_version:
        raise _edited_meanwhile(current)
    if not current.active:
        raise ValidationError(_("This criterion is retired: restore it before you change it."), code="retired")

    merged = {name: changes.get(name, _current(current, name)) for name in EDITABLE_FIELDS}
    definition = _clean_definition(
        text=merged["text"],
        guidance=merged["guidance"],
        kind=merged["kind"],
        evaluator=merged["evaluator"],
        parameters=merged["parameters"],
        mandatory=merged["mandatory"],
        translations={name: merged[name] for name in TRANSLATION_FIELDS},
    )
    order = merged["order"]
    if not isinstance(order, int) or isinstance(order, bool) or order < 0:
        raise ValidationError({"order": ValidationError(_("The position is a whole number."), code="invalid_order")})
    definition["order"] = order

    changed = {
        name: value
        for name, value in definition.items()
        if value != (getattr(current, name) or "" if isinstance(value, str) else getattr(current, name))
    }
    if set(changed) == {"parameters"} and current.kind == CriterionKind.COMPUTED:
        # Defaults filled in by the evaluator are not a change the coordinator made.
        try:
            same = REGISTRY[current.evaluator].clean_parameters(current.parameters or {}) == definition["parameters"]
        except (KeyError, ValueError):
            same = False
        if same:
            changed = {}
    if not changed:
        raise ValidationError(_("Nothing was changed, so no new version was saved."), code="nothing_changed")

    # The lock above serialises editors on databases that lock rows; the conditional update is the guard on
    # those that do not (SQLite): it only applies to the version the coordinator saw.
    saved = Criterion.objects.filter(pk=current.pk, version=expected_version).update(
        version=F("version") + 1, **definition
    )
    if saved != 1:
        current.refresh_from_db()
        raise _edited_meanwhile(current)
    current.refresh_from_db()
    _record_revision(criterion=current, by=by, reason=reason)
    return current


def _set_active(*, criterion: Criterion, by: User, reason: str, active: bool) -> Criterion:
    _require_coordinator(by)
    reason = _require_reason(reason)
    current = _lock(criterion)
    if current.active == active:
        if active:
            raise ValidationError(_("This criterion is already in use."), code="not_retired")
        raise ValidationError(_("This criterion is already retired."), code="already_retired")
    saved = Criterion.objects.filter(pk=current.pk, version=current.version).update(
        active=active, version=F("version") + 1
    )
    if saved != 1:
        raise _edited_meanwhile(current)
    current.refresh_from_db()
    _record_revision(criterion=current, by=by, reason=reason)
    return current


@changes_every_group
@transaction.atomic
def criterion_retire(*, criterion: Criterion, by: User, reason: str) -> Criterion:
    """Take a criterion out of its phase's gate. The row stays: answers and past decisions refer to it."""
    return _set_active(criterion=criterion, by=by, reason=reason, active=False)


@changes_every_group
@transaction.atomic
def criterion_restore(*, criterion: Criterion, by: User, reason: str) -> Criterion:
    """Put a retired criterion back into its phase's gate, as a new version."""
    return _set_active(criterion=criterion, by=by, reason=reason, active=True)
