"""mrv: measurement, reporting and verification of carbon in the restoration of mined land.

The public API is small and loaded lazily, so ``import mrv`` stays cheap:

* :func:`compute` (project -> :class:`~mrv.model.Report`), :func:`load_project`;
* plug-in authoring: :data:`hookimpl`, :class:`Methodology`, :class:`ParameterProfile`,
  :class:`PeriodOutcome`, :class:`Term`, :class:`CalculationContext`, :func:`equation`,
  :data:`UNIT_RATIO`, :class:`Traced` (with ``+ - * /``, ``.sum()``, comparisons and
  :func:`where`, each recorded in the trace);
* errors: :class:`InputError` (bad input), :class:`PluginFailure` (a plug-in's fault).
"""

from __future__ import annotations

from importlib import import_module
from typing import TYPE_CHECKING, Any

from mrv.contract.hookspecs import hookimpl

if TYPE_CHECKING:
    __version__: str
    from mrv.common.errors import InputError, PluginFailure, Problem
    from mrv.contract.equations import UNIT_RATIO, Traced, equation, where
    from mrv.contract.methodology import (
        CalculationContext,
        Methodology,
        ParameterProfile,
        PeriodOutcome,
        Term,
    )
    from mrv.engine.compute import compute, load_project
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
    "where",
]

_LAZY = {
    "compute": "mrv.engine.compute",
    "load_project": "mrv.engine.compute",
    "UNIT_RATIO": "mrv.contract.equations",
    "Traced": "mrv.contract.equations",
    "equation": "mrv.contract.equations",
    "where": "mrv.contract.equations",
    "InputError": "mrv.common.errors",
    "PluginFailure": "mrv.common.errors",
    "Problem": "mrv.common.errors",
    "CalculationContext": "mrv.contract.methodology",
    "Methodology": "mrv.contract.methodology",
    "ParameterProfile": "mrv.contract.methodology",
    "PeriodOutcome": "mrv.contract.methodology",
    "Term": "mrv.contract.methodology",
    "Finding": "mrv.model.report",
    "Report": "mrv.model.report",
}


def __getattr__(name: str) -> Any:
    if name == "__version__":
        from mrv.common.version import mrv_version  # noqa: PLC0415

        return mrv_version()
    module = _LAZY.get(name)
    if module is None:
        raise AttributeError(f"module 'mrv' has no attribute {name!r}")
    value = getattr(import_module(module), name)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted(__all__)
