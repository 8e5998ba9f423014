"""What a programme's IATI export needs that is not entered yet, in words a coordinator acts on."""

from django.utils.translation import gettext as _

from producers.models import Programme


def missing_for_iati(programme: Programme) -> list[str]:
    """Empty when the export can be made; otherwise one sentence per missing piece."""
    missing = []
    if not programme.funder.iati_identifier:
        missing.append(
            _("The funder, %(name)s, has no IATI organisation identifier.") % {"name": programme.funder.name}
        )
    if not programme.iati_activity_id:
        missing.append(_("The programme has no IATI activity identifier."))
    if not programme.groups.exists():
        missing.append(_("The programme supports no producer group yet: it has no recipient country."))
    if (programme.budget is None) != (not programme.budget_currency):
        missing.append(_("The budget needs both an amount and its currency."))
    return missing
