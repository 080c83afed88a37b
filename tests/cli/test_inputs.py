"""Inputs are confined and checked: each case is bad input (exit 2) naming file and field.

Each case used to be read from anywhere, accepted silently, hang, or end in an internal failure
(exit 3). Each test builds the broken input from a shipped example in a temporary folder.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from typer.testing import CliRunner

import mrv
from mrv.interface.cli import app

ROOT = Path(__file__).resolve().parents[2]
EXAMPLES = ROOT / "examples"
MRV = str(Path(sys.executable).with_name("mrv"))


def cli(*args, stdin=None):
    result = CliRunner().invoke(app, [str(arg) for arg in args], input=stdin)
    return result.exit_code, result.stdout, result.stderr


def example(tmp_path, name):
    target = tmp_path / name
    shutil.copytree(EXAMPLES / name, target)
    return target


def edit(path: Path, old: str, new: str, count: int = 1) -> None:
    text = path.read_text()
    assert old in text, old
    path.write_text(text.replace(old, new, count))


def only_error(stderr: str) -> str:
    (line,) = [line for line in stderr.splitlines() if line.startswith("error:")]
    return line


# --- confinement -------------------------------------------------------------------------


@pytest.mark.parametrize("reference", ["../../../../../../etc/passwd", "/etc/passwd"])
def test_a_table_outside_the_project_is_refused_unopened(tmp_path, reference):
    project = example(tmp_path, "cropland-soil")
    edit(project / "project.yaml", "fields.csv", reference)
    code, _, stderr = cli("validate", project / "project.yaml")
    assert code == 2
    line = only_error(stderr)
    assert "inputs.fields" in line
    assert f"{reference!r} resolves to /etc/passwd, outside the project folder" in line


def test_a_symlink_pointing_out_is_refused_and_allow_path_widens(tmp_path):
    outside = tmp_path / "shared"
    outside.mkdir()
    project = example(tmp_path, "cropland-soil")
    shutil.move(project / "fields.csv", outside / "fields.csv")
    (project / "fields.csv").symlink_to(outside / "fields.csv")
    code, _, stderr = cli("validate", project / "project.yaml")
    assert code == 2
    assert "outside the project folder" in only_error(stderr)
    code, _, stderr = cli("validate", project / "project.yaml", "--allow-path", outside)
    assert code == 0, stderr
    report = mrv.compute(project / "project.yaml", allow=[outside])
    assert report.totals.issuable_credits == 908  # the example's figure, read through the link


@pytest.mark.parametrize("device", ["/dev/zero", "fifo"])
def test_a_device_or_fifo_as_a_table_is_refused_without_hanging(tmp_path, device):
    """``/dev/zero`` ended in a MemoryError (exit 3); a FIFO hung."""
    project = example(tmp_path, "cropland-soil")
    if device == "fifo":
        os.mkfifo(project / "pipe.csv")
        device = "pipe.csv"
    edit(project / "project.yaml", "fields.csv", device)
    done = subprocess.run(
        [MRV, "validate", str(project / "project.yaml"), "--allow-path", "/dev"],
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert done.returncode == 2
    assert "is not a regular file (a FIFO, device or socket)" in only_error(done.stderr)


def test_a_document_from_stdin_reads_tables_from_the_working_directory(monkeypatch):
    monkeypatch.chdir(EXAMPLES / "cropland-soil")
    text = (EXAMPLES / "cropland-soil" / "project.yaml").read_text()
    code, stdout, _ = cli("validate", "-", stdin=text)
    assert code == 0
    assert stdout.startswith("-: valid (cropland-soil 1.0.0")
    code, stdout, stderr = cli("compute", "-", "-o", "-", stdin=text)
    assert code == 0, stderr
    assert json.loads(stdout)["totals"]["issuable_credits"] == 908


# --- numbers, dates, units ---------------------------------------------------------------


@pytest.mark.parametrize("cell", ["1_5", "1,5", "0x0F", "15.0.0"])
def test_numbers_follow_one_grammar(tmp_path, cell):
    """``1_000`` was read as 1000 (Python's float syntax)."""
    project = example(tmp_path, "cropland-soil")
    edit(project / "fields.csv", "F01,S1,15,19.0", f'F01,S1,"{cell}",19.0')
    code, _, stderr = cli("validate", project / "project.yaml")
    assert code == 2
    assert only_error(stderr) == (
        "error: fields.csv: inputs.fields: row 2: column 'area': expected a number as a "
        f"spreadsheet writes it (1000, -2.5, 1.2e3); found {cell!r}"
    )


@pytest.mark.parametrize(
    ("cell", "shown"),
    [("44306", "'44306'"), ("2021", "'2021'"), ("2021-04", "'2021-04'"), ("", "an empty cell")],
)
def test_table_dates_are_full_iso_dates(tmp_path, cell, shown):
    """``44306`` (an Excel serial) was the year 44306 and its 61,000 L of diesel vanished."""
    project = example(tmp_path, "topsoil-amendment")
    edit(project / "fuel.csv", "2021-04-20,hauling", f"{cell},hauling")
    code, _, stderr = cli("validate", project / "project.yaml")
    assert code == 2
    assert only_error(stderr) == (
        "error: fuel.csv: inputs.fuel: row 2: column 'date': expected a date written "
        f"YYYY-MM-DD (ISO 8601); found {shown}"
    )


def test_an_empty_sample_date_is_bad_input_not_a_plugin_failure(tmp_path):
    project = example(tmp_path, "cropland-soil")
    edit(
        project / "soc_samples.csv",
        "R0,2019-10-16,project,F01,S1,P1,0,10",
        "R0,,project,F01,S1,P1,0,10",
    )
    code, _, stderr = cli("compute", project / "project.yaml", "-o", tmp_path / "r.json")
    assert code == 2
    assert (
        "column 'date': expected a date written YYYY-MM-DD (ISO 8601); found an empty cell"
        in stderr
    )


def test_a_fuel_record_outside_every_period_is_refused(tmp_path):
    project = example(tmp_path, "topsoil-amendment")
    edit(project / "fuel.csv", "2021-04-20,hauling", "2035-04-20,hauling")
    code, _, stderr = cli("compute", project / "project.yaml", "-o", tmp_path / "r.json")
    assert code == 2
    assert only_error(stderr) == (
        "error: fuel.csv: inputs.fuel: row 2: column 'date': fuel used dated outside every monitoring period"
    )


def test_an_impossible_yaml_date_names_its_line(tmp_path):
    project = example(tmp_path, "cropland-soil")
    edit(project / "project.yaml", "2020-01-01", "2021-02-30")
    code, _, stderr = cli("validate", project / "project.yaml")
    assert code == 2
    assert "malformed YAML: '2021-02-30' is not a date (day is out of range for month)" in stderr


@pytest.mark.parametrize(
    "unit",
    ["(" * 5000 + "ha" + ")" * 5000, "ha" + " * m/m" * 20000],
    ids=["nested", "long"],
)
def test_monstrous_units_in_a_header_are_refused_quickly(tmp_path, unit):
    """Thousands of brackets or a 100 kB unit ended in a RecursionError (exit 3)."""
    project = example(tmp_path, "cropland-soil")
    edit(project / "fields.csv", "area [ha]", f"area [{unit}]")
    code, _, stderr = cli("validate", project / "project.yaml")
    assert code == 2
    line = only_error(stderr)
    assert len(line) < 300  # a bounded prefix of the unit, not all of it
    assert "characters) is too long: at most 100 characters are read" in line


def test_a_long_unit_in_yaml_is_refused(tmp_path):
    """A 20 kB unit string took 6 s and 100 kB over a minute (quadratic)."""
    project = example(tmp_path, "cropland-soil")
    text = (project / "project.yaml").read_text()
    marker = text[text.index("area: ") :].split("\n", 1)[0]
    edit(project / "project.yaml", marker, marker + " * m/m" * 3000)
    code, _, stderr = cli("validate", project / "project.yaml")
    assert code == 2
    assert "is too long: at most 100 characters are read" in stderr


def test_a_huge_cell_is_quoted_by_a_bounded_prefix(tmp_path):
    project = example(tmp_path, "cropland-soil")
    edit(project / "fields.csv", "F01,S1,15,19.0", "F01,S1," + "9" * 100_000 + "x,19.0")
    code, _, stderr = cli("validate", project / "project.yaml")
    assert code == 2
    assert len(stderr) < 1000
    assert "(100,001 characters)" in stderr


# --- boundaries --------------------------------------------------------------------------


def _geojson(project: Path, change) -> None:
    path = project / "boundaries.geojson"
    data = json.loads(path.read_text())
    change(data["features"])
    path.write_text(json.dumps(data))


def test_an_empty_geometry_is_bad_input(tmp_path):
    project = example(tmp_path, "wetland-methane")
    _geojson(project, lambda features: features[0]["geometry"].update(coordinates=[]))
    code, _, stderr = cli("validate", project / "project.yaml")
    assert code == 2
    assert "boundaries.geojson: polygon 1 has no coordinates" in stderr


def test_an_unclosed_ring_is_bad_input(tmp_path):
    project = example(tmp_path, "wetland-methane")
    _geojson(project, lambda features: features[1]["geometry"]["coordinates"][0].pop())
    code, _, stderr = cli("validate", project / "project.yaml")
    assert code == 2
    assert "ring 1 of polygon 1 is not closed" in stderr
    assert "RFC 7946 §3.1.6" in stderr


def test_a_self_intersecting_polygon_says_where(tmp_path):
    project = example(tmp_path, "wetland-methane")

    def bow_tie(features):
        ring = features[1]["geometry"]["coordinates"][0]
        ring[1], ring[2] = ring[2], ring[1]

    _geojson(project, bow_tie)
    code, _, stderr = cli("validate", project / "project.yaml")
    assert code == 2
    assert "the polygon is not valid: Self-intersection[" in stderr


# --- reports fed to verify ---------------------------------------------------------------


@pytest.fixture(scope="module")
def report_json(tmp_path_factory):
    folder = tmp_path_factory.mktemp("report")
    report = mrv.compute(EXAMPLES / "cropland-soil" / "project.yaml")
    return json.loads(json.dumps(report.model_dump(mode="json"))), folder


def test_verify_refuses_unreadable_reports_as_bad_input(report_json):
    data, folder = report_json
    project = EXAMPLES / "cropland-soil" / "project.yaml"
    huge = folder / "huge.json"
    huge.write_text(json.dumps(data).replace('"value": 679.9', '"value": 1e999', 1))
    deep = folder / "deep.json"
    deep.write_text("[" * 100_000 + "]" * 100_000)
    for path, message in (
        (huge, "is beyond the range of a number"),
        (deep, "nests mappings or lists too deeply"),
    ):
        code, _, stderr = cli("verify", path, "--project", project)
        assert code == 2, stderr
        assert message in stderr


def test_a_version_that_is_not_semver_does_not_verify(report_json):
    data, folder = report_json
    data = json.loads(json.dumps(data))
    data["methodology"]["version"] = "one"
    path = folder / "one.json"
    path.write_text(json.dumps(data))
    code, stdout, _ = cli(
        "verify",
        path,
        "--project",
        EXAMPLES / "cropland-soil" / "project.yaml",
        "-o",
        folder / "s.json",
    )
    assert code == 1
    assert "methodology.version: claimed 'one', recomputed '1.0.0'" in stdout


def test_a_closed_stdout_is_a_quiet_exit(tmp_path):
    report = tmp_path / "report.json"
    project = EXAMPLES / "forest-reclamation" / "project.yaml"
    assert (
        subprocess.run([MRV, "compute", str(project), "-o", str(report)], check=False).returncode
        == 0
    )
    done = subprocess.run(  # noqa: S602 - a fixed pipeline of our own command
        f"{MRV} verify {report} --project {project} | head -c 1",
        shell=True,
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.stdout == "{"
    assert "Traceback" not in done.stderr
    assert "BrokenPipe" not in done.stderr


def test_a_workbook_that_inflates_past_the_bound_is_refused(tmp_path, monkeypatch):
    """An XLSX whose sheet inflates to 1.5 GB of XML took over a minute; the bound is read first.

    The bound is lowered here (to 2,000 bytes) so a small workbook stands for a large one.
    """
    from mrv.io import tables

    code, _, stderr = cli("template", "cropland-soil", tmp_path / "farm", "--format", "xlsx")
    assert code == 0, stderr
    monkeypatch.setattr(tables, "MAX_WORKBOOK_XML", 2000)
    code, _, stderr = cli("validate", tmp_path / "farm" / "project.yaml")
    assert code == 2
    assert "bytes of XML; at most 2,000 are read" in stderr


def test_validate_json_prints_the_problems_by_their_schema(tmp_path):
    import jsonschema

    project = example(tmp_path, "cropland-soil")
    edit(project / "fields.csv", "F01,S1,15,19.0", "F01,S1,1_5,19.0")
    code, stdout, stderr = cli("validate", project / "project.yaml", "--json")
    assert code == 2
    printed = json.loads(stdout)
    schema = json.loads((ROOT / "schemas" / "problems.schema.json").read_text())
    jsonschema.validate(printed, schema)
    (problem,) = printed["problems"]
    assert (problem["file"], problem["path"], problem["column"]) == (
        "fields.csv",
        "inputs.fields",
        "area",
    )
    assert problem["message"] in stderr


def test_validation_reports_every_problem_in_one_round(tmp_path):
    """A negative area in the document, a negative field area, ``abc`` in a number column and
    ``no-till`` in a coded column: all four in one run (two were reported, the rest only after
    fixing them), sorted by file (the document's path first here) and row."""
    project = example(tmp_path, "cropland-soil")
    edit(project / "project.yaml", "area: 90 ha", "area: -90 ha")
    edit(project / "fields.csv", "F01,S1,15,19.0", "F01,S1,-15,19.0")
    management = project / "management.csv"
    lines = management.read_text().splitlines()
    lines[1] = lines[1].replace(",120,80,", ",abc,80,", 1)
    lines[2] = lines[2].replace(",reduced,", ",no-till,", 1)
    management.write_text("\n".join(lines) + "\n")
    code, _, stderr = cli("validate", project / "project.yaml")
    assert code == 2
    errors = [line for line in stderr.splitlines() if line.startswith("error:")]
    assert len(errors) == 4, stderr
    assert "project.yaml: project.area: expected a value >= 0" in errors[0]
    assert errors[1].startswith("error: fields.csv: inputs.fields: row 2: column 'area'")
    assert "column 'synthetic_n'" in errors[2] and "'abc'" in errors[2]
    assert "row 3: column 'tillage'" in errors[3] and "'no-till'" in errors[3]
