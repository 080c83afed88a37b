"""Each term's contribution to a period's net benefit, read from a report's trace.

The engine records each group of a period (``MP1/baseline``, ``MP1/project``, ``MP1/leakage``)
as a trace entry whose inputs are the terms of that group, so the contributions are read from
the report alone: a baseline term adds to the net benefit, a project or leakage term takes
from it (``net_benefit = baseline - project - leakage``, mrv convention, docs/index.md#the-report).
"""

from __future__ import annotations

from collections.abc import Mapping

from mrv.model.report import Report, TraceEntry

__all__ = ["GROUPS", "term_contributions"]

#: The groups of a period's terms, in the order of the net-benefit equation.
GROUPS = ("baseline", "project", "leakage")


def term_contributions(
    report: Report, trace: Mapping[str, TraceEntry] | None = None
) -> dict[str, dict[tuple[str, str], float]]:
    """Return each period's terms and their contribution to its net benefit [t CO2e].

    Parameters
    ----------
    report : Report
        The report.
    trace : mapping or None
        The report's trace entries by id, when the caller already has them.

    Returns
    -------
    dict
        Period id to ``{(group, term): contribution}``, terms in trace order.
    """
    entries = trace if trace is not None else {entry.id: entry for entry in report.trace}
    found: dict[str, dict[tuple[str, str], float]] = {}
    for period in report.periods:
        terms: dict[tuple[str, str], float] = {}
        for group in GROUPS:
            entry = entries.get(f"{period.id}/{group}")
            if entry is None:
                continue
            sign = 1.0 if group == "baseline" else -1.0
            for item in entry.inputs:
                value = entries.get(item.ref)
                scalar = getattr(getattr(value, "value", None), "value", None)
                if scalar is None:
                    continue
                key = (group, item.argument)
                terms[key] = terms.get(key, 0.0) + sign * float(scalar)
        found[period.id] = terms
    return found
