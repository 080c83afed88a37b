"""compute(): figures of the toy project checked against a hand calculation."""

import json
import shutil
from pathlib import Path

import pytest
import yaml
from hypothesis import given, settings
from hypothesis import strategies as st

from mrv.common.errors import InputError, PluginFailure
from mrv.engine.compute import compute, load_project
from mrv.engine.provenance import pretty_json

from ..conftest import TOY_PROJECT

K = 44 / 12  # t CO2 per t C, IPCC 2006 GL Vol. 4 Eq. 2.16
CF = 0.5  # toy parameter table cf.yaml
GWP_CH4_AR5 = 28.0  # IPCC AR5 GWP-100 of CH4 (globalwarmingpotentials AR5GWP100)

# Hand calculation from tests/fixtures/valid/toy: stratum means of plots.csv, areas 20 and 10 ha.
STOCK_MP1 = K * CF * (12 * 20 + 7 * 10)
STOCK_MP2 = K * CF * (32 * 20 + 22 * 10)
BASELINE = -K * 0.1 * 30  # 0.1 t C/ha/period on 30 ha, as a net emission
PROJECT_MP1 = -STOCK_MP1
PROJECT_MP2 = -(STOCK_MP2 - STOCK_MP1) + 1.0 * GWP_CH4_AR5
LEAKAGE_MP1 = 0.1 * STOCK_MP1
LEAKAGE_MP2 = 0.1 * (STOCK_MP2 - STOCK_MP1)


@pytest.fixture(scope="module")
def report(toy_registry):
    return compute(TOY_PROJECT, registry=toy_registry)


def figures(period):
    return {
        name: getattr(period, name).value
        for name in ("baseline", "project", "leakage", "net_benefit", "reductions", "removals")
    }


def test_period_figures_match_hand_calculation(report):
    first, second = report.periods
    assert figures(first) == pytest.approx(
        {
            "baseline": BASELINE,
            "project": PROJECT_MP1,
            "leakage": LEAKAGE_MP1,
            "net_benefit": BASELINE - PROJECT_MP1 - LEAKAGE_MP1,
            "reductions": 0.0,
            "removals": BASELINE - PROJECT_MP1 - LEAKAGE_MP1,
        },
        rel=1e-12,
        abs=1e-6,  # reported figures are settled to 1e-6 t CO2e
    )
    assert figures(second)["project"] == pytest.approx(PROJECT_MP2, rel=1e-12, abs=1e-6)
    assert figures(second)["reductions"] == pytest.approx(-GWP_CH4_AR5, rel=1e-12)
    assert first.issuable_credits == 500  # 500.5 rounded down
    assert second.issuable_credits == 869  # floor(500.5 + 868.5) - 500 issued for MP1


def test_totals_sum_the_periods(report):
    assert report.totals.net_benefit.value == pytest.approx(500.5 + 868.5, rel=1e-12)
    assert report.totals.issuable_credits == 1369
    assert report.totals.periods == ("MP1", "MP2")
    assert report.ex_ante_totals is None


def test_report_records_methodology_parameters_and_sources(report):
    assert report.methodology.id == "toy-stock"
    assert report.methodology.version == "1.2.0"
    assert report.methodology.profile == "default"
    assert report.parameters["cf"].value == 0.5
    gwp = report.parameters["gwp[gwp_set=AR5,species=CH4]"]
    assert gwp.value == 28.0
    assert gwp.source.document.startswith("globalwarmingpotentials")
    assert report.tables == {"plots.csv": pytest.approx(report.tables["plots.csv"])}
    assert [finding.code for finding in report.applicability] == ["checked"]


def test_trace_cites_equations_and_parameters(report):
    entries = {entry.id: entry for entry in report.trace}
    stock = entries["MP1/stock"]
    assert stock.equation == "toy fixture v1 eq. 1"
    assert stock.parameters == ("cf",)
    assert stock.value.value == pytest.approx(STOCK_MP1)
    methane = entries["MP2/project/methane_co2e"]
    assert methane.parameters == ("gwp[gwp_set=AR5,species=CH4]",)
    assert methane.value.value == pytest.approx(GWP_CH4_AR5)
    assert entries["MP2/issuable_credits"].value.value == 869.0


def test_same_inputs_give_byte_identical_reports(toy_registry, report):
    again = compute(TOY_PROJECT, registry=toy_registry)
    assert pretty_json(again.model_dump(mode="json")) == pretty_json(report.model_dump(mode="json"))


def test_equivalent_input_forms_hash_alike(toy_registry, toy_project_dir, report):
    path = toy_project_dir / "project.yaml"
    document = yaml.safe_load(path.read_text())
    document["project"]["area"] = "300000 m**2"
    path.write_text(yaml.safe_dump(document))
    changed = compute(path, registry=toy_registry)
    assert changed.totals.net_benefit.value == pytest.approx(report.totals.net_benefit.value)
    assert changed.parameters_sha256 == report.parameters_sha256
    assert changed.inputs_sha256 != report.inputs_sha256  # the stored value differs (m**2 vs ha)


def test_table_change_changes_the_inputs_hash(toy_registry, toy_project_dir, report):
    plots = toy_project_dir / "plots.csv"
    plots.write_text(plots.read_text().replace("MP2,S1,30", "MP2,S1,31"))
    changed = compute(toy_project_dir / "project.yaml", registry=toy_registry)
    assert changed.inputs_sha256 != report.inputs_sha256
    assert changed.results_sha256 != report.results_sha256


def test_profile_changes_parameters_and_hash(toy_registry, toy_project_dir, report):
    path = toy_project_dir / "project.yaml"
    document = yaml.safe_load(path.read_text())
    document["project"]["methodology"]["profile"] = "strict"
    path.write_text(yaml.safe_dump(document))
    strict = compute(path, registry=toy_registry)
    assert strict.parameters["cf"].value == 0.45
    assert strict.parameters_sha256 != report.parameters_sha256
    assert strict.periods[0].project.value == pytest.approx(-K * 0.45 * (12 * 20 + 7 * 10))


def test_gwp_set_changes_only_the_gas(toy_registry, toy_project_dir, report):
    path = toy_project_dir / "project.yaml"
    document = yaml.safe_load(path.read_text())
    document["project"]["gwp_set"] = "AR4"
    path.write_text(yaml.safe_dump(document))
    ar4 = compute(path, registry=toy_registry)
    assert ar4.periods[1].reductions.value == pytest.approx(-25.0)
    assert ar4.periods[0].net_benefit.value == report.periods[0].net_benefit.value


def test_ex_ante_periods_are_totalled_apart(toy_registry, toy_project_dir):
    path = toy_project_dir / "project.yaml"
    document = yaml.safe_load(path.read_text())
    document["monitoring_periods"][1]["kind"] = "ex-ante"
    document["monitoring_periods"][1]["start"] = "2020-01-01"
    path.write_text(yaml.safe_dump(document))
    report = compute(path, registry=toy_registry)
    assert report.totals.periods == ("MP1",)
    assert report.ex_ante_totals is not None
    assert report.ex_ante_totals.periods == ("MP2",)


def problems_of(toy_registry, toy_project_dir, change):
    path = toy_project_dir / "project.yaml"
    document = yaml.safe_load(path.read_text())
    change(document)
    path.write_text(yaml.safe_dump(document))
    with pytest.raises(InputError) as caught:
        compute(path, registry=toy_registry)
    return [(problem.path, problem.message) for problem in caught.value.problems]


def test_version_from_another_major_is_refused(toy_registry, toy_project_dir):
    def change(document):
        document["project"]["methodology"]["version"] = "2.0.0"

    ((path, message),) = problems_of(toy_registry, toy_project_dir, change)
    assert path == "project.methodology.version"
    assert (
        message
        == "the document needs toy-stock 2.0.0; installed is 1.2.0 (same major version, not older, required)"
    )


def test_newer_minor_than_installed_is_refused(toy_registry, toy_project_dir):
    def change(document):
        document["project"]["methodology"]["version"] = "1.3.0"

    ((path, _),) = problems_of(toy_registry, toy_project_dir, change)
    assert path == "project.methodology.version"


def test_unknown_methodology_and_profile(toy_registry, toy_project_dir):
    def unknown(document):
        document["project"]["methodology"]["id"] = "nope"

    assert problems_of(toy_registry, toy_project_dir, unknown) == [
        ("project.methodology.id", "unknown methodology 'nope'; installed: toy-stock")
    ]

    def profile(document):
        document["project"]["methodology"]["id"] = "toy-stock"
        document["project"]["methodology"]["profile"] = "lax"

    assert problems_of(toy_registry, toy_project_dir, profile) == [
        ("project.methodology.profile", "unknown profile 'lax'; toy-stock offers: default, strict")
    ]


def test_applicability_error_stops_the_computation(toy_registry, toy_project_dir):
    def change(document):
        document["project"]["strata"][1]["name"] = "Wetland fringe"

    assert problems_of(toy_registry, toy_project_dir, change) == [
        ("project.strata[1].name", "not applicable: stratum S2 is wetland (toy fixture para 1)")
    ]


def test_unknown_measurement_reference(toy_registry, toy_project_dir):
    def change(document):
        document["inputs"]["plots"]["measurement"] = "ghost"

    assert problems_of(toy_registry, toy_project_dir, change) == [
        ("inputs", "table 'plots.csv' cites unknown measurement 'ghost'")
    ]


def test_plugin_failure_names_the_plugin(toy_registry, toy_project_dir):
    def explode(context):
        raise ZeroDivisionError("boom")

    loaded = load_project(toy_project_dir / "project.yaml", registry=toy_registry)
    broken = type(loaded)(
        **{**loaded.__dict__, "methodology": _with(loaded.methodology, calculate=explode)}
    )
    with pytest.raises(
        PluginFailure,
        match="plug-in 'toy_methodology' failed: toy-stock calculate raised ZeroDivisionError: boom",
    ):
        compute(broken)


def test_wrong_outcomes_are_a_plugin_failure(toy_registry, toy_project_dir):
    loaded = load_project(toy_project_dir / "project.yaml", registry=toy_registry)
    broken = type(loaded)(
        **{
            **loaded.__dict__,
            "methodology": _with(loaded.methodology, calculate=lambda context: []),
        }
    )
    with pytest.raises(PluginFailure, match="one PeriodOutcome per monitoring period"):
        compute(broken)


def _with(methodology, **changes):
    import dataclasses

    return dataclasses.replace(methodology, **changes)


def test_mapping_source_with_base_dir(toy_registry):
    document = yaml.safe_load(TOY_PROJECT.read_text())
    report = compute(document, registry=toy_registry, base_dir=TOY_PROJECT.parent)
    assert report.totals.issuable_credits == 1369
    assert json.loads(pretty_json(report.model_dump(mode="json")))["project_id"] == "TOY-001"


def test_work_tree_is_untouched(toy_registry, toy_project_dir):
    before = sorted(path.name for path in toy_project_dir.iterdir())
    compute(toy_project_dir / "project.yaml", registry=toy_registry)
    assert sorted(path.name for path in toy_project_dir.iterdir()) == before
    shutil.rmtree(toy_project_dir)


def test_buffer_applies_to_removals_only(toy_registry, toy_project_dir):
    path = toy_project_dir / "project.yaml"
    document = yaml.safe_load(path.read_text())
    document["project"]["non_permanence"] = {
        "risk_rating": "20 %",
        "tool": "VCS AFOLU Non-Permanence Risk Tool v4.2",
        "inputs": {"internal": "6", "external": "4", "natural": "10"},
    }
    path.write_text(yaml.safe_dump(document))
    report = compute(path, registry=toy_registry)
    second = report.periods[1]
    # MP2 removals 896.5 (stock changes) and reductions -28 (methane): only removals carry the buffer
    assert second.removals.value == pytest.approx(896.5, abs=1e-6)
    assert second.buffer_contribution.value == pytest.approx(0.2 * 896.5, abs=1e-6)
    assert report.deductions.non_permanence_risk_rating == 0.2
    assert report.deductions.non_permanence_inputs == {
        "internal": "6",
        "external": "4",
        "natural": "10",
    }
    # issuance: floor(cumulative net - buffer) - issued before
    cumulative = (500.5 - 0.2 * 500.5) + (868.5 - 0.2 * 896.5)
    assert report.periods[0].issuable_credits + second.issuable_credits == int(cumulative)


def test_totals_are_exact_sums_of_the_settled_figures(report):
    from decimal import Decimal

    for name in ("baseline", "project", "leakage", "net_benefit", "removals"):
        total = sum(Decimal(repr(getattr(period, name).value)) for period in report.periods)
        assert Decimal(repr(getattr(report.totals, name).value)) == total


@settings(max_examples=15, deadline=None)
@given(rating=st.floats(0.0, 0.6), methane=st.floats(0.0, 50_000.0))
def test_buffer_never_applies_to_reductions(toy_registry, rating, methane):
    import tempfile

    with tempfile.TemporaryDirectory() as folder:
        target = Path(folder) / "toy"
        shutil.copytree(TOY_PROJECT.parent, target)
        document = yaml.safe_load((target / "project.yaml").read_text())
        document["project"]["non_permanence"] = {"risk_rating": rating, "tool": "test"}
        document["inputs"]["methane"] = {"MP2": f"{methane!r} kg CH4"}
        (target / "project.yaml").write_text(yaml.safe_dump(document))
        report = compute(target / "project.yaml", registry=toy_registry)
    for period in report.periods:
        expected = rating * max(period.removals.value - period.uncertainty_deduction.value, 0.0)
        assert period.buffer_contribution.value == pytest.approx(expected, abs=2e-6)


def test_a_non_finite_term_is_a_plugin_failure(toy_registry, toy_project_dir):
    import dataclasses

    from mrv.contract.equations import Traced

    loaded = load_project(toy_project_dir / "project.yaml", registry=toy_registry)
    original = loaded.methodology.calculate

    def poisoned(context):
        for outcome in original(context):
            first = outcome.project[0]
            nan = Traced(float("nan"), first.value.unit, first.value.refs)
            yield dataclasses.replace(
                outcome, project=(dataclasses.replace(first, value=nan), *outcome.project[1:])
            )

    broken = type(loaded)(
        **{**loaded.__dict__, "methodology": _with(loaded.methodology, calculate=poisoned)}
    )
    with pytest.raises(PluginFailure, match=r"term '\w+' is nan; expected a finite number"):
        compute(broken)


@pytest.mark.parametrize("size", [1e308, float.fromhex("0x1.fffffffffffffp+1023")])
def test_figures_beyond_float_range_are_bad_input(toy_registry, toy_project_dir, size):
    """Two finite terms of 1e308 t sum past the float range: exit 2, not a crash."""
    import dataclasses

    from mrv.contract.equations import Traced

    loaded = load_project(toy_project_dir / "project.yaml", registry=toy_registry)
    original = loaded.methodology.calculate

    def huge(context):
        for outcome in original(context):
            first = outcome.project[0]
            value = Traced(-size, "t CO2", first.value.refs)
            terms = (
                dataclasses.replace(first, name="a", value=value),
                dataclasses.replace(first, name="b", value=value),
            )
            yield dataclasses.replace(outcome, project=terms)

    broken = type(loaded)(
        **{**loaded.__dict__, "methodology": _with(loaded.methodology, calculate=huge)}
    )
    with pytest.raises(InputError, match=r"overflow \(beyond 1.8e308 t CO2e\)"):
        compute(broken)


def test_parts_by_stratum_must_add_up_to_their_term():
    from mrv.common.errors import PluginFailure
    from mrv.contract.equations import Trace, Traced
    from mrv.contract.methodology import PeriodOutcome, Term
    from mrv.engine.figures import _by_stratum, _Converter

    trace = Trace()
    convert = _Converter("AR5", trace, None, "test-plugin")
    good = Term(
        "soil", Traced(-3.0, "t C", ("x",)), "stock_change", by_stratum={"S1": -1.0, "S2": -2.0}
    )
    shares = _by_stratum(PeriodOutcome("MP1", project=(good,)), trace, convert)
    assert float(shares["S2"]) == pytest.approx(2.0 * K)  # a removal in the project
    bad = Term("soil", Traced(-3.0, "t C", ("x",)), "stock_change", by_stratum={"S1": -1.0})
    with pytest.raises(PluginFailure, match=r"add up to -1\.0, not its value -3\.0"):
        _by_stratum(PeriodOutcome("MP1", project=(bad,)), trace, convert)
