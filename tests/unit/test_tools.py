"""Shared calculators in mrv.tools against the cropland formula sheet's worked examples.

Source of the vectors: shared/methodologies/cropland.md §3 (Ex 1, Ex 2, Ex 3 and the unit check).
"""

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

from mrv.common import units
from mrv.contract.equations import Trace
from mrv.tools.fossil_fuel import co2_fuel_by_energy, co2_fuel_by_volume
from mrv.tools.liming_urea import co2_c_liming, co2_c_urea
from mrv.tools.soc_stock import delta_c_mineral, soc_from_cores, soc_from_density, soc_tier1
from mrv.tools.soil_n2o import n2o_n_direct, n2o_n_leaching, n2o_n_volatilisation


def n2o_total(f_sn, f_on, ef1_sn, ef1_other, gasf, gasm, ef4, leach, ef5):
    """Direct + volatilisation + leaching for one hectare [kg N2O-N], traced, in kg N2O-N."""
    trace = Trace()
    with trace.active():
        n = lambda value: trace.input("n", value, "kg N")  # noqa: E731
        f = lambda value, unit: trace.input("factor", value, unit)  # noqa: E731
        zero = n(0.0)
        direct = n2o_n_direct(
            n(f_sn),
            n(f_on),
            zero,
            zero,
            f(ef1_sn, "kg N2O_N / kg N"),
            f(ef1_other, "kg N2O_N / kg N"),
        )
        volat = n2o_n_volatilisation(
            n(f_sn),
            n(f_on),
            zero,
            f(gasf, "kg N / kg N"),
            f(gasm, "kg N / kg N"),
            f(ef4, "kg N2O_N / kg N"),
        )
        leached = n2o_n_leaching(
            n(f_sn), n(f_on), zero, zero, zero, f(leach, "kg N / kg N"), f(ef5, "kg N2O_N / kg N")
        )
    return direct.magnitude, volat.magnitude, leached.magnitude


def to_t_co2e(kg_n2o_n, gwp_set="AR5"):
    ureg = units.get_registry()
    with ureg.context(gwp_set):
        return ureg.Quantity(kg_n2o_n, units.parse_unit("kg N2O_N")).m_as(
            units.parse_unit("t CO2e")
        )


@pytest.mark.parametrize(
    ("name", "factors", "parts", "t_co2e"),
    [
        # Ex 2 (a): 2019 disaggregated, wet climate, urea Frac_GASF 0.15
        (
            "2019 disaggregated",
            (0.016, 0.006, 0.15, 0.21, 0.014, 0.24, 0.011),
            (2.7600, 0.4914, 0.5544),
            1.584844,
        ),
        # Ex 2 (b): 2019 aggregated
        (
            "2019 aggregated",
            (0.010, 0.010, 0.11, 0.21, 0.010, 0.24, 0.011),
            (2.1000, 0.2910, 0.5544),
            1.226549,
        ),
        # Ex 2 (c): 2006 defaults
        (
            "2006",
            (0.010, 0.010, 0.10, 0.20, 0.010, 0.30, 0.0075),
            (2.1000, 0.2700, 0.4725),
            1.183698,
        ),
    ],
)
def test_n2o_urea_and_manure(name, factors, parts, t_co2e):
    """Ex 2: 150 kg N/ha of urea and 60 kg N/ha of manure, GWP N2O 265 (AR5)."""
    direct, volat, leached = n2o_total(150.0, 60.0, *factors)
    assert (direct, volat, leached) == pytest.approx(parts, rel=1e-9)
    assert to_t_co2e(direct + volat + leached) == pytest.approx(t_co2e, rel=1e-6)


@pytest.mark.parametrize(
    ("f_sn", "f_on", "ef", "expected"),
    [
        (150.0, 0.0, (0.010, 0.010, 0.011), 0.858259),  # Ex 3 baseline, central factors
        (90.0, 60.0, (0.010, 0.010, 0.011), 0.883245),  # Ex 3 project, central factors
        (
            150.0,
            0.0,
            (0.018, 0.018, 0.020),
            1.547865,
        ),  # Ex 3 baseline, conservative (upper) factors
        (90.0, 60.0, (0.018, 0.018, 0.020), 1.592839),  # Ex 3 project, conservative factors
    ],
)
def test_vm0042_qa3_fertiliser_n2o(f_sn, f_on, ef, expected):
    direct_ef, volat_ef, leach_ef = ef
    direct, volat, leached = n2o_total(
        f_sn, f_on, direct_ef, direct_ef, 0.11, 0.21, volat_ef, 0.24, leach_ef
    )
    assert to_t_co2e(direct + volat + leached) == pytest.approx(expected, rel=1e-6)


def test_urea_and_limestone_co2():
    """Ex 2: 150 kg N as urea (46 % N) and 500 kg limestone per hectare."""
    ureg = units.get_registry()
    urea_c = co2_c_urea(150 / 0.46 / 1000, 0.20)  # t C
    lime_c = co2_c_liming(0.5, 0.0, 0.12, 0.13)
    assert ureg.Quantity(urea_c, "t C").m_as("kg CO2") == pytest.approx(239.1304, rel=1e-6)
    assert ureg.Quantity(lime_c, "t C").m_as("kg CO2") == pytest.approx(220.0000, rel=1e-9)


def test_fuel_co2():
    """Ex 3 step 4: (60 - 35) L/ha of diesel on 100 ha at 0.002886 t CO2/L."""
    saved = co2_fuel_by_volume(np.array([60.0 * 100]), np.array([0.002886])) - co2_fuel_by_volume(
        np.array([35.0 * 100]), np.array([0.002886])
    )
    assert saved == pytest.approx(7.215, rel=1e-12)
    assert co2_fuel_by_energy(
        np.array([2.0, 1.0]), np.array([43.0, 44.3]), np.array([0.0741, 0.0693])
    ) == pytest.approx(2 * 43 * 0.0741 + 44.3 * 0.0693)


def test_soc_from_cores_and_density():
    """Unit check of the sheet (VM0042 Fig. 3): 47.36351 t C/ha from cores; 48.60 t C/ha from Eq 4."""
    ureg = units.get_registry()
    oc = ureg.Quantity(24.2872, units.parse_unit("g C / kg")).m_as(units.parse_unit("g C / g"))
    cores = soc_from_cores(283.2, 21.5, 4, oc)
    assert units.conversion_factor("g C / mm**2", "t C / ha") * cores == pytest.approx(
        47.36351, rel=1e-6
    )
    layer = soc_from_density(1.35, 30.0, 0.012, 0.0)
    assert units.conversion_factor("g C / cm**2", "t C / ha") * layer == pytest.approx(
        48.60, rel=1e-12
    )


def test_tier1_change_by_hand():
    """Ex 1: conventional to no-till with manure, warm temperate moist HAC, 2019 edition, 100 ha."""
    baseline = soc_tier1(64.0, 0.69, 1.00, 1.00, 100.0)
    project = soc_tier1(64.0, 0.69, 1.10, 1.44, 100.0)
    annual = delta_c_mineral(project, baseline, 20.0, np.array([1.0, 20.0, 21.0]))
    assert annual.tolist() == pytest.approx(
        [128.9472, 128.9472, 0.0], rel=1e-9
    )  # stops after D = 20 years
    assert units.conversion_factor("t C", "t CO2") * annual[0] == pytest.approx(472.8064, rel=1e-7)


@given(st.floats(0, 1e4), st.floats(0, 1e4), st.floats(0, 500))
def test_more_n_never_lowers_n2o(f_sn, f_on, extra):
    before = sum(n2o_total(f_sn, f_on, 0.016, 0.006, 0.15, 0.21, 0.014, 0.24, 0.011))
    after = sum(n2o_total(f_sn + extra, f_on, 0.016, 0.006, 0.15, 0.21, 0.014, 0.24, 0.011))
    assert after >= before


@given(st.floats(0.01, 1e5))
def test_n2o_is_the_same_in_kg_or_t(f_sn):
    """Unit invariance: the traced equation converts t N to its declared kg N."""
    trace = Trace()
    with trace.active():
        ef = trace.input("ef", 0.01, "kg N2O_N / kg N")
        zero = trace.input("zero", 0.0, "t N")
        in_tonnes = n2o_n_direct(trace.input("n", f_sn / 1000, "t N"), zero, zero, zero, ef, ef)
    assert in_tonnes.magnitude == pytest.approx(f_sn * 0.01, rel=1e-12)


def test_freight_and_fuel_of_topsoil_hauling_by_hand():
    """Formula sheet amendment.md §3 Ex2: 43 500 t hauled 12 km each way by heavy trucks at
    129 g/t-km is 134.68 t CO2; 14 200 L of truck diesel on-road and 6 800 L of loader and
    dozer diesel off-road at 0.84 kg/L and 43.0 GJ/t give 0.51290 and 0.24562 TJ, hence
    3.0196 kg CH4 and 9.0249 kg N2O."""
    from mrv.tools.fossil_fuel import ch4_fuel_by_energy, fuel_energy, n2o_fuel_by_energy
    from mrv.tools.freight import co2_freight

    assert co2_freight(np.array([24.0]), np.array([43500.0]), 129e-6) == pytest.approx(134.676)
    energy = fuel_energy(np.array([14200.0, 6800.0]), 0.84e-3, 43.0e-3)
    assert energy == pytest.approx([0.512904, 0.245616])
    assert ch4_fuel_by_energy(energy, np.array([3.9, 4.15])) == pytest.approx(3.0196, abs=1e-4)
    assert n2o_fuel_by_energy(energy, np.array([3.9, 28.6])) == pytest.approx(9.0249, abs=1e-4)


@given(
    st.lists(st.integers(0, 5), min_size=1, max_size=30),
    st.integers(1, 3),
    st.booleans(),
)
def test_sum_by_code_equals_a_loop_over_strata(codes, iterations, grouped):
    """Plots in any order or grouped by stratum, strata without plots anywhere: the same sums."""
    from mrv.tools.sampling import sum_by_code

    codes = np.array(sorted(codes) if grouped else codes, dtype=np.intp)
    strata = 7  # codes reach 5 at most, so stratum 6 and any skipped code have no plots
    values = np.random.default_rng(len(codes)).uniform(-5, 5, (iterations, codes.size))
    expected = np.array(
        [[row[codes == stratum].sum() for stratum in range(strata)] for row in values]
    )
    assert sum_by_code(values, codes, strata) == pytest.approx(expected, rel=1e-12, abs=1e-12)
    assert sum_by_code(values[0], codes, strata) == pytest.approx(expected[0], rel=1e-12, abs=1e-12)


def test_parts_by_key_and_in_proportion_keep_the_iteration_axis():
    """Deliveries 1, 2, 3 t C in units A, B, A: A holds 4, B 2; 6 split 1:2 is 2 and 4.

    Under Monte Carlo the same figures with a leading axis of 3 iterations give parts per
    iteration (the engine reads the central run's parts only).
    """
    import numpy as np

    from mrv.tools.parts import in_proportion, keyed, sum_by

    keys = np.array(["A", "B", "A"])
    assert sum_by(keys, [1.0, 2.0, 3.0]) == {"A": 4.0, "B": 2.0}
    assert sum_by(keys, [1.0, 2.0, 3.0], rows=[False, True, False]) == {"B": 2.0}
    drawn = sum_by(keys, np.tile([1.0, 2.0, 3.0], (3, 1)))
    assert np.asarray(drawn["A"]).shape == (3,)
    assert list(in_proportion(6.0, [1.0, 2.0])) == [2.0, 4.0]
    assert np.shape(in_proportion(np.full((3, 1), 6.0), [1.0, 2.0])) == (3, 2)
    assert in_proportion(5.0, [0.0, 0.0]) is None
    assert keyed(["S1", "S2"], [2.0, 4.0], sign=-1.0) == {"S1": -2.0, "S2": -4.0}
