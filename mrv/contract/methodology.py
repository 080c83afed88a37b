"""Records a plug-in yields to register a methodology, and what its calculation returns."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any, Literal

from pydantic import BaseModel

from mrv.contract.equations import Trace, Traced
from mrv.model.project import ProjectDocument
from mrv.model.report import Finding

if TYPE_CHECKING:
    from mrv.contract.parameters import ParameterSet

__all__ = [
    "GROUPS",
    "CalculationContext",
    "Methodology",
    "ParameterProfile",
    "PeriodOutcome",
    "Term",
]

#: The three parts of a period's outcome, in the order of the sign convention
#: (net benefit = baseline - project - leakage).
GROUPS = ("baseline", "project", "leakage")
_ID = re.compile(r"^[a-z][a-z0-9-]{1,63}$")
_SEMVER = re.compile(r"^\d+\.\d+\.\d+$")


@dataclass(frozen=True)
class ParameterProfile:
    """A named set of parameter tables layered over a methodology's defaults.

    Attributes
    ----------
    methodology_id : str
        The methodology it applies to.
    name : str
        Profile name, as a project document's ``methodology.profile`` gives it.
    description : str
        What the profile is (e.g. "CCER-14-001-V01 values where that standard sets them").
    path : pathlib.Path or None
        Folder of override tables; None for a profile that uses the defaults alone.
    """

    methodology_id: str
    name: str
    description: str
    path: Path | None = None


@dataclass(frozen=True)
class Term:
    """One component of the baseline, project or leakage of a period.

    Attributes
    ----------
    name : str
        What it is (``trees``, ``burning_ch4``).
    value : Traced
        A scalar mass of a gas (``t CO2``, ``t CH4``, ``t N2O``) or of carbon, as a net emission:
        positive to the atmosphere, negative for a removal.
    kind : {"stock_change", "emission"}
        Stock changes count toward removals, emissions toward reductions.
    uncertainty : Traced or None
        Relative half-width U of the estimate [fraction], at the confidence the methodology's
        uncertainty rule uses; the core turns it into a deduction (:mod:`mrv.engine.deductions`).
    by_stratum : mapping or None
        The value split by stratum id, in the value's unit; the parts add up to the value. The
        report then gives each stratum's share of the net benefit (``periods[].strata``).
    """

    name: str
    value: Traced
    kind: Literal["stock_change", "emission"]
    uncertainty: Traced | None = None
    by_stratum: Mapping[str, float] | None = None


@dataclass(frozen=True)
class PeriodOutcome:
    """What a methodology computed for one monitoring period.

    ``net_equation`` names the methodology's own equation that ``baseline - project - leakage``
    evaluates (e.g. ``AR-ACM0003 v02.0 Eq 5``); the trace cites it next to the sign convention.
    ``findings`` are what the calculation itself noticed (a reversal, a pool set to zero); the
    report lists them under ``findings``. ``screening`` holds terms computed for screening only
    (an IPCC Tier 1 estimate where the standard does not allow it for credits), each as a net
    emission of the project against the baseline, with ``screening_reason``; the report lists
    them apart and no figure, deduction or credit includes them. ``screening_reason`` is one
    reason for all of them, or a mapping from each screening term's name to its own reason.
    """

    period_id: str
    baseline: tuple[Term, ...] = ()
    project: tuple[Term, ...] = ()
    leakage: tuple[Term, ...] = ()
    net_equation: str = ""
    findings: tuple[Finding, ...] = ()
    screening: tuple[Term, ...] = ()
    screening_reason: str | Mapping[str, str] = ""


@dataclass(frozen=True)
class CalculationContext:
    """Everything a methodology's ``calculate`` receives.

    Attributes
    ----------
    document : ProjectDocument
        The validated project document.
    inputs : pydantic.BaseModel
        The validated methodology inputs (an instance of ``Methodology.inputs``).
    parameters : ParameterSet
        Parameter tables of the chosen profile; every value taken is recorded.
    trace : Trace
        The active trace.
    profile : str
        Name of the parameter profile.
    """

    document: ProjectDocument
    inputs: Any
    parameters: ParameterSet
    trace: Trace
    profile: str


@dataclass(frozen=True)
class Methodology:
    """A methodology, as a plug-in registers it through ``mrv_methodologies``.

    Attributes
    ----------
    id : str
        Lower-case id with hyphens (``forest-reclamation``).
    version : str
        Semantic version ``MAJOR.MINOR.PATCH``; a report records it, and a document written for
        another major version is refused.
    title : str
        One-line title.
    standards : tuple of str
        Standards followed, with versions.
    inputs : type
        Pydantic model of the ``inputs`` section of a project document.
    calculate : callable
        ``calculate(context) -> Sequence[PeriodOutcome]``, one outcome per monitoring period.
    applicability : callable or None
        ``applicability(document, inputs) -> Iterable[Finding]``; a finding of severity
        ``error`` means the methodology does not apply, and nothing is computed.
    parameters : pathlib.Path or None
        Folder of default parameter tables.
    profiles : tuple of ParameterProfile
        Profiles the plug-in ships besides ``default``.
    template : pathlib.Path or None
        Folder copied by ``mrv template`` as a starter project.
    uncertainty_rule : str or None
        Id of the rule that turns term uncertainties into deductions: a built-in
        (``none``, ``cdm-ar-tool14-appendix2``, ``vm0042``, ``vm0033``; :mod:`mrv.engine.rules`)
        or one a plug-in registers (``mrv_uncertainty_rules``). A methodology that leaves it
        None gets the conservative default (the whole half-width of every uncertain term), and
        its reports say so; ``none`` must be chosen explicitly.
    description : str
        Scope in a paragraph.
    crediting_basis : callable or None
        ``crediting_basis(document, inputs) -> str``: empty when the figures are credits under
        the methodology, otherwise why they are only estimates (the setting lies outside the
        standard's scope and no programme covers it); the report records the reason and labels
        its figures as estimates.
    """

    id: str
    version: str
    title: str
    standards: tuple[str, ...]
    inputs: type[BaseModel]
    calculate: Callable[[CalculationContext], Sequence[PeriodOutcome]]
    applicability: Callable[[ProjectDocument, Any], Iterable[Finding]] | None = None
    parameters: Path | None = None
    profiles: tuple[ParameterProfile, ...] = ()
    template: Path | None = None
    uncertainty_rule: str | None = None
    description: str = ""
    extra: dict[str, Any] = field(default_factory=dict)
    crediting_basis: Callable[[ProjectDocument, Any], str] | None = None

    def __post_init__(self) -> None:
        if not _ID.match(self.id):
            raise ValueError(
                f"methodology id {self.id!r} must be lower case letters, digits and hyphens"
            )
        if not _SEMVER.match(self.version):
            raise ValueError(
                f"methodology {self.id}: version {self.version!r} is not MAJOR.MINOR.PATCH"
            )
        if not (isinstance(self.inputs, type) and issubclass(self.inputs, BaseModel)):
            raise TypeError(f"methodology {self.id}: inputs must be a pydantic model class")
        if not callable(self.calculate):
            raise TypeError(f"methodology {self.id}: calculate must be callable")
        if self.uncertainty_rule is not None and not _ID.match(self.uncertainty_rule):
            raise ValueError(
                f"methodology {self.id}: uncertainty_rule {self.uncertainty_rule!r} is not a rule id"
            )

    @property
    def major(self) -> int:
        """Major version number."""
        return int(self.version.split(".")[0])
