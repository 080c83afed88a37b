"""The unit registry: species, GWP contexts, parsing."""

import subprocess
import sys

import numpy as np
import pint
import pytest

from mrv.common import units


@pytest.fixture(scope="module")
def ureg():
    return units.get_registry()


def test_carbon_to_co2_by_molecular_weights(ureg):
    # IPCC 2006 GL Vol. 4 Ch. 2 Eq. 2.16: 44/12
    assert ureg.Quantity(12.0, "t C").m_as("t CO2") == pytest.approx(44.0, rel=1e-15)
    assert ureg.Quantity(1.0, "t CO2e").m_as("t CO2") == 1.0


def test_element_forms(ureg):
    # N2O-N to N2O by 44/28 (IPCC 2006 GL Vol. 4 Ch. 11 Eq. 11.1); CH4-C to CH4 by 16/12
    assert ureg.Quantity(28.0, "kg N2O_N").m_as("kg N2O") == pytest.approx(44.0)
    assert ureg.Quantity(12.0, "kg CH4_C").m_as("kg CH4") == pytest.approx(16.0)


def test_methane_plus_co2_is_a_unit_error(ureg):
    with pytest.raises(pint.DimensionalityError):
        ureg.Quantity(1.0, "t CH4") + ureg.Quantity(1.0, "t CO2")
    with pytest.raises(pint.DimensionalityError):
        ureg.Quantity(1.0, "t CH4").to("t CO2e")


@pytest.mark.parametrize(
    ("gwp_set", "species", "expected"),
    [
        # values of the globalwarmingpotentials package (IPCC reports, 100-year horizon)
        ("SAR", "CH4", 21.0),
        ("SAR", "N2O", 310.0),
        ("AR4", "CH4", 25.0),
        ("AR4", "N2O", 298.0),
        ("AR5", "CH4", 28.0),
        ("AR5", "N2O", 265.0),
        ("AR6", "CH4", 27.9),
        ("AR6", "N2O", 273.0),
        # IPCC AR6 WG1 Table 7.15, non-fossil methane
        ("AR6", "CH4_biogenic", 27.0),
        ("AR5", "CH4_biogenic", 28.0),
    ],
)
def test_gwp_contexts(ureg, gwp_set, species, expected):
    with ureg.context(gwp_set):
        assert ureg.Quantity(2.0, f"t {species}").m_as("t CO2e") == pytest.approx(2 * expected)
        rate = ureg.Quantity(1000.0, f"kg {species} / ha / yr").m_as(
            units.parse_unit("t CO2e / ha / yr")
        )
        assert rate == pytest.approx(expected)
    assert units.gwp_value(gwp_set, species).value == expected


def test_unknown_gwp_set():
    with pytest.raises(KeyError, match="no GWP"):
        units.gwp_value("AR9", "CH4")


def test_spaces_bind_tighter_than_division():
    ratio = units.parse_unit("kg N2O_N / kg N")
    assert ratio == units.parse_unit("(kg N2O_N) / (kg N)")
    assert units.conversion_factor("t C / ha / yr", "kg C / m**2 / yr") == pytest.approx(0.1)


def test_percent_and_fraction_are_distinct(ureg):
    assert ureg.Quantity(12.0, units.parse_unit("%")).m_as("fraction") == pytest.approx(0.12)
    assert ureg.Quantity(0.12, "fraction").m_as("percent") == pytest.approx(12.0)


def test_unknown_unit():
    with pytest.raises(ValueError, match="unknown unit 'hectar'"):
        units.parse_unit("hectar")


def test_round_trip_of_formatted_units():
    for text in ["t C / ha / yr", "kg N2O_N / kg N", "t CO2e", "m**3 / ha", "1"]:
        unit = units.parse_unit(text)
        assert units.parse_unit(units.format_unit(unit)) == unit


def test_import_does_not_build_the_registry():
    code = "import sys, mrv, mrv.common.units; print('pint' in sys.modules)"
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    )
    assert result.stdout.strip() == "False"


def test_registry_is_pints_application_registry(ureg):
    assert pint.get_application_registry().get() is ureg


def test_mu_is_the_chinese_land_unit(ureg):
    assert ureg.Quantity(15.0, units.parse_unit("mu")).m_as("ha") == pytest.approx(1.0)
    assert ureg.Quantity(1.0, units.parse_unit("亩")).m_as("m**2") == pytest.approx(10000 / 15)


def test_convert_handles_temperature_offsets_and_arrays():
    """degC to K adds 273.15 (IPCC/SI definition); multiplicative units scale (1 ha = 10,000 m2)."""
    assert units.convert(np.array([0.0, 15.0]), "degC", "kelvin") == pytest.approx([273.15, 288.15])
    assert units.convert(2.0, "ha", "m**2") == pytest.approx(20_000.0)
    assert units.convert(1.5, "t", "t") == 1.5


@pytest.mark.parametrize("text", ["(kg", "kg / (ha", "{value: 1}"])
def test_unbalanced_brackets_are_an_unknown_unit(text):
    """Found by the document mutation test: pint's tokenizer raised TokenError, a crash."""
    with pytest.raises(ValueError, match="unknown unit"):
        units.parse_unit(text)
