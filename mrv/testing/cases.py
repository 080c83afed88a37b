"""Reference cases: a project and the figures a published worked example gives for it.

A case is a folder with ``project.yaml`` (and its tables) and ``expected.yaml``::

    source: "AR-TOOL14 v04.2 worked example, p. 12"
    rtol: 1.0e-4
    trace:                      # intermediate figures, by trace id
      MP1/u_c: 0.05367
      MP1/b_stratum: [39.298]   # arrays compare element by element
    per_row:                    # arrays with one value per table row, compared as multisets
      MP1/b_plot: [40.852, 36.503]
    periods:                    # reported figures by period id
      MP1: {net_benefit: 3386.17, issuable_credits: 3386}
    totals: {net_benefit: 3386.17}

Rows reach a methodology in an order set by their content (:mod:`mrv.io.row_order`), not the
order the worked example lists them in, so an array with one value per row is compared with its
expected values once both are sorted. Domain experts add cases without writing Python; :func:`check_case` compares every figure and
names each mismatch.
"""

from __future__ import annotations

import math
from pathlib import Path
from typing import Any

from mrv.contract.plugins import PluginRegistry
from mrv.engine.compute import compute
from mrv.io.documents import load_document
from mrv.model.report import Report

__all__ = ["check_case", "find_cases"]


def find_cases(folder: str | Path) -> list[Path]:
    """Return every case folder below ``folder`` (those holding ``expected.yaml``)."""
    return sorted(path.parent for path in Path(folder).rglob("expected.yaml"))


def _close(found: float, expected: float, rtol: float, atol: float) -> bool:
    return math.isclose(found, expected, rel_tol=rtol, abs_tol=atol)


def _compare(name: str, found: Any, expected: Any, rtol: float, atol: float) -> list[str]:
    if isinstance(expected, list):
        values = list(found) if isinstance(found, (list, tuple)) else [found]
        if len(values) != len(expected):
            return [f"{name}: expected {len(expected)} values, found {len(values)}"]
        return [
            problem
            for index, (a, b) in enumerate(zip(values, expected, strict=True))
            for problem in _compare(f"{name}[{index}]", a, b, rtol, atol)
        ]
    if found is None:
        return [f"{name}: missing"]
    if not _close(float(found), float(expected), rtol, atol):
        return [f"{name}: expected {expected}, found {found} (rtol {rtol})"]
    return []


def _trace_value(report: Report, identifier: str) -> Any:
    for entry in report.trace:
        if entry.id == identifier:
            value = entry.value
            scalar = getattr(value, "value", None)
            return scalar if scalar is not None else getattr(value, "values", None)
    return None


def check_case(folder: str | Path, registry: PluginRegistry | None = None) -> Report:
    """Compute a case's project and compare every expected figure.

    Raises
    ------
    AssertionError
        Listing every figure that differs, with expected and found values.
    """
    folder = Path(folder)
    expected = load_document(folder / "expected.yaml")
    rtol = float(expected.get("rtol", 1e-9))
    atol = float(expected.get("atol", 1e-9))
    # a case may share tables with the cases beside it (``../ex2/plots.csv``)
    report = compute(folder / "project.yaml", registry=registry, allow=[folder.parent])
    problems: list[str] = []
    for identifier, value in (expected.get("trace") or {}).items():
        problems.extend(
            _compare(f"trace {identifier}", _trace_value(report, identifier), value, rtol, atol)
        )
    for identifier, values in (expected.get("per_row") or {}).items():
        found = _trace_value(report, identifier)
        problems.extend(
            _compare(
                f"trace {identifier} (sorted)",
                None if found is None else sorted(found),
                sorted(values),
                rtol,
                atol,
            )
        )
    periods = {period.id: period for period in report.periods}
    for period_id, figures in (expected.get("periods") or {}).items():
        period = periods.get(period_id)
        if period is None:
            problems.append(f"period {period_id}: missing")
            continue
        for name, value in figures.items():
            found = (
                period.issuable_credits
                if name == "issuable_credits"
                else getattr(period, name).value
            )
            problems.extend(_compare(f"{period_id}.{name}", found, value, rtol, atol))
    for name, value in (expected.get("totals") or {}).items():
        found = (
            report.totals.issuable_credits
            if name == "issuable_credits"
            else getattr(report.totals, name).value
        )
        problems.extend(_compare(f"totals.{name}", found, value, rtol, atol))
    assert not problems, f"{folder.name} ({expected.get('source', 'no source')}):\n" + "\n".join(
        problems
    )
    return report
