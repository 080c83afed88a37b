"""The mrv command: exit codes, messages, files written whole or not at all."""

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from typer.testing import CliRunner

from mrv.contract.plugins import load_plugins
from mrv.interface.cli import app

ROOT = Path(__file__).resolve().parents[2]
SUPPORT = ROOT / "tests" / "support"
INVALID = sorted(
    path for path in (ROOT / "tests" / "fixtures" / "invalid").iterdir() if path.is_dir()
)
TOY = ROOT / "tests" / "fixtures" / "valid" / "toy" / "project.yaml"
MRV = str(Path(sys.executable).with_name("mrv"))


@pytest.fixture
def toy_env(monkeypatch):
    monkeypatch.setenv("MRV_PLUGINS", "toy_methodology")


def run(*args):
    """Run the CLI in-process; return (exit code, stdout, stderr)."""
    result = CliRunner().invoke(app, [str(arg) for arg in args])
    return result.exit_code, result.stdout, result.stderr


def run_process(*args, env=None, cwd=None):
    environment = {
        **os.environ,
        "PYTHONPATH": str(SUPPORT),
        "MRV_PLUGINS": "toy_methodology",
        **(env or {}),
    }
    return subprocess.run(
        [MRV, *map(str, args)],
        capture_output=True,
        text=True,
        env=environment,
        cwd=cwd,
        check=False,
    )


@pytest.mark.parametrize("folder", INVALID, ids=lambda path: path.name)
def test_broken_documents_give_their_pinned_messages(folder, toy_env, monkeypatch):
    monkeypatch.chdir(folder)
    document = next(name for name in os.listdir(folder) if name.startswith("project."))
    # the fixtures share tables of the examples and the valid fixtures: allowed explicitly
    code, stdout, stderr = run(
        "validate",
        document,
        "--allow-path",
        ROOT / "examples",
        "--allow-path",
        ROOT / "tests" / "fixtures",
    )
    assert code == 2
    assert stdout == ""
    assert stderr == (folder / "expected.txt").read_text()
    assert "Traceback" not in stderr


def test_validate_accepts_the_toy_project(toy_env):
    code, stdout, _ = run("validate", TOY)
    assert code == 0
    assert "valid (toy-stock 1.2.0, profile default; 2 strata, 2 periods, 1 tables)" in stdout


def test_compute_writes_the_report(toy_env, tmp_path):
    output = tmp_path / "out" / "report.json"
    code, stdout, _ = run("compute", TOY, "-o", output)
    assert code == 0
    report = json.loads(output.read_text())
    assert report["totals"]["issuable_credits"] == 1369
    assert "issuable credits 1,369" in stdout


def test_compute_on_bad_input_writes_nothing(toy_env, tmp_path):
    output = tmp_path / "report.json"
    code, _, stderr = run("compute", INVALID[0] / "project.yaml", "-o", output)
    assert code == 2
    assert stderr.startswith("error: ")
    assert not output.exists()
    assert list(tmp_path.iterdir()) == []


@pytest.mark.parametrize(
    ("body", "said"),
    [
        ("    raise SystemExit(0)\n", "SystemExit(0): plug-in code may not exit the process"),
        ("    raise KeyboardInterrupt\n", "raised KeyboardInterrupt"),
        (
            "    return [mrv.PeriodOutcome(p.id, project=(mrv.Term('x', 1.5, 'emission'),))"
            " for p in context.document.monitoring_periods]\n",
            "project term 'x': value is float, not a traced value",
        ),
    ],
)
def test_an_exit_or_a_bad_term_in_calculate_is_the_plugins_failure(tmp_path, body, said):
    """SystemExit(0) in calculate used to exit 0 with no report; a float term an AttributeError."""
    plugin = tmp_path / "exiting_plugin.py"
    plugin.write_text(
        "import dataclasses, mrv, toy_methodology\n"
        f"def calculate(context):\n{body}"
        "@mrv.hookimpl\ndef mrv_methodologies():\n"
        "    yield dataclasses.replace(toy_methodology.TOY, calculate=calculate)\n"
    )
    result = run_process(
        "compute",
        TOY,
        "-o",
        tmp_path / "r.json",
        env={"MRV_PLUGINS": "exiting_plugin", "PYTHONPATH": f"{SUPPORT}{os.pathsep}{tmp_path}"},
    )
    assert result.returncode == 3
    assert "plug-in 'exiting_plugin' failed" in result.stderr and said in result.stderr
    assert "Traceback" not in result.stderr
    assert not (tmp_path / "r.json").exists()


def test_a_plugin_that_exits_at_import_harms_no_command(tmp_path):
    """`mrv methodologies` exited 7 with no output when a plug-in raised SystemExit at import."""
    result = run_process(
        "methodologies",
        env={"MRV_PLUGINS": "broken_plugins.exits", "PYTHONPATH": str(SUPPORT)},
    )
    assert result.returncode == 0
    assert "forest-reclamation" in result.stdout
    assert "BROKEN plug-in broken_plugins.exits: import raised SystemExit(7)" in result.stdout


def test_a_plugin_failure_exits_3_naming_the_plugin(tmp_path):
    broken = tmp_path / "explode_plugin.py"
    broken.write_text(
        "import dataclasses, mrv, toy_methodology\n"
        "def calculate(context):\n    raise ZeroDivisionError('boom')\n"
        "@mrv.hookimpl\ndef mrv_methodologies():\n"
        "    yield dataclasses.replace(toy_methodology.TOY, calculate=calculate)\n"
    )
    result = run_process(
        "compute",
        TOY,
        "-o",
        tmp_path / "r.json",
        env={"MRV_PLUGINS": "explode_plugin", "PYTHONPATH": f"{SUPPORT}{os.pathsep}{tmp_path}"},
    )
    assert result.returncode == 3
    assert (
        result.stderr
        == "error: plug-in 'explode_plugin' failed: toy-stock calculate raised ZeroDivisionError: boom\n"
    )
    assert not (tmp_path / "r.json").exists()


def test_methodologies_lists_installed_and_broken(monkeypatch):
    monkeypatch.setenv("MRV_PLUGINS", "toy_methodology,broken_plugins.raises")
    code, stdout, _ = run("methodologies")
    assert code == 0
    assert "toy-stock 1.2.0  Toy stock-change methodology (tests only)" in stdout
    assert "profiles: default, strict" in stdout
    assert (
        "BROKEN plug-in broken_plugins.raises: mrv_methodologies hook raised RuntimeError: cannot read my parameter folder"
        in stdout
    )


def test_schema_prints_core_and_methodology_schemas(toy_env):
    code, stdout, _ = run("schema", "project")
    assert code == 0
    assert json.loads(stdout)["$id"] == "urn:mrv:schema:project:1.6.0"
    code, stdout, _ = run("schema", "toy-stock")
    assert code == 0
    schema = json.loads(stdout)
    assert schema["$id"] == "urn:mrv:schema:toy-stock.inputs:1.2.0"
    assert schema["properties"]["plots"]["x-table-columns"]["agb"]["dimension"] == "[mass] / [area]"


def test_schema_of_unknown_name_exits_2(toy_env):
    code, _, stderr = run("schema", "nope")
    assert code == 2
    assert stderr.startswith(
        "error: NAME: unknown schema 'nope'; expected one of: project, measurement"
    )


def test_template_writes_a_project_that_validates(toy_env, tmp_path):
    target = tmp_path / "new"
    code, _, _ = run("template", "toy-stock", target)
    assert code == 0
    assert sorted(path.name for path in target.iterdir()) == ["plots.csv", "project.yaml"]
    code, stdout, _ = run("validate", target / "project.yaml")
    assert code == 0, stdout
    code, _, stderr = run("template", "toy-stock", target)
    assert code == 2
    assert "refusing to overwrite" in stderr


def test_template_of_unknown_methodology(toy_env, tmp_path):
    code, _, stderr = run("template", "nope", tmp_path / "x")
    assert code == 2
    installed = ", ".join(sorted(load_plugins().methodologies))  # toy-stock via MRV_PLUGINS
    assert stderr == f"error: METHODOLOGY: unknown methodology 'nope'; installed: {installed}\n"


def test_demo_computes_every_example(toy_env, tmp_path):
    examples = tmp_path / "examples"
    (examples / "toy").mkdir(parents=True)
    for path in TOY.parent.iterdir():
        (examples / "toy" / path.name).write_bytes(path.read_bytes())
    code, stdout, _ = run("demo", "--examples", examples, "--out", tmp_path / "out")
    assert code == 0
    assert "[1/1] toy: computing" in stdout
    for name in ("toy.report.json", "toy.report.html", "toy.report.zh.html"):
        assert (tmp_path / "out" / name).exists()
    table = stdout.split("example ", 1)[1]
    assert "toy-stock 1.2.0" in table and "1,369" in table  # the summary table


def test_demo_without_examples_says_so(tmp_path):
    code, stdout, _ = run("demo", "--examples", tmp_path / "none", "--out", tmp_path / "out")
    assert code == 0
    assert "Nothing to compute yet" in stdout


def test_real_process_exit_codes_and_no_traceback(tmp_path):
    ok = run_process("validate", TOY)
    assert ok.returncode == 0
    bad = run_process("validate", INVALID[0] / "project.yaml")
    assert bad.returncode == 2
    assert "Traceback" not in bad.stderr
    usage = run_process("compute")
    assert usage.returncode == 2


def test_help_does_not_import_pint_or_numpy():
    code = "import sys; from mrv.interface.cli import app; print(sorted(m for m in ('pint', 'numpy', 'pydantic') if m in sys.modules))"
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    )
    assert result.stdout.strip() == "[]"


@pytest.mark.parametrize(
    "verb",
    [
        "methodologies",
        "schema",
        "validate",
        "compute",
        "report",
        "verify",
        "template",
        "demo",
        "overlap",
    ],
)
def test_every_verb_explains_itself_with_an_example(verb):
    result = CliRunner().invoke(app, [verb, "--help"], env={"COLUMNS": "200"})
    assert result.exit_code == 0
    assert "Example: mrv " in result.stdout


def test_read_only_verbs_answer_in_json(toy_env):
    code, stdout, _ = run("validate", TOY, "--json")
    assert code == 0
    found = json.loads(stdout)
    assert (found["valid"], found["methodology"], found["periods"]) == (True, "toy-stock", 2)
    code, stdout, _ = run("methodologies", "--json")
    assert code == 0
    listed = json.loads(stdout)
    assert "toy-stock" in [m["id"] for m in listed["methodologies"]]
    assert listed["broken"] == []


def test_a_table_memory_budget_that_is_not_a_size_is_bad_input(tmp_path, monkeypatch):
    """MRV_TABLE_MEMORY=lots: exit 2 naming the variable, nothing written, no traceback."""
    monkeypatch.setenv("MRV_TABLE_MEMORY", "lots")
    output = tmp_path / "report.json"
    project = ROOT / "examples" / "forest-reclamation" / "project.yaml"
    code, _, stderr = run("compute", project, "-o", output)
    assert code == 2
    assert "MRV_TABLE_MEMORY: 'lots' is not a size" in stderr
    assert "Traceback" not in stderr
    assert not output.exists()
