"""The one way to name a phase in a template where only its order and name are at hand (stored report results)."""

from django import template

from ..models.phases import phase_label as _phase_label

register = template.Library()


@register.filter
def phase_label(order: int, name: str) -> str:
    """`{{ row.order|phase_label:row.name }}`: "Phase 3 of 5 · Planning phase 2: building the system"."""
    return _phase_label(int(order), name)
