"""Materiality: which threshold applies, and how large a misstatement is against it.

ISO 14064-3:2019 leaves the threshold to the verification programme (5 % is customary); the CDM
sets it by project scale (Decision 9/CMP.7). A misstatement of a figure of the GHG statement
(period and total figures in t CO2e, issuable credits) is weighed against the statement's own
total net benefit of the same kind (ex-post or ex-ante); any other figure (a trace value, a
parameter) is weighed against its own recomputed value, so a doubled emission factor is never
immaterial because its effect in t CO2e is small. Issuable credits claimed above the
recomputed ones are over-issuance: material whatever the threshold.
"""

from __future__ import annotations

from functools import cache
from importlib import resources
from typing import Any

from mrv.common.errors import InputError, Problem
from mrv.model.report import Report, Totals

__all__ = [
    "ISO_14064_3_DEFAULT",
    "materiality_threshold",
    "relative_misstatement",
    "statement_totals",
]

#: ISO 14064-3's customary materiality threshold (5 % of the total).
ISO_14064_3_DEFAULT = 0.05


@cache
def _cdm_scales() -> tuple[list[dict[str, Any]], dict[str, str]]:
    import yaml  # noqa: PLC0415

    data = yaml.safe_load(
        resources.files("mrv.data").joinpath("cdm_materiality.yaml").read_text("utf-8")
    )
    return data["scales"], {key: str(value) for key, value in data["source"].items()}


def statement_totals(report: Report) -> tuple[Totals, str]:
    """Return the totals a report's statement rests on and their kind.

    The ex-post totals when the report has an ex-post period, else the ex-ante totals (an
    ex-ante report's ``totals`` are zero).
    """
    if report.ex_ante_totals is not None and not any(
        period.kind == "ex-post" for period in report.periods
    ):
        return report.ex_ante_totals, "ex-ante"
    return report.totals, "ex-post"


def _years(report: Report, kind: str) -> float:
    days = sum(
        (period.end - period.start).days + 1 for period in report.periods if period.kind == kind
    )
    return max(days / 365.25, 1e-9)


def materiality_threshold(option: str, report: Report) -> tuple[float, str]:
    """Resolve ``--materiality``: a share (``0.05``), ``iso``, or ``cdm-large``/``cdm-small``/``cdm-micro``.

    Parameters
    ----------
    option : str
        The option as given.
    report : Report
        The recomputed report; the CDM rule reads its annual net benefit [t CO2e/yr].

    Returns
    -------
    tuple
        The threshold [fraction] and how it was chosen.

    Raises
    ------
    InputError
        If the option is neither a share in [0, 1] nor a known rule.
    """
    if option == "iso":
        return ISO_14064_3_DEFAULT, "ISO 14064-3 customary threshold, 5 % of the total"
    if option.startswith("cdm-"):
        scale = option.removeprefix("cdm-")
        scales, source = _cdm_scales()
        totals, kind = statement_totals(report)
        annual = abs(totals.net_benefit.value) / _years(report, kind)
        for row in scales:
            if row["scale"] == scale and annual > row["above_t_per_year"] - 1e-9:
                basis = (
                    f"CDM {scale}-scale threshold at {annual:,.0f} t CO2e/yr ({source['document']})"
                )
                return float(row["threshold"]), basis
        raise InputError(
            [
                Problem(
                    "",
                    "--materiality",
                    f"unknown CDM scale {scale!r}; expected large, small or micro",
                )
            ]
        )
    try:
        value = float(option)
    except ValueError:
        raise InputError(
            [
                Problem(
                    "",
                    "--materiality",
                    f"expected a share such as 0.05, 'iso' or cdm-large/small/micro; found {option!r}",
                )
            ]
        ) from None
    if not 0 <= value <= 1:
        raise InputError(
            [Problem("", "--materiality", f"expected a share in [0, 1]; found {value}")]
        )
    return value, f"declared threshold {value:.2%}"


def relative_misstatement(claimed: float, recomputed: float, scale: float) -> float:
    """Return ``|claimed - recomputed| / |scale|`` [fraction]; any misstatement of a zero scale is 1.

    Parameters
    ----------
    claimed, recomputed : float
        The figure as claimed and as recomputed [its unit].
    scale : float
        What the misstatement is weighed against [the same unit].
    """
    difference = abs(claimed - recomputed)
    if scale:
        return difference / abs(scale)
    return 0.0 if difference == 0 else 1.0
