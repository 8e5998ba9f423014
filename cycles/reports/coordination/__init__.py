"""The coordination report's findings: the support structure shown to itself (DOMAIN.md, "The outer cycle").

Every finding is computed by the database (annotate, aggregate, values, Subquery, Exists): the number of queries is
fixed whatever the number of groups, members or inspections, and Python only reshapes the aggregated rows. The few
loops here run over reference data (phases, interaction points, standards) or over result rows already aggregated.

`coordination_findings(parameters)` returns a JSON-serialisable dict: that is what a CoordinationRun stores.

Definitions, chosen so that a run can be repeated and checked by hand:
- the period is `period_start`..`period_end`, both days included; the previous period has the same length and ends
  the day before; "at the end" means the end of the period, or now if the period has not ended yet;
- a group's stay in a phase opens with a move that changes its course (start, advance, override, back, suspension)
  and closes with the next such move, as on the group's timeline; holds, resumptions and withdrawal do not close it;
- "within one year" (audits, inspection coverage) is the 365 days that end at the end of the period;
- seasons belong to the year they begin in ("2025/26" is 2025): certified supply counts the seasons that begin in
  the period's years, income stability the last five seasons up to the period's end.
"""

from .context import FAST, FILTER_KEYS, LIST_LIMIT, RAW, RESULTS_VERSION, ReportParameters
from .findings import coordination_findings
from .functions import DaysBetween, Median

__all__ = [
    "FAST",
    "FILTER_KEYS",
    "LIST_LIMIT",
    "RAW",
    "RESULTS_VERSION",
    "DaysBetween",
    "Median",
    "ReportParameters",
    "coordination_findings",
]
