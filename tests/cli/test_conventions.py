"""Command-line conventions: --version, -h, -q/-v on every verb, completion, NO_COLOR."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
from typer.testing import CliRunner

import mrv
from mrv.interface.cli import app

ROOT = Path(__file__).resolve().parents[2]
PROJECT = ROOT / "examples" / "cropland-soil" / "project.yaml"
MRV = str(Path(sys.executable).with_name("mrv"))
VERBS = sorted(command.name or command.callback.__name__ for command in app.registered_commands)


def cli(*args):
    result = CliRunner().invoke(app, [str(arg) for arg in args])
    return result.exit_code, result.stdout, result.stderr


def test_version_is_printed_and_importable():
    done = subprocess.run([MRV, "--version"], capture_output=True, text=True, check=True)
    assert done.stdout == f"mrv {mrv.__version__}\n"
    assert mrv.__version__ == "0.1.0"


@pytest.mark.parametrize("verb", VERBS)
def test_every_verb_takes_h_quiet_and_verbose(verb):
    code, stdout, _ = cli(verb, "-h")
    assert code == 0
    for option in ("-q, --quiet", "-v, --verbose", "-h, --help"):
        short, long = option.split(", ")
        assert long in stdout and short in stdout, (verb, option)


def test_quiet_prints_nothing_but_errors_and_verbose_lists_everything(tmp_path):
    code, stdout, _ = cli("compute", PROJECT, "-o", tmp_path / "r.json", "-q")
    assert (code, stdout) == (0, "")
    code, stdout, _ = cli("compute", PROJECT, "-o", tmp_path / "r.json")
    assert "issuable credits 908" in stdout
    code, _, stderr = cli("validate", tmp_path / "missing.yaml", "-q")
    assert code == 2
    assert stderr.startswith("error: ")


def test_completion_is_offered():
    code, stdout, _ = cli("--help")
    assert code == 0
    assert "--install-completion" in stdout


def test_no_color_is_kept(tmp_path):
    done = subprocess.run(
        [MRV, "validate", str(tmp_path / "missing.yaml")],
        capture_output=True,
        text=True,
        env={"NO_COLOR": "1", "PATH": "/usr/bin:/bin"},
        check=False,
    )
    assert done.returncode == 2
    assert "\x1b[" not in done.stderr


@pytest.mark.parametrize(
    "methodology", ["cropland-soil", "forest-reclamation", "wetland-methane", "topsoil-amendment"]
)
def test_an_unchanged_template_is_an_estimate_and_says_so(methodology, tmp_path):
    """Computing a starter as written yields no issuable credits silently."""
    code, _, stderr = cli("template", methodology, tmp_path / "site")
    assert code == 0, stderr
    report = tmp_path / "report.json"
    code, stdout, stderr = cli("compute", tmp_path / "site" / "project.yaml", "-o", report)
    assert code == 0, stderr
    assert "estimate, not credits (an unchanged template (project id TEMPLATE-" in stdout
    data = json.loads(report.read_text())
    assert data["estimate_reason"].startswith("an unchanged template")
    assert "unchanged-template" in [finding["code"] for finding in data["applicability"]]
    document = tmp_path / "site" / "project.yaml"
    document.write_text(document.read_text().replace("id: TEMPLATE-", "id: MINE-", 1))
    code, stdout, _ = cli("compute", document, "-o", report)
    assert "an unchanged template" not in stdout
