"""mrv compare on the shipped restoration options, checked against each option's own report."""

import json
import shutil
from pathlib import Path

import jsonschema
import pytest
import yaml
from hypothesis import given, settings
from hypothesis import strategies as st
from typer.testing import CliRunner

import mrv
from mrv.interface.cli import app
from mrv.interface.html.comparison import render_comparison_html
from mrv.planning import compare

ROOT = Path(__file__).resolve().parents[2]
OPTIONS = ROOT / "examples" / "restoration-options"
SCENARIOS = OPTIONS / "scenarios.yaml"
SUBSIDENCE = ROOT / "examples" / "subsidence-options" / "scenarios.yaml"
FETCHING = ("<script", "<link", "<img", "url(", "@import", "src=")


@pytest.fixture(scope="module")
def compared():
    return compare(SCENARIOS)


def option(comparison, scenario_id):
    return next(s for s in comparison.scenarios if s.id == scenario_id)


@pytest.mark.parametrize("scenarios", [SCENARIOS, SUBSIDENCE])
def test_each_option_is_its_own_ex_ante_report(scenarios):
    comparison, reports = compare(scenarios)
    projects = {s["id"]: s["project"] for s in yaml.safe_load(scenarios.read_text())["scenarios"]}
    for scenario in comparison.scenarios:
        own = mrv.compute(scenarios.parent / projects[scenario.id])
        assert scenario.net_benefit.value == pytest.approx(
            own.ex_ante_totals.net_benefit.value, abs=1e-5
        )
        assert scenario.issuable_credits == own.ex_ante_totals.issuable_credits
        assert scenario.results_sha256 == own.results_sha256 == reports[scenario.id].results_sha256


def test_costs_and_cost_per_tonne_by_hand(compared):
    comparison, _ = compared
    masson = option(comparison, "masson")
    net = masson.net_benefit.value
    # 30000 CNY/ha x 120 ha now, 400 CNY/ha/yr x 120 ha x 5 yr at the end of each 5-year period
    assert masson.cost.value == pytest.approx(30000 * 120 + 400 * 120 * 15)
    assert masson.cost.unit == "CNY"
    present = 30000 * 120 + sum(400 * 120 * 5 / 1.06**t for t in (5, 10, 15))
    assert masson.present_cost.value == pytest.approx(present)
    assert masson.abatement_cost.value == pytest.approx((30000 * 120 + 400 * 120 * 15) / net)
    tonnes = sum(
        p.net_benefit.value / 1.06**t for p, t in zip(masson.periods, (5, 10, 15), strict=True)
    )
    assert masson.levelised_abatement_cost.value == pytest.approx(present / tonnes)
    # 4.5 万元/ha is 45000 CNY/ha
    assert option(comparison, "mixed").cost.value == pytest.approx(45000 * 120 + 600 * 120 * 15)


def test_revenue_by_hand(compared):
    comparison, _ = compared
    broadleaf = option(comparison, "broadleaf")
    credits = [p.issuable_credits for p in broadleaf.periods]
    cea = next(r for r in broadleaf.revenue if r.price_id == "CEA-2022")
    assert cea.revenue.value == pytest.approx(58 * sum(credits))
    assert cea.present_value.value == pytest.approx(
        sum(58 * c / 1.06**t for c, t in zip(credits, (5, 10, 15), strict=True))
    )
    voluntary = next(r for r in broadleaf.revenue if r.price_id == "voluntary")
    assert voluntary.revenue.unit == "USD"  # never converted into yuan
    assert voluntary.revenue.value == pytest.approx(12 * sum(credits))


def test_options_under_different_methodologies_and_an_estimate():
    """Wetland against cropland on one subsidence site; the wetland's inland figures are estimates."""
    comparison, reports = compare(SUBSIDENCE)
    wetland, cropland = comparison.scenarios
    assert wetland.methodology.startswith("wetland-methane")
    assert cropland.methodology.startswith("cropland-soil")
    assert wetland.estimate_reason == reports["wetland"].estimate_reason != ""
    assert cropland.estimate_reason == ""
    assert any(note.startswith("wetland: not creditable") for note in comparison.notes)
    # 12 万元/ha is 120000 CNY/ha; upkeep 800 CNY/ha/yr over ten years
    assert cropland.cost.value == pytest.approx(120000 * 120 + 800 * 120 * 10)
    page = render_comparison_html(comparison, "en")
    assert "Estimate, not credits" in page and "cropland-soil" in page


def test_per_hectare_and_per_year(compared):
    comparison, _ = compared
    for s in comparison.scenarios:
        assert s.net_benefit_per_hectare.value == pytest.approx(s.net_benefit.value / 120.0)
        assert s.net_benefit_per_year.value == pytest.approx(s.net_benefit.value / 15.0)
        assert s.periods[-1].cumulative_net_benefit.value == pytest.approx(s.net_benefit.value)


def test_the_stagnating_option_is_flagged(compared):
    comparison, _ = compared
    masson = option(comparison, "masson")
    assert [(w.code, w.period, w.stratum) for w in masson.warnings] == [
        ("below_trajectory", "EA3", "P1")
    ]
    rates = [p.net_benefit.value / 5.0 for p in masson.periods]
    assert masson.warnings[0].rate == pytest.approx(rates[2])
    assert masson.warnings[0].expected == pytest.approx((rates[0] + rates[1]) / 2)
    assert not option(comparison, "mixed").warnings


def copy_options(tmp_path):
    shutil.copytree(OPTIONS, tmp_path / "options")
    for example in ("forest-reclamation-ex-ante", "forest-reclamation"):
        shutil.copytree(ROOT / "examples" / example, tmp_path / example)
    return tmp_path / "options" / "scenarios.yaml"


@settings(max_examples=8, deadline=None)
@given(
    st.sampled_from(
        [
            ("30000 CNY/ha", "400 CNY/ha/yr", "58 CNY/t CO2e"),
            ("3 万元/ha", "0.04 万元/ha/yr", "0.058 CNY/kg CO2e"),
            ("2000 CNY/mu", "26.666666666666668 CNY/mu/yr", "0.0058 万元/t CO2e"),
            ("3 CNY/m**2", "0.04 CNY/m**2/yr", "58 CNY/Mg CO2e"),
        ]
    )
)
def test_the_same_costs_and_prices_in_other_units_give_the_same_figures(tmp_path_factory, units):
    restoration, maintenance, price = units
    path = copy_options(tmp_path_factory.mktemp("units"))
    document = yaml.safe_load(path.read_text())
    document["scenarios"] = [s for s in document["scenarios"] if s["id"] != "mixed"]
    document["scenarios"][0]["costs"] = {"restoration": restoration, "maintenance": maintenance}
    document["prices"] = [{"id": "p", "price": price}]
    path.write_text(yaml.safe_dump(document, allow_unicode=True))
    comparison, _ = compare(path)
    masson = option(comparison, "masson")
    assert masson.cost.value == pytest.approx(30000 * 120 + 400 * 120 * 15)
    assert masson.revenue[0].revenue.value == pytest.approx(58 * masson.issuable_credits)


def test_the_command_line_writes_json_and_html(tmp_path):
    out, page = tmp_path / "c.json", tmp_path / "c.html"
    result = CliRunner().invoke(
        app, ["compare", str(SCENARIOS), "-o", str(out), "--html", str(page)]
    )
    assert result.exit_code == 0, result.output
    assert "not credits" in result.output and "masson" in result.output
    data = json.loads(out.read_text())
    schema = json.loads((ROOT / "schemas" / "comparison.schema.json").read_text())
    jsonschema.validate(data, schema)
    html = page.read_text()
    for text in (
        "18,045.968",
        "14,560.477",
        "below_trajectory",
        "CEA-2022",
        "Planning estimate",
        "<svg",
    ):
        assert text in html
    assert not any(marker in html for marker in FETCHING)


def test_the_chinese_page_uses_chinese_terms(compared):
    html = render_comparison_html(compared[0], "zh")
    for term in ("修复方案碳汇比选", "碳交易收益估算", "碳汇减弱预警", "单位减排成本"):
        assert term in html


@pytest.mark.parametrize(
    ("edit", "path", "words"),
    [
        (
            lambda d: d["scenarios"][1].update(project="../forest-reclamation/project.yaml"),
            "scenarios[1].project",
            "ex-post",
        ),
        (
            lambda d: d["scenarios"][2]["costs"].update(restoration="7000 USD/ha"),
            "scenarios[2].costs.restoration",
            "one currency",
        ),
        (lambda d: d["prices"][0].update(price="58 CNY/ha"), "prices[0].price", "currency"),
        (lambda d: d["prices"][0].update(price="58 / t CO2e"), "prices[0].price", "no currency"),
        (lambda d: d["scenarios"][1].update(id="mixed"), "scenarios[1].id", "duplicate"),
        (lambda d: d.update(scenarios=d["scenarios"][:1]), "scenarios", ""),
    ],
)
def test_a_bad_scenario_file_is_exit_2_naming_the_field(tmp_path, edit, path, words):
    scenarios = copy_options(tmp_path)
    document = yaml.safe_load(scenarios.read_text())
    edit(document)
    scenarios.write_text(yaml.safe_dump(document, allow_unicode=True))
    out = tmp_path / "c.json"
    result = CliRunner().invoke(app, ["compare", str(scenarios), "-o", str(out)])
    assert result.exit_code == 2, result.output
    assert path in result.output and words in result.output
    assert "Traceback" not in result.output
    assert not out.exists()
