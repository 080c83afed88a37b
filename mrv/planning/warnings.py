"""Early warning of a weakening sink, across the monitoring periods of one or more reports.

Three signals (Hu et al. 2023 ask for early warning of weakening sinks):

* ``negative_change``: a stratum whose share of the net benefit in a period is negative, i.e. it
  lost more than it gained (a reversal risk);
* ``below_trajectory``: a stratum whose annual rate falls short of its expected rate by more than
  the threshold; the expected rate is the ex-ante report's for the same years when one is given,
  otherwise the stratum's own mean rate over the earlier periods (its trend);
* ``ch4_rising``: a stratum whose project CH4 per year (trace entries ``<period>/<stratum>/project/ch4``,
  as wetland-methane writes them) rose by more than the threshold from the period before.

Rates are per year of each period, so periods of different length compare. Warnings read the
reports only; they change no figure.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from typing import Literal

from pydantic import Field

from mrv.model.base import Model
from mrv.model.report import PeriodResult, Report
from mrv.tools.timespan import years_between

__all__ = ["DEFAULT_THRESHOLD", "EarlyWarning", "early_warnings"]

#: A shortfall or rise of more than this share is flagged unless the caller declares another.
DEFAULT_THRESHOLD = 0.2


class EarlyWarning(Model):
    """One flag on one stratum in one period."""

    code: Literal["negative_change", "below_trajectory", "ch4_rising"]
    project_id: str
    period: str
    stratum: str
    message: str
    rate: float = Field(
        description="the stratum's rate in the period [t CO2e/yr; for CH4, the trace entry's unit per yr]"
    )
    expected: float | None = Field(None, description="the rate it is compared with, same unit")


def _years(period: PeriodResult) -> float:
    return years_between(period.start, period.end + dt.timedelta(days=1))


def _series(reports: Sequence[Report], kind: str) -> list[tuple[Report, PeriodResult]]:
    """Periods of one kind from all reports, in time order; a later report's period replaces an earlier one's."""
    by_id: dict[str, tuple[Report, PeriodResult]] = {}
    for report in reports:
        for period in report.periods:
            if period.kind == kind:
                by_id[period.id] = (report, period)
    return sorted(by_id.values(), key=lambda pair: pair[1].start)


def _expected_rate(expected: Report, stratum: str, period: PeriodResult) -> float | None:
    """Return a stratum's ex-ante annual rate over a period's days, by overlap [t CO2e/yr]."""
    weighted = 0.0
    overlap_total = 0.0
    for ex_ante in expected.periods:
        share = ex_ante.strata.get(stratum)
        if share is None:
            continue
        start, end = max(ex_ante.start, period.start), min(ex_ante.end, period.end)
        if end < start:
            continue
        overlap = years_between(start, end + dt.timedelta(days=1))
        weighted += share.value / _years(ex_ante) * overlap
        overlap_total += overlap
    return weighted / overlap_total if overlap_total > 0 else None


def early_warnings(
    reports: Sequence[Report],
    *,
    expected: Report | None = None,
    threshold: float = DEFAULT_THRESHOLD,
) -> tuple[EarlyWarning, ...]:
    """Flag weakening strata across the periods of a series of reports of one project.

    Parameters
    ----------
    reports : sequence of Report
        Reports of one project (e.g. successive monitoring reports); their periods of the kind
        of the last report's last period are read in time order.
    expected : Report or None
        An ex-ante report whose per-stratum figures give the expected trajectory; without one,
        each stratum's own earlier mean rate is expected.
    threshold : float
        Shortfall (or CH4 rise) beyond which a stratum is flagged [fraction].

    Returns
    -------
    tuple of EarlyWarning
        In period order, then stratum.
    """
    if not reports or not reports[-1].periods:
        return ()
    series = _series(reports, reports[-1].periods[-1].kind)
    found: list[EarlyWarning] = []
    history: dict[str, list[float]] = {}
    ch4_before: dict[str, float] = {}
    for report, period in series:
        years = _years(period)
        for stratum, share in sorted(period.strata.items()):
            rate = share.value / years
            earlier = history.setdefault(stratum, [])
            target = (
                _expected_rate(expected, stratum, period)
                if expected is not None
                else (sum(earlier) / len(earlier) if earlier else None)
            )
            flag = _stock_flag(stratum, period.id, share.value, rate, target, threshold, expected)
            if flag is not None:
                code, message = flag
                found.append(
                    EarlyWarning(
                        code=code,
                        project_id=report.project_id,
                        period=period.id,
                        stratum=stratum,
                        message=message,
                        rate=rate,
                        expected=target,
                    )
                )
            earlier.append(rate)
        found.extend(_ch4_rising(report, period, years, ch4_before, threshold))
    return tuple(found)


def _stock_flag(
    stratum: str,
    period_id: str,
    change: float,
    rate: float,
    target: float | None,
    threshold: float,
    expected: Report | None,
) -> tuple[Literal["negative_change", "below_trajectory"], str] | None:
    """Say whether a stratum's change in a period is negative or below its trajectory."""
    where = f"{stratum} in {period_id}"
    if rate < 0:
        return (
            "negative_change",
            f"{where}: net change {change:,.3f} t CO2e ({rate:,.3f} t CO2e/yr) is negative, a reversal risk",
        )
    if target is not None and target > 0 and rate < target * (1.0 - threshold):
        basis = "the ex-ante trajectory" if expected is not None else "its earlier mean rate"
        return (
            "below_trajectory",
            f"{where}: {rate:,.3f} t CO2e/yr is {1 - rate / target:.0%} below {basis} ({target:,.3f} t CO2e/yr; threshold {threshold:.0%})",
        )
    return None


def _ch4_rising(
    report: Report,
    period: PeriodResult,
    years: float,
    before: dict[str, float],
    threshold: float,
) -> list[EarlyWarning]:
    """CH4 per year of each stratum against the period before; updates ``before``."""
    prefix, suffix = f"{period.id}/", "/project/ch4"
    found = []
    for entry in report.trace:
        if not (entry.id.startswith(prefix) and entry.id.endswith(suffix)):
            continue
        stratum = entry.id[len(prefix) : -len(suffix)]
        value = getattr(entry.value, "value", None)
        if "/" in stratum or value is None:
            continue
        rate = value / years  # in the entry's own unit per year; only the ratio matters
        unit = f"{entry.value.unit} / yr"
        previous = before.get(stratum)
        if previous is not None and previous > 0 and rate > previous * (1.0 + threshold):
            found.append(
                EarlyWarning(
                    code="ch4_rising",
                    project_id=report.project_id,
                    period=period.id,
                    stratum=stratum,
                    message=f"{stratum} in {period.id}: CH4 {rate:,.3f} {unit} rose {rate / previous - 1:.0%} from {previous:,.3f} {unit} (threshold {threshold:.0%})",
                    rate=rate,
                    expected=previous,
                )
            )
        before[stratum] = rate
    return found
