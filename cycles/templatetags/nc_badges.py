"""A non-conformity's severity and status as Bootstrap badges: written in Python because a list of findings shows
two per row (an included template for each cost more than the rest of the row)."""

from typing import Any

from django import template
from django.utils.html import format_html
from django.utils.safestring import SafeString

register = template.Library()

SEVERITY_TONES = {"critical": "text-bg-danger", "major": "text-bg-warning"}
STATUS_TONES = {"closed": "text-bg-success", "implemented": "text-bg-info", "action_planned": "text-bg-primary"}


def _badge(tone: str, kind: str, value: str, label: str) -> SafeString:
    return format_html('<span class="badge text-wrap {}" data-{}="{}">{}</span>', tone, kind, value, label)


@register.simple_tag
def severity_badge(finding: Any) -> SafeString:
    """The finding's severity (critical red, major amber, minor grey)."""
    tone = SEVERITY_TONES.get(finding.severity, "text-bg-secondary")
    return _badge(tone, "severity", finding.severity, finding.get_severity_display())


@register.simple_tag
def status_badge(finding: Any) -> SafeString:
    """The finding's status (closed green, implemented blue, action planned dark blue, open light)."""
    tone = STATUS_TONES.get(finding.status, "text-bg-light border")
    return _badge(tone, "status", finding.status, finding.get_status_display())
