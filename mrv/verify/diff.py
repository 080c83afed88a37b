"""Compare two reports of one project: what changed, and the trace entries that explain it.

A resubmission, another parameter profile or another methodology version gives a second
report of the same project. :func:`diff_reports` lists what differs: identity fields
(methodology version and profile, GWP set, plug-in code), input tables by digest, parameter
values and sources, each period's and the totals' figures, and every trace entry whose value
moved, ordered so the largest changes in t CO2e come first and other units follow by their
relative change.
"""

from __future__ import annotations

import math
from typing import Any

from mrv.io.arrow_tables import LINES_PER_BLOCK
from mrv.model.base import SCHEMA_VERSION
from mrv.model.diff import (
    FieldChange,
    FigureChange,
    ParameterChange,
    ReportDiff,
    TableChange,
    TraceChange,
)
from mrv.model.report import FIGURES, Report

__all__ = ["diff_reports"]

CO2E = "t CO2e"
#: Figures closer than this are the same (the reports are settled to 1e-6 t CO2e).
TOLERANCE = 1e-9


def _identity(a: Report, b: Report) -> list[FieldChange]:
    pairs = {
        "methodology.id": (a.methodology.id, b.methodology.id),
        "methodology.version": (a.methodology.version, b.methodology.version),
        "methodology.profile": (a.methodology.profile, b.methodology.profile),
        "methodology.distribution": (a.methodology.distribution, b.methodology.distribution),
        "methodology.code_sha256": (a.methodology.code_sha256, b.methodology.code_sha256),
        "gwp_set": (a.gwp_set, b.gwp_set),
        "mrv_version": (a.mrv_version, b.mrv_version),
        "deductions.uncertainty_rule": (
            a.deductions.uncertainty_rule,
            b.deductions.uncertainty_rule,
        ),
    }
    return [FieldChange(field=k, a=x, b=y) for k, (x, y) in pairs.items() if x != y]


def _tables(a: Report, b: Report) -> list[TableChange]:
    changes = []
    for reference in sorted(set(a.tables) | set(b.tables)):
        x, y = a.tables.get(reference, ""), b.tables.get(reference, "")
        if x == y:
            continue
        status = "added" if not x else "removed" if not y else "changed"
        changes.append(
            TableChange(
                reference=reference,
                status=status,
                a_sha256=x,
                b_sha256=y,
                lines=_changed_lines(
                    a.table_blocks.get(reference, ()), b.table_blocks.get(reference, ())
                ),
            )
        )
    return changes


def _changed_lines(a: tuple[str, ...], b: tuple[str, ...]) -> tuple[str, ...]:
    """Name the blocks of lines whose digests differ (a block one table lacks counts as changed)."""
    if not a or not b:
        return ()
    changed = []
    for index in range(max(len(a), len(b))):
        if index >= len(a) or index >= len(b) or a[index] != b[index]:
            first = index * LINES_PER_BLOCK + 1
            changed.append(f"{first:,}-{first + LINES_PER_BLOCK - 1:,}")
    return tuple(changed)


def _source_text(use: Any) -> str:
    source = use.source
    parts = [source.document, source.table and f"table {source.table}", source.equation]
    return "; ".join(part for part in parts if part)


def _parameters(a: Report, b: Report) -> list[ParameterChange]:
    changes = []
    for key in sorted(set(a.parameters) | set(b.parameters)):
        x, y = a.parameters.get(key), b.parameters.get(key)
        if x is not None and y is not None:
            if x.value == y.value and x.source == y.source and x.unit == y.unit:
                continue
            status = "source" if x.value == y.value and x.unit == y.unit else "changed"
        else:
            status = "added" if x is None else "removed"
        use = y if y is not None else x
        assert use is not None  # noqa: S101 - the key comes from one of them
        changes.append(
            ParameterChange(
                key=key,
                status=status,
                unit=use.unit,
                a_value=x.value if x else None,
                b_value=y.value if y else None,
                a_source=_source_text(x) if x else "",
                b_source=_source_text(y) if y else "",
            )
        )
    return sorted(changes, key=lambda c: -_relative(c.a_value, c.b_value))


def _relative(a: float | None, b: float | None) -> float:
    if a is None or b is None:
        return math.inf
    scale = max(abs(a), abs(b))
    return abs(b - a) / scale if scale else 0.0


def _figures(a: Report, b: Report) -> list[FigureChange]:
    changes = []

    def compare(where: str, x: Any, y: Any) -> None:
        for name in (*FIGURES, "issuable_credits"):
            fx, fy = getattr(x, name), getattr(y, name)
            vx = float(fx if name == "issuable_credits" else fx.value)
            vy = float(fy if name == "issuable_credits" else fy.value)
            if abs(vy - vx) > TOLERANCE:
                unit = "t CO2e" if name == "issuable_credits" else fx.unit
                changes.append(
                    FigureChange(
                        where=where, figure=name, a=vx, b=vy, difference=vy - vx, unit=unit
                    )
                )

    periods_b = {period.id: period for period in b.periods}
    for period in a.periods:
        if period.id in periods_b:
            compare(period.id, period, periods_b[period.id])
    compare("totals", a.totals, b.totals)
    if a.ex_ante_totals is not None and b.ex_ante_totals is not None:
        compare("ex_ante_totals", a.ex_ante_totals, b.ex_ante_totals)
    return changes


def _value(entry: Any) -> float:
    value = entry.value
    return float(value.value if hasattr(value, "value") else value.sum)


def _trace(a: Report, b: Report) -> list[TraceChange]:
    entries_a = {entry.id: entry for entry in a.trace}
    entries_b = {entry.id: entry for entry in b.trace}
    changes = []
    for identifier in sorted(set(entries_a) | set(entries_b)):
        x, y = entries_a.get(identifier), entries_b.get(identifier)
        entry = y if y is not None else x
        assert entry is not None  # noqa: S101 - the id comes from one of them
        unit = entry.value.unit
        if x is not None and y is not None:
            vx, vy = _value(x), _value(y)
            if abs(vy - vx) <= TOLERANCE * max(1.0, abs(vx)) and x.value.unit == y.value.unit:
                continue
            changes.append(
                TraceChange(
                    id=identifier,
                    equation=entry.equation,
                    status="changed",
                    unit=unit,
                    a=vx,
                    b=vy,
                    difference=vy - vx,
                    relative_difference=_relative(vx, vy),
                )
            )
        else:
            changes.append(
                TraceChange(
                    id=identifier,
                    equation=entry.equation,
                    status="added" if x is None else "removed",
                    unit=unit,
                    a=_value(x) if x else None,
                    b=_value(y) if y else None,
                )
            )

    def order(change: TraceChange) -> tuple[int, float]:
        if change.status != "changed":
            return (2, 0.0)
        if change.unit == CO2E:
            return (0, -abs(change.difference or 0.0))
        return (1, -(change.relative_difference or 0.0))

    return sorted(changes, key=order)


def diff_reports(a: Report, b: Report, name_a: str = "A", name_b: str = "B") -> ReportDiff:
    """Compare two reports; the second is read as the newer one (differences are b - a)."""
    return ReportDiff(
        schema_version=SCHEMA_VERSION,
        a=name_a,
        b=name_b,
        project_id=a.project_id,
        same_project=a.project_id == b.project_id,
        identity=tuple(_identity(a, b)),
        tables=tuple(_tables(a, b)),
        parameters=tuple(_parameters(a, b)),
        figures=tuple(_figures(a, b)),
        trace=tuple(_trace(a, b)),
    )
