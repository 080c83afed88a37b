"""``compute(project) -> Report``: validate, check applicability, calculate, convert, sum, hash.

The one place where gases become CO2e is :class:`_Converter`, inside the project's GWP context
(and, for Monte Carlo iterations, :mod:`mrv.engine.propagation`). Loading lives in :mod:`mrv.engine.loading`,
calls into the methodology in :mod:`mrv.engine.calculation`.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping, Sequence
from decimal import Decimal
from pathlib import Path
from typing import Any

from mrv.common import units
from mrv.common.errors import InputError, PluginFailure, Problem
from mrv.contract.equations import Trace, Traced
from mrv.contract.guard import PluginFault, plugin_call
from mrv.contract.methodology import GROUPS, PeriodOutcome, Term
from mrv.contract.parameters import ParameterSet
from mrv.contract.plugins import BUILT_IN_RULE_IDS, PluginRegistry
from mrv.contract.rules import CONSERVATIVE_DEFAULT, RuleContext, UncertaintyRule
from mrv.engine import deductions, uncertainty
from mrv.engine.calculation import applicability, calculate, estimate_reason
from mrv.engine.loading import LoadedProject, load_project, mrv_version
from mrv.engine.propagation import monte_carlo, monte_carlo_run
from mrv.engine.provenance import sha256_hex
from mrv.model.base import SCHEMA_VERSION
from mrv.model.project import MonitoringPeriod, NonPermanence
from mrv.model.report import (
    FIGURES,
    Deductions,
    Finding,
    MethodologyInfo,
    ParameterUse,
    PeriodResult,
    Report,
    ScreeningFigure,
    Totals,
)
from mrv.model.source import Source

__all__ = [
    "RESULT_FIELDS",
    "LoadedProject",
    "compute",
    "load_project",
    "mrv_version",
    "results_body",
]

CO2E = units.REPORT_UNIT
_SPECIES_BY_DIMENSION = {
    "[methane]": "CH4",
    "[biogenic_methane]": "CH4_biogenic",
    "[nitrous_oxide]": "N2O",
}
_SIGN_CONVENTION = (
    "mrv sign convention: net benefit = baseline - project - leakage (docs/index.md#the-report)"
)


class _Converter:
    """Converts terms to t CO2e in one GWP context and records each GWP used."""

    def __init__(self, gwp_set: str, trace: Trace, parameters: ParameterSet, provider: str) -> None:
        self.gwp_set = gwp_set
        self.trace = trace
        self.parameters = parameters
        self.provider = provider
        self.ureg = units.get_registry()

    def factor(self, unit: str) -> float:
        """Return the t CO2e of one unit of a term's unit in this GWP context (no trace entry)."""
        quantity = self.ureg.Quantity(1.0, units.parse_unit(unit))
        target = units.parse_unit(CO2E)
        if "[carbon]" in quantity.dimensionality:
            return float(quantity.m_as(target))
        return float(quantity.to(target, self.gwp_set).magnitude)

    def __call__(self, term: Term) -> Traced:
        value = term.value
        if not isinstance(value.magnitude, float):
            raise PluginFailure(
                self.provider, f"term {term.name!r} must be a scalar; found an array"
            )
        if not math.isfinite(value.magnitude):
            raise PluginFailure(
                self.provider, f"term {term.name!r} is {value.magnitude}; expected a finite number"
            )
        unit = units.parse_unit(value.unit)
        dimensions = dict(unit.dimensionality)
        if dimensions.pop("[mass]", None) != 1 or len(dimensions) != 1:
            raise PluginFailure(
                self.provider,
                f"term {term.name!r} is in {value.unit!r}; expected a mass of a gas or of carbon",
            )
        (species_dimension,) = dimensions
        inputs = [("value", ref) for ref in value.refs]
        if species_dimension == "[carbon]":
            if value.unit == CO2E:
                return value
            converted = float(
                self.ureg.Quantity(value.magnitude, unit).m_as(units.parse_unit(CO2E))
            )
            equation = "conversion of a carbon species to CO2e (molecular-weight ratio from the unit registry)"
            return self.trace.record(f"{term.name}_co2e", equation, converted, CO2E, inputs=inputs)
        species = _SPECIES_BY_DIMENSION.get(species_dimension)
        if species is None:
            raise PluginFailure(
                self.provider,
                f"term {term.name!r} has species {species_dimension}, which has no GWP",
            )
        with self.ureg.context(self.gwp_set):
            converted = float(
                self.ureg.Quantity(value.magnitude, unit).m_as(units.parse_unit(CO2E))
            )
        return self.trace.record(
            f"{term.name}_co2e",
            f"GWP-100 conversion to CO2e ({self.gwp_set})",
            converted,
            CO2E,
            inputs=inputs,
            parameters=[self._record_gwp(species)],
        )

    def _record_gwp(self, species: str) -> str:
        gwp = units.gwp_value(self.gwp_set, species)
        reference = f"gwp[gwp_set={self.gwp_set},species={species}]"
        self.parameters.used.setdefault(
            reference,
            ParameterUse(
                table="gwp",
                key={"gwp_set": self.gwp_set, "species": species},
                value=gwp.value,
                unit=f"t CO2e / t {species}",
                source=Source(**gwp.source),
            ),
        )
        return reference


def _net(parts: Mapping[str, float]) -> float:
    """Apply the sign convention: baseline - project - leakage [t CO2e]."""
    return parts["baseline"] - parts["project"] - parts["leakage"]


def _period_figures(
    outcome: PeriodOutcome,
    trace: Trace,
    convert: _Converter,
    rule: UncertaintyRule,
    parameters: ParameterSet,
    non_permanence: NonPermanence | None,
) -> dict[str, Traced]:
    """Convert a period's terms and record every reported figure in the trace [t CO2e]."""
    converted: dict[str, list[tuple[Term, Traced]]] = {}
    for group in GROUPS:
        with trace.scope(group):
            converted[group] = [(term, convert(term)) for term in getattr(outcome, group)]
    figures: dict[str, Traced] = {}
    for group, pairs in converted.items():
        figures[group] = trace.record(
            group,
            f"{_SIGN_CONVENTION}: {group} = sum of its terms",
            math.fsum(value.scalar(CO2E) for _, value in pairs),
            CO2E,
            inputs=[(term.name, ref) for term, value in pairs for ref in value.refs],
        )
    cited = f"{outcome.net_equation}; " if outcome.net_equation else ""
    figures["net_benefit"] = trace.record(
        "net_benefit",
        f"{cited}{_SIGN_CONVENTION}: net_benefit = baseline - project - leakage",
        _net({group: figures[group].scalar(CO2E) for group in GROUPS}),
        CO2E,
        inputs=[(group, figures[group].refs[0]) for group in GROUPS],
    )
    for kind, name in (("stock_change", "removals"), ("emission", "reductions")):
        chosen = {
            group: [pair for pair in pairs if pair[0].kind == kind]
            for group, pairs in converted.items()
        }
        figures[name] = trace.record(
            name,
            f"{_SIGN_CONVENTION}: {name} = baseline - project - leakage over {kind.replace('_', ' ')} terms",
            _net(
                {
                    group: math.fsum(value.scalar(CO2E) for _, value in pairs)
                    for group, pairs in chosen.items()
                }
            ),
            CO2E,
            inputs=[
                (term.name, ref)
                for pairs in chosen.values()
                for term, value in pairs
                for ref in value.refs
            ],
        )
    figures["uncertainty_deduction"] = _deduction(
        rule, RuleContext(converted, dict(figures), trace, parameters)
    )
    figures["u_net"] = _net_uncertainty(converted, figures["net_benefit"], trace)
    figures["buffer_contribution"] = _buffer(figures, trace, non_permanence)
    return figures


def _deduction(rule: UncertaintyRule, context: RuleContext) -> Traced:
    """Apply the rule; a plug-in's rule runs guarded and must return a traced t CO2e figure."""
    if rule.id in BUILT_IN_RULE_IDS:
        return rule.deduct(context)
    name = f"uncertainty rule {rule.id!r}"
    try:
        value = plugin_call(lambda: rule.deduct(context), f"{name} deduct")
    except PluginFault as fault:
        raise PluginFailure(name, str(fault)) from fault
    if not isinstance(value, Traced) or not units.parse_unit(value.unit).dimensionality == (
        units.parse_unit(CO2E).dimensionality
    ):
        raise PluginFailure(name, f"deduct returned {value!r}, not a traced mass of CO2e")
    return value


def _undeclared_rule(loaded: LoadedProject) -> list[dict[str, Any]]:
    """Say so when the methodology names no uncertainty rule and the conservative one applies."""
    if loaded.methodology.uncertainty_rule is not None:
        return []
    finding = Finding(
        severity="warning",
        code="uncertainty-rule-not-declared",
        message=f"{loaded.methodology.id} declares no uncertainty rule: the engine deducts the "
        f"whole half-width U x |estimate| of every uncertain term ({CONSERVATIVE_DEFAULT}), "
        "the most any per-term rule deducts",
        reference="mrv convention: docs/index.md#deductions-and-issuance",
    )
    return [finding.model_dump(mode="json")]


def _net_uncertainty(
    converted: dict[str, list[tuple[Term, Traced]]], net: Traced, trace: Trace
) -> Traced:
    """Relative uncertainty of the net benefit from its uncertain terms, IPCC Approach 1."""
    pairs = [
        (term, value)
        for group in converted.values()
        for term, value in group
        if term.uncertainty is not None
    ]
    result = uncertainty.sum_uncertainty(
        [value.scalar(CO2E) for _, value in pairs]
        + [net.scalar(CO2E) - math.fsum(value.scalar(CO2E) for _, value in pairs)],
        [term.uncertainty.scalar("1") for term, _ in pairs if term.uncertainty is not None] + [0.0],
    )
    return trace.record(
        "u_net",
        "IPCC 2006 GL Vol. 1 Ch. 3 Eq. 3.2 (Approach 1): U of the net benefit from its uncertain terms, others taken as exact",
        result if math.isfinite(result) else 0.0,
        "1",
        inputs=[(term.name, ref) for term, value in pairs for ref in value.refs],
    )


def _buffer(
    figures: dict[str, Traced], trace: Trace, non_permanence: NonPermanence | None
) -> Traced:
    """Buffer contribution: the risk rating times the removals net of the uncertainty deduction."""
    if non_permanence is None:
        return trace.record(
            "buffer_contribution",
            "none: the project declares no non-permanence risk rating",
            0.0,
            CO2E,
        )
    rating = float(non_permanence.risk_rating.m_as("dimensionless"))
    base = max(
        figures["removals"].scalar(CO2E) - figures["uncertainty_deduction"].scalar(CO2E), 0.0
    )
    return trace.record(
        "buffer_contribution",
        f"non-permanence buffer: risk rating {rating:g} x max(0, removals - uncertainty deduction) ({non_permanence.tool}); reductions carry none",
        rating * base,
        CO2E,
        inputs=[
            ("removals", figures["removals"].refs[0]),
            ("uncertainty_deduction", figures["uncertainty_deduction"].refs[0]),
        ],
    )


def _settled(figures: dict[str, Traced]) -> dict[str, Decimal]:
    upward = {"uncertainty_deduction", "buffer_contribution"}
    return {
        name: (deductions.settle_deduction if name in upward else deductions.settle)(
            figures[name].scalar(CO2E)
        )
        for name in FIGURES
    }


def _quantity(value: Decimal) -> dict[str, Any]:
    return {"value": float(value), "unit": CO2E}


def _by_stratum(outcome: PeriodOutcome, trace: Trace, convert: _Converter) -> dict[str, Decimal]:
    """Each stratum's share of the net benefit from the terms split by stratum [t CO2e]."""
    shares: dict[str, float] = {}
    refs: dict[str, list[tuple[str, str]]] = {}
    for group in GROUPS:
        sign = 1.0 if group == "baseline" else -1.0
        for term in getattr(outcome, group):
            if not term.by_stratum:
                continue
            total = term.value.scalar(term.value.unit)
            parts = math.fsum(term.by_stratum.values())
            if not math.isclose(parts, total, rel_tol=1e-9, abs_tol=1e-9):
                raise PluginFailure(
                    convert.provider,
                    f"term {term.name!r}: its parts by stratum add up to {parts}, not its value {total}",
                )
            factor = convert.factor(term.value.unit)
            for stratum, part in term.by_stratum.items():
                shares[stratum] = shares.get(stratum, 0.0) + sign * part * factor
                refs.setdefault(stratum, []).extend(
                    (f"{group}/{term.name}", r) for r in term.value.refs
                )
    settled = {}
    with trace.scope("strata"):
        for stratum in sorted(shares):
            entry = trace.record(
                stratum,
                f"{_SIGN_CONVENTION}: the stratum's parts of the terms split by stratum, baseline - project - leakage",
                shares[stratum],
                CO2E,
                inputs=refs[stratum],
            )
            settled[stratum] = deductions.settle(entry.scalar(CO2E))
    return settled


def _screening(
    outcome: PeriodOutcome, trace: Trace, convert: _Converter
) -> tuple[ScreeningFigure, ...]:
    """Convert and trace the screening-only terms of a period; they enter no reported figure."""
    found = []
    with trace.scope("screening"):
        for term in outcome.screening:
            value = convert(term)
            benefit = trace.record(
                term.name,
                "screening only: benefit = -(net emission of the term); not in any reported figure",
                -value.scalar(CO2E),
                CO2E,
                inputs=[("value", ref) for ref in value.refs],
            )
            found.append(
                ScreeningFigure(
                    name=term.name,
                    net_benefit=_quantity(deductions.settle(benefit.scalar(CO2E))),
                    reason=outcome.screening_reason
                    if isinstance(outcome.screening_reason, str)
                    else outcome.screening_reason.get(term.name, ""),
                )
            )
    return tuple(found)


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
        for period, values, entry in zip(chosen, settled, entries, strict=True):
            with trace.scope(period.id):
                trace.record(
                    "issuable_credits",
                    "credits ledger: floor(cumulative net - deductions) - credits issued before (mrv convention, docs/index.md#deductions-and-issuance)",
                    float(entry.issuable_credits),
                    CO2E,
                    inputs=[
                        (name, figures[period.id][name].refs[0])
                        for name in ("net_benefit", "uncertainty_deduction", "buffer_contribution")
                    ],
                )
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
        {table_id: table.digest_body() for table_id, table in sorted(loaded.parameters.items())}
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
        "findings": [
            finding.model_dump(mode="json")
            for period in loaded.document.monitoring_periods
            for finding in outcomes[period.id].findings
        ]
        + _undeclared_rule(loaded),
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
            **body,
        }
    )
    return report.model_copy(update={"results_sha256": sha256_hex(results_body(report))})


#: Report fields covered by ``results_sha256``: everything computed, nothing descriptive.
RESULT_FIELDS = (
    "deductions",
    "estimate_reason",
    "monte_carlo",
    "applicability",
    "findings",
    "periods",
    "totals",
    "ex_ante_totals",
    "parameters",
    "trace",
)


#: Fields added after 1.2.0 that the digest covers only when set, so earlier reports keep theirs.
OPTIONAL_RESULT_FIELDS = ("estimate_reason",)


def results_body(report: Report | Mapping[str, Any]) -> dict[str, Any]:
    """Return the part of a report that ``results_sha256`` covers, as JSON data.

    ``report`` is a report or its JSON data (``model_dump(mode="json")``), which is not changed.
    """
    dumped = report.model_dump(mode="json") if isinstance(report, Report) else report
    body = {
        name: dumped[name]
        for name in RESULT_FIELDS
        if name not in OPTIONAL_RESULT_FIELDS or dumped.get(name)
    }
    body["periods"] = [  # strata added in 1.4.0: covered only when a methodology fills it
        period if period.get("strata") else {k: v for k, v in period.items() if k != "strata"}
        for period in dumped["periods"]
    ]
    body["trace"] = [  # input values added in 1.5.0: covered only when written
        entry
        if not any("value" in item and item["value"] is None for item in entry["inputs"])
        else {
            **entry,
            "inputs": [
                {k: v for k, v in item.items() if k != "value" or v is not None}
                for item in entry["inputs"]
            ],
        }
        for entry in dumped["trace"]
    ]
    return body
