"""forest-reclamation: registration, the example, trace citations, conformance kit, properties."""

import copy
import re
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

import numpy as np
import pytest
import yaml
from hypothesis import given, settings
from hypothesis import strategies as st

import mrv
from mrv.contract.plugins import load_plugins
from mrv.testing import check_methodology

ROOT = Path(__file__).resolve().parents[3]
EXAMPLE = ROOT / "examples" / "forest-reclamation" / "project.yaml"
TEST_ALLOMETRY = {
    "a": 0.05,
    "b": 2.3,
    "c": 0.4,
    "dbh_min": "1 cm",
    "dbh_max": "60 cm",
    "source": "test",
}
EX_ANTE = ROOT / "examples" / "forest-reclamation-ex-ante" / "project.yaml"
K = 44 / 12  # t CO2 per t C, IPCC 2006 GL Vol. 4 Eq. 2.16
SETTLED = 2e-6  # reported figures are settled to 1e-6 t CO2e (mrv.engine.deductions.RESOLUTION)
CF = 0.47  # AR-TOOL14 v04.2 default CF_TREE


@pytest.fixture(scope="module")
def registry():
    return load_plugins()


@pytest.fixture(scope="module")
def example(registry):
    return mrv.compute(EXAMPLE, registry=registry)


def test_registered_through_the_entry_point(registry):
    methodology = registry.get("forest-reclamation")
    assert methodology.version == "1.0.0"
    assert "CDM AR-ACM0003 v02.0" in methodology.standards
    assert registry.providers["forest-reclamation"] == "forest-reclamation"
    assert sorted(registry.profiles(methodology)) == ["ccer-14-001", "cdm", "default"]


def test_trace_cites_every_tool(example):
    cited = {entry.equation.split(" Eq")[0].split(" eq")[0] for entry in example.trace}
    equations = " ".join(entry.equation for entry in example.trace)
    for reference in (
        "AR-TOOL14 v04.2 Eq 12",
        "AR-TOOL14 v04.2 Eq 16",
        "AR-TOOL12 v03.1 Eq 9",
        "AR-TOOL16 v01.1.0 Eq 8",
        "AR-TOOL08 v04.0.0 Eq 3",
        "AR-TOOL15 v02.0 Eq 1",
        "AR-ACM0003 v02.0 Eq 1",
        "AR-ACM0003 v02.0 Eq 3",
        "AR-ACM0003 v02.0 Eq 2, 4, 5",
    ):
        assert reference in equations, reference
    assert cited


def test_example_events_are_booked_in_their_period(example):
    first, second = example.periods
    assert first.leakage.value > 0 and second.leakage.value == 0
    trace = {entry.id: entry for entry in example.trace}
    assert "MP1/ghg_spf" in trace and "MP2/ghg_spf" not in trace
    # AR-TOOL08 Eq 3: 0.07 * A * 44/12 * (BDR_SF * CF * CC * B_FOREST), site prep on 10 ha of S5
    assert trace["MP1/ghg_spf"].value.value == pytest.approx(
        0.07 * 10 * K * (0.10 * 0.50 * 0.30 * 90), rel=1e-12
    )
    # AR-TOOL15 Eq 1-3 on 4 ha: biomass (shrubs only) plus SOC 63 * (1 - 0.69)
    biomass = (1.1 * 0 * 1.25 + 6 * 1.40) * 0.47 * 4
    soc = 63 * (1.0 - 0.69) * 4
    assert trace["MP1/lk_agric"].value.value == pytest.approx(K * (biomass + soc), rel=1e-12)


def test_example_flags_the_climate_class(example):
    codes = [finding.code for finding in example.applicability]
    assert "climate-class" in codes
    assert codes.count("mine-spoil-baseline") == 5


@pytest.mark.parametrize("project", [EXAMPLE, EX_ANTE], ids=["ex-post", "ex-ante"])
def test_conformance_kit(project, registry):
    check_methodology(project, registry=registry)


def test_ex_ante_is_labelled_and_totalled_apart(registry):
    report = mrv.compute(EX_ANTE, registry=registry)
    assert {period.kind for period in report.periods} == {"ex-ante"}
    assert report.totals.periods == ()
    assert report.ex_ante_totals is not None
    assert report.ex_ante_totals.net_benefit.value > 0
    assert all(period.uncertainty_deduction.value == 0 for period in report.periods)


# --- properties -------------------------------------------------------------------------


def write_project(
    folder, strata, plots, periods=(("MP1", "2019-01-01", "2023-12-31"),), baseline=None, extra=None
):
    """Write a plot_biomass project: strata = [(id, area_ha)], plots = [(period, stratum, agb)]."""
    document = {
        "schema_version": "1.0.0",
        "project": {
            "id": "PROP-1",
            "name": "property test",
            "location": {"country": "CN"},
            "area": f"{sum(area for _, area in strata)!r} ha",
            "crediting_period": {"start": "2019-01-01", "end": "2048-12-31"},
            "gwp_set": "AR5",
            "methodology": {"id": "forest-reclamation", "version": "1.0.0"},
            "strata": [{"id": sid, "area": f"{area!r} ha"} for sid, area in strata],
        },
        "monitoring_periods": [
            {"id": pid, "start": start, "end": end} for pid, start, end in periods
        ],
        "inputs": {
            "climate": {
                "ipcc_class": "warm_temperate_moist",
                "mean_annual_precipitation": "1500 mm",
                "elevation": "100 m",
                "source": "test",
            },
            "strata": [
                {
                    "id": sid,
                    "species": "test",
                    "planting_date": "2019-01-01",
                    "soil_type": "LAC",
                    "biomass_route": "plot_biomass",
                    "baseline": copy.deepcopy(baseline) or {"mine_spoil_evidence": "spoil"},
                    **copy.deepcopy(extra or {}),
                }
                for sid, _ in strata
            ],
            "plots": "plots.csv",
        },
    }
    rows = ["period,stratum,plot,agb [t/ha]"] + [
        f"{p},{s},P{i},{agb!r}" for i, (p, s, agb) in enumerate(plots)
    ]
    (folder / "plots.csv").write_text("\n".join(rows) + "\n")
    path = folder / "project.yaml"
    path.write_text(yaml.safe_dump(document, sort_keys=False))
    return path


def compute(registry, *args, **kwargs):
    with tempfile.TemporaryDirectory() as folder:
        return mrv.compute(write_project(Path(folder), *args, **kwargs), registry=registry)


def trace_of(report, name):
    return next(entry.value for entry in report.trace if entry.id == name)


plot_values = st.lists(st.floats(1.0, 200.0, allow_nan=False), min_size=2, max_size=8)
areas = st.floats(0.5, 500.0, allow_nan=False)


@settings(max_examples=20)
@given(st.lists(st.tuples(areas, plot_values), min_size=1, max_size=3))
def test_doubling_every_area_doubles_every_pool(registry, strata):
    def run(factor):
        ids = [(f"S{i}", area * factor) for i, (area, _) in enumerate(strata)]
        plots = [
            ("MP1", f"S{i}", value) for i, (_, values) in enumerate(strata) for value in values
        ]
        return compute(registry, ids, plots)

    single, double = run(1.0), run(2.0)
    for name in ("MP1/c_tree", "MP1/c_dead_wood", "MP1/c_litter", "MP1/dc_p"):
        assert trace_of(double, name).value == pytest.approx(
            2 * trace_of(single, name).value, rel=1e-9
        )
    assert double.periods[0].net_benefit.value == pytest.approx(
        2 * single.periods[0].net_benefit.value, rel=1e-9, abs=SETTLED
    )


@settings(max_examples=20)
@given(areas, plot_values)
def test_splitting_a_stratum_into_identical_halves_changes_no_stock(registry, area, values):
    whole = compute(registry, [("S1", area)], [("MP1", "S1", v) for v in values])
    halves = compute(
        registry,
        [("S1", area / 2), ("S2", area / 2)],
        [("MP1", s, v) for s in ("S1", "S2") for v in values],
    )
    assert trace_of(halves, "MP1/c_tree").value == pytest.approx(
        trace_of(whole, "MP1/c_tree").value, rel=1e-9
    )
    assert halves.periods[0].net_benefit.value == pytest.approx(
        whole.periods[0].net_benefit.value, rel=1e-9, abs=SETTLED
    )


@settings(max_examples=20)
@given(plot_values, st.floats(0.0, 1.0))
def test_more_plot_variance_never_raises_credits(registry, values, stretch):
    mean = float(np.mean(values))
    lowest = min(values)
    largest = mean / (mean - lowest) if lowest < mean else 1.0  # keeps every plot positive
    spread = 1.0 + stretch * 0.99 * (min(largest, 5.0) - 1.0)
    wider = [mean + spread * (v - mean) for v in values]
    narrow_report = compute(registry, [("S1", 50.0)], [("MP1", "S1", v) for v in values])
    wide_report = compute(registry, [("S1", 50.0)], [("MP1", "S1", v) for v in wider])
    narrow, wide = narrow_report.periods[0], wide_report.periods[0]
    assert wide.uncertainty_deduction.value >= narrow.uncertainty_deduction.value - SETTLED
    assert wide.issuable_credits <= narrow.issuable_credits + 1  # the Cairns R shifts b by < 1 t


@settings(max_examples=15)
@given(
    st.lists(st.tuples(areas, plot_values, plot_values), min_size=2, max_size=3),
    st.one_of(st.none(), st.tuples(st.floats(0.01, 0.19), st.floats(0.5, 10.0))),
)
def test_each_stratum_share_is_the_stratum_computed_alone(registry, strata, baseline_trees):
    """periods[].strata: a stratum's share equals its net benefit as a project of its own."""
    periods = (("MP1", "2019-01-01", "2021-12-31"), ("MP2", "2022-01-01", "2024-12-31"))
    baseline = (
        None
        if baseline_trees is None
        else {
            "tree_crown_cover": baseline_trees[0],
            "delta_b_forest": f"{baseline_trees[1]!r} t/ha/yr",
        }
    )

    def plots_of(index, first, second):
        return [("MP1", f"S{index}", v) for v in first] + [("MP2", f"S{index}", v) for v in second]

    ids = [(f"S{i}", area) for i, (area, _, _) in enumerate(strata)]
    rows = [
        row for i, (_, first, second) in enumerate(strata) for row in plots_of(i, first, second)
    ]
    together = compute(registry, ids, rows, periods=periods, baseline=baseline)
    for i, (area, first, second) in enumerate(strata):
        alone = compute(
            registry,
            [(f"S{i}", area)],
            plots_of(i, first, second),
            periods=periods,
            baseline=baseline,
        )
        for joint, single in zip(together.periods, alone.periods, strict=True):
            assert joint.strata[f"S{i}"].value == pytest.approx(
                single.net_benefit.value, rel=1e-9, abs=2 * SETTLED
            )


@settings(max_examples=15)
@given(plot_values)
def test_zero_growth_gives_zero_removals(registry, values):
    periods = (("MP1", "2019-01-01", "2021-12-31"), ("MP2", "2022-01-01", "2024-12-31"))
    plots = [(p, "S1", v) for p in ("MP1", "MP2") for v in values]
    report = compute(registry, [("S1", 30.0)], plots, periods=periods)
    assert report.periods[1].net_benefit.value == pytest.approx(0.0, abs=SETTLED)
    assert report.periods[1].issuable_credits == 0


@settings(max_examples=15)
@given(st.floats(0.01, 0.19), st.floats(0.5, 10.0), plot_values)
def test_mine_spoil_rule_zeroes_the_baseline_change(registry, cover, increment, values):
    baseline = {
        "mine_spoil_evidence": "coal spoil",
        "tree_crown_cover": cover,
        "delta_b_forest": f"{increment!r} t/ha/yr",
    }
    report = compute(
        registry, [("S1", 20.0)], [("MP1", "S1", v) for v in values], baseline=baseline
    )
    assert report.periods[0].baseline.value == 0.0
    without = {"tree_crown_cover": cover, "delta_b_forest": f"{increment!r} t/ha/yr"}
    counted = compute(
        registry, [("S1", 20.0)], [("MP1", "S1", v) for v in values], baseline=without
    )
    # AR-TOOL14 Eq 9-10 over 5 years: K * CF * db * (1 + 0.25) * CC * A * T, as a net emission
    years = 5.0
    assert counted.periods[0].baseline.value == pytest.approx(
        -K * CF * increment * 1.25 * cover * 20.0 * years, rel=1e-9, abs=SETTLED
    )


@settings(max_examples=15)
@given(
    st.lists(st.tuples(st.floats(2.0, 30.0), st.floats(1.5, 20.0)), min_size=3, max_size=30),
    st.floats(2.0, 30.0),
    st.floats(1.5, 20.0),
)
def test_adding_a_tree_never_lowers_the_stock(registry, trees, dbh, height):
    def run(rows):
        with tempfile.TemporaryDirectory() as folder:
            path = write_project(
                Path(folder),
                [("S1", 10.0)],
                [("MP1", "S1", 1.0), ("MP1", "S1", 1.0)],
                extra={
                    "biomass_route": "tree_allometry",
                    "allometry": {
                        "a": 0.05,
                        "b": 2.3,
                        "c": 0.4,
                        "dbh_min": "1 cm",
                        "dbh_max": "60 cm",
                        "source": "test",
                    },
                },
            )
            text = Path(path).read_text()
            document = yaml.safe_load(text)
            for stratum in document["inputs"]["strata"]:
                stratum["biomass_route"] = "tree_allometry"
            document["inputs"]["trees"] = "trees.csv"
            Path(path).write_text(yaml.safe_dump(document))
            (Path(folder) / "plots.csv").write_text(
                "period,stratum,plot,plot_area [m**2]\nMP1,S1,P0,400\nMP1,S1,P1,400\n"
            )
            body = "\n".join(f"MP1,P{i % 2},{d!r},{h!r}" for i, (d, h) in enumerate(rows))
            (Path(folder) / "trees.csv").write_text(
                "period,plot,dbh [cm],height [m]\n" + body + "\n"
            )
            return trace_of(mrv.compute(path, registry=registry), "MP1/c_tree").value

    assert run([*trees, (dbh, height)]) >= run(trees) - 1e-9


def test_unfinished_markers_absent():
    for path in (ROOT / "methodologies" / "forest_reclamation").rglob("*.py"):
        assert not re.search(r"TODO|FIXME|XXX", path.read_text())


def test_measured_dead_wood_and_litter_by_hand(registry, tmp_path):
    """AR-TOOL12 measured route (Eq 2-3, 6, 7-8, 13-14) against a hand calculation."""
    report = measured_project(
        registry,
        tmp_path,
        20.0,
        "period,stratum,plot,plot_area [m**2],litter [t/ha],transect_length [m]\nMP1,S1,P0,400,3.0,100\nMP1,S1,P1,400,5.0,100\n",
        standing_dead_trees="period,plot,dbh [cm],height [m],state\nMP1,P0,10,8,leaves_lost\n",
        lying_dead_wood="period,plot,diameter [cm],decay_class\nMP1,P0,12,sound\nMP1,P0,15,rotten\nMP1,P1,20,intermediate\n",
    )
    # standing dead tree: (1 + 0.25) * f(10 cm, 8 m) * 0.975 [kg], per 0.04 ha, CF 0.5
    standing = 1.25 * 0.05 * 10**2.3 * 8**0.4 * 0.975 / 1000 / 0.04 * 0.5 * K
    # lying dead wood, line intersect: pi^2 / (8 L) * sum(D^2 beta) [m3/m2] * D * CF, per hectare
    lying_p0 = np.pi**2 / 800 * (0.12**2 * 1.0 + 0.15**2 * 0.45) * 0.5 * 0.5 * K * 10000
    lying_p1 = np.pi**2 / 800 * (0.20**2 * 0.80) * 0.5 * 0.5 * K * 10000
    dead_wood = 20.0 * ((standing + lying_p0) + lying_p1) / 2
    litter = K * 0.37 * 20.0 * (3.0 + 5.0) / 2
    assert trace_of(report, "MP1/c_dw_measured").value == pytest.approx(dead_wood, rel=1e-12)
    assert trace_of(report, "MP1/c_li_measured").value == pytest.approx(litter, rel=1e-12)
    assert trace_of(report, "MP1/dc_dead_wood").value == pytest.approx(dead_wood, rel=1e-12)


def findings_of(registry, tmp_path, change):
    path = write_project(tmp_path, [("S1", 20.0)], [("MP1", "S1", 10.0), ("MP1", "S1", 12.0)])
    document = yaml.safe_load(path.read_text())
    change(document)
    path.write_text(yaml.safe_dump(document))
    try:
        return [
            (f.severity, f.code, f.reference)
            for f in mrv.compute(path, registry=registry).applicability
        ]
    except mrv.InputError as error:
        return [("error", problem.path, problem.message) for problem in error.problems]


def test_wetland_is_not_applicable(registry, tmp_path):
    def change(document):
        document["inputs"]["strata"][0]["wetland"] = True

    assert findings_of(registry, tmp_path, change) == [
        (
            "error",
            "inputs.strata[0].wetland",
            "not applicable: stratum S1 is wetland (AR-ACM0003 v02.0 para 3(a))",
        )
    ]


def test_disturbance_on_listed_land_is_capped(registry, tmp_path):
    def change(document):
        stratum = document["inputs"]["strata"][0]
        stratum["soil_disturbance_fraction"] = "30 %"
        stratum["soil_carbon"] = {
            "land_use": "grassland",
            "management": "nominal",
            "input_level": "medium",
            "disturbance_fraction": "30 %",
            "preparation_year": 2019,
        }

    ((severity, path, message),) = findings_of(registry, tmp_path, change)
    assert (severity, path) == ("error", "inputs.strata[0].soil_disturbance_fraction")
    assert message.endswith(
        "on land listed in Appendix 1-2 exceeds 10 % (AR-ACM0003 v02.0 para 3(b))"
    )


def test_soc_on_listed_baseline_is_not_accounted(registry, tmp_path):
    def change(document):
        document["inputs"]["strata"][0]["soil_carbon"] = {
            "land_use": "grassland",
            "management": "nominal",
            "input_level": "medium",
            "disturbance_fraction": "5 %",
            "preparation_year": 2019,
        }

    found = findings_of(registry, tmp_path, change)
    assert ("warning", "soc-not-accounted", "AR-TOOL16 v01.1.0 applicability") in found


@pytest.mark.parametrize(
    ("ccer", "codes"),
    [
        (None, ["ccer-inputs"]),
        (
            {
                "planned_afforestation_land_since": "2017-06-01",
                "zoning_evidence": "county plan",
                "smallest_parcel": "500 m**2",
            },
            ["ccer-zoning", "ccer-parcel"],
        ),
        (
            {
                "planned_afforestation_land_since": "2014-01-01",
                "zoning_evidence": "county plan",
                "industrial_mining_greening": True,
                "smallest_parcel": "800 m**2",
            },
            ["ccer-greening"],
        ),
        (
            {
                "planned_afforestation_land_since": "2014-01-01",
                "zoning_evidence": "county plan",
                "smallest_parcel": "800 m**2",
            },
            [],
        ),
    ],
)
def test_ccer_profile_conditions(registry, tmp_path, ccer, codes):
    def change(document):
        document["project"]["methodology"]["profile"] = "ccer-14-001"
        if ccer is not None:
            document["inputs"]["ccer"] = ccer

    found = findings_of(registry, tmp_path, change)
    errors = sorted(message.split(":")[0] for severity, _, message in found if severity == "error")
    if codes:
        assert len(errors) == len(codes)
        assert all("CCER-14-001-V01" in message for _, _, message in found)
    else:
        assert errors == []


def test_template_validates(registry, tmp_path):
    from typer.testing import CliRunner

    from mrv.interface.cli import app

    runner = CliRunner()
    assert (
        runner.invoke(app, ["template", "forest-reclamation", str(tmp_path / "site")]).exit_code
        == 0
    )
    result = runner.invoke(app, ["validate", str(tmp_path / "site" / "project.yaml")])
    assert result.exit_code == 0, result.stderr


def test_a_plot_without_biomass_is_fine(registry):
    """A plot where nothing grew (b = 0) has no roots; the report stays finite."""
    report = compute(
        registry, [("S1", 10.0)], [("MP1", "S1", 0.0), ("MP1", "S1", 8.0), ("MP1", "S1", 0.0)]
    )
    roots = trace_of(report, "MP1/root_shoot").values
    assert roots[0] == 0.0 and roots[2] == 0.0 and roots[1] > 0
    assert np.isfinite(report.periods[0].net_benefit.value)


TWO_PERIODS = (("MP1", "2019-01-01", "2021-12-31"), ("MP2", "2022-01-01", "2024-12-31"))
NO_ROOTS = {"root_shoot": "fixed", "root_shoot_ratio": 0}


def test_remeasured_plots_by_hand(registry, tmp_path):
    """AR-TOOL14 Eq 3-8 and 22-23 on three permanent plots, against a hand calculation."""
    plots = [
        ("MP1", "S1", 10.0),
        ("MP1", "S1", 12.0),
        ("MP1", "S1", 14.0),
        ("MP2", "S1", 20.0),
        ("MP2", "S1", 21.0),
        ("MP2", "S1", 25.0),
    ]
    path = write_project(tmp_path, [("S1", 10.0)], plots, periods=TWO_PERIODS, extra=NO_ROOTS)
    document = yaml.safe_load(path.read_text())
    document["inputs"].update(tree_change_method="remeasured_plots", dead_organic_matter="none")
    path.write_text(yaml.safe_dump(document))
    rows = ["period,stratum,plot,agb [t/ha]"] + [
        f"{p},{s},P{i % 3},{v!r}" for i, (p, s, v) in enumerate(plots)
    ]
    (tmp_path / "plots.csv").write_text("\n".join(rows) + "\n")
    report = mrv.compute(path, registry=registry)
    t = 2.919985580355516  # Student t, two-sided 90 %, 2 degrees of freedom
    c1 = K * CF * 10 * 12.0
    u1 = t * np.sqrt(4.0 / 3) / 12.0
    change = K * CF * 10 * 10.0  # mean plot change: (10 + 9 + 11) / 3
    u_change = t * np.sqrt(1.0 / 3) / 10.0  # variance of the changes is 1
    assert trace_of(report, "MP2/remeasured/dc_tree").value == pytest.approx(change, rel=1e-12)
    assert trace_of(report, "MP2/remeasured/u_dc").value == pytest.approx(u_change, rel=1e-9)
    assert trace_of(report, "MP2/c_tree_t2").value == pytest.approx(c1 + change, rel=1e-12)
    assert trace_of(report, "MP2/u_c_t2").value == pytest.approx(
        np.hypot(u1 * c1, u_change * change) / (c1 + change), rel=1e-9
    )
    deduction = 0.5 * u_change * change  # U in (15 %, 20 %]: half the half-width
    assert report.periods[1].uncertainty_deduction.value == pytest.approx(
        deduction, rel=1e-9, abs=SETTLED
    )


def test_remeasured_plots_must_be_the_same_plots(registry, tmp_path):
    plots = [("MP1", "S1", 10.0), ("MP1", "S1", 12.0), ("MP2", "S1", 20.0), ("MP2", "S1", 21.0)]
    path = write_project(tmp_path, [("S1", 10.0)], plots, periods=TWO_PERIODS)
    document = yaml.safe_load(path.read_text())
    document["inputs"]["tree_change_method"] = "remeasured_plots"
    path.write_text(yaml.safe_dump(document))
    with pytest.raises(mrv.InputError, match="remeasured plots must be the same in MP1 and MP2"):
        mrv.compute(path, registry=registry)


def test_a_fall_in_stock_is_reported_as_a_reversal(registry):
    plots = [("MP1", "S1", 30.0), ("MP1", "S1", 34.0), ("MP2", "S1", 10.0), ("MP2", "S1", 12.0)]
    report = compute(registry, [("S1", 10.0)], plots, periods=TWO_PERIODS, extra=NO_ROOTS)
    second = report.periods[1]
    assert second.net_benefit.value < 0
    assert second.issuable_credits == 0
    (finding,) = report.findings
    assert (finding.code, finding.severity, finding.path) == ("reversal", "warning", "periods.MP2")
    assert "AR-ACM0003 v02.0 Eq 7" in finding.reference


def test_the_example_reports_every_deduction_and_verifies(registry, example):
    from mrv.verify import verify

    assert example.deductions.uncertainty_rule == "cdm-ar-tool14-appendix2"
    assert example.deductions.non_permanence_risk_rating == 0.12
    for period in example.periods:
        assert period.buffer_contribution.value == pytest.approx(
            0.12 * (period.removals.value - period.uncertainty_deduction.value), abs=SETTLED
        )
        assert period.uncertainty.half_width_percent > 0
        assert period.monte_carlo is not None
        assert period.monte_carlo.ci90_low < period.monte_carlo.mean < period.monte_carlo.ci90_high
    assert example.monte_carlo.iterations == 5000
    statement = verify(example, EXAMPLE, registry=registry)
    assert statement.verdict == "verified"
    assert statement.discrepancies == ()


def test_stumps_by_hand(registry, tmp_path):
    """AR-TOOL12 Eq 4-5: one tall broken tree (taper from DBH) and one short stump (measured)."""
    report = measured_project(
        registry,
        tmp_path,
        10.0,
        "period,stratum,plot,plot_area [m**2],litter [t/ha],transect_length [m]\nMP1,S1,P0,400,0,100\nMP1,S1,P1,400,0,100\n",
        stumps="period,plot,height [m],dbh [cm],mid_diameter [cm],decay_class\nMP1,P0,6,20,,sound\nMP1,P1,0.5,,25,rotten\n",
    )
    d_mid = 0.57 * 20 * (6 / (6 - 1.3)) ** 0.80  # Eq 4 [cm]
    per_ha = lambda d, h, beta: K * 0.5 * 0.5 * 1.25 * np.pi / 4 * (d / 100) ** 2 * h * beta / 0.04  # noqa: E731 - Eq 5 per hectare
    expected = 10.0 * (per_ha(d_mid, 6, 1.0) + per_ha(25, 0.5, 0.45)) / 2
    assert trace_of(report, "MP1/d_mid").values == pytest.approx([d_mid], rel=1e-12)
    assert trace_of(report, "MP1/c_dw_measured").value == pytest.approx(expected, rel=1e-12)


def measured_project(registry, folder, area, plots_text, **tables):
    """Compute a one-stratum tree-allometry project on the measured dead-organic-matter route."""
    path = write_project(
        folder,
        [("S1", area)],
        [("MP1", "S1", 1.0), ("MP1", "S1", 1.0)],
        extra={
            "biomass_route": "tree_allometry",
            "wood_density": "0.5 t/m**3",
            "allometry": TEST_ALLOMETRY,
        },
    )
    document = yaml.safe_load(path.read_text())
    document["inputs"].update(
        dead_organic_matter="measured",
        trees="trees.csv",
        **{name: f"{name}.csv" for name in tables},
    )
    path.write_text(yaml.safe_dump(document))
    (folder / "plots.csv").write_text(plots_text)
    (folder / "trees.csv").write_text(
        "period,plot,dbh [cm],height [m]\nMP1,P0,12,9\nMP1,P1,14,10\n"
    )
    for name, text in tables.items():
        (folder / f"{name}.csv").write_text(text)
    return mrv.compute(path, registry=registry)


def test_monte_carlo_over_an_allometric_coefficient(registry, tmp_path):
    """Coefficient draws are per stratum (one stream per stratum id), shared by its trees."""
    path = write_project(
        tmp_path,
        [("S1", 10.0), ("S2", 5.0)],
        [("MP1", "S1", 1.0), ("MP1", "S1", 1.0), ("MP1", "S2", 1.0), ("MP1", "S2", 1.0)],
        extra={
            "biomass_route": "tree_allometry",
            "allometry": TEST_ALLOMETRY,
        },
    )
    document = yaml.safe_load(path.read_text())
    document["inputs"].update(trees="trees.csv", dead_organic_matter="none")
    document["uncertainty"] = {
        "monte_carlo": {"iterations": 2000, "seed": 5, "chunk": 512},
        "parameters": False,
        "distributions": {"inputs.strata[*].allometry.a": {"kind": "normal", "relative_sd": 0.1}},
    }
    path.write_text(yaml.safe_dump(document))
    (tmp_path / "plots.csv").write_text(
        "period,stratum,plot,plot_area [m**2]\nMP1,S1,P0,400\nMP1,S1,P1,400\nMP1,S2,P2,400\nMP1,S2,P3,400\n"
    )
    trees = "".join(f"MP1,P{i % 4},{8 + i % 7},{6 + i % 5}\n" for i in range(40))
    (tmp_path / "trees.csv").write_text("period,plot,dbh [cm],height [m]\n" + trees)
    report = mrv.compute(path, registry=registry)
    period = report.periods[0]
    assert period.monte_carlo.ci90_low < period.net_benefit.value < period.monte_carlo.ci90_high
    # independent 10 % errors per stratum: the total's relative sd is sqrt(sum (0.1 c_i)^2) / sum c_i,
    # c_i the strata's contributions A_i b_i (AGB is linear in a; the Cairns R varies slowly)
    contributions = np.array([10.0, 5.0]) * np.array(trace_of(report, "MP1/b_stratum").values)
    relative_sd = np.sqrt(np.sum((0.1 * contributions) ** 2)) / contributions.sum()
    assert period.monte_carlo.half_width_percent == pytest.approx(
        100 * 1.645 * relative_sd, rel=0.1
    )


def test_forest_fire_by_hand(registry, tmp_path):
    """AR-TOOL08 Eq 6-8: a fire on 4 of 20 ha in the second period, temperate biome, AR5 GWPs."""
    plots = [("MP1", "S1", 30.0), ("MP1", "S1", 34.0), ("MP2", "S1", 50.0), ("MP2", "S1", 54.0)]
    path = write_project(tmp_path, [("S1", 20.0)], plots, periods=TWO_PERIODS, extra=NO_ROOTS)
    document = yaml.safe_load(path.read_text())
    document["inputs"]["periods"] = {
        "MP2": {"fires": [{"stratum": "S1", "date": "2023-07-01", "area": "4 ha"}]}
    }
    path.write_text(yaml.safe_dump(document))
    report = mrv.compute(path, registry=registry)
    b_last = 32.0  # MP1 stratum mean, roots fixed at 0 [t/ha]
    ch4 = 4 * b_last * 0.45 * 4.7e-3  # A x b x COMF x EF_CH4 [t CH4]
    n2o = 4 * b_last * 0.45 * 0.26e-3  # [t N2O]
    dom = (
        0.07 * 4 * K * CF * b_last * (0.08 + 0.04)
    )  # Eq 8 with per-hectare DW and LI stocks [t CO2e]
    assert trace_of(report, "MP2/ghg_ff_tree_ch4").value == pytest.approx(ch4, rel=1e-12)
    assert trace_of(report, "MP2/ghg_ff_tree_n2o").value == pytest.approx(n2o, rel=1e-12)
    assert trace_of(report, "MP2/ghg_ff_dom").value == pytest.approx(dom, rel=1e-12)
    assert report.periods[1].reductions.value == pytest.approx(
        -(ch4 * 28 + n2o * 265 + dom), abs=SETTLED
    )
    assert "MP1/ghg_ff_tree_ch4" not in {entry.id for entry in report.trace}


def compute_changed_example(tmp_path, name, old, new):
    """Copy the Ganzhou example, replace one piece of text in one file, run `mrv compute`."""
    folder = tmp_path / "example"
    shutil.copytree(EXAMPLE.parent, folder)
    changed = folder / name
    text = changed.read_text()
    assert text.count(old) == 1
    changed.write_text(text.replace(old, new))
    project = folder / "project.yaml"
    result = subprocess.run(
        [str(Path(sys.executable).with_name("mrv")), "compute", str(project), "-o", "r.json"],
        check=False,
        capture_output=True,
        text=True,
        cwd=tmp_path,
    )
    assert "Traceback" not in result.stderr
    assert "RuntimeWarning" not in result.stderr
    assert result.returncode == 2 or result.stderr == ""
    assert (tmp_path / "r.json").exists() == (result.returncode == 0)
    return project, result


def test_an_overflowing_allometry_is_bad_input_not_a_crash(tmp_path):
    """An exponent of 227 overflows float64 for any tree wider than 23 cm: exit 2, field named."""
    project, result = compute_changed_example(
        tmp_path, "project.yaml", "{a: 0.053, b: 2.30,", "{a: 0.053, b: 227,"
    )
    assert result.returncode == 2
    assert f"error: {project}: inputs.strata[0].allometry: the allometric equation" in result.stderr


@pytest.mark.parametrize("area", ["0", "5.663349825913217e-308"])
def test_a_vanishing_plot_area_is_bad_input_not_a_crash(tmp_path, area):
    """Zero is refused by the table; a subnormal area overflows every per-hectare figure."""
    first = "MP1,S1,S1-P01,400,,"
    _, result = compute_changed_example(tmp_path, "plots.csv", first, first.replace("400", area))
    assert result.returncode == 2
    expected = (
        "column 'plot_area': expected values > 0; found 0"
        if area == "0"
        else "inputs: period MP1: trees_baseline, trees, dead_wood, litter overflow"
    )
    assert expected in result.stderr


def test_values_derived_from_the_strata_follow_the_strata():
    """Built once per inputs, documents still compare equal, a copy with other strata rebuilds."""
    from mrv.engine.compute import load_project

    loaded = load_project(EXAMPLE)
    inputs = loaded.inputs
    built = []

    def ids():
        built.append(1)
        return [stratum.id for stratum in inputs.strata]

    order = [stratum.id for stratum in inputs.strata]
    assert inputs.derive("ids", inputs.strata, ids) == order
    assert inputs.derive("ids", inputs.strata, ids) == order
    assert len(built) == 1
    assert loaded.document.project.strata_area_ha.size == len(loaded.document.project.strata)
    assert loaded.document == load_project(EXAMPLE).document  # kept values are not fields
    fewer = inputs.model_copy(update={"strata": inputs.strata[:1]})
    assert fewer.derive("ids", fewer.strata, lambda: [s.id for s in fewer.strata]) == order[:1]
    assert inputs.derive("ids", inputs.strata, ids) == order
