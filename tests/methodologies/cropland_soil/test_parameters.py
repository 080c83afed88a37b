"""cropland-soil factor tables: the formula sheet's ranges hold, and a known error is not repeated.

The formula sheet (cropland.md §1 item 8) names an implementation that ships wrong IPCC Table 5.5
values: F_I for high input without manure in moist zones as 1.04 (the dry value; moist is 1.11)
and tropical F_MG for reduced tillage as 1.02/1.08 (the 2006 temperate values; tropical is
1.09 dry / 1.15 moist in 2006). These tests pin the values this library ships instead.
"""

import pytest

from mrv.contract.plugins import load_plugins
from mrv.engine.loading import load_parameters

REGISTRY = load_plugins()
METHODOLOGY = REGISTRY.get("cropland-soil")
PROFILES = REGISTRY.profiles(METHODOLOGY)
EDITIONS = {"2019": "default", "2006": "ipcc-2006"}


def tables(edition: str):
    return load_parameters(METHODOLOGY, PROFILES[EDITIONS[edition]])


@pytest.mark.parametrize("edition", sorted(EDITIONS))
def test_high_input_without_manure_is_1_11_in_moist_zones(edition):
    f_i = tables(edition)["f_i"]
    for zone in ("cool_temperate_moist", "warm_temperate_moist", "tropical_moist"):
        assert f_i.row(input="high_without_manure", zone=zone).value == 1.11
    for zone in ("cool_temperate_dry", "warm_temperate_dry", "tropical_dry"):
        assert f_i.row(input="high_without_manure", zone=zone).value == 1.04
    assert "1.04" in f_i.source.note  # the known error is named where the value is defined


@pytest.mark.parametrize(("edition", "dry", "moist"), [("2006", 1.09, 1.15), ("2019", 0.99, 1.04)])
def test_tropical_reduced_tillage_is_not_the_temperate_value(edition, dry, moist):
    f_mg = tables(edition)["f_mg"]
    assert f_mg.row(tillage="reduced", zone="tropical_dry").value == dry
    assert f_mg.row(tillage="reduced", zone="tropical_moist").value == moist
    assert "1.02/1.08" in f_mg.source.note


def test_2019_factors_lie_in_the_ranges_of_the_edition():
    """Formula sheet §4: F_MG in [0.98, 1.10], F_I in [0.92, 1.44], F_MG x F_I at most 1.584,
    SOC_REF 9-143 t C/ha (2019 edition)."""
    parameters = tables("2019")
    f_mg = [row.value for row in parameters["f_mg"].values]
    f_i = [row.value for row in parameters["f_i"].values]
    soc_ref = [row.value for row in parameters["soc_ref"].values]
    assert 0.98 <= min(f_mg) and max(f_mg) <= 1.10
    assert 0.92 <= min(f_i) and max(f_i) <= 1.44
    assert max(f_mg) * max(f_i) <= 1.584 + 1e-12
    assert 9 <= min(soc_ref) and max(soc_ref) <= 143


def test_2006_soc_ref_lies_in_the_range_of_its_edition():
    soc_ref = [row.value for row in tables("2006")["soc_ref"].values]
    assert 10 <= min(soc_ref) and max(soc_ref) <= 146
