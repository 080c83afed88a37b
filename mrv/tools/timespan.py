"""Time spans in years, the way the A/R tools count them, and calendar-year shares of a period."""

from __future__ import annotations

import calendar
import datetime as dt
import math

__all__ = ["calendar_year_shares", "years_between", "years_inside"]

_DAYS_PER_MONTH = 365.25 / 12


def years_between(start: dt.date, end: dt.date) -> float:
    """Length of an interval in years, counting whole months and then days.

    AR-TOOL14 v04.2 (Eq 11 note) counts an interval of 4 years and 5 months as 4.417 years;
    whole months are counted as twelfths of a year and the remaining days as days of an average
    month.

    Parameters
    ----------
    start, end : datetime.date
        Ends of the interval, ``end`` after ``start``.

    Returns
    -------
    float
        T [yr].
    """
    if end <= start:
        raise ValueError(f"end {end} must be after start {start}")
    months = (end.year - start.year) * 12 + (end.month - start.month)
    if end.day < start.day:
        months -= 1
    anchor = _add_months(start, months)
    if anchor > end:  # start on the 31st, end in a shorter month
        months -= 1
        anchor = _add_months(start, months)
    days = (end - anchor).days
    return (months + days / _DAYS_PER_MONTH) / 12


def _add_months(day: dt.date, months: int) -> dt.date:
    year, month = divmod(day.month - 1 + months, 12)
    year += day.year
    month += 1
    length = calendar.monthrange(year, month)[1]
    return dt.date(year, month, min(day.day, length))


def calendar_year_shares(start: dt.date, end: dt.date) -> dict[int, float]:
    """Share of each calendar year that lies in the period from ``start`` to ``end`` inclusive.

    Annual figures (SOC change by year, events booked in their year) are attributed to a
    monitoring period pro rata by days; this is an mrv convention (docs/index.md#periods-and-years).

    Returns
    -------
    dict
        Year -> share of that year's days inside the period [fraction].
    """
    shares: dict[int, float] = {}
    for year in range(start.year, end.year + 1):
        first = max(start, dt.date(year, 1, 1))
        last = min(end, dt.date(year, 12, 31))
        days_in_year = (dt.date(year + 1, 1, 1) - dt.date(year, 1, 1)).days
        shares[year] = ((last - first).days + 1) / days_in_year
    return shares


def years_inside(start: dt.date, end: dt.date) -> float:
    """Years from ``start`` to ``end`` inclusive, counted as the periods count them [yr].

    The sum of :func:`calendar_year_shares`: each day weighs 1/365 or 1/366 of its year, so a
    quantity spread over an interval by these shares adds up exactly over the periods that
    cover it. 0 when ``end`` is before ``start``.
    """
    if end < start:
        return 0.0
    return math.fsum(calendar_year_shares(start, end).values())
