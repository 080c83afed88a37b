"""Plausible magnitudes: the largest a measured quantity of each dimension can have.

Every numeric table column and quantity field is checked against the limit of its dimension
(``mrv/data/plausible.yaml``: physical limits with their sources), so a slip such as ``1e200``
kg N/ha or ``1e308`` cm of DBH is refused as bad input by ``mrv validate``, citing the limit,
instead of giving a report with a 40-digit figure or failing inside the calculation.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from importlib import resources
from typing import Any

import numpy as np
import numpy.typing as npt

from mrv.common import units

__all__ = ["Limit", "limit_for"]


@dataclass(frozen=True)
class Limit:
    """The largest plausible magnitude of a dimension, in a unit, with where it comes from."""

    max: float
    unit: str
    source: str

    def outside(self, values: npt.NDArray[np.float64], unit: str) -> npt.NDArray[np.intp]:
        """Return the positions of ``values`` (in ``unit``) whose magnitude exceeds the limit.

        NaN (a blank cell) passes.
        """
        if unit == self.unit:
            converted = values
        else:
            with np.errstate(over="ignore", invalid="ignore"):
                converted = np.asarray(units.convert(values, unit, self.unit), dtype=np.float64)
        with np.errstate(invalid="ignore"):
            return np.flatnonzero(np.abs(converted) > self.max)

    def exceeds(self, value: float, unit: str) -> bool:
        """Return whether one value (in ``unit``) exceeds the limit (a scalar field: no array)."""
        return bool(abs(float(units.convert(value, unit, self.unit))) > self.max)

    def describe(self) -> str:
        """Return the limit in words, e.g. ``at most 40,075 km (physical limit: ...)``."""
        return f"at most {self.max:,.6g} {units.pretty_unit(self.unit)} ({self.source})"


@cache
def _limits() -> tuple[dict[str, Limit], dict[str, Any]]:
    import yaml  # noqa: PLC0415

    data = yaml.safe_load(resources.files("mrv.data").joinpath("plausible.yaml").read_text("utf-8"))
    ureg = units.get_registry()
    found: dict[str, Limit] = {}
    for row in data["limits"]:
        dimension = str(ureg.get_dimensionality(units.parse_unit(row["unit"]).dimensionality))
        if dimension in found:  # volume per area is a length: one limit a dimension
            raise ValueError(f"plausible.yaml: two limits for {dimension}")
        found[dimension] = Limit(float(row["max"]), row["unit"], row["source"])
    return found, data["fallback"]


@cache
def limit_for(unit: str) -> Limit:
    """Return the plausibility limit of quantities given in ``unit``.

    Parameters
    ----------
    unit : str
        A unit (a table header's, a field's example unit).

    Returns
    -------
    Limit
        The limit of the unit's dimension, or the fallback convention expressed in ``unit``.
    """
    limits, fallback = _limits()
    dimension = str(units.parse_unit(unit).dimensionality)
    known = limits.get(dimension)
    if known is not None:
        return known
    return Limit(float(fallback["max"]), unit, str(fallback["source"]))
