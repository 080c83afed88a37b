"""topsoil-amendment end to end: the example, imported and fossil carbon, leakage, scope."""

from pathlib import Path

import pytest

from mrv.common.errors import InputError
from mrv.engine.compute import compute
from mrv.testing import check_methodology
from mrv.testing.editing import copy_project, edit_table

EXAMPLE = Path(__file__).parents[3] / "examples" / "topsoil-amendment"


@pytest.fixture(scope="module")
def report():
    # Ranges on every parameter would draw settings (quantiles, thresholds, class limits) that
    # the parameter tables do not yet tell apart from uncertain quantities: checked under Monte
    # Carlo with the ranges the tables declare.
    return check_methodology(EXAMPLE / "project.yaml")


def values(report):
    return {
        entry.id: entry.value.value
        for entry in report.trace
        if getattr(entry.value, "value", None) is not None
    }


def unit(document, unit_id):
    return next(u for u in document["inputs"]["units"] if u["id"] == unit_id)


def test_trace_cites_the_biochar_appendix_vm0044_and_the_cdm_tools(report):
    equations = " ".join(entry.equation for entry in report.trace)
    for citation in (
        "IPCC 2019 Refinement Vol. 4 Ch. 2 Appendix 4 main equation",
        "Table 4Ap.2",
        "Verra VM0044 v1.2 Eq 3 / Eq 7",
        "CDM TOOL12 v01.1.0 Option B",
        "CDM TOOL03",
        "IPCC 2006 GL Vol. 4 Ch. 11 Eq 11.1",
        "VM0042 v2.2 Eq 4 layer stocks read linearly by cumulative mass",
    ):
        assert citation in equations


def test_biochar_placed_after_the_first_round_is_not_counted_twice(report):
    """The 2023 top-up (62.5 t at 20 % moisture, C_org 68.2 - 3.0 %) counts as biochar carbon and
    all its organic carbon comes off the measured SOC gain of U1 (Rathnayake et al. 2024)."""
    found = values(report)
    assert found["MP1/soil/U1/carbon_imported"] == pytest.approx(62.5 * 0.8 * 0.652, rel=1e-12)
    assert found["MP2/biochar/biochar_c"] == pytest.approx(50 * 0.652 * 0.80, rel=1e-12)


def test_coal_bearing_units_need_the_fossil_share_of_their_carbon(tmp_path):
    path = copy_project(EXAMPLE, tmp_path)
    edit_table(
        tmp_path / "soc_samples.csv", lambda header, rows: [r.pop() for r in [header, *rows]]
    )
    with pytest.raises(InputError, match="coal_fraction column"):
        compute(path)


def test_a_loss_of_coal_carbon_is_an_emission(tmp_path):
    path = copy_project(EXAMPLE, tmp_path)

    def less_coal_later(header, rows):
        for row in rows:
            if row[0] == "R1" and row[3] == "U2":
                row[-1] = "1.0"  # 4 % of the carbon was coal at R0

    edit_table(tmp_path / "soc_samples.csv", less_coal_later)
    found = values(compute(path))
    assert found["MP1/soil/U2/coal_carbon_loss"] > 0
    assert found["MP1/project/coal_carbon_loss_co2e"] > 0


def test_unpaired_plots_propagate_both_sampling_errors(tmp_path, report):
    def unpaired(document):
        document["inputs"]["paired_plots"] = False

    found = values(compute(copy_project(EXAMPLE, tmp_path, unpaired)))
    before = values(report)
    assert found["MP1/soil/U1/mean_change"] == pytest.approx(before["MP1/soil/U1/mean_change"])
    assert found["MP1/soil/U1/standard_error"] != before["MP1/soil/U1/standard_error"]


def test_an_offsite_donor_loses_its_topsoil_carbon(tmp_path):
    """Leakage L2: 1000 t x 1.2 % x 30 % + 2 t C foregone = 5.6 t C, in the period of the first topsoil."""

    def donor(document):
        unit(document, "U1")["topsoil_origin"] = "offsite_donor"
        document["inputs"]["donors"] = [
            {
                "unit": "U1",
                "mass": "1000 t",
                "carbon": "1.2 %",
                "loss_fraction": "30 %",
                "foregone_accrual": "2 t C",
                "evidence": "test",
            }
        ]

    found = values(compute(copy_project(EXAMPLE, tmp_path, donor)))
    assert found["MP1/leakage/le_ts"] == pytest.approx(5.6, rel=1e-12)
    assert "MP2/leakage/le_ts" not in found


def test_feedstock_diverted_from_energy_is_leakage(tmp_path):
    """VM0044 Eq 13: 100 t diverted x (biochar used / produced) x 11.6 GJ/t x 94.6 kg CO2/GJ."""

    def energy(document):
        kiln = document["inputs"]["production"][0]
        kiln["feedstock_prior_use"] = "energy"
        kiln["diverted"] = "100 t"

    found = values(compute(copy_project(EXAMPLE, tmp_path, energy)))
    used = (78.2 * 0.805 + 77.6 * 0.799 + 79.0 * 0.808 + 77.9 * 0.796) / 400
    assert found["MP1/leakage/le_bd"] == pytest.approx(100 * used * 11.6 * 0.0946, rel=1e-9)


@pytest.mark.parametrize(
    ("change", "message"),
    [
        (
            lambda d: d["inputs"]["production"][0].__setitem__("feedstock_prior_use", "fodder"),
            "fodder",
        ),
        (lambda d: unit(d, "U1").__setitem__("land_use", "wetland"), "cropland and grassland only"),
    ],
    ids=["feedstock_from_fodder", "biochar_on_wetland"],
)
def test_outside_the_scope_is_refused(tmp_path, change, message):
    with pytest.raises(InputError, match=message):
        compute(copy_project(EXAMPLE, tmp_path, change))


def test_long_hauls_are_vm0044_leakage_when_chosen(tmp_path):
    """Under the VM0044 reading hauls are leakage, zero for legs up to 200 km (the example's 140
    and 35 km legs), and a 260 km leg counts in leakage, never in the project as well."""

    def vm0044(document):
        document["inputs"]["transport_convention"] = "vm0044_leakage"

    near = compute(copy_project(EXAMPLE, tmp_path, vm0044))
    assert near.periods[0].leakage.value == pytest.approx(0.0)
    far_folder = tmp_path / "far"
    far_folder.mkdir()
    path = copy_project(EXAMPLE, far_folder, vm0044)

    def farther(header, rows):
        haul = header.index("haul [km]")
        for row in rows:
            if row[2] == "biochar":
                row[haul] = "260"

    edit_table(far_folder / "deliveries.csv", farther)
    far = compute(path)
    assert far.periods[0].leakage.value > 0
    project_terms = {e.id for e in far.trace if e.id.startswith("MP1/project/")}
    assert "MP1/project/freight_co2e" not in project_terms


def test_a_laboratory_h_corg_stands_in_for_the_hydrogen_content(tmp_path):
    """A delivery may give the molar H/Corg instead of its hydrogen: 0.36 passes, 0.75 is refused."""
    example = Path(__file__).parents[2] / "reference" / "topsoil_amendment" / "ex1_biochar"
    for ratio, accepted in (("0.36", True), ("0.75", False)):
        folder = tmp_path / ratio
        folder.mkdir()
        path = copy_project(example, folder)

        def lab_ratio(header, rows, ratio=ratio):
            header.append("h_corg")
            rows[0][header.index("hydrogen [%]")] = ""
            rows[0].append(ratio)

        edit_table(folder / "deliveries.csv", lab_ratio)
        if accepted:
            assert compute(path).totals.net_benefit.value == pytest.approx(199.3584, rel=1e-6)
        else:
            with pytest.raises(InputError, match=r"H/Corg 0\.750 is above the eligibility limit"):
                compute(path)
