"""``compute(project) -> Report``: validate, check applicability, calculate, convert, sum, hash.

The one place where gases become CO2e is :func:`_to_co2e`, inside the project's GWP context.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path
from typing import Any

import numpy as np
import numpy.typing as npt
from pydantic import BaseModel, ValidationError

from mrv import deductions, uncertainty, units
from mrv.equations import Trace, Traced
from mrv.errors import InputError, PluginFailure, Problem, problems_from_validation
from mrv.io.documents import load_document
from mrv.methodology import CalculationContext, Methodology, ParameterProfile, PeriodOutcome, Term
from mrv.model.base import SCHEMA_VERSION
from mrv.model.project import MonitoringPeriod, NonPermanence, ProjectDocument
from mrv.model.report import (
    FIGURES,
    Deductions,
    Finding,
    MethodologyInfo,
    MonteCarloResult,
    MonteCarloRun,
    ParameterUse,
    PeriodResult,
    Report,
    Totals,
)
from mrv.model.source import Source
from mrv.parameters import ParameterSet, ParameterTable, load_parameter_folder, merge_tables
from mrv.plugins import DEFAULT_PROFILE, PluginRegistry, load_plugins
from mrv.provenance import sha256_hex
from mrv.table import iter_tables

__all__ = [
    "RESULT_FIELDS",
    "LoadedProject",
    "compute",
    "load_project",
    "mrv_version",
    "results_body",
]

CO2E = "t CO2e"
_SPECIES_BY_DIMENSION = {
    "[methane]": "CH4",
    "[biogenic_methane]": "CH4_biogenic",
    "[nitrous_oxide]": "N2O",
}
_SIGN_CONVENTION = "mrv sign convention (DESIGN principle 4)"
_GROUPS = ("baseline", "project", "leakage")


def mrv_version() -> str:
    """Return the installed mrv version."""
    from importlib.metadata import PackageNotFoundError, version  # noqa: PLC0415

    try:
        return version("mrv")
    except PackageNotFoundError:  # pragma: no cover - running from a source tree
        return "0+unknown"


@dataclass(frozen=True)
class LoadedProject:
    """A validated project document with its methodology, inputs and parameters."""

    file: str
    base_dir: Path
    document: ProjectDocument
    methodology: Methodology
    provider: str
    profile: ParameterProfile
    inputs: BaseModel
    tables: dict[str, str]
    parameters: dict[str, ParameterTable]


def _default_registry() -> PluginRegistry:
    return load_plugins()


def _check_version(methodology: Methodology, requested: str, file: str) -> None:
    wanted = tuple(int(part) for part in requested.split("."))
    have = tuple(int(part) for part in methodology.version.split("."))
    if wanted[0] != have[0] or have < wanted:
        raise InputError(
            [
                Problem(
                    file,
                    "project.methodology.version",
                    f"the document needs {methodology.id} {requested}; installed is {methodology.version} "
                    "(same major version, not older, required)",
                )
            ]
        )


def load_parameters(
    methodology: Methodology, profile: ParameterProfile
) -> dict[str, ParameterTable]:
    """Load the default tables of a methodology and layer a profile over them."""
    tables = load_parameter_folder(methodology.parameters) if methodology.parameters else {}
    if profile.path is not None:
        tables = merge_tables(tables, load_parameter_folder(profile.path))
    return tables


def load_project(
    source: Path | str | Mapping[str, Any],
    *,
    registry: PluginRegistry | None = None,
    base_dir: Path | None = None,
) -> LoadedProject:
    """Read and validate a project document and its tables, without computing.

    Parameters
    ----------
    source : path or mapping
        A YAML/JSON file, or the parsed document (tables then resolve against ``base_dir``).
    registry : PluginRegistry or None
        Installed plug-ins; discovered from entry points when None.
    base_dir : pathlib.Path or None
        Folder that table paths are relative to, for a mapping ``source``.

    Raises
    ------
    InputError
        With every problem found, each naming file and field path.
    """
    if isinstance(source, Mapping):
        raw: Any = dict(source)
        file = "<document>"
        folder = base_dir or Path()
    else:
        path = Path(source)
        raw = load_document(path)
        file = str(path)
        folder = path.parent
    if not isinstance(raw, dict):
        raise InputError(
            [
                Problem(
                    file,
                    "",
                    f"expected a mapping at the top of the document; found {type(raw).__name__}",
                )
            ]
        )
    try:
        document = ProjectDocument.model_validate(raw)
    except ValidationError as error:
        raise InputError(problems_from_validation(error.errors(), file)) from None
    registry = registry or _default_registry()
    reference = document.project.methodology
    try:
        methodology = registry.get(reference.id)
    except KeyError as error:
        raise InputError([Problem(file, "project.methodology.id", str(error.args[0]))]) from None
    _check_version(methodology, reference.version, file)
    profiles = registry.profiles(methodology)
    profile_name = reference.profile or DEFAULT_PROFILE
    if profile_name not in profiles:
        raise InputError(
            [
                Problem(
                    file,
                    "project.methodology.profile",
                    f"unknown profile {profile_name!r}; {methodology.id} offers: {', '.join(sorted(profiles))}",
                )
            ]
        )
    try:
        inputs = methodology.inputs.model_validate(
            document.inputs, context={"base_dir": folder, "document": document}
        )
    except ValidationError as error:
        raise InputError(problems_from_validation(error.errors(), file, ("inputs",))) from None
    measurement_ids = {measurement.id for measurement in document.measurements}
    tables = list(iter_tables(inputs))
    unknown = [
        Problem(
            file,
            "inputs",
            f"table {table.reference!r} cites unknown measurement {table.measurement!r}",
        )
        for table in tables
        if table.measurement is not None and table.measurement not in measurement_ids
    ]
    if unknown:
        raise InputError(unknown)
    return LoadedProject(
        file=file,
        base_dir=folder,
        document=document,
        methodology=methodology,
        provider=registry.providers[methodology.id],
        profile=profiles[profile_name],
        inputs=inputs,
        tables=dict(sorted((table.reference, table.sha256) for table in tables)),
        parameters=load_parameters(methodology, profiles[profile_name]),
    )


def _applicability(loaded: LoadedProject) -> tuple[Finding, ...]:
    check = loaded.methodology.applicability
    if check is None:
        return ()
    try:
        findings = tuple(check(loaded.document, loaded.inputs))
    except Exception as error:
        raise PluginFailure(
            loaded.provider, f"applicability check raised {type(error).__name__}: {error}"
        ) from error
    for finding in findings:
        if not isinstance(finding, Finding):
            raise PluginFailure(
                loaded.provider,
                f"applicability check yielded {type(finding).__name__}, not Finding",
            )
    return findings


class _Converter:
    """Converts terms to t CO2e in one GWP context and records each GWP used."""

    def __init__(self, gwp_set: str, trace: Trace, parameters: ParameterSet, provider: str) -> None:
        self.gwp_set = gwp_set
        self.trace = trace
        self.parameters = parameters
        self.provider = provider
        self.ureg = units.get_registry()

    def __call__(self, term: Term) -> Traced:
        value = term.value
        if not isinstance(value.magnitude, float):
            raise PluginFailure(
                self.provider, f"term {term.name!r} must be a scalar; found an array"
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
    rule: str,
    non_permanence: NonPermanence | None,
) -> dict[str, Traced]:
    """Convert a period's terms and record every reported figure in the trace [t CO2e]."""
    converted: dict[str, list[tuple[Term, Traced]]] = {}
    for group in _GROUPS:
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
        _net({group: figures[group].scalar(CO2E) for group in _GROUPS}),
        CO2E,
        inputs=[(group, figures[group].refs[0]) for group in _GROUPS],
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
    figures["uncertainty_deduction"] = _uncertainty_deduction(converted, trace, rule)
    figures["u_net"] = _net_uncertainty(converted, figures["net_benefit"], trace)
    figures["buffer_contribution"] = _buffer(figures, trace, non_permanence)
    return figures


def _uncertainty_deduction(
    converted: dict[str, list[tuple[Term, Traced]]], trace: Trace, rule: str
) -> Traced:
    """Deduct for each uncertain term by the methodology's rule; each step is traced."""
    steps: list[Traced] = []
    with trace.scope("deductions"):
        for group, pairs in converted.items():
            for term, value in pairs:
                if term.uncertainty is None:
                    continue
                u = term.uncertainty.scalar("1")
                share = deductions.discount_share(rule, u)
                side = (
                    "raises the baseline estimate" if group == "baseline" else "lowers the estimate"
                )
                steps.append(
                    trace.record(
                        f"{group}/{term.name}",
                        f"{_RULE_EQUATIONS[rule]}: share {share:g} x U {u:.6g} x |estimate|; {side}",
                        share * u * abs(value.scalar(CO2E)),
                        CO2E,
                        inputs=[("estimate", ref) for ref in value.refs]
                        + [("u", ref) for ref in term.uncertainty.refs],
                    )
                )
    if not steps:
        reason = (
            "none: no term carries an uncertainty"
            if rule != "none"
            else "none: the methodology applies no uncertainty deduction"
        )
        return trace.record("uncertainty_deduction", reason, 0.0, CO2E)
    return trace.record(
        "uncertainty_deduction",
        f"sum of the deductions under {rule} (mrv.deductions)",
        math.fsum(step.scalar(CO2E) for step in steps),
        CO2E,
        inputs=[(f"step{index}", step.refs[0]) for index, step in enumerate(steps)],
    )


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


_RULE_EQUATIONS = {
    "none": "no uncertainty deduction",
    "cdm-ar-tool14-appendix2": "CDM AR-TOOL14 v04.2 Appendix 2",
    "vm0042": "Verra VM0042 (1 - UNC) on the estimate",
}


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


def _period_results(
    periods: Sequence[MonitoringPeriod],
    figures: dict[str, dict[str, Traced]],
    uncertain_terms: dict[str, tuple[str, ...]],
    trace: Trace,
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
                    "mrv.deductions.ledger: floor(cumulative net - deductions) - credits issued before (DESIGN principle 6)",
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


def _gwp_factor(unit: str, gwp_set: str) -> float:
    """T CO2e per unit of a term, in the project's GWP context (1 for carbon species)."""
    ureg = units.get_registry()
    with ureg.context(gwp_set):
        return float(ureg.Quantity(1.0, units.parse_unit(unit)).m_as(units.parse_unit(CO2E)))


def _iterations(value: Traced, size: int, gwp_set: str) -> npt.NDArray[np.float64]:
    """Return a term's values for each iteration [t CO2e], shape (size,)."""
    array = np.asarray(value.magnitude, dtype=np.float64) * _gwp_factor(value.unit, gwp_set)
    if array.size == 1:
        return np.full(size, float(array.reshape(-1)[0]))
    if array.size != size:
        raise ValueError(
            f"a term under Monte Carlo must be one value per iteration; found shape {array.shape}"
        )
    return array.reshape(size)


def _monte_carlo(loaded: LoadedProject) -> dict[str, MonteCarloResult]:
    """Run the methodology over the iterations, chunk by chunk; summarise each period's net."""
    from mrv.montecarlo import Sampler, summarise  # noqa: PLC0415

    settings = loaded.document.uncertainty
    assert settings is not None  # noqa: S101 - called only when declared
    run = settings.monte_carlo
    gwp_set = loaded.document.project.gwp_set
    nets: dict[str, list[npt.NDArray[np.float64]]] = {
        period.id: [] for period in loaded.document.monitoring_periods
    }
    for start in range(0, run.iterations, run.chunk):
        sampler = Sampler(run.seed, start, min(start + run.chunk, run.iterations))
        parameters = ParameterSet(loaded.parameters, sampler if settings.parameters else None)
        trace = Trace(sampler=sampler, distributions=settings.distributions)
        outcomes = _calculate(loaded, parameters, trace)
        _check_distributions(loaded, trace)
        for outcome in outcomes:
            parts = {
                group: sum(
                    (
                        _iterations(term.value, sampler.size, gwp_set)
                        for term in getattr(outcome, group)
                    ),
                    np.zeros(sampler.size),
                )
                for group in _GROUPS
            }
            nets[outcome.period_id].append(parts["baseline"] - parts["project"] - parts["leakage"])
    results = {}
    for period_id, chunks in nets.items():
        summary = summarise(np.concatenate(chunks))
        results[period_id] = MonteCarloResult.model_validate(
            {
                key: None if value is None else float(deductions.settle(value))
                for key, value in summary.items()
            }
        )
    return results


def _check_distributions(loaded: LoadedProject, trace: Trace) -> None:
    """Refuse distributions declared for paths the methodology never traces (a typo does nothing)."""
    settings = loaded.document.uncertainty
    unknown = sorted(set(settings.distributions) - trace.inputs_seen) if settings else []
    if unknown:
        known = ", ".join(sorted(trace.inputs_seen)[:12])
        raise InputError(
            [
                Problem(
                    loaded.file,
                    f"uncertainty.distributions.{path}",
                    f"no input is traced under this path; traced inputs include: {known}",
                )
                for path in unknown
            ]
        )


def _monte_carlo_run(loaded: LoadedProject) -> dict[str, Any] | None:
    from mrv.montecarlo import BLOCK, Sampler  # noqa: PLC0415

    settings = loaded.document.uncertainty
    if settings is None:
        return None
    run = settings.monte_carlo
    return MonteCarloRun(
        iterations=run.iterations,
        seed=run.seed,
        generator=f"numpy {Sampler.generator} from SeedSequence({run.seed}), spawn key (variable, element, block)",
        chunk=run.chunk,
        block=BLOCK,
        inputs=tuple(sorted(settings.distributions)),
        parameters=settings.parameters,
    ).model_dump(mode="json")


def _calculate(
    loaded: LoadedProject, parameters: ParameterSet, trace: Trace
) -> list[PeriodOutcome]:
    context = CalculationContext(
        loaded.document, loaded.inputs, parameters, trace, loaded.profile.name
    )
    try:
        with trace.active():
            outcomes = list(loaded.methodology.calculate(context))
    except InputError:
        raise
    except Exception as error:
        raise PluginFailure(
            loaded.provider,
            f"{loaded.methodology.id} calculate raised {type(error).__name__}: {error}",
        ) from error
    for outcome in outcomes:
        if isinstance(outcome, PeriodOutcome) and not all(
            isinstance(finding, Finding) for finding in outcome.findings
        ):
            raise PluginFailure(loaded.provider, "PeriodOutcome.findings must hold Finding records")
    expected = [period.id for period in loaded.document.monitoring_periods]
    found = [outcome.period_id for outcome in outcomes if isinstance(outcome, PeriodOutcome)]
    if len(found) != len(outcomes) or sorted(found) != sorted(expected):
        raise PluginFailure(
            loaded.provider,
            f"calculate must return one PeriodOutcome per monitoring period {expected}; returned {found}",
        )
    return outcomes


def compute(
    source: Path | str | Mapping[str, Any] | LoadedProject,
    *,
    registry: PluginRegistry | None = None,
    base_dir: Path | None = None,
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
        else load_project(source, registry=registry, base_dir=base_dir)
    )
    findings = _applicability(loaded)
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
    outcomes = {outcome.period_id: outcome for outcome in _calculate(loaded, parameters, trace)}
    convert = _Converter(loaded.document.project.gwp_set, trace, parameters, loaded.provider)
    rule = loaded.methodology.uncertainty_rule
    non_permanence = loaded.document.project.non_permanence
    figures = {}
    for period in loaded.document.monitoring_periods:
        with trace.scope(period.id):
            figures[period.id] = _period_figures(
                outcomes[period.id], trace, convert, rule, non_permanence
            )
    uncertain_terms = {
        period_id: tuple(
            f"{group}/{term.name}"
            for group in _GROUPS
            for term in getattr(outcome, group)
            if term.uncertainty is not None
        )
        for period_id, outcome in outcomes.items()
    }
    monte_carlo = _monte_carlo(loaded) if loaded.document.uncertainty is not None else {}
    periods = tuple(
        period.model_copy(update={"monte_carlo": monte_carlo.get(period.id)})
        for period in _period_results(
            loaded.document.monitoring_periods, figures, uncertain_terms, trace
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
            uncertainty_rule=rule,
            uncertainty_rule_source=deductions.discount_source()
            if rule == "cdm-ar-tool14-appendix2"
            else {},
            non_permanence_risk_rating=float(non_permanence.risk_rating.m_as("dimensionless"))
            if non_permanence
            else None,
            non_permanence_tool=non_permanence.tool if non_permanence else "",
            non_permanence_inputs=dict(non_permanence.inputs) if non_permanence else {},
            resolution=str(deductions.RESOLUTION),
        ).model_dump(mode="json"),
        "monte_carlo": _monte_carlo_run(loaded),
        "applicability": [finding.model_dump(mode="json") for finding in findings],
        "findings": [
            finding.model_dump(mode="json")
            for period in loaded.document.monitoring_periods
            for finding in outcomes[period.id].findings
        ],
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
    "monte_carlo",
    "applicability",
    "findings",
    "periods",
    "totals",
    "ex_ante_totals",
    "parameters",
    "trace",
)


def results_body(report: Report) -> dict[str, Any]:
    """Return the part of a report that ``results_sha256`` covers, as JSON data."""
    dumped = report.model_dump(mode="json")
    return {name: dumped[name] for name in RESULT_FIELDS}
