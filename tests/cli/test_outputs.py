"""Outputs are written whole, in the right place, or not at all (run as real processes)."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import threading
from pathlib import Path

import pytest

from mrv.common.errors import InputError
from mrv.io.outputs import planned, write_atomic

ROOT = Path(__file__).resolve().parents[2]
PROJECT = ROOT / "examples" / "cropland-soil" / "project.yaml"
MRV = str(Path(sys.executable).with_name("mrv"))


def run(*args, cwd=None, **kwargs):
    return subprocess.run(
        [MRV, *map(str, args)], capture_output=True, text=True, cwd=cwd, check=False, **kwargs
    )


def test_dev_stdout_is_written_through_not_replaced(tmp_path):
    """``-o /dev/stdout`` as root used to replace the symlink with a regular file."""
    link = tmp_path / "stdout-link"
    link.symlink_to("/dev/stdout")
    for target in ("/dev/stdout", link):
        done = run("compute", PROJECT, "-o", target)
        assert done.returncode == 0, done.stderr
        assert json.loads(done.stdout)["project_id"]  # the report alone is on stdout
        assert "net benefit" in done.stderr
    assert Path("/dev/stdout").is_symlink()
    assert link.is_symlink()
    assert os.readlink(link) == "/dev/stdout"


def test_dash_writes_the_report_alone_to_stdout():
    done = run("compute", PROJECT, "-o", "-")
    assert done.returncode == 0
    assert json.loads(done.stdout)["methodology"]["id"] == "cropland-soil"


def test_a_fifo_is_written_through(tmp_path):
    fifo = tmp_path / "pipe"
    os.mkfifo(fifo)
    received = []
    reader = threading.Thread(target=lambda: received.append(fifo.read_text()))
    reader.start()
    done = run("compute", PROJECT, "-o", fifo)
    reader.join(timeout=60)
    assert done.returncode == 0, done.stderr
    assert json.loads(received[0])["project_id"]
    assert fifo.is_fifo()


def test_a_symlink_to_a_file_is_followed_and_kept(tmp_path):
    real = tmp_path / "real.json"
    real.write_text("old")
    link = tmp_path / "link.json"
    link.symlink_to(real)
    assert run("compute", PROJECT, "-o", link).returncode == 0
    assert link.is_symlink()
    assert json.loads(real.read_text())["project_id"]


def test_a_failing_option_writes_nothing(tmp_path):
    """``--lang fr`` used to fail after ``o.json`` had been written."""
    done = run("compute", PROJECT, "-o", "o.json", "--html", "o.html", "--lang", "fr", cwd=tmp_path)
    assert done.returncode == 2
    assert "error: --lang: unknown language 'fr'" in done.stderr
    assert list(tmp_path.iterdir()) == []


def test_a_directory_as_output_is_refused_before_work(tmp_path):
    """``--html`` naming a folder used to fail after ``report.json`` had replaced the old one."""
    (tmp_path / "pages").mkdir()
    (tmp_path / "report.json").write_text("previous")
    done = run("compute", PROJECT, "-o", "report.json", "--html", "pages", cwd=tmp_path)
    assert done.returncode == 2
    assert done.stderr.strip() == "error: pages: --html: is a directory; give a file name"
    assert (tmp_path / "report.json").read_text() == "previous"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["pages", "report.json"]


def test_two_options_on_one_file_are_refused(tmp_path):
    done = run("compute", PROJECT, "-o", "x", "--html", "x", cwd=tmp_path)
    assert done.returncode == 2
    assert "is also the output of --output" in done.stderr


def test_all_outputs_are_committed_together_or_none(tmp_path):
    first, second = tmp_path / "a.json", tmp_path / "b.html"
    with pytest.raises(RuntimeError), planned() as outputs:
        outputs.stage(outputs.add("-o", first), "a")
        outputs.stage(outputs.add("--html", second), "b")
        raise RuntimeError("the command failed after staging")
    assert list(tmp_path.iterdir()) == []
    with planned() as outputs:
        outputs.stage(outputs.add("-o", first), "a")
        outputs.stage(outputs.add("--html", second), "b")
        assert not first.exists()  # staged: hidden temporary files until commit
    assert (first.read_text(), second.read_text()) == ("a", "b")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["a.json", "b.html"]


def test_stale_temporary_files_of_a_killed_run_are_removed(tmp_path):
    """A run killed between staging and commit leaves ``.NAME.PID.mrv-tmp``; the next removes it."""
    gone = subprocess.run(
        [sys.executable, "-c", "import os; print(os.getpid())"],
        capture_output=True,
        text=True,
        check=True,
    )
    stale = tmp_path / f".report.json.{gone.stdout.strip()}.mrv-tmp"
    stale.write_text("half")
    write_atomic(tmp_path / "report.json", "whole")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["report.json"]


def test_an_output_under_a_file_is_refused(tmp_path):
    (tmp_path / "file").write_text("x")
    with pytest.raises(InputError, match="a folder on its path is a file"):
        write_atomic(tmp_path / "file" / "report.json", "x")


def test_verify_prints_only_the_statement_on_stdout(tmp_path):
    report = tmp_path / "report.json"
    assert run("compute", PROJECT, "-o", report).returncode == 0
    done = run("verify", report, "--project", PROJECT)
    assert done.returncode == 0
    assert json.loads(done.stdout)["verdict"] == "verified"
    assert "verified: all" in done.stderr
