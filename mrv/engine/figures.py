"""A period's figures from its terms: conversion to t CO2e, the sign convention, deductions, the buffer, shares by stratum."""

from __future__ import annotations

import math
from collections.abc import Mapping
from decimal import Decimal
from typing import Any

from mrv.common import units
from mrv.common.errors import PluginFailure
from mrv.contract.equations import Trace, Traced
from mrv.contract.guard import PluginFault, plugin_call
from mrv.contract.methodology import GROUPS, PeriodOutcome, Term
from mrv.contract.parameters import ParameterSet
from mrv.contract.plugins import BUILT_IN_RULE_IDS
from mrv.contract.rules import CONSERVATIVE_DEFAULT, RuleContext, UncertaintyRule
from mrv.engine import deductions, uncertainty
from mrv.engine.loading import LoadedProject
from mrv.model.project import NonPermanence
from mrv.model.report import (
    FIGURES,
    Finding,
    ParameterUse,
    ScreeningFigure,
)
from mrv.model.source import Source

_SPECIES_BY_DIMENSION = {
    "[methane]": "CH4",
    "[biogenic_methane]": "CH4_biogenic",
    "[nitrous_oxide]": "N2O",
}

CO2E = units.REPORT_UNIT


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
