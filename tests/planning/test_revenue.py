"""Discounting and levelised cost (IPCC AR5 WGIII Annex II, A.II.3.1), checked by hand."""

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

from mrv.planning.revenue import discount_factors, levelised_cost, present_value


def test_discount_factors_by_hand():
    assert discount_factors(np.array([0.0, 1.0, 2.0]), 0.1).tolist() == pytest.approx(
        [1.0, 1 / 1.1, 1 / 1.21]
    )


def test_present_value_by_hand():
    # 100 now, 110 in a year and 121 in two years at 10 % are each worth 100 today
    assert present_value(np.array([100.0, 110.0, 121.0]), np.array([0.0, 1.0, 2.0]), 0.1) == (
        pytest.approx(300.0)
    )


def test_levelised_cost_needs_a_positive_benefit():
    assert levelised_cost(1000.0, 50.0) == pytest.approx(20.0)
    assert levelised_cost(1000.0, 0.0) is None
    assert levelised_cost(1000.0, -5.0) is None


@given(st.floats(0.0, 0.3), st.lists(st.floats(0.0, 1e6), min_size=1, max_size=10))
def test_discounting_never_raises_a_value_and_zero_rate_changes_nothing(rate, amounts):
    values = np.array(amounts)
    years = np.arange(1, len(values) + 1, dtype=float)
    assert present_value(values, years, rate) <= values.sum() * (1 + 1e-12) + 1e-9
    assert present_value(values, years, 0.0) == pytest.approx(values.sum())
