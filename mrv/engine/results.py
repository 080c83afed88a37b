"""What a report's results digest covers, and the fields added over versions that it covers only when set."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from mrv.model.report import (
    Report,
)

#: Report fields covered by ``results_sha256``: everything computed, nothing descriptive.
RESULT_FIELDS = (
    "deductions",
    "estimate_reason",
    "monte_carlo",
    "applicability",
    "findings",
    "periods",
    "totals",
    "ex_ante_totals",
    "parameters",
    "trace",
)


#: Fields added after 1.2.0 that the digest covers only when set, so earlier reports keep theirs.
OPTIONAL_RESULT_FIELDS = ("estimate_reason",)


def results_body(report: Report | Mapping[str, Any]) -> dict[str, Any]:
    """Return the part of a report that ``results_sha256`` covers, as JSON data.

    ``report`` is a report or its JSON data (``model_dump(mode="json")``), which is not changed.
    """
    dumped = report.model_dump(mode="json") if isinstance(report, Report) else report
    body = {
        name: dumped[name]
        for name in RESULT_FIELDS
        if name not in OPTIONAL_RESULT_FIELDS or dumped.get(name)
    }
    body["periods"] = [  # strata added in 1.4.0: covered only when a methodology fills it
        period if period.get("strata") else {k: v for k, v in period.items() if k != "strata"}
        for period in dumped["periods"]
    ]
    body["trace"] = [  # input values added in 1.5.0: covered only when written
        entry
        if not any("value" in item and item["value"] is None for item in entry["inputs"])
        else {
            **entry,
            "inputs": [
                {k: v for k, v in item.items() if k != "value" or v is not None}
                for item in entry["inputs"]
            ],
        }
        for entry in dumped["trace"]
    ]
    return body
