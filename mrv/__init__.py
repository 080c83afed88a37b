"""mrv: measurement, reporting and verification of carbon in the restoration of mined land.

The public API is small and loaded lazily, so ``import mrv`` stays cheap:

* :func:`compute` (project -> :class:`~mrv.model.Report`), :func:`load_project`;
* plug-in authoring: :data:`hookimpl`, :class:`Methodology`, :class:`ParameterProfile`,
  :class:`PeriodOutcome`, :class:`Term`, :class:`CalculationContext`, :func:`equation`,
  :data:`UNIT_RATIO`, :class:`Traced`;
* errors: :class:`InputError` (bad input), :class:`PluginFailure` (a plug-in's fault).
"""

from __future__ import annotations

from importlib import import_module
from typing import TYPE_CHECKING, Any

from mrv.hookspecs import hookimpl

if TYPE_CHECKING:
    __version__: str
    from mrv.engine import compute, load_project
    from mrv.equations import UNIT_RATIO, Traced, equation
    from mrv.errors import InputError, PluginFailure, Problem
    from mrv.methodology import (
        CalculationContext,
        Methodology,
        ParameterProfile,
        PeriodOutcome,
        Term,
    )
    from mrv.model.report import Finding, Report

__all__ = [
    "UNIT_RATIO",
    "CalculationContext",
    "Finding",
    "InputError",
    "Methodology",
    "ParameterProfile",
    "PeriodOutcome",
    "PluginFailure",
    "Problem",
    "Report",
    "Term",
    "Traced",
    "__version__",
    "compute",
    "equation",
    "hookimpl",
    "load_project",
]

_LAZY = {
    "compute": "mrv.engine",
    "load_project": "mrv.engine",
    "UNIT_RATIO": "mrv.equations",
    "Traced": "mrv.equations",
    "equation": "mrv.equations",
    "InputError": "mrv.errors",
    "PluginFailure": "mrv.errors",
    "Problem": "mrv.errors",
    "CalculationContext": "mrv.methodology",
    "Methodology": "mrv.methodology",
    "ParameterProfile": "mrv.methodology",
    "PeriodOutcome": "mrv.methodology",
    "Term": "mrv.methodology",
    "Finding": "mrv.model.report",
    "Report": "mrv.model.report",
}


def __getattr__(name: str) -> Any:
    if name == "__version__":
        from mrv.version import mrv_version  # noqa: PLC0415

        return mrv_version()
    module = _LAZY.get(name)
    if module is None:
        raise AttributeError(f"module 'mrv' has no attribute {name!r}")
    value = getattr(import_module(module), name)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted(__all__)
