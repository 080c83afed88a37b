"""Carbon stock series of a stratum (soil cores, tree and shrub plots) and their rate of change.

VM0033 v2.1 Eq 36 takes the change between two sampling rounds over the years between them;
here the first and the last round of a stratum are compared, each round's stock being the mean
of its cores or plots. The uncertainty is the 95 % half-width of that difference of means,
relative to it, for the VM0033 Eq 87-92 error.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import numpy as np

from mrv.common.errors import InputError, Problem
from mrv.model.table import Table
from mrv.tools.sampling import t_value
from mrv.tools.timespan import years_inside

__all__ = ["StockSeries", "stock_series"]

#: Confidence of the half-widths this plug-in reports (the IPCC default ranges are 95 %).
CONFIDENCE = 0.95
MIN_PLOTS = 2  # a round needs two cores or plots for a variance


@dataclass(frozen=True)
class StockSeries:
    """First and last sampling round of one stratum: mean stocks [t C/ha], U [fraction].

    ``first`` is the day after the first round (the change accrues from then), ``last`` the
    day of the last round, ``interval`` the years between them [yr].
    """

    stratum: str
    first: dt.date
    last: dt.date
    earlier: float
    later: float
    interval: float
    uncertainty: float
    rows: tuple[int, ...]


def stock_series(table: Table, path: str, stratum: str) -> StockSeries | None:
    """Return the stratum's series, or None when the table has no rows for it.

    Raises InputError when the stratum has one round only or a round with fewer than two plots.
    """
    strata = table.text("stratum")
    chosen = np.flatnonzero(strata == stratum)
    if chosen.size == 0:
        return None
    dates = table.dates("date", path)[chosen]
    stocks = table.number("stock").to("t C / ha")[chosen]
    rounds = np.unique(dates)
    if rounds.size < 2:  # noqa: PLR2004 - a change needs two rounds
        raise InputError(
            [
                table.problem(
                    path,
                    f"stratum {stratum} has one sampling round; a change needs two (VM0033 Eq 36)",
                    "date",
                    chosen,
                )
            ]
        )
    first, last = rounds[0], rounds[-1]
    groups = [stocks[dates == first], stocks[dates == last]]
    small = [g.size for g in groups if g.size < MIN_PLOTS]
    if small:
        raise InputError(
            [
                Problem(
                    table.reference,
                    path,
                    f"stratum {stratum}: a sampling round with {small[0]} plot; the uncertainty needs at least {MIN_PLOTS}",
                    column="plot",
                )
            ]
        )
    earlier, later = float(groups[0].mean()), float(groups[1].mean())
    start, end = _date(first) + dt.timedelta(days=1), _date(last)
    # T counts days as the periods do (calendar-year shares), so the periods between the
    # rounds add up to exactly the measured change
    interval = years_inside(start, end)
    standard_error = float(np.sqrt(sum(g.var(ddof=1) / g.size for g in groups)))
    difference = later - earlier
    degrees = int(sum(g.size for g in groups) - 2)
    half_width = float(t_value(CONFIDENCE, degrees)) * standard_error
    uncertainty = half_width / abs(difference) if difference else 0.0
    return StockSeries(
        stratum, start, end, earlier, later, interval, uncertainty, tuple(chosen.tolist())
    )


def _date(value: np.datetime64) -> dt.date:
    return dt.date.fromisoformat(str(value))
