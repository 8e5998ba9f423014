"""The whole coordination report's findings, one entry per finding, as a CoordinationRun stores them."""

from typing import Any

from producers.models import ProducerGroup

from .context import FAST, RESULTS_VERSION, SOURCES, ReportParameters, build_context
from .inspections import failed_requirements
from .market import certified_supply, income
from .phases import all_phases, pipeline, stuck_groups, time_in_phases
from .support import duplicated_services, mergeable_audits, missing_services


def coordination_findings(parameters: ReportParameters, source: str = FAST) -> dict[str, Any]:
    """Every finding of the report for these parameters, as a JSON-serialisable dict (without recommendations).

    `source="raw"` computes the production findings from the records rather than from their totals: slower at
    the field's size, the same findings (tests/cycles/test_coordination_fast_equals_raw.py)."""
    if source not in SOURCES:
        raise ValueError(f"Unknown source {source!r}: one of {', '.join(SOURCES)}.")
    ctx = build_context(parameters)
    phases = all_phases()
    groups_total = (ProducerGroup.objects.all() if ctx.groups is None else ctx.groups).count()
    flow = pipeline(ctx, phases, groups_total)
    return {
        "version": RESULTS_VERSION,
        "period": {
            "start": parameters.period_start.isoformat(),
            "end": parameters.period_end.isoformat(),
            "as_of": ctx.as_of_date.isoformat(),
            "previous_start": ctx.previous_start.isoformat(),
            "previous_end": ctx.previous_end.isoformat(),
            "window_start": ctx.window_start.isoformat(),
        },
        "filters": parameters.filters,
        "pipeline": flow,
        "time_in_phase": time_in_phases(ctx, phases),
        "stuck": stuck_groups(ctx, phases),
        "missing_services": missing_services(ctx, flow["rows"]),
        "duplicated_services": duplicated_services(ctx),
        "mergeable_audits": mergeable_audits(ctx),
        "failed_requirements": failed_requirements(ctx),
        "certified_supply": certified_supply(ctx, source),
        "income": income(ctx, source),
    }
