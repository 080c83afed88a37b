"""Early warning of weakening sinks, on the shipped examples and on edited reports."""

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

import mrv
from mrv.interface.cli import app
from mrv.model.report import ReportQuantity
from mrv.planning import early_warnings

ROOT = Path(__file__).resolve().parents[2]
EXAMPLES = ROOT / "examples"


@pytest.fixture(scope="module")
def forest():
    return mrv.compute(EXAMPLES / "forest-reclamation" / "project.yaml")


@pytest.fixture(scope="module")
def ex_ante():
    return mrv.compute(EXAMPLES / "forest-reclamation-ex-ante" / "project.yaml")


@pytest.fixture(scope="module")
def wetland():
    return mrv.compute(EXAMPLES / "wetland-methane" / "project.yaml")


def with_share(report, period_index, stratum, value):
    periods = list(report.periods)
    period = periods[period_index]
    strata = dict(period.strata)
    strata[stratum] = ReportQuantity(value=value, unit="t CO2e")
    periods[period_index] = period.model_copy(update={"strata": strata})
    return report.model_copy(update={"periods": tuple(periods)})


def codes_of(report, threshold):
    return {(w.code, w.period, w.stratum) for w in early_warnings([report], threshold=threshold)}


def test_the_monitored_forest_is_healthy_against_its_own_trend(forest):
    assert early_warnings([forest]) == ()


def test_a_stratum_that_lost_carbon_is_a_reversal_risk(forest):
    edited = with_share(forest, 1, "S3", -12.5)
    found = early_warnings([edited])
    assert [(w.code, w.period, w.stratum) for w in found] == [("negative_change", "MP2", "S3")]
    assert found[0].rate == pytest.approx(-12.5 / 3.0)  # MP2 is 2023-2025, three years


def test_below_the_previous_trend_beyond_the_threshold(forest):
    # S4: MP1 331.074227 t over 4 years; MP2 cut to 60 % of that rate over 3 years
    mp1_rate = forest.periods[0].strata["S4"].value / 4.0
    edited = with_share(forest, 1, "S4", 0.6 * mp1_rate * 3.0)
    found = early_warnings([edited], threshold=0.2)
    assert [(w.code, w.stratum) for w in found] == [("below_trajectory", "S4")]
    assert found[0].expected == pytest.approx(mp1_rate)
    assert early_warnings([edited], threshold=0.5) == ()  # 40 % short is within 50 %


def test_against_the_ex_ante_trajectory_by_hand(forest, ex_ante):
    found = early_warnings([forest], expected=ex_ante)
    assert [(w.code, w.period, w.stratum) for w in found] == [("below_trajectory", "MP1", "S1")]
    # MP1 (2019-2022) lies inside EA1 (2019-2023, five years): the expected rate is EA1's
    assert found[0].expected == pytest.approx(ex_ante.periods[0].strata["S1"].value / 5.0)
    assert found[0].rate == pytest.approx(forest.periods[0].strata["S1"].value / 4.0)


def test_a_series_of_reports_reads_as_one(forest):
    first = forest.model_copy(update={"periods": forest.periods[:1]})
    second = with_share(forest.model_copy(update={"periods": forest.periods[1:]}), 0, "S2", -1.0)
    together = with_share(forest, 1, "S2", -1.0)
    assert early_warnings([first, second]) == early_warnings([together])
    assert [w.stratum for w in early_warnings([first, second])] == ["S2"]


def test_wetland_methane_rising_and_net_emitting_strata(wetland):
    codes = codes_of(wetland, 0.1)
    # W1 and W2 emit more CH4 than they store in MP2 (their shares are negative); W1 also in MP1
    assert {("negative_change", "MP1", "W1"), ("negative_change", "MP2", "W1")} <= codes
    assert ("negative_change", "MP2", "W2") in codes
    # CH4 per year: W2 9,650.7 -> 11,004.0 kg over two-year periods (+14 %), W1 +7.8 %
    assert ("ch4_rising", "MP2", "W2") in codes
    assert ("ch4_rising", "MP2", "W1") not in codes
    assert not any(code == "ch4_rising" for code, _, _ in codes_of(wetland, 0.2))


def test_mrv_warn_exit_codes_and_json(tmp_path, forest, ex_ante):
    monitored, expected = tmp_path / "forest.json", tmp_path / "ex-ante.json"
    monitored.write_text(forest.model_dump_json())
    expected.write_text(ex_ante.model_dump_json())
    runner = CliRunner()
    clean = runner.invoke(app, ["warn", str(monitored)])
    assert clean.exit_code == 0 and "no warnings" in clean.output
    flagged = runner.invoke(app, ["warn", str(monitored), "--expected", str(expected), "--json"])
    assert flagged.exit_code == 1
    data = json.loads(flagged.output)
    assert data["threshold"] == 0.2
    assert [w["stratum"] for w in data["warnings"]] == ["S1"]
    bad = runner.invoke(app, ["warn", str(monitored), "--threshold", "150%"])
    assert bad.exit_code == 2 and "--threshold" in bad.output and "Traceback" not in bad.output


def test_the_report_page_shows_the_warnings(wetland):
    from mrv.interface.html import render_html

    page = render_html(wetland, "en")
    assert "Early warnings" in page and "negative_change" in page
    assert "碳汇减弱预警" in render_html(wetland, "zh")
