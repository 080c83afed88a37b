"""Charts and figures of the HTML pages: round ticks, a net marker, no -0.000, units as written."""

from __future__ import annotations

import math
import re

import pytest
from hypothesis import given
from hypothesis import strategies as st

from mrv.common.units import pretty_unit
from mrv.interface.html.charts import _scale, _tick, stacked_bars
from mrv.interface.html.page import _number


@given(
    st.floats(-1e7, 1e7, allow_nan=False),
    st.floats(0.001, 1e7, allow_nan=False),
)
def test_an_axis_covers_the_data_on_round_ticks(low, span):
    """Ends are multiples of the step, the step is 1, 2, 2.5 or 5 times a power of ten, and
    there are at most 2 x TICKS + 1 ticks."""
    high = low + span
    bottom, top, step = _scale(low, high)
    assert bottom <= low and top >= high
    mantissa = step / 10 ** math.floor(math.log10(step))
    assert any(abs(mantissa - m) < 1e-9 for m in (1, 2, 2.5, 5, 10))
    assert abs(bottom / step - round(bottom / step)) < 1e-6
    assert round((top - bottom) / step) <= 9


@pytest.mark.parametrize(
    ("value", "step", "shown"),
    [
        (0.25, 0.25, "0.25"),
        (-0.0, 0.5, "0"),
        (1e-17, 0.1, "0"),
        (2500.0, 2500.0, "2,500"),
        (7.5, 2.5, "7.5"),
    ],
)
def test_ticks_are_written_with_the_decimals_their_step_needs(value, step, shown):
    assert _tick(value, step) == shown


def test_a_figure_never_reads_minus_zero():
    assert _number(-0.0004) == "0.000"
    assert _number(-0.0006) == "-0.001"


@pytest.mark.parametrize(
    ("unit", "shown"),
    [
        ("g/cm**3", "g/cm³"),
        ("C * t / ha", "t C/ha"),
        ("m ** 2", "m²"),
        ("yr**-1", "yr⁻¹"),
        ("t CO2e", "t CO2e"),
    ],
)
def test_units_are_shown_as_people_write_them(unit, shown):
    assert pretty_unit(unit) == shown


def test_stacked_bars_mark_the_net_and_name_the_unit():
    """Terms +30 and -10 in one period: the net marker sits at 20, and the axis names t CO2e."""
    svg = stacked_bars("t", ["MP1"], {"a": [30.0], "b": [-10.0]}, unit="t CO2e", net="net")
    assert "<title>net MP1: 20.000</title>" in svg
    assert ">t CO2e</text>" in svg
    ticks = re.findall(r'text-anchor="end">([^<]+)</text>', svg)
    assert ticks[:-1] == ["-10", "0", "10", "20", "30"]
