"""Quantity fields: parsing, checks, serialisation, JSON Schema."""

import math

import numpy as np
import pytest
from pydantic import BaseModel, ConfigDict, ValidationError

from mrv.common.quantity import Area, CarbonPerArea, Fraction, MassPerArea, QuantityColumn


class Plot(BaseModel):
    model_config = ConfigDict(extra="forbid")
    area: Area
    biomass: MassPerArea
    cover: Fraction
    change: CarbonPerArea


def make(**overrides):
    data = {
        "area": "2 ha",
        "biomass": {"value": 12.5, "unit": "t/ha"},
        "cover": 0.4,
        "change": "-0.3 t C/ha",
    }
    return Plot.model_validate({**data, **overrides})


def error_of(**overrides):
    with pytest.raises(ValidationError) as caught:
        make(**overrides)
    (error,) = caught.value.errors()
    return error["loc"], error["msg"]


def test_accepts_both_forms():
    plot = make()
    assert plot.area.m_as("m**2") == 20000
    assert plot.biomass.m_as("kg / m**2") == pytest.approx(1.25)
    assert plot.change.m_as("t C / ha") == -0.3


def test_serialises_as_value_and_unit():
    dumped = make().model_dump(mode="json")
    assert dumped["area"] == {"value": 2.0, "unit": "ha"}
    assert Plot.model_validate(dumped) == make()


@pytest.mark.parametrize(
    ("field", "raw", "message"),
    [
        (
            "area",
            "2 t",
            "expected a quantity of dimension [area] (e.g. 'ha'); found unit 't' of dimension [mass]",
        ),
        ("area", "2 hectar", "unknown unit 'hectar'"),
        ("area", "-1 ha", "expected a value >= 0; found -1 ha"),
        (
            "area",
            2,
            "expected a quantity of dimension [area] (e.g. 'ha') with a unit; found the bare number 2",
        ),
        (
            "area",
            "2",
            "expected a quantity of dimension [area] (e.g. 'ha'); found '2' without a unit",
        ),
        ("area", {"value": float("nan"), "unit": "ha"}, "expected a finite number; found nan"),
        ("area", {"value": math.inf, "unit": "ha"}, "expected a finite number; found inf"),
        (
            "area",
            {"value": 1, "unit": "ha", "x": 1},
            "expected a quantity of dimension [area] (e.g. 'ha') as {value, unit}; found keys ['unit', 'value', 'x']",
        ),
        ("area", {"value": "1", "unit": "ha"}, "expected a number as value; found '1'"),
        ("area", "ha", "expected a number followed by a unit, found 'ha'"),
        (
            "cover",
            40,
            "expected a value in [0.0, 1.0] fraction; found 40 (a per cent must carry the unit '%')",
        ),
        (
            "cover",
            "1 ha",
            "expected a quantity of dimension dimensionless (e.g. 'fraction'); found unit 'ha' of dimension [length] ** 2",
        ),
    ],
)
def test_rejects_with_a_message(field, raw, message):
    location, text = error_of(**{field: raw})
    assert location == (field,)
    assert text == message


def test_percent_becomes_a_fraction():
    assert make(cover="40 %").cover.m_as("fraction") == pytest.approx(0.4)


def test_json_schema_shows_shape_and_dimension():
    schema = Plot.model_json_schema()["properties"]["biomass"]
    assert schema["x-dimension"] == "[mass] / [area]"
    assert schema["x-unit"] == "t / ha"
    assert schema["anyOf"][0]["required"] == ["value", "unit"]


def test_column_converts_once_and_is_read_only():
    column = QuantityColumn(np.array([1.0, 2.5]), "ha")
    assert column.to("m**2").tolist() == [10000.0, 25000.0]
    assert column.to("ha") is column.magnitude
    with pytest.raises(ValueError, match="read-only"):
        column.magnitude[0] = 3
    assert column.quantity().m_as("m**2").tolist() == [10000.0, 25000.0]


def test_magnitudes_convert_each_unit_once_and_offsets_alone():
    from mrv.common import units
    from mrv.common.quantity import magnitudes

    ureg = units.get_registry()
    quantities = [
        ureg.Quantity(2.0, units.parse_unit("ha")),
        ureg.Quantity(15.0, units.parse_unit("mu")),  # 1 ha
        ureg.Quantity(5000.0, units.parse_unit("m**2")),
    ]
    assert magnitudes(quantities, "ha").tolist() == pytest.approx([2.0, 1.0, 0.5])
    temperatures = [ureg.Quantity(20.0, "degC"), ureg.Quantity(293.15, "kelvin")]
    assert magnitudes(temperatures, "degC").tolist() == pytest.approx([20.0, 20.0])
    assert magnitudes([], "ha").shape == (0,)
