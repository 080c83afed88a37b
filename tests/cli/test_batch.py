"""mrv batch: a generated portfolio, in this process, on worker processes and on Dask, identical."""

import json
from collections import defaultdict
from pathlib import Path

import pytest
from typer.testing import CliRunner

from mrv.interface.cli import app
from mrv.testing.portfolio import generate_portfolio

ROOT = Path(__file__).resolve().parents[2]
SITES = 10


@pytest.fixture(scope="module")
def portfolio(tmp_path_factory):
    folder = tmp_path_factory.mktemp("portfolio")
    generate_portfolio(ROOT / "examples", folder / "sites", SITES)
    return folder


def run(*arguments):
    return CliRunner().invoke(app, [str(a) for a in arguments])


def files(folder):
    return {path.name: path.read_bytes() for path in sorted(folder.iterdir())}


@pytest.fixture(scope="module")
def single(portfolio):
    out = portfolio / "single"
    result = run("batch", portfolio / "sites", "-o", out)
    assert result.exit_code == 0, result.output
    return out


def test_worker_processes_and_dask_write_the_same_bytes(portfolio, single):
    pytest.importorskip("distributed")
    processes = portfolio / "processes"
    assert run("batch", portfolio / "sites", "-o", processes, "--workers", 2).exit_code == 0
    dask = portfolio / "dask"
    result = run("batch", portfolio / "sites", "-o", dask, "--dask", "--workers", 2)
    assert result.exit_code == 0, result.output
    expected = files(single)
    assert len(expected) == SITES + 3  # a report per site, portfolio.json and two pages
    assert files(processes) == expected
    assert files(dask) == expected


def test_the_summary_adds_up_the_reports(single):
    summary = json.loads((single / "portfolio.json").read_text())
    reports = [json.loads(p.read_text()) for p in sorted(single.glob("*.report.json"))]
    assert summary["computed"] == SITES and summary["failed"] == 0
    assert summary["totals"]["net_benefit"]["value"] == pytest.approx(
        sum(r["totals"]["net_benefit"]["value"] for r in reports), abs=1e-5
    )
    by_methodology = defaultdict(int)
    vintages = defaultdict(float)
    for report in reports:
        by_methodology[f"{report['methodology']['id']} {report['methodology']['version']}"] += 1
        for period in report["periods"]:
            if period["kind"] == "ex-post":
                vintages[period["end"][:4]] += period["net_benefit"]["value"]
    assert {g["key"]: g["projects"] for g in summary["by_methodology"]} == by_methodology
    for group in summary["by_vintage"]:
        assert group["net_benefit"]["value"] == pytest.approx(vintages[group["key"]], abs=1e-5)
    estimates = [r for r in reports if r["estimate_reason"]]
    assert summary["totals"]["estimated_credits"] == sum(
        r["totals"]["issuable_credits"] for r in estimates
    )
    assert len({g["key"] for g in summary["by_region"]}) == SITES  # ten regions, one site each


def test_the_summary_page(single):
    summary = json.loads((single / "portfolio.json").read_text())
    page = (single / "portfolio.html").read_text()
    total = f"{summary['totals']['net_benefit']['value']:,.3f}"
    assert "Portfolio summary" in page and total in page and "<svg" in page
    assert "项目组合汇总" in (single / "portfolio.zh.html").read_text()


def test_a_bad_project_is_listed_and_the_others_go_on(portfolio, tmp_path):
    broken = portfolio / "sites" / "site-0001" / "project.yaml"
    sources = [p for p in sorted((portfolio / "sites").glob("*/project.yaml")) if p != broken]
    bad = tmp_path / "bad" / "project.yaml"
    bad.parent.mkdir()
    bad.write_text(broken.read_text().replace("area: 120 ha", "area: 120 kg"))
    out = tmp_path / "out"
    result = run("batch", *sources[:3], bad, "-o", out)
    assert result.exit_code == 2
    assert "bad/project.yaml" in result.output and "Traceback" not in result.output
    summary = json.loads((out / "portfolio.json").read_text())
    assert summary["computed"] == 3 and summary["failed"] == 1
    assert len(list(out.glob("*.report.json"))) == 3


def test_two_projects_writing_one_report_name_is_bad_input(portfolio, tmp_path):
    site = portfolio / "sites" / "site-0000" / "project.yaml"
    result = run("batch", site, site, "-o", tmp_path / "out")
    assert result.exit_code == 2 and "would overwrite" in result.output


def test_monte_carlo_chunks_on_dask_give_the_same_report(tmp_path):
    pytest.importorskip("distributed")
    project = ROOT / "examples" / "forest-reclamation" / "project.yaml"
    here, there = tmp_path / "here.json", tmp_path / "there.json"
    assert run("compute", project, "-o", here).exit_code == 0
    result = run("compute", project, "-o", there, "--dask", "--workers", 2)
    assert result.exit_code == 0, result.output
    assert json.loads(here.read_text())["periods"][0]["monte_carlo"] is not None
    assert here.read_bytes() == there.read_bytes()
