"""wetland-methane properties: area linearity, unit invariance, CH4 monotonicity, the water-level
function's direction, permutation invariance, and a GWP switch touching only CH4 and N2O."""

import functools
import math
from pathlib import Path

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from methodologies.wetland_methane import equations as eq
from mrv.engine.compute import compute
from mrv.model.report import Report
from mrv.testing.editing import (
    assert_same_figures,
    edit_document,
    edit_table,
    example_copy,
    restate_column,
    scale_column,
    scaled,
)

EXAMPLE = Path(__file__).parents[3] / "examples" / "wetland-methane"
AREA_UNITS = {"ha": 1.0, "m**2": 1e4, "mu": 15.0}
# flux units and how many of them make one g CH4-C/m2/yr (the example's unit)
CH4_UNITS = {
    "g CH4_C / m**2 / yr": 1.0,
    "kg CH4 / ha / yr": 10.0 * 16.0 / 12.0,
    "mg CH4_C / m**2 / d": 1000.0 / 365.25,  # the registry's year is the Julian 365.25 d
}
STOCK_UNITS = {"t C / ha": 1.0, "kg C / m**2": 0.1}
CARBON_TERMS = ("soil_co2_c", "carbon_gain", "herb")
few = settings(max_examples=10, deadline=None)


@functools.cache
def original() -> Report:
    """The example's report, computed once (a fixture would be printed with every failing case)."""
    return compute(EXAMPLE / "project.yaml")


def traced(report: Report) -> dict[str, float]:
    return {
        entry.id: entry.value.value
        for entry in report.trace
        if getattr(entry.value, "value", None) is not None
    }


@few
@given(scale=st.floats(0.05, 40.0))
def test_every_figure_scales_with_the_area(scale):
    """Areas of every year, stratum, the project and the displaced activity times k."""
    with example_copy(EXAMPLE) as folder:
        scale_column(folder / "areas.csv", "area", scale)

        def areas(document: dict) -> None:
            project = document["project"]
            project.pop("boundary")  # the drawn boundaries keep their area
            for stratum in project["strata"]:
                stratum.pop("boundary")
            for holder in (project, *project["strata"], *document["inputs"]["displaced"]):
                holder["area"] = scaled(holder["area"], scale)

        edit_document(folder, areas)
        again = compute(folder / "project.yaml")
    assert_same_figures(again, original(), scale)


@few
@given(
    area=st.sampled_from(sorted(AREA_UNITS)),
    ch4=st.sampled_from(sorted(CH4_UNITS)),
    stock=st.sampled_from(sorted(STOCK_UNITS)),
)
def test_the_same_data_in_other_units_gives_the_same_figures(area, ch4, stock):
    """Areas in ha, m2 or mu; CH4 fluxes as CH4 or CH4-C per ha, m2, year or day; stocks in t/ha
    or kg/m2: the unit registry converts, so every figure stays."""
    with example_copy(EXAMPLE) as folder:
        restate_column(folder / "areas.csv", "area", area, AREA_UNITS[area])
        restate_column(folder / "fluxes.csv", "ch4", ch4, CH4_UNITS[ch4])
        restate_column(folder / "soil_carbon.csv", "stock", stock, STOCK_UNITS[stock])
        again = compute(folder / "project.yaml")
    assert_same_figures(again, original())


@few
@given(factor=st.floats(1.0, 5.0), trophic=st.sampled_from(["eutrophic", "hypereutrophic"]))
def test_more_methane_never_raises_the_net_benefit(factor, trophic):
    """Higher measured fluxes, or a more eutrophic lake (larger alpha), lower the net or keep it."""
    with example_copy(EXAMPLE) as folder:

        def more(header: list[str], body: list[list[str]]) -> None:
            for row in body:
                row[3] = repr(float(row[3]) * factor)

        edit_table(folder / "fluxes.csv", more)

        def richer(document: dict) -> None:
            document["inputs"]["strata"][0]["project"]["flooding"]["trophic_status"] = trophic

        edit_document(folder, richer)
        again = compute(folder / "project.yaml")
    for new, old in zip(again.periods, original().periods, strict=True):
        assert new.net_benefit.value < old.net_benefit.value
        assert new.project.value > old.project.value


@given(
    shallow=st.floats(0.0, 60.0),
    deeper=st.floats(0.0, 60.0),
    temperature=st.floats(0.0, 25.0),
    peat=st.sampled_from([(-10.0, 563.6253, 0.09702, 0.662183), (-36.67, 500.0, 0.1234, 3.529)]),
)
def test_the_water_level_function_falls_as_the_water_table_drops(
    shallow, deeper, temperature, peat
):
    """ECOSSE (wetland.md §2.7(e)): CH4 falls as the water table lies deeper below the surface."""
    low, high = sorted((shallow, deeper))
    a, b, c, d = peat
    assert eq.ecosse_ch4_c(a, b, c, d, high, temperature) <= eq.ecosse_ch4_c(
        a, b, c, d, low, temperature
    )


@few
@given(seed=st.integers(0, 2**32 - 1))
def test_the_order_of_strata_and_rows_changes_nothing(seed):
    """Strata listed in reverse; every table's rows shuffled."""
    rng = np.random.default_rng(seed)
    with example_copy(EXAMPLE) as folder:

        def reverse(document: dict) -> None:
            document["project"]["strata"].reverse()
            document["inputs"]["strata"].reverse()

        edit_document(folder, reverse)
        for name in ("areas.csv", "water_table.csv", "fluxes.csv", "soil_carbon.csv"):

            def shuffle(header: list[str], body: list[list[str]]) -> None:
                body[:] = [body[i] for i in rng.permutation(len(body))]

            edit_table(folder / name, shuffle)
        again = compute(folder / "project.yaml")
    assert_same_figures(again, original())


def test_switching_the_gwp_set_changes_only_methane_and_nitrous_oxide():
    """AR5 to AR6: carbon terms keep their t CO2e; the net moves by the CH4 and N2O change."""
    with example_copy(EXAMPLE) as folder:

        def ar6(document: dict) -> None:
            document["project"]["gwp_set"] = "AR6"

        edit_document(folder, ar6)
        again = traced(compute(folder / "project.yaml"))
    before = traced(original())
    for period in ("MP1", "MP2"):
        for group in ("baseline", "project"):
            for term in CARBON_TERMS:
                key = f"{period}/{group}/{term}_co2e"
                if key in before:
                    assert again[key] == before[key]
        gases = [
            f"{period}/{group}/{gas}_co2e"
            for group in ("baseline", "project")
            for gas in ("ch4", "n2o")
        ]
        moved = math.fsum(
            (again[key] - before[key]) * (1 if "/baseline/" in key else -1) for key in gases
        )
        change = again[f"{period}/net_benefit"] - before[f"{period}/net_benefit"]
        assert change == pytest.approx(moved, rel=1e-9, abs=1e-9)
        assert any(again[key] != before[key] for key in gases)
