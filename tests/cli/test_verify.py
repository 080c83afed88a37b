"""mrv verify: reproduction, tampering, materiality, claimed figures."""

import dataclasses
import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import jsonschema
import pytest
import toy_methodology
from hypothesis import given, settings
from hypothesis import strategies as st
from typer.testing import CliRunner

import mrv
from mrv.contract.plugins import load_plugins
from mrv.engine.provenance import pretty_json
from mrv.interface.cli import app
from mrv.model.report import Report
from mrv.verify import materiality_threshold, verify

ROOT = Path(__file__).resolve().parents[2]
TOY = ROOT / "tests" / "fixtures" / "valid" / "toy"
SCHEMA = json.loads((ROOT / "schemas" / "verification.schema.json").read_text())


@pytest.fixture(scope="module")
def bundle(tmp_path_factory, toy_registry):
    folder = tmp_path_factory.mktemp("bundle")
    shutil.copytree(TOY, folder / "toy")
    report = mrv.compute(folder / "toy" / "project.yaml", registry=toy_registry)
    return folder / "toy" / "project.yaml", report


def cli(*args):
    result = CliRunner().invoke(app, [str(arg) for arg in args])
    return result.exit_code, result.stdout, result.stderr


def test_untouched_bundle_verifies(bundle, toy_registry, tmp_path, monkeypatch):
    project, report = bundle
    statement = verify(report, project, registry=toy_registry)
    assert statement.verdict == "verified"
    assert statement.discrepancies == ()
    assert all(check.matches for check in statement.hash_checks)
    jsonschema.validate(statement.model_dump(mode="json"), SCHEMA)
    monkeypatch.setenv("MRV_PLUGINS", "toy_methodology")
    (tmp_path / "report.json").write_text(pretty_json(report.model_dump(mode="json")))
    code, stdout, _ = cli(
        "verify", tmp_path / "report.json", "--project", project, "-o", tmp_path / "statement.json"
    )
    assert code == 0
    assert "verified" in stdout
    assert json.loads((tmp_path / "statement.json").read_text())["verdict"] == "verified"


def numeric_leaves(node, path=()):
    if isinstance(node, bool):
        return
    if isinstance(node, (int, float)):
        yield path
    elif isinstance(node, dict):
        for key, value in node.items():
            yield from numeric_leaves(value, (*path, key))
    elif isinstance(node, list):
        for index, value in enumerate(node):
            yield from numeric_leaves(value, (*path, index))


def set_leaf(node, path, change):
    for key in path[:-1]:
        node = node[key]
    node[path[-1]] = change(node[path[-1]])


@settings(max_examples=40, deadline=None)
@given(st.data())
def test_any_edited_number_is_caught(bundle, toy_registry, data):
    project, report = bundle
    dumped = report.model_dump(mode="json")
    leaves = [path for path in numeric_leaves(dumped) if path[0] not in {"schema_version"}]
    path = data.draw(st.sampled_from(leaves))
    set_leaf(dumped, path, lambda value: value + 1 if isinstance(value, int) else value * 1.5 + 1.0)
    try:
        tampered = Report.model_validate(dumped)
    except Exception:
        return
    statement = verify(tampered, project, registry=toy_registry)
    assert (statement.verdict, statement.reason) == ("not_verified", "integrity"), path
    assert not next(
        check for check in statement.hash_checks if check.name == "results_sha256"
    ).matches
    assert statement.headline.startswith(
        "not verified (integrity): results_sha256 does not match: the report's figures were edited"
    )


def test_a_changed_table_byte_is_caught_and_named(bundle, toy_registry, tmp_path):
    project, report = bundle
    shutil.copytree(project.parent, tmp_path / "toy")
    plots = tmp_path / "toy" / "plots.csv"
    plots.write_text(plots.read_text().replace("MP2,S2,24", "MP2,S2,25"))
    statement = verify(report, tmp_path / "toy" / "project.yaml", registry=toy_registry)
    assert (statement.verdict, statement.reason) == ("not_verified", "integrity")
    inputs = next(check for check in statement.hash_checks if check.name == "inputs_sha256")
    assert not inputs.matches
    assert inputs.explanation == "tables differ: plots.csv"
    assert any(item.path == "periods[MP2].net_benefit" for item in statement.discrepancies)
    assert (
        statement.headline
        == "not verified (integrity): inputs_sha256 does not match: tables differ: plots.csv"
    )


def test_a_changed_parameter_is_caught_and_named(bundle, tmp_path):
    project, report = bundle
    shutil.copytree(toy_methodology.HERE / "parameters", tmp_path / "parameters")
    cf = tmp_path / "parameters" / "cf.yaml"
    cf.write_text(cf.read_text().replace("value: 0.5,", "value: 0.52,"))

    class Changed:
        @mrv.hookimpl
        def mrv_methodologies(self):
            yield dataclasses.replace(toy_methodology.TOY, parameters=tmp_path / "parameters")

    registry = load_plugins(discovered=[], extra=[("changed", Changed())])
    statement = verify(report, project, registry=registry)
    assert (statement.verdict, statement.reason) == ("not_verified", "integrity")
    parameters = next(check for check in statement.hash_checks if check.name == "parameters_sha256")
    assert not parameters.matches
    assert parameters.explanation == "parameter values differ: cf"


def test_another_major_version_is_refused(bundle, tmp_path):
    project, report = bundle
    shutil.copytree(project.parent, tmp_path / "toy")
    document = tmp_path / "toy" / "project.yaml"
    document.write_text(
        document.read_text().replace(
            "{id: toy-stock, version: 1.0.0}", "{id: toy-stock, version: 2.0.0}"
        )
    )

    class Next:
        @mrv.hookimpl
        def mrv_methodologies(self):
            yield dataclasses.replace(toy_methodology.TOY, version="2.0.0")

    registry = load_plugins(discovered=[], extra=[("next", Next())])
    with pytest.raises(mrv.InputError) as caught:
        verify(report, document, registry=registry)
    (problem,) = caught.value.problems
    assert problem.message == (
        "the report was computed with toy-stock 1.2.0; installed is 2.0.0: verify refuses a different major version"
    )


def test_claimed_totals_are_compared(bundle, toy_registry, tmp_path, monkeypatch):
    project, report = bundle
    net = report.totals.net_benefit.value
    small = verify(report, project, registry=toy_registry, claimed={"net_benefit": net * 1.01})
    assert small.verdict == "verified"  # 1 % is below ISO 14064-3's 5 %
    (item,) = small.discrepancies
    assert (item.path, item.material) == ("claimed.net_benefit", False)
    large = verify(
        report,
        project,
        registry=toy_registry,
        claimed={"totals": {"net_benefit": net * 1.10, "issuable_credits": 1}},
    )
    assert (large.verdict, large.reason) == ("not_verified", "materiality")
    credits = report.totals.issuable_credits  # 1 claimed: misstated by (credits - 1) / credits
    assert large.aggregate_misstatement == pytest.approx(max(0.10, (credits - 1) / credits))
    monkeypatch.setenv("MRV_PLUGINS", "toy_methodology")
    (tmp_path / "report.json").write_text(pretty_json(report.model_dump(mode="json")))
    (tmp_path / "claimed.yaml").write_text(f"net_benefit: {net * 1.10}\n")
    code, stdout, _ = cli(
        "verify",
        tmp_path / "report.json",
        "--project",
        project,
        "--claimed",
        tmp_path / "claimed.yaml",
        "-o",
        tmp_path / "s.json",
    )
    assert code == 1
    assert "claimed.net_benefit" in stdout


@pytest.mark.parametrize(
    ("option", "expected"),
    [("iso", 0.05), ("0.02", 0.02), ("cdm-large", 0.02), ("cdm-small", 0.05), ("cdm-micro", 0.10)],
)
def test_materiality_options(bundle, option, expected):
    _, report = bundle
    threshold, basis = materiality_threshold(option, report)
    assert threshold == expected
    assert basis


def test_cdm_large_scale_bands(bundle):
    _, report = bundle
    years = 6.0  # toy periods 2020-01-01 to 2025-12-31
    for annual, expected in ((600_000, 0.005), (400_000, 0.01), (100_000, 0.02)):
        big = report.model_copy(
            update={
                "totals": report.totals.model_copy(
                    update={
                        "net_benefit": report.totals.net_benefit.model_copy(
                            update={"value": annual * years}
                        )
                    }
                )
            }
        )
        assert materiality_threshold("cdm-large", big)[0] == expected


def test_bad_materiality_option(bundle):
    _, report = bundle
    with pytest.raises(mrv.InputError, match="expected a share"):
        materiality_threshold("lots", report)


def test_report_of_the_wrong_shape_exits_2(bundle, tmp_path, monkeypatch):
    project, _ = bundle
    monkeypatch.setenv("MRV_PLUGINS", "toy_methodology")
    (tmp_path / "report.json").write_text('{"schema_version": "1.1.0"}')
    code, _, stderr = cli("verify", tmp_path / "report.json", "--project", project)
    assert code == 2
    assert "missing required field" in stderr


def test_reports_are_identical_across_hash_seeds(tmp_path):
    outputs = []
    for seed in ("0", "12345"):
        output = tmp_path / f"report-{seed}.json"
        environment = {**os.environ, "PYTHONHASHSEED": seed}
        subprocess.run(
            [
                str(Path(sys.executable).with_name("mrv")),
                "compute",
                str(ROOT / "examples" / "forest-reclamation" / "project.yaml"),
                "-o",
                str(output),
            ],
            check=True,
            capture_output=True,
            env=environment,
        )
        outputs.append(output.read_bytes())
    assert outputs[0] == outputs[1]


EXAMPLES = sorted((ROOT / "examples").glob("*/project.yaml"))


@pytest.mark.parametrize("project", EXAMPLES, ids=lambda path: path.parent.name)
def test_every_shipped_example_verifies(project, tmp_path):
    """`mrv compute` then `mrv verify` on each example: the recomputation reproduces the report."""
    report = tmp_path / "report.json"
    code, _, stderr = cli("compute", project, "-o", report)
    assert code == 0, stderr
    code, stdout, stderr = cli("verify", report, "--project", project)
    assert code == 0, stderr
    assert '"verdict": "verified"' in stdout
