"""mrv diff: two reports of one project, here the cropland example under its two IPCC editions."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import jsonschema
import pytest
import yaml
from browser import _chromium, needs_chromium
from typer.testing import CliRunner

import mrv
from mrv.contract.parameters import load_parameter_folder
from mrv.engine.provenance import pretty_json
from mrv.interface.cli import app
from mrv.verify.diff import diff_reports

ROOT = Path(__file__).resolve().parents[2]
EXAMPLE = ROOT / "examples" / "cropland-soil"
PROFILE = ROOT / "methodologies" / "cropland_soil" / "profiles" / "ipcc-2006"
SCHEMA = json.loads((ROOT / "schemas" / "diff.schema.json").read_text())


@pytest.fixture(scope="module")
def reports(tmp_path_factory):
    """The example under the default profile (2019 Refinement) and under ipcc-2006."""
    folder = tmp_path_factory.mktemp("diff")
    shutil.copytree(EXAMPLE, folder / "site")
    document = yaml.safe_load((folder / "site" / "project.yaml").read_text())
    a = mrv.compute(folder / "site" / "project.yaml")
    document["project"]["methodology"]["profile"] = "ipcc-2006"
    (folder / "site" / "project.yaml").write_text(yaml.safe_dump(document, allow_unicode=True))
    b = mrv.compute(folder / "site" / "project.yaml")
    paths = folder / "a.json", folder / "b.json"
    for path, report in zip(paths, (a, b), strict=True):
        path.write_text(pretty_json(report.model_dump(mode="json")), encoding="utf-8")
    return a, b, paths


def test_the_profile_change_and_its_parameters_are_named(reports):
    """Every changed parameter's new value is the ipcc-2006 profile's row for that key."""
    a, b, _ = reports
    diff = diff_reports(a, b)
    assert [(c.field, c.a, c.b) for c in diff.identity] == [
        ("methodology.profile", "default", "ipcc-2006")
    ]
    assert diff.tables == ()
    profile = load_parameter_folder(PROFILE)
    changed = [c for c in diff.parameters if c.status == "changed"]
    assert changed
    for change in changed:
        table_id = change.key.split("[", 1)[0]
        used = b.parameters[change.key]
        row = profile[table_id].row(**used.key)
        assert change.b_value == row.value, change.key
        assert change.a_value == a.parameters[change.key].value


def test_figures_change_by_b_minus_a_and_the_trace_explains_largest_first(reports):
    a, b, _ = reports
    diff = diff_reports(a, b)
    totals = {c.figure: c for c in diff.figures if c.where == "totals"}
    assert totals["net_benefit"].difference == pytest.approx(
        b.totals.net_benefit.value - a.totals.net_benefit.value
    )
    assert (
        totals["issuable_credits"].difference
        == b.totals.issuable_credits - a.totals.issuable_credits
    )
    co2e = [abs(c.difference) for c in diff.trace if c.status == "changed" and c.unit == "t CO2e"]
    assert co2e == sorted(co2e, reverse=True) and co2e[0] > 100
    assert {"MP1/project", "MP2/project"} <= {c.id for c in diff.trace}


def test_a_report_against_itself_has_no_changes(reports):
    a, _, _ = reports
    diff = diff_reports(a, a)
    assert (diff.identity, diff.tables, diff.parameters, diff.figures, diff.trace) == ((),) * 5


def test_the_command_prints_writes_and_validates(reports, tmp_path):
    _, _, (path_a, path_b) = reports
    result = CliRunner().invoke(app, ["diff", str(path_a), str(path_b), "--json"])
    assert result.exit_code == 0
    jsonschema.validate(json.loads(result.stdout), SCHEMA)
    result = CliRunner().invoke(
        app, ["diff", str(path_a), str(path_b), "--html", str(tmp_path / "d.html")]
    )
    assert result.exit_code == 0
    assert "methodology.profile: default -> ipcc-2006" in result.stdout
    assert "totals.net_benefit" in result.stdout
    assert (tmp_path / "d.html").read_text().startswith("<!DOCTYPE html>")


@needs_chromium
@pytest.mark.parametrize(
    ("lang", "words"),
    [
        ("en", ["Report comparison", "Parameters", "Trace entries that explain the change"]),
        ("zh", ["报告比对", "参数", "解释变化的计算步骤"]),
    ],
)
def test_chromium_renders_the_diff_page(reports, tmp_path, lang, words):
    _, _, (path_a, path_b) = reports
    page = tmp_path / f"diff-{lang}.html"
    result = CliRunner().invoke(
        app, ["diff", str(path_a), str(path_b), "--html", str(page), "--lang", lang]
    )
    assert result.exit_code == 0
    dom = _chromium(tmp_path, page, "--dump-dom")
    for word in [*words, "ipcc-2006", "soc_ref[zone=cool_temperate_dry,soil=HAC]"]:
        assert word in dom
