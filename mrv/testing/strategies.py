"""Hypothesis strategies for plug-in authors: quantities in equivalent units, and documents."""

from __future__ import annotations

import datetime as dt
from typing import Any

from hypothesis import strategies as st

from mrv.common import units

__all__ = [
    "EQUIVALENT_UNITS",
    "equivalent_quantities",
    "magnitudes",
    "project_documents",
    "quantity_dicts",
]

#: Units that a document may use for the same dimension; values converted between them must
#: give the same result.
EQUIVALENT_UNITS: dict[str, tuple[str, ...]] = {
    "[area]": ("ha", "m**2", "km**2", "mu"),
    "[mass]": ("t", "kg", "g", "Mg"),
    "[length]": ("m", "cm", "mm", "km"),
    "[mass] / [area]": ("t / ha", "kg / m**2", "g / m**2", "Mg / ha"),
    "[mass] * [carbon]": ("t C", "t CO2", "kg CO2e", "Mg C"),
    "[mass] * [carbon] / [area]": ("t C / ha", "t CO2 / ha", "kg C / m**2"),
    "": ("fraction", "%", "1"),
}


def magnitudes(min_value: float = 0.0, max_value: float = 1e6) -> st.SearchStrategy[float]:
    """Finite floats in a range, without subnormals."""
    return st.floats(
        min_value=min_value,
        max_value=max_value,
        allow_nan=False,
        allow_infinity=False,
        allow_subnormal=False,
    )


def quantity_dicts(
    unit: str, min_value: float = 0.0, max_value: float = 1e6
) -> st.SearchStrategy[dict[str, Any]]:
    """``{"value": x, "unit": unit}`` documents."""
    return magnitudes(min_value, max_value).map(lambda value: {"value": value, "unit": unit})


def equivalent_quantities(
    dimension: str, min_value: float = 0.0, max_value: float = 1e6
) -> st.SearchStrategy[tuple[float, dict[str, Any]]]:
    """Draw a magnitude in the first unit of a dimension, and the same quantity in another unit.

    Returns pairs ``(value_in_first_unit, {"value": ..., "unit": other})``.
    """
    choices = EQUIVALENT_UNITS[dimension]
    reference = choices[0]

    def restate(pair: tuple[float, str]) -> tuple[float, dict[str, Any]]:
        value, unit = pair
        return value, {"value": value * units.conversion_factor(reference, unit), "unit": unit}

    return st.tuples(magnitudes(min_value, max_value), st.sampled_from(choices)).map(restate)


@st.composite
def project_documents(
    draw: st.DrawFn, methodology_id: str = "toy-stock", version: str = "1.0.0", max_strata: int = 6
) -> dict[str, Any]:
    """Core project documents that are valid: unique ids, stratum areas adding up, ordered periods."""
    count = draw(st.integers(1, max_strata))
    areas = [draw(magnitudes(0.01, 1e4)) for _ in range(count)]
    start = draw(st.dates(dt.date(2000, 1, 1), dt.date(2030, 1, 1)))
    lengths = draw(st.lists(st.integers(30, 5 * 365), min_size=1, max_size=4))
    periods, cursor = [], start
    for index, length in enumerate(lengths):
        end = cursor + dt.timedelta(days=length)
        periods.append(
            {"id": f"MP{index + 1}", "start": cursor.isoformat(), "end": end.isoformat()}
        )
        cursor = end + dt.timedelta(days=1)
    return {
        "schema_version": "1.0.0",
        "project": {
            "id": draw(st.from_regex(r"[A-Z]{2,4}-[0-9]{1,4}", fullmatch=True)),
            "name": "generated",
            "location": {"country": "CN"},
            "area": {"value": sum(areas), "unit": "ha"},
            "crediting_period": {
                "start": start.isoformat(),
                "end": (cursor + dt.timedelta(days=1)).isoformat(),
            },
            "gwp_set": draw(st.sampled_from(sorted(units.GWP_SETS))),
            "methodology": {"id": methodology_id, "version": version},
            "strata": [
                {"id": f"S{index + 1}", "area": {"value": area, "unit": "ha"}}
                for index, area in enumerate(areas)
            ],
        },
        "monitoring_periods": periods,
        "inputs": {},
    }
