"""Export a report's figures as tidy tables for registries and spreadsheets.

Four tables, one row per observation, units in the headers (``net_benefit [t CO2e]``):

- ``periods``: each period's figures and its place in the multi-period account;
- ``terms``: each term's contribution to its period's net benefit (a baseline term adds, a
  project or leakage term takes away);
- ``strata``: each stratum's share of its period's net benefit;
- ``deductions``: each period's uncertainty deduction, buffer, reversal and credits, with the
  rules that set them.

Written as CSV files or Parquet files in a folder, or as sheets of one workbook.
"""

from __future__ import annotations

import io
from typing import Any

from mrv.common.units import REPORT_UNIT
from mrv.model.report import FIGURES, Report
from mrv.model.terms import term_contributions

__all__ = ["FORMATS", "TABLES", "export_tables", "table_bytes", "workbook_bytes"]

FORMATS = ("csv", "xlsx", "parquet")
TABLES = ("periods", "terms", "strata", "deductions")
_T = f"[{REPORT_UNIT}]"
_DECIMALS = 6
"""Decimals of a term's contribution: the report's figures are settled to 1e-6 t CO2e."""


def export_tables(report: Report) -> dict[str, dict[str, list[Any]]]:
    """Return the report's tidy tables: name to columns (header to values)."""
    periods: dict[str, list[Any]] = {
        name: []
        for name in (
            "period",
            "kind",
            "start",
            "end",
            *(f"{figure} {_T}" for figure in FIGURES),
            f"cumulative_net_benefit {_T}",
            f"issuable_credits {_T}",
            f"credits_issued_before {_T}",
            "uncertainty_half_width [%]",
        )
    }
    terms: dict[str, list[Any]] = {"period": [], "group": [], "term": [], f"contribution {_T}": []}
    strata: dict[str, list[Any]] = {"period": [], "stratum": [], f"net_benefit {_T}": []}
    deductions: dict[str, list[Any]] = {
        "period": [],
        "uncertainty_rule": [],
        f"uncertainty_deduction {_T}": [],
        "non_permanence_risk_rating [%]": [],
        f"buffer_contribution {_T}": [],
        f"reversal {_T}": [],
        f"buffer_cancellation {_T}": [],
        f"issuable_credits {_T}": [],
    }
    contributions = term_contributions(report)
    rating = report.deductions.non_permanence_risk_rating
    for period in report.periods:
        row = [
            period.id,
            period.kind,
            period.start.isoformat(),
            period.end.isoformat(),
            *(getattr(period, figure).value for figure in FIGURES),
            period.cumulative_net_benefit.value,
            period.issuable_credits,
            period.credits_issued_before,
            period.uncertainty.half_width_percent,
        ]
        for column, value in zip(periods.values(), row, strict=True):
            column.append(value)
        for (group, term), value in contributions[period.id].items():
            row_values = (period.id, group, term, round(value, _DECIMALS))
            for column, item in zip(terms.values(), row_values, strict=True):
                column.append(item)
        for stratum, share in period.strata.items():
            for column, item in zip(
                strata.values(), (period.id, stratum, share.value), strict=True
            ):
                column.append(item)
        values = (
            period.id,
            report.deductions.uncertainty_rule,
            period.uncertainty_deduction.value,
            None if rating is None else 100.0 * rating,
            period.buffer_contribution.value,
            period.reversal.value,
            period.buffer_cancellation.value,
            period.issuable_credits,
        )
        for column, item in zip(deductions.values(), values, strict=True):
            column.append(item)
    return {"periods": periods, "terms": terms, "strata": strata, "deductions": deductions}


def table_bytes(columns: dict[str, list[Any]], fmt: str) -> bytes:
    """Write one table as CSV (UTF-8, a header row) or Parquet."""
    import pyarrow as pa  # noqa: PLC0415
    import pyarrow.csv as pa_csv  # noqa: PLC0415
    import pyarrow.parquet as pq  # noqa: PLC0415

    table = pa.table(columns)
    sink = io.BytesIO()
    if fmt == "parquet":
        pq.write_table(table, sink)
    else:
        pa_csv.write_csv(table, sink, pa_csv.WriteOptions(quoting_style="needed"))
    return sink.getvalue()


def workbook_bytes(tables: dict[str, dict[str, list[Any]]]) -> bytes:
    """Write the tables as the sheets of one workbook (headers in row 1)."""
    import openpyxl  # noqa: PLC0415

    book = openpyxl.Workbook()
    first = book.active
    assert first is not None  # noqa: S101 - a new workbook has a sheet
    book.remove(first)
    for name, columns in tables.items():
        sheet = book.create_sheet(name)
        sheet.append(list(columns))
        for row in zip(*columns.values(), strict=True):
            sheet.append(list(row))
    sink = io.BytesIO()
    book.save(sink)
    return sink.getvalue()
