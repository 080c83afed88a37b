"""The @equation decorator in its three modes, and the trace."""

import numpy as np
import pytest

from mrv.common import units
from mrv.contract.equations import UNIT_RATIO, Trace, equation


@equation(
    "TEST v1",
    "eq. 1",
    returns="t CO2",
    args={"b": "t / ha", "area": "ha", "cf": "t C / t", "k": "t CO2 / t C"},
)
def c_tree(b, area, cf, k=UNIT_RATIO):
    return k * cf * area * b


@equation("TEST v1", "eq. 2", returns="t CO2", args={"x": "t CO2", "flag": None})
def maybe_negate(x, flag):
    return -x if flag else x


def test_plain_mode_uses_registry_ratio():
    assert c_tree(10.0, 2.0, 0.5) == pytest.approx(10 * 2 * 0.5 * 44 / 12)
    result = c_tree(np.array([10.0, 20.0]), np.array([1.0, 2.0]), 0.5)
    assert result.tolist() == pytest.approx([10 * 0.5 * 44 / 12, 40 * 0.5 * 44 / 12])


def test_broadcasts_a_leading_monte_carlo_axis():
    draws = np.array([[10.0, 20.0], [11.0, 21.0], [9.0, 19.0]])
    result = c_tree(draws, np.array([1.0, 2.0]), 0.5)
    assert result.shape == (3, 2)
    assert result[1, 1] == pytest.approx(21 * 2 * 0.5 * 44 / 12)


def test_quantity_mode_is_unit_transparent():
    ureg = units.get_registry()
    result = c_tree(
        ureg.Quantity(1.0, "kg / m**2"),
        ureg.Quantity(20000.0, "m**2"),
        ureg.Quantity(0.5, units.parse_unit("t C / t")),
    )
    assert result.m_as("t CO2") == pytest.approx(c_tree(10.0, 2.0, 0.5))


def test_traced_mode_converts_once_and_records():
    trace = Trace()
    with trace.active(), trace.scope("MP1", "S1"):
        b = trace.input("inputs.plots:agb", np.array([1.0, 2.0]), "kg / m**2")
        area = trace.input("project.strata[0].area", 20000.0, "m**2")
        cf = trace.input("parameter-like", 0.5, "t C / t")
        result = c_tree(b, area, cf)
        again = c_tree(b, area, cf, trace_as="C_TREE")
    assert result.unit == "t CO2"
    assert result.magnitude.tolist() == pytest.approx(
        [10 * 2 * 0.5 * 44 / 12, 20 * 2 * 0.5 * 44 / 12]
    )
    first, second = trace.entries
    assert first["id"] == "MP1/S1/c_tree"
    assert second["id"] == "MP1/S1/C_TREE"
    assert first["equation"] == "TEST v1 eq. 1"
    assert first["value"]["count"] == 2
    assert {item["argument"] for item in first["inputs"]} == {"b", "area", "cf"}
    assert again.refs == ("MP1/S1/C_TREE",)


def test_an_input_is_traced_with_the_value_substituted_and_an_intermediate_by_reference():
    trace = Trace()
    with trace.active(), trace.scope("MP1"):
        b = trace.input("inputs.plots:agb", np.array([1.0, 2.0]), "kg / m**2")
        area = trace.input("project.area", 2.0, "ha")
        cf = trace.input("cf", 0.5, "t C / t")
        stock = c_tree(b, area, cf)
        maybe_negate(stock, True)
    first, second = trace.entries
    by_argument = {item["argument"]: item for item in first["inputs"]}
    # as given, before conversion to the equation's units
    assert by_argument["b"]["value"]["values"] == [1.0, 2.0]
    assert by_argument["b"]["value"]["unit"] == "kg / m**2"
    assert by_argument["area"]["value"] == {"value": 2.0, "unit": "ha"}
    assert second["inputs"] == [{"argument": "x", "ref": "MP1/c_tree"}]


def test_repeated_ids_are_numbered():
    trace = Trace()
    with trace.active():
        x = trace.input("x", 1.0, "t CO2")
        maybe_negate(x, True)
        maybe_negate(x, False)
    assert [entry["id"] for entry in trace.entries] == ["maybe_negate", "maybe_negate#2"]
    assert trace.entries[0]["value"] == {"value": -1.0, "unit": "t CO2"}


def test_untraced_number_in_traced_call_is_refused():
    trace = Trace()
    with trace.active(), pytest.raises(TypeError, match="untraced number"):
        c_tree(trace.input("b", 1.0, "t / ha"), 2.0, 0.5)


def test_traced_call_outside_a_trace_is_refused():
    with pytest.raises(RuntimeError, match="outside an active Trace"):
        maybe_negate(Trace().input("x", 1.0, "t CO2"), True)


def test_declared_args_must_match():
    with pytest.raises(TypeError, match="must match the parameters"):

        @equation("TEST v1", "eq. 9", returns="t", args={"a": "t"})
        def broken(a, b):
            return a + b


def test_wrong_dimension_in_traced_call():
    trace = Trace()
    with trace.active(), pytest.raises(Exception, match="Cannot convert"):
        maybe_negate(trace.input("x", 1.0, "t CH4"), True)
