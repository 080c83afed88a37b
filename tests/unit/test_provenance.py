"""Canonical JSON, hashes and atomic writes."""

import hashlib
import os

import pytest

from mrv.engine.provenance import canonical_json, pretty_json, sha256_hex, write_atomic


def test_canonical_json_is_order_independent_and_compact():
    assert canonical_json({"b": 1, "a": [1.5, -0.0, "x"]}) == '{"a":[1.5,0.0,"x"],"b":1}'
    assert canonical_json({"a": 1, "b": 2}) == canonical_json({"b": 2, "a": 1})


def test_floats_round_trip_exactly():
    value = 0.1 + 0.2
    assert float(canonical_json([value])[1:-1]) == value


def test_non_finite_numbers_are_refused():
    with pytest.raises(ValueError, match="may not hold"):
        canonical_json({"a": float("nan")})


def test_sha256_of_canonical_form():
    assert sha256_hex({"a": 1}) == hashlib.sha256(b'{"a":1}').hexdigest()


def test_pretty_json_ends_with_newline():
    assert pretty_json({"a": 1}) == '{\n  "a": 1\n}\n'


def test_write_atomic_leaves_no_partial_file(tmp_path, monkeypatch):
    target = tmp_path / "out" / "report.json"
    write_atomic(target, "complete\n")
    assert target.read_text() == "complete\n"

    def failing_fsync(fd):
        raise OSError("disk full")

    monkeypatch.setattr(os, "fsync", failing_fsync)
    with pytest.raises(OSError, match="disk full"):
        write_atomic(target, "half")
    assert target.read_text() == "complete\n"
    assert sorted(path.name for path in target.parent.iterdir()) == ["report.json"]


def test_write_atomic_gives_the_mode_of_an_ordinary_new_file(tmp_path):
    """The temporary file is private; the report it becomes is readable as any new file is."""
    ordinary = tmp_path / "ordinary.txt"
    ordinary.write_text("x")
    target = tmp_path / "report.json"
    write_atomic(target, "complete\n")
    assert target.stat().st_mode & 0o777 == ordinary.stat().st_mode & 0o777
