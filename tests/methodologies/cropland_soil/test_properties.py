"""cropland-soil properties: area linearity, unit invariance, N monotonicity, sample order, Tier 1 D."""

import functools
from pathlib import Path

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from methodologies.cropland_soil import equations as eq
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

EXAMPLE = Path(__file__).parents[3] / "examples" / "cropland-soil"
N_COLUMNS = ("synthetic_n", "organic_n", "residue_n")
# unit -> how many of it make one of the example's unit
AREA_UNITS = {"ha": 1.0, "m**2": 1e4, "mu": 15.0}
N_RATE_UNITS = {"kg N/ha": 1.0, "t N/ha": 1e-3, "g N/m**2": 0.1, "kg N/mu": 1 / 15}
SOC_UNITS = {"%": 1.0, "g/kg": 10.0, "mg/g": 10.0}
few = settings(max_examples=12, deadline=None)


@functools.cache
def original() -> Report:
    """The example's report, computed once (a fixture would be printed with every failing case)."""
    return compute(EXAMPLE / "project.yaml")


def traced(report: Report, suffix: str) -> list[float]:
    return [entry.value.value for entry in report.trace if entry.id.endswith(suffix)]


@few
@given(
    area=st.sampled_from(sorted(AREA_UNITS)),
    nitrogen=st.sampled_from(sorted(N_RATE_UNITS)),
    soc=st.sampled_from(sorted(SOC_UNITS)),
)
def test_the_same_data_in_other_units_gives_the_same_figures(area, nitrogen, soc):
    """Field areas in ha, m2 or mu; N in kg or t per ha (tables and document); SOC in % or g/kg."""
    with example_copy(EXAMPLE) as folder:
        restate_column(folder / "fields.csv", "area", area, AREA_UNITS[area])
        for column in N_COLUMNS:
            restate_column(folder / "management.csv", column, nitrogen, N_RATE_UNITS[nitrogen])
        restate_column(folder / "soc_samples.csv", "soc", soc, SOC_UNITS[soc])

        def baseline_n(document: dict) -> None:
            for stratum in document["inputs"]["strata"]:
                for name in ("synthetic_n", "residue_n"):
                    kg = float(stratum["baseline"][name].split()[0])
                    stratum["baseline"][name] = f"{kg * N_RATE_UNITS[nitrogen]!r} {nitrogen}"

        edit_document(folder, baseline_n)
        again = compute(folder / "project.yaml")
    assert_same_figures(again, original())
    assert again.totals.issuable_credits == original().totals.issuable_credits


@few
@given(scale=st.floats(0.05, 50.0))
def test_every_figure_scales_with_the_area(scale):
    """Scaling each field, stratum and the project by k scales every tonne by k (VM0042 sums
    per-hectare changes times area; the uncertainty is relative, so its deduction scales too)."""
    with example_copy(EXAMPLE) as folder:
        scale_column(folder / "fields.csv", "area", scale)

        def areas(document: dict) -> None:
            project = document["project"]
            for holder in (project, *project["strata"]):
                holder["area"] = scaled(holder["area"], scale)

        edit_document(folder, areas)
        again = compute(folder / "project.yaml")
    assert_same_figures(again, original(), scale)


@few
@given(data=st.data(), extra=st.floats(1.0, 400.0))
def test_more_nitrogen_never_lowers_project_n2o(data, extra):
    """Adding synthetic N to any project records raises or keeps N2O, central and conservative,
    and the project's emissions (IPCC Eq 11.1, 11.9, 11.10 are linear in F_SN with factors >= 0)."""
    records = len((EXAMPLE / "management.csv").read_text().splitlines()) - 1
    chosen = data.draw(st.sets(st.integers(0, records - 1), min_size=1), label="records")
    with example_copy(EXAMPLE) as folder:

        def more(header: list[str], body: list[list[str]]) -> None:
            index = header.index("synthetic_n [kg N/ha]")
            for row in chosen:
                body[row][index] = repr(float(body[row][index]) + extra)

        edit_table(folder / "management.csv", more)
        again = compute(folder / "project.yaml")
    for suffix in ("central/project/n2o_n", "conservative/project/n2o_n"):
        before, after = traced(original(), suffix), traced(again, suffix)
        assert all(b <= a for b, a in zip(before, after, strict=True))
    assert sum(traced(again, "conservative/project/n2o_n")) > sum(
        traced(original(), "conservative/project/n2o_n")
    )
    for old, new in zip(original().periods, again.periods, strict=True):
        assert new.project.value >= old.project.value


@few
@given(order=st.permutations(range(176)))
def test_soil_carbon_does_not_depend_on_the_order_of_the_samples(order):
    """Equivalent soil mass, means and variances come out the same for the rows in any order."""
    with example_copy(EXAMPLE) as folder:

        def shuffle(header: list[str], body: list[list[str]]) -> None:
            assert len(body) == len(order)
            body[:] = [body[index] for index in order]

        edit_table(folder / "soc_samples.csv", shuffle)
        again = compute(folder / "project.yaml")
    for suffix in ("soc/dsoc_project_total", "soc/dsoc_control_total", "soc/unc_soc"):
        np.testing.assert_allclose(traced(again, suffix), traced(original(), suffix), rtol=1e-12)
    assert_same_figures(again, original())


@given(
    years=st.integers(1, 60),
    transition=st.integers(1, 30),
    soc_ref=st.floats(10.0, 150.0),
    factors=st.tuples(st.floats(0.3, 1.5), st.floats(0.3, 1.5)),
    area=st.floats(0.1, 1000.0),
)
def test_tier1_change_stops_after_d_years(years, transition, soc_ref, factors, area):
    """Yearly records from year 1 to N add up to the stock difference times min(N, D) / D:
    IPCC 2006 GL Vol. 4 Eq 2.25 spreads the change over D years and nothing comes after."""
    project, baseline = factors
    since = np.arange(1, years + 1, dtype=np.float64)
    change = eq.tier1_change(
        soc_ref,
        np.full(years, project),
        np.full(years, baseline),
        float(transition),
        since,
        np.array([area]),
        np.zeros(years, dtype=np.intp),
        np.ones(years),
    )
    expected = soc_ref * (project - baseline) * area * min(years, transition) / transition
    assert float(np.sum(change)) == pytest.approx(expected, rel=1e-9, abs=1e-9)
    later = eq.tier1_change(
        soc_ref,
        np.array([project]),
        np.array([baseline]),
        float(transition),
        np.array([transition + 1.0]),
        np.array([area]),
        np.zeros(1, dtype=np.intp),
        np.ones(1),
    )
    assert float(np.sum(later)) == 0.0
