"""Command-line conventions: --version, -h, -q/-v on every verb, completion, NO_COLOR."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
from typer.testing import CliRunner

import mrv
from mrv.cli import app

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
