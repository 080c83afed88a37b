"""Uncertainty rules as records: how a methodology's term uncertainties become a deduction.

A rule is data the engine reads, not a branch in its code. Each :class:`UncertaintyRule` has an
id a methodology names (``Methodology.uncertainty_rule``), the document it follows, a folder
of parameter tables with their sources (AR-TOOL14's bands, VM0033's allowable uncertainty),
and a function that computes one period's deduction from the converted terms, recording each
step in the trace. The built-in rules live in :mod:`mrv.engine.rules`; a plug-in adds its own
through the ``mrv_uncertainty_rules`` hook. A profile overrides a rule's parameters like any
other table: a table of the same id in the profile's folder replaces the rows it names.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from mrv.contract.traced import Traced

if TYPE_CHECKING:
    from mrv.contract.methodology import Term
    from mrv.contract.parameters import ParameterSet
    from mrv.contract.trace import Trace

__all__ = ["CONSERVATIVE_DEFAULT", "RuleContext", "UncertaintyRule"]

#: The rule the engine applies to a methodology that declares none: the whole half-width
#: U x |estimate| of every uncertain term (no per-term rule deducts more), and the report says so.
CONSERVATIVE_DEFAULT = "vm0042"

_ID = re.compile(r"^[a-z][a-z0-9-]{1,63}$")


@dataclass(frozen=True)
class RuleContext:
    """What a rule receives for one period.

    Attributes
    ----------
    terms : mapping
        ``baseline``, ``project`` and ``leakage``: each a list of (term, its value in t CO2e).
    figures : mapping
        The period's traced figures so far [t CO2e]: ``baseline``, ``project``, ``leakage``,
        ``net_benefit``, ``removals``, ``reductions``.
    trace : Trace
        The active trace, scoped to the period; record every step.
    parameters : ParameterSet
        The merged tables of the calculation, the rule's own included.
    """

    terms: Mapping[str, Sequence[tuple[Term, Traced]]]
    figures: Mapping[str, Traced]
    trace: Trace
    parameters: ParameterSet


@dataclass(frozen=True)
class UncertaintyRule:
    """A rule that turns term uncertainties into a period's uncertainty deduction.

    Attributes
    ----------
    id : str
        What a methodology names in ``uncertainty_rule`` (``vm0033``).
    title : str
        The document and part it follows, cited in the trace (``Verra VM0033 v2.1 Eq 87-92``).
    deduct : callable
        ``deduct(context) -> Traced``: the period's deduction [t CO2e], zero or positive,
        recorded in the trace as ``uncertainty_deduction``.
    parameters : pathlib.Path or None
        Folder of the rule's parameter tables (each with its source), profile-overridable.
    source : mapping
        The rule's source as the report's deductions section shows it (document, paragraph).
    """

    id: str
    title: str
    deduct: Callable[[RuleContext], Traced]
    parameters: Path | None = None
    source: Mapping[str, str] | None = None

    def __post_init__(self) -> None:
        if not _ID.match(self.id):
            raise ValueError(
                f"uncertainty rule id {self.id!r} must be lower case letters, digits and hyphens"
            )
        if not callable(self.deduct):
            raise TypeError(f"uncertainty rule {self.id}: deduct must be callable")
