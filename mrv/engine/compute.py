"""``compute(project) -> Report``: validate, check applicability, calculate, convert, sum, hash.

The one place where gases become CO2e is :class:`_Converter`, inside the project's GWP context
(and, for Monte Carlo iterations, :mod:`mrv.engine.propagation`). Loading lives in :mod:`mrv.engine.loading`,
calls into the methodology in :mod:`mrv.engine.calculation`.
"""

from __future__ import annotations

import json
import math
from collections.abc import Iterable, Mapping, Sequence
from decimal import Decimal
from pathlib import Path
from typing import Any

from mrv.common import units
from mrv.common.errors import InputError, Problem
from mrv.contract.equations import Trace, Traced
from mrv.contract.methodology import GROUPS
from mrv.contract.parameters import ParameterSet
from mrv.contract.plugins import PluginRegistry
from mrv.engine import deductions
from mrv.engine.calculation import applicability, calculate, estimate_reason
from mrv.engine.figures import (
    _by_stratum,
    _Converter,
    _period_figures,
    _quantity,
    _screening,
    _settled,
    _undeclared_rule,
)
from mrv.engine.loading import LoadedProject, load_project, mrv_version
from mrv.engine.propagation import monte_carlo, monte_carlo_run
from mrv.engine.provenance import sha256_hex
from mrv.engine.results import OPTIONAL_RESULT_FIELDS, RESULT_FIELDS, results_body
from mrv.model.base import SCHEMA_VERSION
from mrv.model.project import MonitoringPeriod
from mrv.model.report import (
    FIGURES,
    Deductions,
    MethodologyInfo,
    PeriodResult,
    Report,
    ScreeningFigure,
    Totals,
)

__all__ = [
    "OPTIONAL_RESULT_FIELDS",
    "RESULT_FIELDS",
    "LoadedProject",
    "compute",
    "load_project",
    "mrv_version",
    "results_body",
]

CO2E = units.REPORT_UNIT


def _period_results(
    periods: Sequence[MonitoringPeriod],
    figures: dict[str, dict[str, Traced]],
    uncertain_terms: dict[str, tuple[str, ...]],
    trace: Trace,
    screening: Mapping[str, tuple[ScreeningFigure, ...]],
    strata: Mapping[str, Mapping[str, Decimal]],
) -> list[PeriodResult]:
    """Settle each period's figures and carry the account across periods of the same kind."""
    results: dict[str, PeriodResult] = {}
    for kind in ("ex-post", "ex-ante"):
        chosen = [period for period in periods if period.kind == kind]
        settled = [_settled(figures[period.id]) for period in chosen]
        entries = deductions.ledger(
            [
                (s["net_benefit"], s["uncertainty_deduction"], s["buffer_contribution"])
                for s in settled
            ]
        )
        before: dict[str, str] = {}
        for period, values, entry in zip(chosen, settled, entries, strict=True):
            with trace.scope(period.id):
                before = _ledger_entries(trace, figures[period.id], entry, before)
                trace.record(
                    "issuable_credits",
                    "credits ledger: floor(cumulative net - deductions) - credits issued before (mrv convention, docs/index.md#deductions-and-issuance)",
                    float(entry.issuable_credits),
                    CO2E,
                    inputs=[
                        ("cumulative_eligible", before["cumulative_eligible"]),
                        ("credits_issued_before", before["credits_issued_before"]),
                    ],
                )
                before["issuable_credits"] = trace.entries[-1]["id"]
            results[period.id] = PeriodResult(
                id=period.id,
                start=period.start,
                end=period.end,
                kind=period.kind,
                issuable_credits=entry.issuable_credits,
                cumulative_net_benefit=_quantity(entry.cumulative_net_benefit),
                credits_issued_before=entry.credits_issued_before,
                reversal=_quantity(entry.reversal),
                buffer_cancellation=_quantity(entry.buffer_cancellation),
                uncertainty=_uncertainty_summary(figures[period.id], uncertain_terms[period.id]),
                screening=screening[period.id],
                strata={name: _quantity(value) for name, value in strata[period.id].items()},
                **{name: _quantity(values[name]) for name in FIGURES},
            )
    return [results[period.id] for period in periods]


def _once(findings: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Keep each finding once, in order: the same words from two periods say nothing more."""
    seen: set[str] = set()
    kept = []
    for finding in findings:
        key = json.dumps(finding, sort_keys=True)
        if key not in seen:
            seen.add(key)
            kept.append(finding)
    return kept


_LEDGER = "credits ledger (mrv convention, docs/index.md#deductions-and-issuance)"


def _ledger_entries(
    trace: Trace, figures: dict[str, Traced], entry: deductions.LedgerEntry, before: dict[str, str]
) -> dict[str, str]:
    """Record a period's place in the account, each citing the period before; return their ids.

    The cumulative eligible benefit and the credits issued before are explicit trace entries,
    so a verifier sees what a period's issuable credits rest on.
    """
    with trace.scope("ledger"):
        earlier = [("earlier", before["cumulative_eligible"])] if before else []
        eligible = trace.record(
            "cumulative_eligible",
            f"{_LEDGER}: the earlier periods' eligible benefit + net benefit - uncertainty deduction - buffer contribution",
            float(entry.cumulative_eligible),
            CO2E,
            inputs=[
                *earlier,
                *(
                    (name, figures[name].refs[0])
                    for name in ("net_benefit", "uncertainty_deduction", "buffer_contribution")
                ),
            ],
        )
        issued = trace.record(
            "credits_issued_before",
            f"{_LEDGER}: credits issued in the earlier periods of this kind",
            float(entry.credits_issued_before),
            CO2E,
            inputs=[
                ("issued", before[name])
                for name in ("credits_issued_before", "issuable_credits")
                if name in before
            ],
        )
        drawn = trace.record(
            "buffer_drawn",
            f"{_LEDGER}: buffer cancelled to cover a reversal of this period",
            float(entry.buffer_cancellation),
            CO2E,
            inputs=[("net_benefit", figures["net_benefit"].refs[0])],
        )
    return {
        "cumulative_eligible": eligible.refs[0],
        "credits_issued_before": issued.refs[0],
        "buffer_drawn": drawn.refs[0],
    }


def _uncertainty_summary(figures: dict[str, Traced], terms: tuple[str, ...]) -> dict[str, Any]:
    net = figures["net_benefit"].scalar(CO2E)
    u = figures["u_net"].scalar("1")
    return {
        "approach": "IPCC 2006 GL Vol. 1 Ch. 3 Approach 1 (Eq. 3.2), from the terms' sampling uncertainty",
        "half_width_percent": float(deductions.settle(100 * u)) if net != 0 else None,
        "terms": terms,
    }


def _totals(periods: Sequence[PeriodResult]) -> Totals:
    names = (*FIGURES, "reversal", "buffer_cancellation")
    figures = {
        name: _quantity(
            sum((Decimal(repr(getattr(period, name).value)) for period in periods), Decimal(0))
        )
        for name in names
    }
    return Totals(
        periods=tuple(period.id for period in periods),
        issuable_credits=sum(period.issuable_credits for period in periods),
        **figures,
    )


def compute(
    source: Path | str | Mapping[str, Any] | LoadedProject,
    *,
    registry: PluginRegistry | None = None,
    base_dir: Path | None = None,
    allow: Iterable[Path | str] = (),
) -> Report:
    """Compute the report of a project.

    Parameters
    ----------
    source : path, mapping or LoadedProject
        The project document (see :func:`load_project`).
    registry : PluginRegistry or None
        Installed plug-ins; discovered from entry points when None.
    base_dir : pathlib.Path or None
        Folder for table paths of a mapping ``source``.
    allow : iterable of paths
        Folders besides the project's own that its files may lie in (see :func:`load_project`).

    Returns
    -------
    Report
        Figures per period and in total [t CO2e], with trace, parameters and digests.

    Raises
    ------
    InputError
        Bad input, or a methodology that does not apply (CLI exit 2).
    PluginFailure
        The methodology's code failed (CLI exit 3).
    """
    loaded = (
        source
        if isinstance(source, LoadedProject)
        else load_project(source, registry=registry, base_dir=base_dir, allow=allow)
    )
    findings = applicability(loaded)
    blocking = [finding for finding in findings if finding.severity == "error"]
    if blocking:
        raise InputError(
            [
                Problem(
                    loaded.file,
                    finding.path or "inputs",
                    f"not applicable: {finding.message} ({finding.reference})",
                )
                for finding in blocking
            ]
        )
    parameters = ParameterSet(loaded.parameters)
    trace = Trace()
    outcomes = {outcome.period_id: outcome for outcome in calculate(loaded, parameters, trace)}
    convert = _Converter(loaded.document.project.gwp_set, trace, parameters, loaded.provider)
    rule = loaded.rule
    non_permanence = loaded.document.project.non_permanence
    figures = {}
    screening = {}
    strata: dict[str, dict[str, Decimal]] = {}
    for period in loaded.document.monitoring_periods:
        with trace.scope(period.id):
            try:
                figures[period.id] = _period_figures(
                    outcomes[period.id], trace, convert, rule, parameters, non_permanence
                )
                screening[period.id] = _screening(outcomes[period.id], trace, convert)
                strata[period.id] = _by_stratum(outcomes[period.id], trace, convert)
                finite = all(math.isfinite(float(v.magnitude)) for v in figures[period.id].values())
            except OverflowError:
                finite = False
        if not finite:
            raise InputError(
                [
                    Problem(
                        loaded.file,
                        "",
                        f"the figures of period {period.id} overflow (beyond 1.8e308 t CO2e): "
                        "the inputs hold values no site can have",
                    )
                ]
            )
    uncertain_terms = {
        period_id: tuple(
            f"{group}/{term.name}"
            for group in GROUPS
            for term in getattr(outcome, group)
            if term.uncertainty is not None
        )
        for period_id, outcome in outcomes.items()
    }
    distributions = monte_carlo(loaded) if loaded.document.uncertainty is not None else {}
    periods = tuple(
        period.model_copy(update={"monte_carlo": distributions.get(period.id)})
        for period in _period_results(
            loaded.document.monitoring_periods,
            figures,
            uncertain_terms,
            trace,
            screening,
            strata,
        )
    )
    ex_post = [period for period in periods if period.kind == "ex-post"]
    ex_ante = [period for period in periods if period.kind == "ex-ante"]
    inputs_digest = sha256_hex(
        {
            "document": loaded.document.model_dump(mode="json", exclude={"inputs"}),
            "inputs": loaded.inputs.model_dump(mode="json"),
            "tables": loaded.tables,
        }
    )
    parameters_digest = sha256_hex(
        {
            table_id: table.model_dump(mode="json")
            for table_id, table in sorted(loaded.parameters.items())
        }
    )
    body: dict[str, Any] = {
        "deductions": Deductions(
            uncertainty_rule=rule.id,
            uncertainty_rule_source=dict(rule.source or {}),
            non_permanence_risk_rating=float(non_permanence.risk_rating.m_as("dimensionless"))
            if non_permanence
            else None,
            non_permanence_tool=non_permanence.tool if non_permanence else "",
            non_permanence_inputs=dict(non_permanence.inputs) if non_permanence else {},
            resolution=str(deductions.RESOLUTION),
        ).model_dump(mode="json"),
        "estimate_reason": estimate_reason(loaded),
        "monte_carlo": monte_carlo_run(loaded),
        "applicability": [finding.model_dump(mode="json") for finding in findings],
        "findings": _once(
            [
                finding.model_dump(mode="json")
                for period in loaded.document.monitoring_periods
                for finding in outcomes[period.id].findings
            ]
            + _undeclared_rule(loaded)
        ),
        "periods": [period.model_dump(mode="json") for period in periods],
        "totals": _totals(ex_post).model_dump(mode="json"),
        "ex_ante_totals": _totals(ex_ante).model_dump(mode="json") if ex_ante else None,
        "parameters": {
            key: value.model_dump(mode="json") for key, value in sorted(parameters.used.items())
        },
        "trace": trace.entries,
    }
    methodology = loaded.methodology
    report = Report.model_validate(
        {
            "schema_version": SCHEMA_VERSION,
            "mrv_version": mrv_version(),
            "methodology": MethodologyInfo(
                id=methodology.id,
                version=methodology.version,
                profile=loaded.profile.name,
                title=methodology.title,
                standards=methodology.standards,
                distribution=loaded.origin.distribution,
                code_sha256=loaded.origin.code_sha256,
            ),
            "project_id": loaded.document.project.id,
            "gwp_set": loaded.document.project.gwp_set,
            "inputs_sha256": inputs_digest,
            "parameters_sha256": parameters_digest,
            "results_sha256": "",
            "tables": loaded.tables,
            "table_blocks": loaded.table_blocks,
            **body,
        }
    )
    return report.model_copy(update={"results_sha256": sha256_hex(results_body(report))})
