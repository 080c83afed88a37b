"""Arithmetic on traced values: units checked, each step a derived trace entry, Monte Carlo kept.

Hand figures: 2 t C + 500 kg C = 2.5 t C; 3 t C/ha x 4 ha = 12 t C; 12 t C / 4 ha = 3 t C/ha;
strata 1, 2, 3 t C sum to 6 t C; -(2 t C) = -2 t C.
"""

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

import mrv
from mrv.contract.trace import Trace
from mrv.contract.traced import Traced


def recorded(trace: Trace, identifier: str) -> dict:
    return next(entry for entry in trace.entries if entry["id"] == identifier)


def test_a_sum_converts_the_second_operand_and_cites_both():
    trace = Trace()
    with trace.active():
        a = trace.input("inputs.a", 2.0, "t C")
        b = trace.input("inputs.b", 500.0, "kg C")
        result = a + b
    assert result.unit == "t C"
    assert result.magnitude == pytest.approx(2.5)
    entry = recorded(trace, "sum")
    assert entry["equation"] == "derived: a + b"
    assert [item["ref"] for item in entry["inputs"]] == ["input:inputs.a", "input:inputs.b"]
    assert entry["value"] == {"value": 2.5, "unit": "t C"}


def test_adding_different_dimensions_names_both_origins():
    trace = Trace()
    with trace.active():
        carbon = trace.input("inputs.c", 2.0, "t C")
        area = trace.input("inputs.area", 4.0, "ha")
        with pytest.raises(TypeError, match=r"inputs\.area.*inputs\.c.*differ in dimension"):
            carbon + area


def test_products_and_quotients_carry_their_units():
    trace = Trace()
    with trace.active():
        density = trace.input("inputs.density", 3.0, "t C / ha")
        area = trace.input("inputs.area", 4.0, "ha")
        stock = density * area
        back = stock / area
    assert stock.magnitude == pytest.approx(12.0)
    assert stock.to("t C") == pytest.approx(12.0)
    assert back.to("t C / ha") == pytest.approx(3.0)
    assert [entry["id"] for entry in trace.entries] == ["product", "quotient"]


def test_parameters_are_listed_apart_and_constants_are_shown():
    trace = Trace()
    with trace.active():
        factor = Traced(0.47, "t C / t", ("parameter:carbon_fraction",))
        mass = trace.input("inputs.mass", 10.0, "t")
        carbon = (factor * mass * 2).named("doubled")
    assert carbon.to("t C") == pytest.approx(9.4)
    entry = recorded(trace, "doubled")
    assert entry["equation"] == "derived: a * 2.0"
    assert recorded(trace, "product")["parameters"] == ["carbon_fraction"]


def test_sum_over_strata_and_negation():
    trace = Trace()
    with trace.active(), trace.scope("MP1"):
        strata = trace.input("inputs.strata", np.array([1.0, 2.0, 3.0]), "t C")
        net = (-strata.sum()).named("net")
    assert net.magnitude == pytest.approx(-6.0)
    assert [entry["id"] for entry in trace.entries] == ["MP1/total", "MP1/net"]
    assert recorded(trace, "MP1/net")["inputs"] == [{"argument": "a", "ref": "MP1/total"}]


def test_python_sum_starts_from_zero_without_an_entry():
    trace = Trace()
    with trace.active():
        parts = [trace.input(f"inputs.p{i}", float(i), "t C") for i in (1, 2, 3)]
        result = sum(parts)
    assert result.magnitude == pytest.approx(6.0)
    assert [entry["id"] for entry in trace.entries] == ["sum", "sum#2"]


def test_comparison_and_where_choose_element_by_element():
    trace = Trace()
    with trace.active():
        change = trace.input("inputs.change", np.array([-1.0, 2.0]), "t C")
        zero = Traced(0.0, "t C", ("parameter:floor",))
        kept = mrv.where(change > zero, change, zero)
    assert list(kept.magnitude) == [0.0, 2.0]
    assert recorded(trace, "comparison")["value"]["values"] == [0.0, 1.0]
    with pytest.raises(TypeError, match=r"use mrv.where"), trace.active():
        bool(change > zero)


def test_a_scalar_comparison_may_drive_an_if():
    trace = Trace()
    with trace.active():
        a = trace.input("inputs.a", 1.0, "t C")
        b = trace.input("inputs.b", 2.0, "t C")
        assert a < b
        assert not a >= b


def test_monte_carlo_keeps_the_iteration_axis_and_records_nothing():
    """Random (iterations, n) strata sum to (iterations, 1), and broadcast with random scalars."""

    class Sampler:
        pass

    trace = Trace(sampler=Sampler())
    per_stratum = Traced(np.ones((5, 3)), "t C", ("x",))
    scalar = Traced(np.full((5, 1), 2.0), "t C", ("y",))
    with trace.active():
        result = (per_stratum.sum() - scalar).named("net")
    assert np.shape(result.magnitude) == (5, 1)
    assert np.allclose(result.magnitude, 1.0)
    assert trace.entries == []


def test_only_the_latest_entry_can_be_named():
    trace = Trace()
    with trace.active():
        a = trace.input("inputs.a", 1.0, "t C")
        first = a + a
        a * a
        with pytest.raises(ValueError, match="latest entry"):
            first.named("late")


def test_arithmetic_outside_a_trace_is_refused():
    a = Traced(1.0, "t C", ("x",))
    with pytest.raises(RuntimeError, match="outside an active Trace"):
        a + a


@given(
    st.floats(min_value=-1e6, max_value=1e6, allow_nan=False),
    st.floats(min_value=-1e6, max_value=1e6, allow_nan=False),
    st.sampled_from(["kg C", "t C", "Mg C", "g C"]),
)
def test_a_sum_does_not_depend_on_the_unit_of_the_second_operand(a, b, unit):
    """Property: a [t C] + b [t C] equals a [t C] + (b written in another mass unit)."""
    trace = Trace()
    with trace.active():
        first = trace.input("inputs.a", a, "t C")
        direct = first + trace.input("inputs.b", b, "t C")
        factor = {"kg C": 1e3, "t C": 1.0, "Mg C": 1.0, "g C": 1e6}[unit]
        other = first + trace.input("inputs.b2", b * factor, unit)
    assert other.magnitude == pytest.approx(direct.magnitude, rel=1e-12, abs=1e-9)
