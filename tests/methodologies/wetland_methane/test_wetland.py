"""wetland-methane end to end: the example, the known errors of other code, applicability."""

from pathlib import Path

import pytest

from mrv.common.errors import InputError
from mrv.engine.compute import compute
from mrv.testing import check_methodology
from mrv.testing.editing import copy_project

EXAMPLE = Path(__file__).parents[3] / "examples" / "wetland-methane"


@pytest.fixture(scope="module")
def report():
    # Under Monte Carlo this methodology still sums strata through Traced.scalar and fails:
    # tests/methodologies/test_monte_carlo.py holds that open.
    return check_methodology(EXAMPLE / "project.yaml")


def copy_example(tmp_path, change=None):
    return copy_project(EXAMPLE, tmp_path, change)


def values(report):
    return {
        entry.id: getattr(entry.value, "value", None)
        if getattr(entry.value, "value", None) is not None
        else getattr(entry.value, "values", None)
        for entry in report.trace
    }


def stratum(document, stratum_id):
    return next(s for s in document["inputs"]["strata"] if s["id"] == stratum_id)


def test_example_conforms_and_is_labelled_an_estimate(report):
    """The conformance kit passes; inland figures are estimates, the comparisons stay apart."""
    assert "VM0033 covers tidal restoration only" in report.estimate_reason
    assert any(f.code == "estimate-not-credits" for f in report.applicability)
    for period in report.periods:
        names = [figure.name for figure in period.screening]
        assert names == [
            "net_AR6",
            "water_level_at_surface",
            "water_level_10cm",
            "water_level_20cm",
        ]
        assert "not creditable" in period.screening[1].reason


def test_trace_cites_the_wetlands_supplement_the_refinement_and_vm0033(report):
    equations = " ".join(entry.equation for entry in report.trace)
    for citation in (
        "IPCC 2013 Wetlands Supplement Ch. 2 Eq 2.3 and 2.5",
        "IPCC 2019 Refinement Vol. 4 Ch. 7 flooded land CH4",
        "Verra VM0033 v2.1 Eq 36",
        "Verra VM0033 v2.1 Eq 38",
        "Verra VM0033 v2.1 Eq 85",
        "Verra VM0033 v2.1 Eq 91",
    ):
        assert citation in equations


def test_a_declared_programme_makes_the_figures_credits(tmp_path):
    def change(document):
        document["inputs"]["crediting_programme"] = "an approved inland wetland methodology"

    credited = compute(copy_example(tmp_path, change))
    assert credited.estimate_reason == ""
    assert any(f.code == "crediting-basis" for f in credited.applicability)


def test_ar6_methane_is_the_non_fossil_27_0(tmp_path):
    """Known error elsewhere (wetland.md §5): AR6 CH4 as 27.2 or 27.9; biogenic CH4 is 27.0."""

    def change(document):
        document["project"]["gwp_set"] = "AR6"

    found = values(compute(copy_example(tmp_path, change)))
    ratio = found["MP1/project/ch4_co2e"] / (found["MP1/project/ch4"] / 1000.0)
    assert ratio == pytest.approx(27.0, rel=1e-12)


def test_old_flooded_land_emits_no_co2_and_takes_the_older_ch4_factor(tmp_path):
    """Flooded in 1998: every year of the periods is over 20 years old (2019 Refinement Ch. 7)."""

    def change(document):
        stratum(document, "W1")["project"]["flooding"]["year"] = 1998

    found = values(compute(copy_example(tmp_path, change)))
    assert found["MP1/W1/project/flooded_co2_c"] == 0.0
    assert list(found["MP1/W1/project/ef_ch4_by_age"]) == [80.3, 80.3]


def test_flooded_co2_is_converted_once(report):
    """Known error elsewhere (wetland.md §5): 44/12 applied twice. Here EF x A stays carbon and
    the core converts it once: 1.46 t C/ha/yr x (25 + 26) ha-yr in MP1."""
    found = values(report)
    assert found["MP1/W1/project/flooded_co2_c"] == pytest.approx(1.46 * 51, rel=1e-12)


def test_downstream_methane_only_below_a_dam(tmp_path, report):
    """Known error elsewhere (wetland.md §5): R_d applied to every water body."""
    assert values(report)["MP1/W1/project/downstream_ch4"] == 0.0

    def change(document):
        stratum(document, "W1")["project"]["flooding"]["dam_outflow"] = True

    found = values(compute(copy_example(tmp_path, change)))
    assert found["MP1/W1/project/downstream_ch4"] == pytest.approx(
        0.09 * found["MP1/W1/project/ch4"], rel=1e-12
    )


@pytest.mark.parametrize(
    ("change", "code"),
    [
        (lambda d: d["inputs"].__setitem__("nitrogen_fertiliser", True), "condition 6"),
        (
            lambda d: d["inputs"].__setitem__("water_table", "lowered.csv"),
            "condition 3",
        ),
    ],
    ids=["nitrogen_fertiliser", "water_table_lowered"],
)
def test_vm0033_hard_failures_refuse_the_project(tmp_path, change, code):
    path = copy_example(tmp_path, change)
    rows = (tmp_path / "water_table.csv").read_text().splitlines()
    lowered = [rows[0]]
    for row in rows[1:]:
        parts = row.split(",")
        if parts[0] == "W3" and parts[1] == "project":
            parts[3] = "85.0"  # deeper than the drained baseline
        lowered.append(",".join(parts))
    (tmp_path / "lowered.csv").write_text("\n".join(lowered) + "\n")
    with pytest.raises(InputError, match=code):
        compute(path)


def test_a_climate_zone_the_climate_contradicts_is_flagged(tmp_path):
    def change(document):
        document["inputs"]["climate"]["potential_evapotranspiration"] = "1100 mm"

    flagged = compute(copy_example(tmp_path, change))
    messages = [f.message for f in flagged.applicability if f.code == "climate-zone"]
    assert messages and "warm_temperate_dry" in messages[0]


def test_a_measured_stratum_without_a_years_flux_is_refused(tmp_path):
    path = copy_example(tmp_path)
    rows = (tmp_path / "fluxes.csv").read_text().splitlines()
    (tmp_path / "fluxes.csv").write_text("\n".join(rows[:-1]) + "\n")  # drop 2024
    with pytest.raises(InputError, match="stratum W2 measures CH4 but has no flux for 2024"):
        compute(path)


def test_unverified_wetlands_supplement_rows_are_refused(tmp_path):
    """Only the temperate nutrient-rich rows were read; nutrient-poor sites are not guessed."""

    def change(document):
        stratum(document, "W3")["nutrient"] = "poor"

    with pytest.raises(InputError, match="only the rows read in the primary tables are shipped"):
        compute(copy_example(tmp_path, change))


def test_baseline_peat_emissions_stop_when_the_peat_is_used_up(tmp_path, report):
    """VM0033 t_PDT: peat lasting to the end of 2022 emits in MP1 (2021-22) and not in MP2."""

    def change(document):
        stratum(document, "W3")["baseline"]["peat_depletion_year"] = 2022

    found = values(compute(copy_example(tmp_path, change)))
    before = values(report)
    assert found["MP1/W3/baseline/soil_co2_c"] == before["MP1/W3/baseline/soil_co2_c"]
    assert "MP2/W3/baseline/soil_co2_c" not in found
    assert found["MP2/baseline/soil_co2_c"] == 0.0


def test_tree_and_shrub_stocks_count_as_a_project_gain(tmp_path):
    """Woody stocks (VM0033 Eq 24/75 via stock difference) on the marsh instead of the herb default."""

    def change(document):
        del stratum(document, "W2")["herb"]
        document["inputs"]["woody_carbon"] = "woody.csv"

    path = copy_example(tmp_path, change)
    (tmp_path / "woody.csv").write_text(
        "stratum,date,plot,stock [t C / ha]\n"
        "W2,2020-12-31,P1,1.0\nW2,2020-12-31,P2,1.2\n"
        "W2,2022-12-31,P1,3.0\nW2,2022-12-31,P2,3.2\n"
    )
    found = values(compute(path))
    # 1 t C/ha/yr over 2021-2022 on 35 and 34 ha
    assert found["MP1/W2/project/woody/carbon_gain"] == pytest.approx(69.0, rel=1e-9)
    assert found["MP1/W2/project/woody/carbon_net"] == pytest.approx(-69.0, rel=1e-9)


def test_ex_ante_periods_use_expected_rates(tmp_path):
    """An ex-ante period after the monitored ones: expected CH4 and soil gain of the marsh."""

    def change(document):
        document["monitoring_periods"].append(
            {"id": "EA1", "start": "2025-01-01", "end": "2026-12-31", "kind": "ex-ante"}
        )
        marsh = stratum(document, "W2")["project"]
        marsh["expected_ch4"] = "170 kg CH4/ha/yr"
        marsh["expected_soil_carbon_gain"] = "1.0 t C/ha/yr"

    path = copy_example(tmp_path, change)
    with (tmp_path / "areas.csv").open("a") as stream:
        for year in (2025, 2026):
            stream.write(f"{year},W1,28.0\n{year},W2,32.0\n{year},W3,60.0\n")
    result = compute(path)
    found = values(result)
    assert found["EA1/W2/project/ch4"] == pytest.approx(170 * 64, rel=1e-12)
    assert found["EA1/W2/project/carbon_net"] == pytest.approx(-0.75 * 64, rel=1e-12)
    assert result.ex_ante_totals is not None


def test_a_net_emission_is_shown_as_one(tmp_path):
    """Ex3 (CH4 outweighs the carbon gain): the summary says net emission, not a bare minus."""
    from typer.testing import CliRunner

    from mrv.interface.cli import app

    project = (
        Path(__file__).parents[2] / "reference" / "wetland_methane" / "ex3_ch4_outweighs_carbon"
    )
    result = CliRunner().invoke(
        app, ["compute", str(project / "project.yaml"), "-o", str(tmp_path / "r.json")]
    )
    assert result.exit_code == 0
    assert "net emission 1,156.929 t CO2e" in result.stdout
    assert "estimate, not credits" in result.stdout


def test_periods_add_up_to_the_measured_soil_change(tmp_path):
    """With the marsh's area held at 35 ha, the gains of MP1 and MP2 add up to the change of
    the round means (32.3 - 28.475 t C/ha) x 35 ha: nothing is counted twice or extrapolated."""
    path = copy_example(tmp_path)
    rows = ["year,stratum,area [ha]"] + [
        f"{year},{stratum},{area}"
        for year in range(2021, 2025)
        for stratum, area in (("W1", 25.0), ("W2", 35.0), ("W3", 60.0))
    ]
    (tmp_path / "areas.csv").write_text("\n".join(rows) + "\n")
    found = values(compute(path))
    gained = found["MP1/W2/project/soil/carbon_gain"] + found["MP2/W2/project/soil/carbon_gain"]
    assert gained == pytest.approx((32.3 - 28.475) * 35.0, rel=1e-12)
