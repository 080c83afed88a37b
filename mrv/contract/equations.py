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

import contextlib
import functools
import inspect
from collections.abc import Callable, Iterator, Mapping, Sequence
from contextvars import ContextVar
from dataclasses import dataclass
from typing import Any, TypeVar, cast

import numpy as np
import numpy.typing as npt

from mrv.common import units

__all__ = [
    "EQUATIONS",
    "UNIT_RATIO",
    "EquationInfo",
    "Numeric",
    "Trace",
    "Traced",
    "current_trace",
    "equation",
    "total",
]

F = TypeVar("F", bound=Callable[..., Any])

#: What an equation body takes and returns: a float, a numpy array (with an optional leading
#: Monte Carlo axis) or a pint Quantity (in the dimensional audit).
Numeric = Any
Magnitude = float | npt.NDArray[np.float64]

#: Arrays up to this size are written into the trace in full; larger ones as a summary.
TRACE_VALUES_LIMIT = 64


_WITH_ITERATIONS = 2  # an array with an iteration axis has at least two dimensions


def total(values: Any) -> Any:
    """Sum over the element axis (strata, plots, events), keeping an iteration axis apart.

    Deterministic arrays ``(n,)`` sum to a scalar; under Monte Carlo, random arrays have shape
    ``(iterations, n)`` and random scalars ``(iterations, 1)``, and the sum keeps that shape, so
    results broadcast with the other random scalars. Use it instead of ``np.sum(x, axis=-1)``.
    """
    return np.sum(values, axis=-1, keepdims=np.ndim(values) >= _WITH_ITERATIONS)


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


@dataclass(frozen=True)
class Traced:
    """A value on its way through a calculation: magnitude, unit and where it came from.

    Attributes
    ----------
    magnitude : float or numpy.ndarray
        The value(s) in ``unit``.
    unit : str
        Unit of ``magnitude``.
    refs : tuple of str
        Origins: trace ids of intermediates, ``input:<path>`` or ``parameter:<id>``.
    """

    magnitude: Magnitude
    unit: str
    refs: tuple[str, ...]

    def to(self, unit: str) -> Magnitude:
        """Return the magnitude converted to ``unit`` (no GWP context: gases stay gases)."""
        if unit == self.unit:
            return self.magnitude
        converted = units.convert(self.magnitude, self.unit, unit)
        return float(converted) if np.ndim(converted) == 0 else converted

    def scalar(self, unit: str) -> float:
        """Return a scalar magnitude in ``unit``; raise if the value is an array."""
        value = np.asarray(self.to(unit))
        if value.ndim != 0:
            raise ValueError(f"expected a scalar for {self.refs}; found shape {value.shape}")
        return float(value)


_current: ContextVar[Trace | None] = ContextVar("mrv_trace", default=None)


def current_trace() -> Trace | None:
    """Return the trace that is recording in this context, if any."""
    return _current.get()


class Trace:
    """Records every traced equation evaluated while it is active.

    Use ``with trace.active():`` around a calculation and ``with trace.scope("MP1", "S1"):`` to
    prefix the ids of what is computed inside.
    """

    def __init__(self, sampler: Any = None, distributions: Mapping[str, Any] | None = None) -> None:
        self.entries: list[dict[str, Any]] = []
        self._ids: dict[str, int] = {}
        self._scope: list[str] = []
        self.sampler = sampler
        self.distributions = dict(distributions or {})
        self.inputs_seen: set[str] = set()

    @property
    def drawing(self) -> bool:
        """Whether this trace runs Monte Carlo iterations (nothing is recorded then)."""
        return self.sampler is not None

    @contextlib.contextmanager
    def active(self) -> Iterator[Trace]:
        """Make this trace the one equations record into."""
        token = _current.set(self)
        try:
            yield self
        finally:
            _current.reset(token)

    @contextlib.contextmanager
    def scope(self, *labels: str) -> Iterator[None]:
        """Prefix trace ids recorded inside with ``labels``."""
        self._scope.extend(labels)
        try:
            yield
        finally:
            del self._scope[len(self._scope) - len(labels) :]

    def blocks(self, rows: int) -> Iterator[slice]:
        """Yield blocks of ``rows`` (``mrv.model.table.ROW_BLOCK`` each); each entry is recorded once.

        For tables too large to compute at once: the loop body runs the same traced equations
        on each block, and what the second and later blocks record merges into the first
        block's entries (counts and sums added, the least and greatest kept), so the trace reads
        as if the whole column had been computed in one step. Under Monte Carlo the rows come
        as one block, since per-row draws follow row positions.
        """
        from mrv.model.table import row_blocks  # noqa: PLC0415 - tables import this module

        if self.drawing:
            yield slice(0, rows)
            return
        ids_before = dict(self._ids)
        first = len(self.entries)
        for rows_of_block in row_blocks(rows):
            if rows_of_block.start:
                self._ids = dict(ids_before)  # the same names give the same ids again
            recorded = len(self.entries)
            yield rows_of_block
            if rows_of_block.start:
                later = self.entries[recorded:]
                del self.entries[recorded:]
                by_id = {entry["id"]: entry for entry in self.entries[first:recorded]}
                for entry in later:
                    _merge_entry(by_id[entry["id"]], entry)
        if rows == 0:
            yield slice(0, 0)

    def _new_id(self, name: str) -> str:
        base = "/".join([*self._scope, name])
        count = self._ids.get(base, 0) + 1
        self._ids[base] = count
        return base if count == 1 else f"{base}#{count}"

    def input(
        self, path: str, value: Any, unit: str | None = None, keys: Sequence[str] | None = None
    ) -> Traced:
        """Wrap an input value for use in traced equations.

        Parameters
        ----------
        path : str
            Field path in the document (``inputs.strata[0].area``) or table column
            (``inputs.plots:agb``).
        value : pint.Quantity, QuantityColumn, float or numpy.ndarray
            The value; plain numbers need ``unit``.
        unit : str or None
            Unit of a plain number or array.
        keys : sequence of str or None
            Names of the elements of an array (stratum ids), so that each has its own random
            stream under Monte Carlo; positions are used when omitted.
        """
        from mrv.common.quantity import QuantityColumn  # noqa: PLC0415

        if isinstance(value, QuantityColumn):
            magnitude, unit = value.magnitude, value.unit
        elif hasattr(value, "units") and hasattr(value, "magnitude"):
            magnitude, unit = (
                np.asarray(value.magnitude, dtype=np.float64),
                units.format_unit(value.units),
            )
        elif unit is None:
            raise ValueError(f"input {path!r} is a plain number; give its unit")
        else:
            magnitude = np.asarray(value, dtype=np.float64)
        self.inputs_seen.add(path)
        if self.drawing and path in self.distributions:
            return Traced(self._draw(path, np.asarray(magnitude), keys), unit, (f"input:{path}",))
        return Traced(_plain(np.asarray(magnitude, dtype=np.float64)), unit, (f"input:{path}",))

    def _draw(
        self, path: str, center: npt.NDArray[np.float64], keys: Sequence[str] | None
    ) -> npt.NDArray[np.float64]:
        from mrv.contract.draws import relative_draw  # noqa: PLC0415

        flat = center.reshape(-1)
        elements: list[str] | int = (
            list(keys) if keys is not None else (["0"] if center.ndim == 0 else flat.size)
        )
        draws = self.sampler.draw(
            f"input:{path}", elements, relative_draw(self.distributions[path], flat)
        )
        return np.asarray(draws if center.ndim else draws.reshape(-1, 1), dtype=np.float64)

    def record(
        self,
        name: str,
        equation_reference: str,
        magnitude: Magnitude,
        unit: str,
        *,
        inputs: Sequence[tuple[str, str] | tuple[str, str, Traced]] = (),
        parameters: Sequence[str] = (),
    ) -> Traced:
        """Add an entry and return the recorded value as :class:`Traced`.

        ``inputs`` are (argument, ref) pairs; an input of the document or a table may carry its
        value as a third item, written into the entry as the value substituted (summarised as
        entry values are).
        """
        array = np.asarray(magnitude, dtype=np.float64)
        identifier = self._new_id(name)
        if self.drawing:
            return Traced(_plain(array), unit, (identifier,))
        self.entries.append(
            {
                "id": identifier,
                "equation": equation_reference,
                "value": _trace_value(array, unit),
                "inputs": [_trace_input(*item) for item in inputs],
                "parameters": sorted(set(parameters)),
            }
        )
        return Traced(_plain(array), unit, (identifier,))


def _trace_input(argument: str, ref: str, value: Traced | None = None) -> dict[str, Any]:
    item: dict[str, Any] = {"argument": argument, "ref": ref}
    if value is not None:
        item["value"] = _trace_value(np.asarray(value.magnitude, dtype=np.float64), value.unit)
    return item


def _plain(array: npt.NDArray[np.float64]) -> Magnitude:
    return float(array) if array.ndim == 0 else array


def _trace_value(array: npt.NDArray[np.float64], unit: str) -> dict[str, Any]:
    if array.ndim == 0:
        return {"value": float(array), "unit": unit}
    flat = array.ravel()
    summary: dict[str, Any] = {
        "unit": unit,
        "count": int(flat.size),
        "sum": float(flat.sum()) if flat.size else 0.0,
        "min": float(flat.min()) if flat.size else 0.0,
        "max": float(flat.max()) if flat.size else 0.0,
    }
    if flat.size <= TRACE_VALUES_LIMIT:
        summary["values"] = [float(value) for value in flat]
    return summary


def _merge_entry(entry: dict[str, Any], later: dict[str, Any]) -> None:
    """Fold the entry a later row block recorded into the first block's (see Trace.blocks)."""
    entry["value"] = _merge_values(entry["value"], later["value"])
    for item, more in zip(entry["inputs"], later["inputs"], strict=True):
        if "value" in item:
            item["value"] = _merge_values(item["value"], more["value"])
    entry["parameters"] = sorted({*entry["parameters"], *later["parameters"]})


def _merge_values(value: dict[str, Any], more: dict[str, Any]) -> dict[str, Any]:
    """Summarise two blocks of rows as one: a scalar must agree, arrays add up."""
    if "count" not in value:
        if value != more:
            raise ValueError(f"a scalar differs between row blocks: {value} and {more}")
        return value
    present = [part for part in (value, more) if part["count"]] or [value]
    merged = {
        "unit": value["unit"],
        "count": value["count"] + more["count"],
        "sum": value["sum"] + more["sum"],
        "min": min(part["min"] for part in present),
        "max": max(part["max"] for part in present),
    }
    if merged["count"] <= TRACE_VALUES_LIMIT:
        merged["values"] = value.get("values", []) + more.get("values", [])
    return merged


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
            shown = False  # an input's substituted value is written once per argument
            for ref in value.refs:
                if ref.startswith("parameter:"):
                    parameters.append(ref.removeprefix("parameter:"))
                elif ref.startswith("input:") and not shown:
                    inputs.append((name, ref, value))
                    shown = True
                else:
                    inputs.append((name, ref))
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
