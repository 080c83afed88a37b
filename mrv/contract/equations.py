"""The ``@equation`` decorator, traced values and the calculation trace.

An equation is a small pure function over numpy arrays (or floats), decorated with its source
and the units its body expects and returns::

    @equation("AR-TOOL14 v04.2", "eq. 12", returns="t CO2e",
              args={"b": "t / ha", "area": "ha", "cf": "t C / t", "co2_per_c": "t CO2e / t C"})
    def c_tree(b, area, cf, co2_per_c=UNIT_RATIO):
        return co2_per_c * cf * area * b

Called with plain arrays it is a plain function (magnitudes in the declared units). Called
with :class:`Traced` values inside an active :class:`Trace`, every argument is converted once
to its declared unit, the body runs on arrays, and the result is recorded in the trace with
the equation reference, its inputs and parameters. Called with pint Quantities, the body runs
on Quantities: the dimensional audit of :mod:`mrv.testing` uses this to prove that a body is
unit-transparent (no hidden molecular-weight ratio).

``UNIT_RATIO`` as a default stands for the number one expressed in the argument's declared
unit: for ``t CO2e / t C`` it is the CO2/C ratio of molecular weights, from the unit registry.
"""

from __future__ import annotations

import functools
import inspect
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any, TypeVar, cast

from mrv.common import units
from mrv.contract.trace import Trace, current_trace
from mrv.contract.traced import Traced, elements, operands, total, where

__all__ = [
    "EQUATIONS",
    "UNIT_RATIO",
    "EquationInfo",
    "Numeric",
    "Trace",
    "Traced",
    "current_trace",
    "elements",
    "equation",
    "total",
    "where",
]

F = TypeVar("F", bound=Callable[..., Any])

#: What an equation body takes and returns: a float, a numpy array (with an optional leading
#: Monte Carlo axis) or a pint Quantity (in the dimensional audit).
Numeric = Any


class _UnitRatio:
    """Sentinel default: one, expressed in the argument's declared unit."""

    def __repr__(self) -> str:
        return "UNIT_RATIO"


UNIT_RATIO: Any = _UnitRatio()


@dataclass(frozen=True)
class EquationInfo:
    """What the decorator knows about an equation.

    Attributes
    ----------
    document : str
        Standard and version, e.g. ``"AR-TOOL14 v04.2"``.
    number : str
        Equation number in that document, e.g. ``"eq. 12"``.
    returns : str
        Unit of the result.
    args : dict
        Unit of each argument (None for non-numeric options).
    function : str
        Dotted name of the Python function.
    symbol : str
        Name of the returned quantity, used as the trace id's last part.
    """

    document: str
    number: str
    returns: str
    args: Mapping[str, str | None]
    function: str
    symbol: str

    @property
    def reference(self) -> str:
        """``document number``, e.g. ``AR-TOOL14 v04.2 eq. 12``."""
        return f"{self.document} {self.number}"


#: Every equation defined so far (for documentation and the dimensional audit).
EQUATIONS: list[EquationInfo] = []


def _is_quantity(value: Any) -> bool:
    return hasattr(value, "units") and hasattr(value, "magnitude") and hasattr(value, "m_as")


def equation(
    document: str,
    number: str,
    *,
    returns: str,
    args: Mapping[str, str | None],
    symbol: str | None = None,
) -> Callable[[F], F]:
    """Declare a function as a numbered equation of a standard.

    Parameters
    ----------
    document : str
        Standard and version (``"AR-TOOL14 v04.2"``).
    number : str
        Equation number as the standard prints it (``"eq. 12"``).
    returns : str
        Unit of the result.
    args : mapping
        Unit of each argument; None for options that are not quantities (flags, class names).
    symbol : str or None
        Name of the result in the trace; the function's name by default.

    Returns
    -------
    callable
        The decorator.
    """
    units_declared = dict(args)

    def decorate(function: F) -> F:
        signature = inspect.signature(function)
        names = list(signature.parameters)
        if set(names) != set(units_declared):
            raise TypeError(
                f"@equation on {function.__qualname__}: declared args {sorted(units_declared)} "
                f"must match the parameters {sorted(names)}"
            )
        info = EquationInfo(
            document,
            number,
            returns,
            units_declared,
            f"{function.__module__}.{function.__qualname__}",
            symbol or function.__name__,
        )

        @functools.wraps(function)
        def wrapper(*positional: Any, trace_as: str | None = None, **keywords: Any) -> Any:
            bound = signature.bind(*positional, **keywords)
            bound.apply_defaults()
            values = bound.arguments
            if any(isinstance(value, Traced) for value in values.values()):
                return _call_traced(function, info, values, trace_as)
            if any(_is_quantity(value) for value in values.values()):
                return function(**_quantities(info, values))
            return function(**_magnitudes(info, values))

        wrapper.equation = info  # type: ignore[attr-defined]
        EQUATIONS.append(info)
        return cast(F, wrapper)

    return decorate


def _magnitudes(info: EquationInfo, values: Mapping[str, Any]) -> dict[str, Any]:
    result = dict(values)
    for name, value in values.items():
        if value is UNIT_RATIO:
            result[name] = units.conversion_factor("1", _unit_of(info, name))
    return result


def _quantities(info: EquationInfo, values: Mapping[str, Any]) -> dict[str, Any]:
    ureg = units.get_registry()
    result = dict(values)
    for name, value in values.items():
        if value is UNIT_RATIO:
            result[name] = ureg.Quantity(1.0, "dimensionless").to(
                units.parse_unit(_unit_of(info, name))
            )
    return result


def _unit_of(info: EquationInfo, name: str) -> str:
    unit = info.args[name]
    if unit is None:
        raise TypeError(f"{info.function}: UNIT_RATIO default on {name!r}, which declares no unit")
    return unit


def _call_traced(
    function: Callable[..., Any],
    info: EquationInfo,
    values: Mapping[str, Any],
    trace_as: str | None,
) -> Traced:
    trace = current_trace()
    if trace is None:
        raise RuntimeError(f"{info.function} was called with traced values outside an active Trace")
    arguments: dict[str, Any] = {}
    inputs: list[tuple[str, str] | tuple[str, str, Traced]] = []
    parameters: list[str] = []
    for name, value in values.items():
        unit = info.args[name]
        if isinstance(value, Traced):
            if unit is None:
                raise TypeError(
                    f"{info.function}: argument {name!r} declares no unit but got a quantity"
                )
            arguments[name] = value.to(unit)
            more_inputs, more_parameters = operands(name, value)
            inputs += more_inputs
            parameters += more_parameters
        elif value is UNIT_RATIO:
            arguments[name] = units.conversion_factor("1", _unit_of(info, name))
        elif unit is None:
            arguments[name] = value
        else:
            raise TypeError(
                f"{info.function}: argument {name!r} is an untraced number; pass an input "
                "(trace.input), a parameter or an earlier result so the trace can cite it"
            )
    result = function(**arguments)
    return trace.record(
        trace_as or info.symbol,
        info.reference,
        result,
        info.returns,
        inputs=inputs,
        parameters=parameters,
    )
