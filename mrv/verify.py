"""``mrv verify``: recompute a report from its project and compare, figure by figure.

The verifier recomputes with the methodology version, profile, parameters and GWP set the
project document names, then checks three digests (inputs, parameters, and the report's own
results) and compares every period figure, total and trace entry. Differences are weighed
against a materiality threshold (ISO 14064-3's 5 % by default, a declared share, or the CDM
scale rule of Decision 9/CMP.7).
"""

from __future__ import annotations

import json
import math
from collections.abc import Mapping
from functools import cache
from importlib import resources
from pathlib import Path
from typing import Any

from pydantic import ValidationError

from mrv.engine import compute, load_project, mrv_version, results_body
from mrv.errors import InputError, Problem, problems_from_validation
from mrv.io.documents import load_document
from mrv.model.base import SCHEMA_VERSION
from mrv.model.report import FIGURES, Report
from mrv.model.verification import Discrepancy, HashCheck, VerificationStatement
from mrv.plugins import PluginRegistry
from mrv.provenance import sha256_hex
from mrv.units import REPORT_UNIT

__all__ = ["ISO_14064_3_DEFAULT", "load_report", "materiality_threshold", "verify"]

#: ISO 14064-3's customary materiality threshold (5 % of the total).
ISO_14064_3_DEFAULT = 0.05
_TOLERANCE = 1e-9


def load_report(path: Path) -> Report:
    """Read and validate a report file.

    Raises
    ------
    InputError
        If the file is missing, malformed, or not a report of this schema.
    """
    raw = load_document(path)
    try:
        return Report.model_validate(raw)
    except ValidationError as error:
        raise InputError(problems_from_validation(error.errors(), str(path))) from None


@cache
def _cdm_scales() -> tuple[list[dict[str, Any]], dict[str, str]]:
    import yaml  # noqa: PLC0415

    data = yaml.safe_load(
        resources.files("mrv.data").joinpath("cdm_materiality.yaml").read_text("utf-8")
    )
    return data["scales"], {key: str(value) for key, value in data["source"].items()}


def _years(report: Report) -> float:
    days = sum(
        (period.end - period.start).days + 1
        for period in report.periods
        if period.kind == "ex-post"
    )
    return max(days / 365.25, 1e-9)


def materiality_threshold(option: str, report: Report) -> tuple[float, str]:
    """Resolve ``--materiality``: a share (``0.05``), ``iso``, or ``cdm-large``/``cdm-small``/``cdm-micro``.

    Returns
    -------
    tuple
        The threshold [fraction] and how it was chosen.

    Raises
    ------
    InputError
        If the option is neither a share in [0, 1] nor a known rule.
    """
    if option == "iso":
        return ISO_14064_3_DEFAULT, "ISO 14064-3 customary threshold, 5 % of the total"
    if option.startswith("cdm-"):
        scale = option.removeprefix("cdm-")
        scales, source = _cdm_scales()
        annual = abs(report.totals.net_benefit.value) / _years(report)
        for row in scales:
            if row["scale"] == scale and annual > row["above_t_per_year"] - 1e-9:
                basis = (
                    f"CDM {scale}-scale threshold at {annual:,.0f} t CO2e/yr ({source['document']})"
                )
                return float(row["threshold"]), basis
        raise InputError(
            [
                Problem(
                    "",
                    "--materiality",
                    f"unknown CDM scale {scale!r}; expected large, small or micro",
                )
            ]
        )
    try:
        value = float(option)
    except ValueError:
        raise InputError(
            [
                Problem(
                    "",
                    "--materiality",
                    f"expected a share such as 0.05, 'iso' or cdm-large/small/micro; found {option!r}",
                )
            ]
        ) from None
    if not 0 <= value <= 1:
        raise InputError(
            [Problem("", "--materiality", f"expected a share in [0, 1]; found {value}")]
        )
    return value, f"declared threshold {value:.2%}"


def _difference(
    path: str, claimed: Any, recomputed: Any, scale: float, threshold: float, **extra: str
) -> Discrepancy | None:
    if (
        isinstance(claimed, (int, float))
        and isinstance(recomputed, (int, float))
        and not isinstance(claimed, bool)
    ):
        if math.isclose(float(claimed), float(recomputed), rel_tol=_TOLERANCE, abs_tol=_TOLERANCE):
            return None
        absolute = abs(float(claimed) - float(recomputed))
        relative = absolute / abs(float(recomputed)) if recomputed else None
        material = scale > 0 and absolute / scale >= threshold
        return Discrepancy(
            path=path,
            claimed=claimed,
            recomputed=recomputed,
            absolute_difference=absolute,
            relative_difference=relative,
            material=material,
            **extra,
        )
    if claimed == recomputed:
        return None
    return Discrepancy(
        path=path, claimed=_text(claimed), recomputed=_text(recomputed), material=True, **extra
    )


def _text(value: Any) -> str | float | None:
    if value is None or isinstance(value, (int, float, str)):
        return value
    return json.dumps(value, sort_keys=True)


def _trace_figures(entry: Any) -> dict[str, Any]:
    value = entry.value
    if hasattr(value, "count"):
        figures: dict[str, Any] = {
            "sum": value.sum,
            "min": value.min,
            "max": value.max,
            "count": value.count,
        }
        if value.values is not None:
            figures.update({f"values[{index}]": item for index, item in enumerate(value.values)})
        return figures
    return {"value": value.value}


def _compare_reports(
    claimed: Report, recomputed: Report, scale: float, threshold: float
) -> list[Discrepancy]:
    found: list[Discrepancy] = []

    def add(item: Discrepancy | None) -> None:
        if item is not None:
            found.append(item)

    periods = {period.id: period for period in recomputed.periods}
    for index, period in enumerate(claimed.periods):
        other = periods.get(period.id)
        if other is None:
            add(_difference(f"periods[{index}]", period.id, None, scale, threshold))
            continue
        for name in FIGURES:
            add(
                _difference(
                    f"periods[{index}].{name}",
                    getattr(period, name).value,
                    getattr(other, name).value,
                    scale,
                    threshold,
                    unit=REPORT_UNIT,
                )
            )
        add(
            _difference(
                f"periods[{index}].issuable_credits",
                period.issuable_credits,
                other.issuable_credits,
                scale,
                threshold,
                unit=REPORT_UNIT,
            )
        )
        mine = period.monte_carlo.model_dump() if period.monte_carlo else {}
        theirs = other.monte_carlo.model_dump() if other.monte_carlo else {}
        for key in sorted(set(mine) | set(theirs)):
            add(
                _difference(
                    f"periods[{index}].monte_carlo.{key}",
                    mine.get(key),
                    theirs.get(key),
                    0.0,
                    threshold,
                )
            )
    for name in FIGURES:
        add(
            _difference(
                f"totals.{name}",
                getattr(claimed.totals, name).value,
                getattr(recomputed.totals, name).value,
                scale,
                threshold,
                unit=REPORT_UNIT,
            )
        )
    add(
        _difference(
            "totals.issuable_credits",
            claimed.totals.issuable_credits,
            recomputed.totals.issuable_credits,
            scale,
            threshold,
            unit=REPORT_UNIT,
        )
    )
    entries = {entry.id: entry for entry in recomputed.trace}
    for entry in claimed.trace:
        match = entries.pop(entry.id, None)
        if match is None:
            add(
                _difference(
                    f"trace[{entry.id}]",
                    "present",
                    "absent",
                    scale,
                    threshold,
                    trace_id=entry.id,
                    equation=entry.equation,
                )
            )
            continue
        mine, theirs = _trace_figures(entry), _trace_figures(match)
        unit = match.value.unit
        for key in sorted(set(mine) | set(theirs)):
            add(
                _difference(
                    f"trace[{entry.id}].{key}",
                    mine.get(key),
                    theirs.get(key),
                    0.0,
                    threshold,
                    trace_id=entry.id,
                    equation=match.equation,
                    unit=unit,
                )
            )
        add(
            _difference(
                f"trace[{entry.id}].equation",
                entry.equation,
                match.equation,
                0.0,
                threshold,
                trace_id=entry.id,
            )
        )
    for identifier, missing in entries.items():
        add(
            _difference(
                f"trace[{identifier}]",
                "absent",
                "present",
                scale,
                threshold,
                trace_id=identifier,
                equation=missing.equation,
            )
        )
    return found


def _compare_claimed(
    claimed: Mapping[str, Any], recomputed: Report, scale: float, threshold: float
) -> list[Discrepancy]:
    found = []
    totals = claimed.get("totals", claimed)
    for name, value in totals.items():
        if name == "periods":
            continue
        if name != "issuable_credits" and name not in FIGURES:
            raise InputError(
                [
                    Problem(
                        "",
                        f"claimed.{name}",
                        f"unknown figure; expected {', '.join((*FIGURES, 'issuable_credits'))}",
                    )
                ]
            )
        other = (
            recomputed.totals.issuable_credits
            if name == "issuable_credits"
            else getattr(recomputed.totals, name).value
        )
        item = _difference(f"claimed.{name}", value, other, scale, threshold, unit=REPORT_UNIT)
        if item is not None:
            found.append(item)
    return found


def _hash_checks(claimed: Report, recomputed: Report) -> list[HashCheck]:
    changed_tables = sorted(
        name
        for name in set(claimed.tables) | set(recomputed.tables)
        if claimed.tables.get(name) != recomputed.tables.get(name)
    )
    changed_parameters = sorted(
        key
        for key in set(claimed.parameters) | set(recomputed.parameters)
        if (claimed.parameters.get(key) and claimed.parameters[key].value)
        != (recomputed.parameters.get(key) and recomputed.parameters[key].value)
    )
    results = sha256_hex(results_body(claimed))
    return [
        HashCheck(
            name="inputs_sha256",
            claimed=claimed.inputs_sha256,
            recomputed=recomputed.inputs_sha256,
            matches=claimed.inputs_sha256 == recomputed.inputs_sha256,
            explanation=(
                f"tables differ: {', '.join(changed_tables)}"
                if changed_tables
                else "the project document differs from the one the report was computed from"
            ),
        ),
        HashCheck(
            name="parameters_sha256",
            claimed=claimed.parameters_sha256,
            recomputed=recomputed.parameters_sha256,
            matches=claimed.parameters_sha256 == recomputed.parameters_sha256,
            explanation=(
                f"parameter values differ: {', '.join(changed_parameters)}"
                if changed_parameters
                else "a parameter table differs (not one the calculation used, or its source or range)"
            ),
        ),
        HashCheck(
            name="results_sha256",
            claimed=claimed.results_sha256,
            recomputed=results,
            matches=claimed.results_sha256 == results,
            explanation="the report's figures were edited after it was computed",
        ),
    ]


def verify(
    report: Report,
    project: Path,
    *,
    materiality: str = "iso",
    claimed: Mapping[str, Any] | None = None,
    registry: PluginRegistry | None = None,
) -> VerificationStatement:
    """Recompute ``report`` from ``project`` and state what reproduces and what does not.

    Parameters
    ----------
    report : Report
        The report to verify.
    project : pathlib.Path
        The project document (with its tables) the report claims to come from.
    materiality : str
        ``iso`` (5 %), a share such as ``0.02``, or ``cdm-large``/``cdm-small``/``cdm-micro``.
    claimed : mapping or None
        Totals claimed elsewhere (e.g. a proponent's spreadsheet), with the keys of the report's
        totals; compared with the recomputation as well.
    registry : PluginRegistry or None
        Installed plug-ins.

    Raises
    ------
    InputError
        Bad input, or a methodology of another id or major version than the report's.
    """
    loaded = load_project(project, registry=registry)
    methodology = loaded.methodology
    if methodology.id != report.methodology.id:
        raise InputError(
            [
                Problem(
                    str(project),
                    "project.methodology.id",
                    f"the report was computed with {report.methodology.id}; the project names {methodology.id}",
                )
            ]
        )
    if methodology.major != int(report.methodology.version.split(".")[0]):
        raise InputError(
            [
                Problem(
                    str(project),
                    "project.methodology.version",
                    f"the report was computed with {methodology.id} {report.methodology.version}; installed is {methodology.version}: verify refuses a different major version",
                )
            ]
        )
    recomputed = compute(loaded)
    threshold, basis = materiality_threshold(materiality, recomputed)
    scale = abs(recomputed.totals.net_benefit.value)
    discrepancies = _compare_reports(report, recomputed, scale, threshold)
    if claimed is not None:
        discrepancies.extend(_compare_claimed(claimed, recomputed, scale, threshold))
    checks = _hash_checks(report, recomputed)
    claimed_total = float(
        (claimed or {})
        .get("totals", claimed or {})
        .get("net_benefit", report.totals.net_benefit.value)
    )
    difference = abs(claimed_total - recomputed.totals.net_benefit.value)
    aggregate = difference / scale if scale else (0.0 if difference == 0 else math.inf)
    material = (
        not all(check.matches for check in checks)
        or aggregate >= threshold
        or any(item.material for item in discrepancies)
    )
    return VerificationStatement(
        schema_version=SCHEMA_VERSION,
        project_id=report.project_id,
        methodology=f"{methodology.id}@{methodology.version}",
        report_sha256=sha256_hex(report.model_dump(mode="json")),
        verdict="material_discrepancy" if material else "verified",
        materiality_threshold=threshold,
        materiality_basis=basis,
        aggregate_misstatement=aggregate if math.isfinite(aggregate) else 1.0,
        hash_checks=tuple(checks),
        discrepancies=tuple(discrepancies),
        findings=recomputed.findings,
        mrv_version=mrv_version(),
    )
