"""Money in planning estimates: a currency per some quantity, the currency named by its unit.

Each currency is a dimension of its own in the registry (``CNY``/``元``/``万元``, ``USD``,
``EUR``), so a price in USD never mixes with a cost in CNY: exchange rates are assumptions a
planner states, not units.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Annotated, Any

from pydantic_core import PydanticCustomError

from mrv.common import units
from mrv.common.quantity import Quantity, QuantitySpec, parse_quantity

__all__ = ["CostPerArea", "CostPerAreaPerYear", "Price", "currency_of"]

_CURRENCY_PREFIX = "[currency_"


def currency_of(quantity: Any) -> str:
    """Name the one currency a money quantity is in (``"CNY"``), or raise ValueError."""
    found = [d for d in quantity.dimensionality if d.startswith(_CURRENCY_PREFIX)]
    if len(found) != 1 or quantity.dimensionality[found[0]] != 1:
        raise ValueError(f"expected an amount in one currency; found {quantity.dimensionality}")
    return str(found[0]).removeprefix(_CURRENCY_PREFIX).rstrip("]")


@dataclass(frozen=True)
class MoneySpec(QuantitySpec):
    """A currency (any one, to the first power) per the dimension ``dimension`` names."""

    def describe(self) -> str:
        """Say in words what the field expects, for error messages."""
        return f"an amount in one currency, as {self.example_unit!r} is"

    def validate(self, raw: Any) -> Any:
        """Parse a money quantity; refuse a unit without exactly one currency or of wrong 'per'."""
        quantity = parse_quantity(raw, self)
        ureg = units.get_registry()
        try:
            currency = currency_of(quantity)
        except ValueError:
            unit = units.format_unit(quantity.units)
            raise PydanticCustomError(
                "quantity",
                "{message}",
                {"message": f"expected {self.describe()}; found unit {unit!r} with no currency"},
            ) from None
        per = quantity / ureg.Quantity(1.0, units.parse_unit(currency))
        expected = ureg.get_dimensionality(self.dimension) if self.dimension else {}
        if per.dimensionality != expected:
            unit = units.format_unit(quantity.units)
            raise PydanticCustomError(
                "quantity",
                "{message}",
                {"message": f"expected {self.describe()}; found unit {unit!r}"},
            )
        if self.nonnegative and float(quantity.magnitude) < 0:
            raise PydanticCustomError(
                "quantity", "{message}", {"message": "expected an amount >= 0"}
            )
        return quantity


#: A price of credits, e.g. ``60 CNY / t CO2e`` or ``12 USD / t CO2e``.
Price = Annotated[Quantity, MoneySpec("1 / [mass] / [carbon]", "CNY / t CO2e", nonnegative=True)]
#: A one-off cost per area, e.g. ``45000 CNY / ha`` or ``3 万元 / mu``.
CostPerArea = Annotated[Quantity, MoneySpec("1 / [area]", "CNY / ha", nonnegative=True)]
#: A yearly cost per area, e.g. ``600 CNY / ha / yr``.
CostPerAreaPerYear = Annotated[
    Quantity, MoneySpec("1 / [area] / [time]", "CNY / ha / yr", nonnegative=True)
]
