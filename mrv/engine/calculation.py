"""Call a methodology's own code (applicability, calculate) and hold it to its contract."""

from __future__ import annotations

from dataclasses import replace

from mrv.common.errors import InputError, PluginFailure, Problem
from mrv.contract.equations import Trace
from mrv.contract.methodology import CalculationContext, PeriodOutcome
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
        findings = template + tuple(check(loaded.document, loaded.inputs))
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
        reason = basis(loaded.document, loaded.inputs)
    except Exception as error:
        raise PluginFailure(
            loaded.provider, f"crediting_basis raised {type(error).__name__}: {error}"
        ) from error
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
            outcomes = list(loaded.methodology.calculate(context))
    except InputError as error:
        # A methodology that finds bad input while computing may leave the file to the engine.
        raise InputError(
            problem if problem.file else replace(problem, file=loaded.file)
            for problem in error.problems
        ) from None
    except OverflowError as error:
        # Python's float arithmetic raises where numpy's gives inf: absurd magnitudes in the input.
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
