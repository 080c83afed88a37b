"""mrv export: tidy tables of a report's figures, the same in CSV, Parquet and a workbook."""

from __future__ import annotations

import csv
from pathlib import Path

import pyarrow.parquet as pq
import pytest
from openpyxl import load_workbook
from typer.testing import CliRunner

import mrv
from mrv.engine.provenance import pretty_json
from mrv.interface.cli import app

ROOT = Path(__file__).resolve().parents[2]


def cli(*args):
    result = CliRunner().invoke(app, [str(arg) for arg in args])
    return result.exit_code, result.stdout, result.stderr


@pytest.fixture(scope="module")
def report_file(tmp_path_factory):
    folder = tmp_path_factory.mktemp("export")
    report = mrv.compute(ROOT / "examples" / "forest-reclamation" / "project.yaml")
    path = folder / "report.json"
    path.write_text(pretty_json(report.model_dump(mode="json")))
    return path, report


def test_terms_add_up_to_each_period_net_benefit(report_file, tmp_path):
    """net_benefit = baseline - project - leakage, term by term (a property that must hold)."""
    path, report = report_file
    code, stdout, stderr = cli("export", path, "--format", "csv", "-o", tmp_path / "tables")
    assert code == 0, stderr
    assert "2 periods" in stdout
    with (tmp_path / "tables" / "terms.csv").open() as stream:
        rows = list(csv.DictReader(stream))
    for period in report.periods:
        total = sum(float(r["contribution [t CO2e]"]) for r in rows if r["period"] == period.id)
        assert total == pytest.approx(period.net_benefit.value, abs=1e-5)
    with (tmp_path / "tables" / "periods.csv").open() as stream:
        periods = list(csv.DictReader(stream))
    assert [int(row["issuable_credits [t CO2e]"]) for row in periods] == [
        period.issuable_credits for period in report.periods
    ]


def test_the_three_formats_hold_the_same_tables(report_file, tmp_path):
    path, _ = report_file
    for fmt, target in (
        ("csv", tmp_path / "csv"),
        ("parquet", tmp_path / "parquet"),
        ("xlsx", tmp_path / "t.xlsx"),
    ):
        code, _, stderr = cli("export", path, "--format", fmt, "-o", target)
        assert code == 0, stderr
    book = load_workbook(tmp_path / "t.xlsx")
    assert book.sheetnames == ["periods", "terms", "strata", "deductions"]
    for name in book.sheetnames:
        parquet = pq.read_table(tmp_path / "parquet" / f"{name}.parquet").to_pylist()
        with (tmp_path / "csv" / f"{name}.csv").open() as stream:
            from_csv = list(csv.DictReader(stream))
        sheet = list(book[name].iter_rows(values_only=True))
        assert [list(row) for row in sheet[1:]] == [list(row.values()) for row in parquet]
        assert list(sheet[0]) == list(parquet[0]) == list(from_csv[0])
        assert len(from_csv) == len(parquet)


def test_a_bad_format_writes_nothing(report_file, tmp_path):
    path, _ = report_file
    code, _, stderr = cli("export", path, "--format", "ods", "-o", tmp_path / "x")
    assert code == 2
    assert "unknown format 'ods'; expected csv, xlsx, parquet" in stderr
    assert list(tmp_path.iterdir()) == []
