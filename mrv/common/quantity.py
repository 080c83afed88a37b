"""Unit-checked quantities for pydantic models: scalars by dimension, and columns for tables.

A field declares its dimension; input may be ``{"value": 12.5, "unit": "t/ha"}`` or
``"12.5 t/ha"`` (or a pint Quantity from code). Validation rejects an unknown unit, a wrong
dimension, NaN, infinity and, where the field says so, negative values and values outside
bounds. Serialisation writes ``{"value": ..., "unit": ...}``. The exported JSON Schema shows
that object shape with ``x-dimension`` and ``x-unit`` hints.

Tabular data never becomes one Quantity per row: a :class:`QuantityColumn` holds one unit and
one float64 array.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Annotated, Any

import numpy as np
import numpy.typing as npt
from pydantic import GetCoreSchemaHandler, GetJsonSchemaHandler
from pydantic.json_schema import JsonSchemaValue
from pydantic_core import PydanticCustomError, core_schema

from mrv.common import units

if TYPE_CHECKING:
    import pint

__all__ = [
    "Area",
    "CarbonMass",
    "CarbonPerArea",
    "Density",
    "Duration",
    "Fraction",
    "Length",
    "Mass",
    "MassPerArea",
    "NonNegativeRatio",
    "Quantity",
    "QuantityColumn",
    "QuantitySpec",
    "Volume",
    "VolumePerArea",
    "magnitudes",
    "parse_quantity",
]

FloatArray = npt.NDArray[np.float64]
_PER_CENT = 100.0  # a bare number above 1 and up to this was probably meant as a per cent


#: A pint Quantity from :func:`mrv.common.units.get_registry`. Typed as ``Any`` so that importing this
#: module does not import pint; fields use it through the ``Annotated`` aliases below.
Quantity = Any


@dataclass(frozen=True)
class QuantitySpec:
    """Pydantic metadata that makes ``Annotated[Quantity, QuantitySpec(...)]`` a checked field.

    Parameters
    ----------
    dimension : str
        Pint dimensionality the value must have, e.g. ``"[area]"`` or
        ``"[mass] * [carbon] / [area]"``; ``""`` for dimensionless.
    example_unit : str
        Unit shown in messages and the schema (``"ha"``); also the unit a bare number is read in
        when ``bare_number_unit`` is true.
    nonnegative : bool
        Reject values below zero.
    ge, le : float or None
        Bounds on the value converted to ``example_unit``.
    bare_number_unit : bool
        Accept a plain number as being in ``example_unit`` (for fractions and ratios only).
    """

    dimension: str
    example_unit: str
    nonnegative: bool = False
    ge: float | None = None
    le: float | None = None
    bare_number_unit: bool = False

    def __get_pydantic_core_schema__(
        self, source: Any, handler: GetCoreSchemaHandler
    ) -> core_schema.CoreSchema:
        return core_schema.no_info_plain_validator_function(
            self.validate,
            serialization=core_schema.plain_serializer_function_ser_schema(
                serialize_quantity, when_used="always"
            ),
        )

    def __get_pydantic_json_schema__(
        self, schema: core_schema.CoreSchema, handler: GetJsonSchemaHandler
    ) -> JsonSchemaValue:
        number: dict[str, Any] = {"type": "number"}
        string_form: dict[str, Any] = {
            "type": "string",
            "pattern": r"^\s*[-+]?(\d+\.?\d*|\.\d+)([eE][-+]?\d+)?(\s*\S.*)?$",
            "examples": [f"1 {self.example_unit}"],
        }
        variants: list[dict[str, Any]] = [
            {
                "type": "object",
                "properties": {"value": number, "unit": {"type": "string"}},
                "required": ["value", "unit"],
                "additionalProperties": False,
            },
            string_form,
        ]
        if self.bare_number_unit:
            variants.append(number)
        result: dict[str, Any] = {
            "anyOf": variants,
            "x-dimension": self.dimension or "dimensionless",
            "x-unit": self.example_unit,
        }
        if self.nonnegative:
            result["x-nonnegative"] = True
        if self.ge is not None:
            result["x-minimum"] = self.ge
        if self.le is not None:
            result["x-maximum"] = self.le
        return result

    def describe(self) -> str:
        """Say in words what the field expects, for error messages."""
        dimension = self.dimension or "dimensionless"
        return f"a quantity of dimension {dimension} (e.g. {self.example_unit!r})"

    def validate(self, raw: Any) -> pint.Quantity[Any]:
        """Parse and check a raw value; raise ``PydanticCustomError`` naming what was found."""
        quantity = parse_quantity(raw, self)
        ureg = units.get_registry()
        expected = ureg.get_dimensionality(self.dimension) if self.dimension else {}
        if quantity.dimensionality != expected:
            found = str(quantity.dimensionality) if quantity.dimensionality else "dimensionless"
            unit = units.format_unit(quantity.units)
            raise _quantity_error(
                f"expected {self.describe()}; found unit {unit!r} of dimension {found}"
            )
        magnitude = float(quantity.magnitude)
        if not math.isfinite(magnitude):
            raise _quantity_error(f"expected a finite number; found {magnitude}")
        if self.nonnegative and magnitude < 0:
            raise _quantity_error(f"expected a value >= 0; found {_show(quantity)}")
        self._check_bounds(quantity)
        self._check_plausible(quantity)
        return quantity

    def _check_plausible(self, quantity: pint.Quantity[Any]) -> None:
        from mrv.common.plausible import limit_for  # noqa: PLC0415

        unit = self.example_unit
        if unit in {"1", "fraction"}:
            unit = "1"
        value = magnitude_in(quantity, units.parse_unit(unit))
        limit = limit_for(unit)
        if limit.exceeds(value, unit):
            raise _quantity_error(f"expected a value {limit.describe()}; found {_show(quantity)}")

    def _check_bounds(self, quantity: pint.Quantity[Any]) -> None:
        if self.ge is None and self.le is None:
            return
        value = magnitude_in(quantity, units.parse_unit(self.example_unit))
        low = -math.inf if self.ge is None else self.ge
        high = math.inf if self.le is None else self.le
        if not low <= value <= high:
            hint = ""
            written_as_number = units.format_unit(quantity.units) not in {"%", "percent"}
            if self.bare_number_unit and written_as_number and 1 < value <= _PER_CENT:
                hint = " (a per cent must carry the unit '%')"
            raise _quantity_error(
                f"expected a value in [{low}, {high}] {self.example_unit}; found {_show(quantity)}{hint}"
            )


def _show(quantity: pint.Quantity[Any]) -> str:
    unit = units.format_unit(quantity.units)
    return f"{quantity.magnitude:g}" if unit in {"1", "frac"} else f"{quantity.magnitude:g} {unit}"


def _quantity_error(message: str) -> PydanticCustomError:
    return PydanticCustomError("quantity", "{message}", {"message": message})


def _value_and_unit(raw: Any, spec: QuantitySpec | None) -> tuple[float, str]:
    """Split a mapping, string or bare number into a value and a unit text."""
    expected = spec.describe() if spec else "a quantity"
    if isinstance(raw, dict):
        if set(raw) != {"value", "unit"}:
            raise _quantity_error(
                f"expected {expected} as {{value, unit}}; found keys {sorted(map(str, raw))}"
            )
        value, unit_text = raw["value"], raw["unit"]
        if isinstance(value, bool) or not isinstance(value, (int, float)):
            raise _quantity_error(f"expected a number as value; found {value!r}")
        if not isinstance(unit_text, str):
            raise _quantity_error(f"expected a string as unit; found {unit_text!r}")
        return float(value), unit_text
    bare_allowed = spec is not None and spec.bare_number_unit
    default_unit = spec.example_unit if spec else ""
    if isinstance(raw, str):
        try:
            value, unit_text = units.split_quantity_text(raw)
        except ValueError as error:
            raise _quantity_error(str(error)) from None
        if not unit_text and not bare_allowed:
            raise _quantity_error(f"expected {expected}; found {raw!r} without a unit")
        return value, unit_text or default_unit
    if isinstance(raw, (int, float)) and not isinstance(raw, bool):
        if not bare_allowed:
            raise _quantity_error(f"expected {expected} with a unit; found the bare number {raw}")
        return float(raw), default_unit
    raise _quantity_error(f"expected {expected}; found {type(raw).__name__}")


def parse_quantity(raw: Any, spec: QuantitySpec | None = None) -> pint.Quantity[Any]:
    """Read a quantity from a mapping, a string, a number (where allowed) or a pint Quantity.

    Raises
    ------
    pydantic_core.PydanticCustomError
        If the input has the wrong shape or an unknown unit.
    """
    import pint  # noqa: PLC0415

    ureg = units.get_registry()
    if isinstance(raw, pint.Quantity):
        if not isinstance(raw.magnitude, (int, float)):
            raise _quantity_error("expected a scalar quantity; found an array")
        return ureg.Quantity(float(raw.magnitude), raw.units)
    value, unit_text = _value_and_unit(raw, spec)
    try:
        unit = units.parse_unit(unit_text)
    except ValueError as error:
        raise _quantity_error(str(error)) from None
    return ureg.Quantity(value, unit)


def magnitudes(quantities: Sequence[Any], unit: str) -> FloatArray:
    """Magnitudes of scalar quantities in ``unit``, as one array [``unit``].

    The conversion factor is found once per distinct unit (strata usually share one), not once
    per quantity: converting each of 10,000 stratum areas through pint costs a quarter of a
    second; this costs milliseconds. Offset units (``degC``) are converted one by one.
    """
    target = units.parse_unit(unit)
    result = np.empty(len(quantities), dtype=np.float64)
    for index, quantity in enumerate(quantities):
        result[index] = magnitude_in(quantity, target)
    return result


def magnitude_in(quantity: Any, target: Any) -> float:
    """Magnitude of a scalar quantity in the pint unit ``target``, by a factor found once per unit."""
    # pint's unit container: hashable and cheap, where ``.units`` builds a Unit each time
    factor = units.multiplier(getattr(quantity, "_units", None) or quantity.units, target)
    if factor is None:  # an offset unit (degC)
        return float(quantity.m_as(target))
    return float(quantity.magnitude) * factor


def serialize_quantity(quantity: Any) -> dict[str, Any]:
    """Write a scalar quantity as ``{"value": float, "unit": str}``."""
    return {"value": float(quantity.magnitude), "unit": units.format_unit(quantity.units)}


def _spec(dimension: str, unit: str, **options: Any) -> QuantitySpec:
    return QuantitySpec(dimension, unit, **options)


#: Land area [ha], >= 0.
Area = Annotated[Quantity, _spec("[area]", "ha", nonnegative=True)]
#: Length or depth [m], >= 0.
Length = Annotated[Quantity, _spec("[length]", "m", nonnegative=True)]
#: Mass of material (biomass, soil, amendment) [t], >= 0.
Mass = Annotated[Quantity, _spec("[mass]", "t", nonnegative=True)]
#: Volume [m**3], >= 0.
Volume = Annotated[Quantity, _spec("[volume]", "m**3", nonnegative=True)]
#: Mass per area, e.g. biomass [t/ha], >= 0.
MassPerArea = Annotated[Quantity, _spec("[mass] / [area]", "t / ha", nonnegative=True)]
#: Volume per area, e.g. growing stock [m**3/ha], >= 0.
VolumePerArea = Annotated[Quantity, _spec("[volume] / [area]", "m**3 / ha", nonnegative=True)]
#: Density [t/m**3], >= 0.
Density = Annotated[Quantity, _spec("[mass] / [volume]", "t / m**3", nonnegative=True)]
#: Duration [yr], >= 0.
Duration = Annotated[Quantity, _spec("[time]", "yr", nonnegative=True)]
#: Mass of carbon in any carbon species (t C, t CO2, t CO2e); may be negative (a change).
CarbonMass = Annotated[Quantity, _spec("[mass] * [carbon]", "t CO2e")]
#: Carbon stock per area [t C/ha]; may be negative (a change).
CarbonPerArea = Annotated[Quantity, _spec("[mass] * [carbon] / [area]", "t C / ha")]
#: Fraction in [0, 1]; a bare number is a fraction, a per cent carries '%'.
Fraction = Annotated[Quantity, _spec("", "fraction", ge=0.0, le=1.0, bare_number_unit=True)]
#: Dimensionless ratio >= 0 (root-shoot ratio, expansion factor).
NonNegativeRatio = Annotated[Quantity, _spec("", "1", nonnegative=True, bare_number_unit=True)]


@dataclass(frozen=True)
class QuantityColumn:
    """One column of a table: a float64 array and the unit it is in.

    Attributes
    ----------
    magnitude : numpy.ndarray
        The values, read-only, one per row.
    unit : str
        The unit of every value, as written in the table header.
    """

    magnitude: FloatArray
    unit: str

    def __post_init__(self) -> None:
        array = np.asarray(self.magnitude, dtype=np.float64)
        array.setflags(write=False)
        object.__setattr__(self, "magnitude", array)

    def __len__(self) -> int:
        return int(self.magnitude.shape[0])

    def to(self, unit: str) -> FloatArray:
        """Return the values converted to ``unit`` (one operation for the whole column).

        Parameters
        ----------
        unit : str
            Target unit of the same dimension.

        Returns
        -------
        numpy.ndarray
            Values in ``unit``.
        """
        return np.asarray(units.convert(self.magnitude, self.unit, unit), dtype=np.float64)

    def quantity(self) -> pint.Quantity[Any]:
        """Return the column as one pint Quantity wrapping the whole array."""
        return units.get_registry().Quantity(self.magnitude, units.parse_unit(self.unit))
