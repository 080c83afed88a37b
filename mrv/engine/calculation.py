"""Call a methodology's own code (applicability, calculate) and hold it to its contract."""

from __future__ import annotations

from dataclasses import replace
from typing import Any

from mrv.common import units
from mrv.common.errors import InputError, PluginFailure, Problem
from mrv.contract.equations import Trace, Traced
from mrv.contract.guard import PluginFault, plugin_call
from mrv.contract.methodology import CalculationContext, PeriodOutcome, Term
from mrv.contract.parameters import ParameterSet
from mrv.engine.loading import LoadedProject
from mrv.model.report import Finding

__all__ = ["TEMPLATE_PREFIX", "applicability", "calculate", "estimate_reason"]

TEMPLATE_PREFIX = "TEMPLATE-"
"""A project id starting with this is an unchanged starter from ``mrv template``: its values
are the example's, not the user's, so its figures are an estimate and it issues no credits (mrv convention,
docs/getting-started.md#your-own-project)."""
_TEMPLATE_REFERENCE = "mrv convention, docs/getting-started.md#your-own-project"


def _is_template(loaded: LoadedProject) -> bool:
    return loaded.document.project.id.startswith(TEMPLATE_PREFIX)


def applicability(loaded: LoadedProject) -> tuple[Finding, ...]:
    """Run the methodology's applicability checks; a raising or ill-typed check is its fault."""
    template = (
        (
            Finding(
                code="unchanged-template",
                severity="warning",
                message=f"the project id starts with {TEMPLATE_PREFIX}: this is an unchanged template whose values are the example's; its figures are an estimate, not credits, until you replace them and the id",
                reference=_TEMPLATE_REFERENCE,
                path="project.id",
            ),
        )
        if _is_template(loaded)
        else ()
    )
    check = loaded.methodology.applicability
    if check is None:
        return template
    try:
        findings = template + plugin_call(
            lambda: tuple(check(loaded.document, loaded.inputs)), "applicability check"
        )
    except PluginFault as fault:
        raise PluginFailure(loaded.provider, str(fault)) from fault
    for finding in findings:
        if not isinstance(finding, Finding):
            raise PluginFailure(
                loaded.provider,
                f"applicability check yielded {type(finding).__name__}, not Finding",
            )
    return findings


def estimate_reason(loaded: LoadedProject) -> str:
    """Ask the methodology whether its figures are credits; return why not ("" when they are).

    An unchanged template (its id starting with :data:`TEMPLATE_PREFIX`) is never credits.
    """
    if _is_template(loaded):
        return f"an unchanged template (project id {loaded.document.project.id}): put in your own values and id"
    basis = loaded.methodology.crediting_basis
    if basis is None:
        return ""
    try:
        reason = plugin_call(lambda: basis(loaded.document, loaded.inputs), "crediting_basis")
    except PluginFault as fault:
        raise PluginFailure(loaded.provider, str(fault)) from fault
    if not isinstance(reason, str):
        raise PluginFailure(
            loaded.provider, f"crediting_basis returned {type(reason).__name__}, not str"
        )
    return reason


def calculate(loaded: LoadedProject, parameters: ParameterSet, trace: Trace) -> list[PeriodOutcome]:
    """Run the methodology's calculation: one PeriodOutcome per monitoring period, or its fault."""
    context = CalculationContext(
        loaded.document, loaded.inputs, parameters, trace, loaded.profile.name
    )
    try:
        with trace.active():
            outcomes = plugin_call(
                lambda: list(loaded.methodology.calculate(context)),
                f"{loaded.methodology.id} calculate",
            )
    except PluginFault as fault:
        error = fault.__cause__
        if isinstance(error, InputError):
            # A methodology that finds bad input while computing may leave the file to the engine.
            raise InputError(
                problem if problem.file else replace(problem, file=loaded.file)
                for problem in error.problems
            ) from None
        if isinstance(error, OverflowError):
            # Python's float arithmetic raises where numpy's gives inf: absurd magnitudes.
            raise InputError(
                [
                    Problem(
                        loaded.file,
                        "inputs",
                        f"the inputs hold magnitudes that overflow the calculation ({error}); "
                        "check for values no site has",
                    )
                ]
            ) from None
        raise PluginFailure(loaded.provider, str(fault)) from fault
    _check_outcomes(loaded, outcomes)
    return outcomes


def _check_outcomes(loaded: LoadedProject, outcomes: list[Any]) -> None:
    """Hold what ``calculate`` returned to the contract; a breach names the plug-in."""
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
    for outcome in outcomes:
        for group in ("baseline", "project", "leakage", "screening"):
            for term in getattr(outcome, group):
                problem = _term_problem(term)
                if problem:
                    raise PluginFailure(
                        loaded.provider, f"period {outcome.period_id}: {group} term {problem}"
                    )


def _term_problem(term: Any) -> str:
    """Say what is wrong with a term returned by a plug-in, or return ""."""
    if not isinstance(term, Term):
        return f"is a {type(term).__name__}, not mrv.Term"
    if not isinstance(term.value, Traced):
        return (
            f"{term.name!r}: value is {type(term.value).__name__}, not a traced value "
            "(an equation's result, trace.record, or arithmetic on traced values)"
        )
    try:
        units.parse_unit(term.value.unit)
    except (ValueError, TypeError, AttributeError) as error:
        return f"{term.name!r}: unit {term.value.unit!r} is not a unit ({error})"
    if term.kind not in ("stock_change", "emission"):
        return f"{term.name!r}: kind {term.kind!r} is not 'stock_change' or 'emission'"
    if term.uncertainty is not None and not isinstance(term.uncertainty, Traced):
        return f"{term.name!r}: uncertainty is {type(term.uncertainty).__name__}, not traced"
    return ""
