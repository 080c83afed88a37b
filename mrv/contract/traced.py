"""Traced values: a magnitude, its unit, where it came from, and the arithmetic between them.

A :class:`Traced` value is what a plug-in holds between equations: an input of the document, a
parameter, or an earlier result. Besides the numbered equations of a standard (``@equation``),
the glue between them is plain arithmetic, and traced values support it directly::

    net = -(gain - deduction)          # two derived entries: a difference, then a negation
    stock = (area * density).sum()     # a product per stratum, then the sum over strata

Each operation checks units (adding t C to ha is a ``TypeError`` naming both origins),
records a derived entry in the active trace (its operands as inputs, so a verifier can follow
them), and keeps a leading Monte Carlo iteration axis apart. ``value.named("soc_total")``
gives the entry just recorded a readable id.
"""

from __future__ import annotations

from collections.abc import Sequence
from contextvars import ContextVar
from dataclasses import dataclass
from typing import Any, Protocol

import numpy as np
import numpy.typing as npt

from mrv.common import units

__all__ = ["CURRENT", "Magnitude", "Recorder", "Traced", "elements", "operands", "total", "where"]

Magnitude = float | npt.NDArray[np.float64]

_WITH_ITERATIONS = 2  # an array with an iteration axis has at least two dimensions


class Recorder(Protocol):
    """What traced arithmetic needs of the trace (:class:`mrv.contract.trace.Trace` is one)."""

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
        """Add an entry and return the recorded value."""
        ...

    def rename_latest(self, value: Traced, name: str) -> Traced:
        """Give the latest entry the id ``name``."""
        ...


#: The trace that records in this context, if any.
CURRENT: ContextVar[Recorder | None] = ContextVar("mrv_trace", default=None)


def total(values: Any) -> Any:
    """Sum over the element axis (strata, plots, events), keeping an iteration axis apart.

    Deterministic arrays ``(n,)`` sum to a scalar; under Monte Carlo, random arrays have shape
    ``(iterations, n)`` and random scalars ``(iterations, 1)``, and the sum keeps that shape, so
    results broadcast with the other random scalars. Use it instead of ``np.sum(x, axis=-1)``.
    """
    return np.sum(values, axis=-1, keepdims=np.ndim(values) >= _WITH_ITERATIONS)


def elements(values: Sequence[Traced], unit: str) -> Magnitude:
    """Join scalar traced values into one array over elements (years, strata), in ``unit``.

    Deterministic scalars give shape ``(n,)``; under Monte Carlo each is ``(iterations, 1)``
    and the result ``(iterations, n)``, the layout :func:`total` and the equations expect.
    """
    columns = [np.asarray(value.to(unit), dtype=np.float64) for value in values]
    if any(column.ndim for column in columns):
        size = max(column.shape[0] for column in columns if column.ndim)
        return np.hstack([np.broadcast_to(np.reshape(c, (-1, 1)), (size, 1)) for c in columns])
    return np.array(columns, dtype=np.float64)


def operands(
    argument: str, value: Traced
) -> tuple[list[tuple[str, str] | tuple[str, str, Traced]], list[str]]:
    """Split a traced argument's origins into trace inputs and parameter ids.

    An input of the document or a table is written with its substituted value (once per
    argument); parameters are listed apart; earlier results are cited by id.
    """
    inputs: list[tuple[str, str] | tuple[str, str, Traced]] = []
    parameters: list[str] = []
    shown = False
    for ref in value.refs:
        if ref.startswith("parameter:"):
            parameters.append(ref.removeprefix("parameter:"))
        elif ref.startswith("input:") and not shown:
            inputs.append((argument, ref, value))
            shown = True
        else:
            inputs.append((argument, ref))
    return inputs, parameters


def _gathered(
    pairs: Sequence[tuple[str, Any]],
) -> tuple[list[tuple[str, str] | tuple[str, str, Traced]], list[str]]:
    """Return the trace inputs and parameter ids of several operands (numbers cite nothing)."""
    inputs: list[tuple[str, str] | tuple[str, str, Traced]] = []
    parameters: list[str] = []
    for argument, value in pairs:
        if isinstance(value, Traced):
            more_inputs, more_parameters = operands(argument, value)
            inputs += more_inputs
            parameters += more_parameters
    return inputs, parameters


def _plain(array: npt.NDArray[np.float64]) -> Magnitude:
    return float(array) if array.ndim == 0 else array


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

    __array_ufunc__ = None  # numpy defers to the operators below (np.float64(2) * value)

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

    # ----- arithmetic, each step a derived trace entry ------------------------------------

    def __add__(self, other: Any) -> Traced:
        if _is_zero(other):
            return self  # sum() starts from 0
        return _derive("sum", "+", self, other, _same_unit(self, other, "add"))

    def __radd__(self, other: Any) -> Traced:
        if _is_zero(other):
            return self
        return _derive("sum", "+", _constant(other, self), self, self.unit)

    def __sub__(self, other: Any) -> Traced:
        return _derive("difference", "-", self, other, _same_unit(self, other, "subtract"))

    def __rsub__(self, other: Any) -> Traced:
        return _derive("difference", "-", _constant(other, self), self, self.unit)

    def __mul__(self, other: Any) -> Traced:
        return _derive("product", "*", self, other, _combined(self, other, "*"))

    def __rmul__(self, other: Any) -> Traced:
        return _derive("product", "*", other, self, _combined(other, self, "*"))

    def __truediv__(self, other: Any) -> Traced:
        return _derive("quotient", "/", self, other, _combined(self, other, "/"))

    def __rtruediv__(self, other: Any) -> Traced:
        return _derive("quotient", "/", other, self, _combined(other, self, "/"))

    def __neg__(self) -> Traced:
        trace = _trace_for("negate")
        inputs, parameters = _gathered((("a", self),))
        return trace.record(
            "negation", "derived: -a", -np.asarray(self.magnitude), self.unit,
            inputs=inputs, parameters=parameters,
        )  # fmt: skip

    def __lt__(self, other: Any) -> Traced:
        return _compare("<", self, other)

    def __le__(self, other: Any) -> Traced:
        return _compare("<=", self, other)

    def __gt__(self, other: Any) -> Traced:
        return _compare(">", self, other)

    def __ge__(self, other: Any) -> Traced:
        return _compare(">=", self, other)

    def __bool__(self) -> bool:
        value = np.asarray(self.magnitude)
        if value.ndim != 0:
            raise TypeError(
                f"the truth of {self.refs} is an array (strata or Monte Carlo iterations); "
                "use mrv.where(condition, a, b) to choose element by element"
            )
        return bool(value)

    def sum(self) -> Traced:
        """Sum over the element axis (strata, plots), keeping a Monte Carlo axis apart."""
        trace = _trace_for("sum")
        inputs, parameters = _gathered((("a", self),))
        return trace.record(
            "total", "derived: sum of a over its elements", total(self.magnitude), self.unit,
            inputs=inputs, parameters=parameters,
        )  # fmt: skip

    def named(self, name: str) -> Traced:
        """Give the derived entry this value was just recorded as the id ``name``.

        Only the latest entry of the active trace can be renamed (nothing can cite it yet);
        under Monte Carlo, where nothing is recorded, the value is returned as it is.
        """
        trace = _trace_for("name")
        return trace.rename_latest(self, name)


def where(condition: Traced, if_true: Traced, if_false: Traced) -> Traced:
    """Choose element by element: ``if_true`` where ``condition`` holds, else ``if_false``.

    ``condition`` is a comparison of traced values (1 where it holds, 0 elsewhere); the two
    choices must share a dimension, and the result is in ``if_true``'s unit.
    """
    trace = _trace_for("choose")
    unit = _same_unit(if_true, if_false, "choose between")
    chosen = np.where(
        np.asarray(condition.magnitude) != 0.0,
        np.asarray(if_true.magnitude),
        np.asarray(if_false.to(unit)),
    )
    inputs, parameters = _gathered((("condition", condition), ("a", if_true), ("b", if_false)))
    return trace.record(
        "choice", "derived: a where condition holds, else b", chosen, unit,
        inputs=inputs, parameters=parameters,
    )  # fmt: skip


def _is_zero(value: Any) -> bool:
    return isinstance(value, int | float) and not isinstance(value, bool) and value == 0


def _trace_for(action: str) -> Recorder:
    trace = CURRENT.get()
    if trace is None:
        raise RuntimeError(f"cannot {action} traced values outside an active Trace")
    return trace


def _constant(value: Any, beside: Traced) -> Any:
    """Return a plain number that stands beside a traced value; refuse anything else."""
    if not isinstance(value, int | float) or isinstance(value, bool):
        raise TypeError(f"cannot combine {type(value).__name__} with traced {beside.refs}")
    return float(value)


def _unit_of(value: Any) -> str:
    return value.unit if isinstance(value, Traced) else "1"


def _same_unit(first: Traced, other: Any, verb: str) -> str:
    if not isinstance(other, Traced):
        _constant(other, first)
        return first.unit
    if units.parse_unit(first.unit).dimensionality != units.parse_unit(other.unit).dimensionality:
        raise TypeError(
            f"cannot {verb} {other.refs} [{other.unit}] and {first.refs} [{first.unit}]: "
            "their units differ in dimension"
        )
    return first.unit


def _combined(first: Any, second: Any, operator: str) -> str:
    for value, beside in ((first, second), (second, first)):
        if not isinstance(value, Traced):
            _constant(value, beside)
    left, right = units.parse_unit(_unit_of(first)), units.parse_unit(_unit_of(second))
    return units.format_unit(left * right if operator == "*" else left / right)


def _magnitude_in(value: Any, unit: str | None) -> Any:
    if not isinstance(value, Traced):
        return np.asarray(float(value))
    return np.asarray(value.magnitude if unit is None else value.to(unit))


def _derive(name: str, operator: str, first: Any, second: Any, unit: str) -> Traced:
    """Compute ``first operator second`` and record it as a derived entry in ``unit``."""
    trace = _trace_for("combine")
    additive = operator in "+-"
    a = _magnitude_in(first, unit if additive else None)
    b = _magnitude_in(second, unit if additive else None)
    with np.errstate(divide="ignore", invalid="ignore"):
        result = {"+": np.add, "-": np.subtract, "*": np.multiply, "/": np.divide}[operator](a, b)
    inputs, parameters = _gathered((("a", first), ("b", second)))
    shown = [
        argument if isinstance(value, Traced) else repr(float(value))
        for argument, value in (("a", first), ("b", second))
    ]
    return trace.record(
        name, f"derived: {shown[0]} {operator} {shown[1]}", _plain(np.asarray(result)), unit,
        inputs=inputs, parameters=parameters,
    )  # fmt: skip


def _compare(operator: str, first: Traced, other: Any) -> Traced:
    """Record ``first operator other`` as 1 where it holds and 0 elsewhere (unit ``1``)."""
    trace = _trace_for("compare")
    unit = _same_unit(first, other, "compare")
    a, b = np.asarray(first.magnitude), _magnitude_in(other, unit)
    test = {"<": np.less, "<=": np.less_equal, ">": np.greater, ">=": np.greater_equal}[operator]
    inputs, parameters = _gathered((("a", first), ("b", other)))
    right = "b" if isinstance(other, Traced) else repr(float(other))
    return trace.record(
        "comparison", f"derived: 1 where a {operator} {right}, else 0",
        test(a, b).astype(np.float64), "1", inputs=inputs, parameters=parameters,
    )  # fmt: skip
