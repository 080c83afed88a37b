"""Dimensional audit of an equation: the same result on magnitudes and on pint Quantities.

An equation body must be unit-transparent: run on Quantities in its declared units, its result
converted to the declared return unit must equal the result on plain magnitudes. A dimension
error raises; a hidden factor (a molecular-weight ratio typed by hand, a 10 000 for hectares) shows as a mismatch.
Empirical equations whose coefficients assume fixed units (allometric power laws, logarithms of
dimensioned values) are not unit-transparent by nature and are left out by their authors.
"""

from __future__ import annotations

import inspect
import math
from collections.abc import Callable, Mapping
from typing import Any

import numpy as np

from mrv.common import units
from mrv.contract.equations import UNIT_RATIO

__all__ = ["audit_equation"]


def audit_equation(
    function: Callable[..., Any], samples: Mapping[str, Any] | None = None, rtol: float = 1e-9
) -> None:
    """Check that ``function`` (an ``@equation``) gives the same result on magnitudes and Quantities.

    Parameters
    ----------
    function : callable
        A function decorated with :func:`mrv.contract.equations.equation`.
    samples : mapping or None
        Values for arguments (required for those without a unit, e.g. index arrays); others get
        distinct positive values.
    rtol : float
        Relative tolerance [dimensionless].

    Raises
    ------
    AssertionError
        Naming the equation and both results.
    """
    info = function.equation  # type: ignore[attr-defined]
    ureg = units.get_registry()
    signature = inspect.signature(function)
    chosen = dict(samples or {})
    plain: dict[str, Any] = {}
    quantities: dict[str, Any] = {}
    for index, (name, parameter) in enumerate(signature.parameters.items()):
        unit = info.args[name]
        if name not in chosen and parameter.default is UNIT_RATIO:
            continue
        value = chosen.get(name, 1.3 + 0.7 * index)
        plain[name] = value
        quantities[name] = (
            value
            if unit is None
            else ureg.Quantity(np.asarray(value, dtype=np.float64), units.parse_unit(unit))
        )
    expected = np.asarray(function(**plain), dtype=np.float64)
    result = function(**quantities)
    found = np.asarray(
        result.m_as(units.parse_unit(info.returns)) if hasattr(result, "m_as") else result,
        dtype=np.float64,
    )
    assert expected.shape == found.shape, (
        f"{info.reference}: shapes {expected.shape} and {found.shape} differ"
    )
    for a, b in zip(expected.ravel(), found.ravel(), strict=True):
        assert math.isclose(float(a), float(b), rel_tol=rtol, abs_tol=1e-12), (
            f"{info.reference} ({info.function}): {float(a)} on magnitudes, {float(b)} {info.returns} on Quantities"
        )
