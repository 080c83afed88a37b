"""IPCC 2006 GL Vol. 1 Ch. 3 Approach 1, by hand."""

import math

import pytest
from hypothesis import given
from hypothesis import strategies as st

from mrv.engine.uncertainty import product_uncertainty, sum_uncertainty


def test_sum_eq_3_2():
    # two estimates 100 +/- 10 % and 50 +/- 20 %: sqrt(10^2 + 10^2) / 150
    assert sum_uncertainty([100.0, 50.0], [0.10, 0.20]) == pytest.approx(
        math.sqrt(200) / 150, rel=1e-15
    )


def test_product_eq_3_1():
    assert product_uncertainty([0.10, 0.20]) == pytest.approx(math.sqrt(0.05), rel=1e-15)


def test_edge_cases():
    assert sum_uncertainty([1.0, -1.0], [0.0, 0.0]) == 0.0
    assert sum_uncertainty([1.0, -1.0], [0.1, 0.0]) == math.inf
    with pytest.raises(ValueError, match="one uncertainty per value"):
        sum_uncertainty([1.0], [])


@given(st.lists(st.tuples(st.floats(0.1, 1e6), st.floats(0, 1)), min_size=1, max_size=10))
def test_a_sum_of_positive_estimates_is_no_less_certain_than_its_least_certain_part(rows):
    values, uncertainties = zip(*rows, strict=True)
    assert sum_uncertainty(values, uncertainties) <= max(uncertainties) + 1e-12
