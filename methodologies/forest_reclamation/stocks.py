"""What one inventory hands to the next: stocks, their uncertainty and their parts by stratum."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

import numpy as np

from mrv.contract.equations import Traced


@dataclass(frozen=True)
class PlotState:
    """Plot ids, their biomass and stratum codes at one inventory (for remeasured plots)."""

    ids: np.ndarray
    b_plot: Traced
    codes: np.ndarray


@dataclass(frozen=True)
class TreeChange:
    """The tree stock of one inventory, its change since the last, and their parts by stratum."""

    stock: Traced
    u_stock: Traced
    b_i: np.ndarray
    plots: PlotState | None
    change: Traced
    u_change: Traced | None
    stock_parts: np.ndarray | None
    change_parts: np.ndarray | None


@dataclass(frozen=True)
class Stock:
    """An undiscounted stock carried to the next period, with its relative uncertainty."""

    value: Traced
    u: Traced
    b_stratum: np.ndarray | None = None
    measured_on: dt.date | None = None
    dom: dict[str, Traced] = field(default_factory=dict)
    plots: PlotState | None = None
    parts: dict[str, np.ndarray | None] = field(default_factory=dict)


def _difference(later: np.ndarray | None, earlier: np.ndarray | float | None) -> np.ndarray | None:
    """Change of a stock by stratum from its parts at two times; None when either is unknown."""
    if later is None or earlier is None:
        return None
    return later - earlier


def _sum(earlier: np.ndarray | None, change: np.ndarray | None) -> np.ndarray | None:
    """Add a change by stratum to earlier parts of a stock; None when either is unknown."""
    if earlier is None or change is None:
        return None
    return earlier + change
