"""Conformance checks every methodology must pass, run on one of its example projects.

Each check raises ``AssertionError`` with a message that names the figure and the difference.
"""

from __future__ import annotations

import csv
import io
import json
import math
import shutil
import tempfile
from collections.abc import Callable
from dataclasses import replace
from pathlib import Path
from typing import Any, Literal

from mrv.common import units
from mrv.contract.parameters import ParameterTable
from mrv.contract.plugins import PluginRegistry
from mrv.engine.compute import LoadedProject, compute, load_project
from mrv.engine.deductions import RESOLUTION
from mrv.engine.loading import table_context
from mrv.engine.provenance import pretty_json
from mrv.io.tables import parse_header
from mrv.model.report import FIGURES, Report
from mrv.model.table import iter_tables
from mrv.model.uncertainty import MonteCarloSettings, UncertaintySettings

__all__ = [
    "check_determinism",
    "check_identities",
    "check_methodology",
    "check_permutation_invariance",
    "check_schema_round_trip",
    "check_unit_invariance",
]


#: Reported figures are settled to RESOLUTION each; identities between them hold to a few of it.
_SETTLED = 3 * float(RESOLUTION)


def _close(a: float, b: float, rtol: float) -> bool:
    return math.isclose(a, b, rel_tol=rtol, abs_tol=max(rtol * 1e-3, _SETTLED))


def check_identities(report: Report, rtol: float = 1e-9) -> None:
    """Check sign-convention identities, finiteness, and that every figure is in the trace."""
    trace = {entry.id: entry for entry in report.trace}
    for period in report.periods:
        values = {name: getattr(period, name).value for name in FIGURES}
        for name, value in values.items():
            assert math.isfinite(value), f"{period.id}.{name} is {value}"
            entry = trace.get(f"{period.id}/{name}")
            assert entry is not None, f"{period.id}.{name} is reported but not in the trace"
            traced = getattr(entry.value, "value", None)
            assert traced is not None and _close(traced, value, rtol), (
                f"{period.id}.{name}: report {value}, trace {traced}"
            )
        net = values["baseline"] - values["project"] - values["leakage"]
        assert _close(values["net_benefit"], net, rtol), (
            f"{period.id}: net_benefit {values['net_benefit']} != baseline - project - leakage = {net}"
        )
        split = values["reductions"] + values["removals"]
        assert _close(values["net_benefit"], split, rtol), (
            f"{period.id}: net_benefit {values['net_benefit']} != reductions + removals = {split}"
        )
        issued = period.credits_issued_before + period.issuable_credits
        assert issued <= max(period.cumulative_net_benefit.value, 0.0) + _SETTLED, (
            f"{period.id}: {issued} credits issued so far exceed the cumulative net benefit"
        )
    for entry in report.trace:
        value = entry.value
        numbers = [getattr(value, "value", None), getattr(value, "sum", None)]
        assert all(n is None or math.isfinite(n) for n in numbers), (
            f"trace {entry.id} is not finite"
        )


def check_schema_round_trip(loaded: LoadedProject) -> None:
    """Dump the validated inputs and validate them again: the result must be equal."""
    dumped = loaded.inputs.model_dump(mode="json")
    again = type(loaded.inputs).model_validate(
        dumped, context=table_context(loaded.base_dir, loaded.document)
    )
    assert again.model_dump(mode="json") == dumped, "inputs change when dumped and validated again"
    assert json.loads(json.dumps(dumped)) == dumped, "inputs do not dump to plain JSON"


def check_determinism(project: Path, registry: PluginRegistry | None = None) -> Report:
    """Compute twice: the reports must be byte-identical."""
    first = pretty_json(compute(project, registry=registry).model_dump(mode="json"))
    second = compute(project, registry=registry)
    assert pretty_json(second.model_dump(mode="json")) == first, "two runs on the same input differ"
    return second


def _base_unit_text(unit_text: str) -> str:
    ureg = units.get_registry()
    return units.format_unit(ureg.Quantity(1.0, units.parse_unit(unit_text)).to_base_units().units)


def _in_base_units(node: Any) -> Any:
    if isinstance(node, dict):
        if set(node) == {"value", "unit"} and isinstance(node["unit"], str):
            target = _base_unit_text(node["unit"])
            return {
                "value": float(units.convert(node["value"], node["unit"], target)),
                "unit": target,
            }
        return {key: _in_base_units(value) for key, value in node.items()}
    if isinstance(node, list):
        return [_in_base_units(item) for item in node]
    return node


def _reverse_lists(node: Any) -> Any:
    if isinstance(node, dict):
        return {key: _reverse_lists(value) for key, value in node.items()}
    if isinstance(node, list):
        items = [_reverse_lists(item) for item in node]
        if items and all(isinstance(item, dict) and "id" in item for item in items):
            items.reverse()
        return items
    return node


def _reverse_order_free_lists(document: dict[str, Any]) -> dict[str, Any]:
    """Reverse strata, measurements and id-keyed lists in inputs; periods keep their order."""
    changed = dict(document)
    changed["project"] = {
        **document["project"],
        "strata": list(reversed(document["project"]["strata"])),
    }
    changed["measurements"] = list(reversed(document.get("measurements", [])))
    changed["inputs"] = _reverse_lists(document["inputs"])
    return changed


def _rewrite_table(source: Path, target: Path, *, base_units: bool, reverse: bool) -> None:
    rows = list(csv.reader(io.StringIO(source.read_text(encoding="utf-8-sig"))))
    header, body = rows[0], [row for row in rows[1:] if row]
    if base_units:
        for position, heading in enumerate(header):
            name, unit = parse_header(heading)
            if unit is None or not unit.strip():
                continue
            target_unit = _base_unit_text(unit)
            header[position] = f"{name} [{target_unit}]"
            for row in body:
                cell = row[position].strip()
                row[position] = (
                    repr(float(units.convert(float(cell), unit, target_unit))) if cell else ""
                )
    if reverse:
        body.reverse()
    target.parent.mkdir(parents=True, exist_ok=True)
    with target.open("w", encoding="utf-8", newline="") as stream:
        csv.writer(stream).writerows([header, *body])


def _variant(
    loaded: LoadedProject,
    folder: Path,
    transform: Callable[[Any], Any],
    *,
    base_units: bool,
    reverse: bool,
) -> Path:
    document = loaded.document.model_dump(mode="json", exclude={"inputs"})
    document["inputs"] = loaded.inputs.model_dump(mode="json")
    for reference in {table.reference for table in iter_tables(loaded.inputs)}:
        _rewrite_table(
            loaded.base_dir / reference, folder / reference, base_units=base_units, reverse=reverse
        )
    project = loaded.document.project
    for boundary in {project.boundary, *(s.boundary for s in project.strata)} - {None}:
        name = str(boundary).partition("#")[0]
        (folder / name).parent.mkdir(parents=True, exist_ok=True)
        shutil.copy(loaded.base_dir / name, folder / name)
    path = folder / "project.json"
    path.write_text(json.dumps(transform(document)), encoding="utf-8")
    return path


def _compare(expected: Report, found: Report, what: str, rtol: float) -> None:
    labelled: list[tuple[str, Any, Any]] = [
        (a.id, a, b) for a, b in zip(expected.periods, found.periods, strict=True)
    ]
    labelled.append(("totals", expected.totals, found.totals))
    for label, a, b in labelled:
        for name in FIGURES:
            x, y = getattr(a, name).value, getattr(b, name).value
            assert _close(x, y, rtol), f"{what}: {label}.{name} changes from {x} to {y}"
        assert a.issuable_credits == b.issuable_credits, f"{what}: {label}.issuable_credits changes"


def check_unit_invariance(
    loaded: LoadedProject, registry: PluginRegistry | None = None, rtol: float = 1e-9
) -> None:
    """Restate every quantity and table column in SI base units (ha -> m2, t -> kg): same figures."""
    expected = compute(loaded, registry=registry)
    with tempfile.TemporaryDirectory(prefix="mrv-units-") as folder:
        path = _variant(loaded, Path(folder), _in_base_units, base_units=True, reverse=False)
        _compare(expected, compute(path, registry=registry), "unit invariance", rtol)


def check_permutation_invariance(
    loaded: LoadedProject, registry: PluginRegistry | None = None, rtol: float = 1e-9
) -> None:
    """Reverse the order of strata, measurements, id-keyed input lists and table rows: same figures."""
    expected = compute(loaded, registry=registry)
    with tempfile.TemporaryDirectory(prefix="mrv-order-") as folder:
        path = _variant(
            loaded, Path(folder), _reverse_order_free_lists, base_units=False, reverse=True
        )
        _compare(expected, compute(path, registry=registry), "permutation invariance", rtol)


#: Iterations of the Monte Carlo check: a block of draws is enough to meet every array shape.
MONTE_CARLO_ITERATIONS = 256
#: Half-width of the range the Monte Carlo check gives a parameter row that has none [1].
PARAMETER_RANGE = 0.1


def _ranged(table: ParameterTable) -> ParameterTable:
    """Give every nonzero row without a range or distribution a range of +-10 % (not settings)."""
    if table.setting:
        return table
    rows = []
    for row in table.values:
        if (
            row.min is not None
            or row.max is not None
            or row.distribution is not None
            or not row.value
        ):
            rows.append(row)
            continue
        ends = sorted((row.value * (1 - PARAMETER_RANGE), row.value * (1 + PARAMETER_RANGE)))
        rows.append(row.model_copy(update={"min": ends[0], "max": ends[1]}))
    return table.model_copy(update={"values": tuple(rows)})


def check_monte_carlo(
    loaded: LoadedProject,
    registry: PluginRegistry | None = None,
    rtol: float = 1e-9,
    *,
    parameter_ranges: bool = True,
) -> None:
    """Declare Monte Carlo, every parameter drawn from a range: it must compute the same figures.

    With ``parameter_ranges`` false, only the ranges and distributions the parameter tables
    declare are drawn.

    Under Monte Carlo every traced value carries a leading iteration axis; a calculation that
    assumes scalars (``Traced.scalar``, ``float()``) fails here rather than in a user's project.
    The reported figures are the central ones and must not change; each period's summary must
    be finite.
    """
    expected = compute(loaded, registry=registry)
    settings = UncertaintySettings(
        monte_carlo=MonteCarloSettings(iterations=MONTE_CARLO_ITERATIONS, seed=1, chunk=256),
        parameters=True,
    )
    drawn = replace(
        loaded,
        document=loaded.document.model_copy(update={"uncertainty": settings}),
        parameters={
            name: _ranged(table) if parameter_ranges else table
            for name, table in loaded.parameters.items()
        },
    )
    found = compute(drawn, registry=registry)
    assert found.monte_carlo is not None, "Monte Carlo was declared but the report has no run"
    for a, b in zip(expected.periods, found.periods, strict=True):
        for name in FIGURES:  # deductions may follow the Monte Carlo interval; figures may not
            x, y = getattr(a, name).value, getattr(b, name).value
            assert _close(x, y, rtol), f"Monte Carlo: {a.id}.{name} changes from {x} to {y}"
        assert b.monte_carlo is not None, f"Monte Carlo: period {b.id} has no summary"
        numbers = [v for v in b.monte_carlo.model_dump().values() if isinstance(v, float)]
        assert all(math.isfinite(v) for v in numbers), f"Monte Carlo: {b.id} summary not finite"


def check_methodology(
    project: str | Path,
    registry: PluginRegistry | None = None,
    rtol: float = 1e-9,
    *,
    monte_carlo: Literal["every-parameter", "declared", "off"] = "every-parameter",
) -> Report:
    """Run every conformance check on one project of a methodology; return its report.

    Parameters
    ----------
    project : path
        A project document of the methodology under test (with its tables).
    registry : PluginRegistry or None
        Plug-ins to use; discovered from entry points when None.
    rtol : float
        Relative tolerance for figures that must not change [dimensionless].
    monte_carlo : str
        The Monte Carlo check: every parameter row given a range of +-10 %
        (``every-parameter``), only the ranges the tables declare drawn (``declared``), or
        none (``off``).
    """
    path = Path(project)
    loaded = load_project(path, registry=registry)
    check_schema_round_trip(loaded)
    report = check_determinism(path, registry)
    check_identities(report, rtol)
    check_unit_invariance(loaded, registry, rtol)
    check_permutation_invariance(loaded, registry, rtol)
    if monte_carlo != "off":
        ranges = monte_carlo == "every-parameter"
        check_monte_carlo(loaded, registry, rtol, parameter_ranges=ranges)
    return report
