"""Equivalent soil mass: the natural cubic spline against scipy's, per core; exact for linear profiles."""

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from scipy.interpolate import CubicSpline

from mrv.tools.equivalent_soil_mass import soc_at_reference_mass

layers = st.lists(st.tuples(st.floats(100.0, 3000.0), st.floats(0.5, 40.0)), min_size=2, max_size=6)


@settings(max_examples=40)
@given(
    st.lists(layers, min_size=1, max_size=5).filter(
        lambda cores: len({len(core) for core in cores}) == 1
    ),
    st.floats(0.05, 1.0),
)
def test_matches_scipy_natural_spline_per_core(cores, share):
    mass = np.array([[m for m, _ in core] for core in cores])
    carbon = np.array([[c for _, c in core] for core in cores])
    reference = share * mass.sum(axis=1).min()
    found = soc_at_reference_mass(mass, carbon, np.array([reference]))
    for index in range(len(cores)):
        knots = np.concatenate([[0.0], np.cumsum(mass[index])])
        values = np.concatenate([[0.0], np.cumsum(carbon[index])])
        expected = CubicSpline(knots, values, bc_type="natural")(reference)
        assert found[index, 0] == pytest.approx(float(expected), rel=1e-9, abs=1e-9)


def test_a_constant_concentration_is_read_exactly():
    # 2 % SOC by mass in every layer: SOC at any reference mass is 0.02 times that mass
    mass = np.array([[1500.0, 1200.0, 1800.0], [1000.0, 2000.0, 1600.0]])
    found = soc_at_reference_mass(mass, 0.02 * mass, np.array([500.0, 2600.0, 4000.0]))
    assert found == pytest.approx(0.02 * np.array([[500.0, 2600.0, 4000.0]] * 2), rel=1e-12)


def test_passes_through_the_sampled_increments():
    mass = np.array([[1500.0, 1200.0, 1800.0]])
    carbon = np.array([[30.0, 15.0, 8.0]])
    found = soc_at_reference_mass(mass, carbon, np.cumsum(mass, axis=1))
    assert found == pytest.approx(np.cumsum(carbon, axis=1), rel=1e-12)


def test_refuses_to_extrapolate():
    with pytest.raises(ValueError, match="reference mass beyond the sampled mass of cores \\[1\\]"):
        soc_at_reference_mass(
            np.array([[3000.0, 3000.0], [1000.0, 1000.0]]), np.ones((2, 2)), np.array([2500.0])
        )


def test_linear_reading_takes_the_partial_layer_at_its_concentration():
    """Formula sheet amendment.md §3 Ex3: at t5 the 0-30 cm layer holds 3640.8 t/ha and
    38.2284 t C/ha; 172.2 t/ha more come from the 30-50 cm layer at 0.32 %, so the stock at the
    t0 reference mass of 3813.0 t/ha is 38.2284 + 0.55104 = 38.77944 t C/ha."""
    found = soc_at_reference_mass(
        np.array([[3640.8, 2460.0]]), np.array([[38.2284, 7.872]]), np.array([3813.0]), "linear"
    )
    assert found[0, 0] == pytest.approx(38.77944, rel=1e-12)
