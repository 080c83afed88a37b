"""Conservative deductions and issuable credits (mrv convention, docs/index.md#deductions-and-issuance).

A methodology declares its uncertainty rule (``Methodology.uncertainty_rule``) and gives each term
whose estimate is uncertain its relative half-width U (``Term.uncertainty``); the rules are
records in :mod:`mrv.engine.rules`, their values parameter tables in ``mrv/data/rules/``:

* ``cdm-ar-tool14-appendix2``: a share d of U·|estimate| by band of U, CDM AR-TOOL14 v04.2
  Appendix 2 (0/25/50/75/100 % at U up to 10/15/20/30 % and above);
* ``vm0042``: U·|estimate| (Verra VM0042 applies (1 - UNC) to the stock-change estimate);
* ``vm0033``: one deduction for the period, not per term (Verra VM0033 v2.1 Eq 87-92): the
  baseline's and the project's relative errors combine into NER_ERROR with absolute values in
  every denominator, and the net is cut by NER_ERROR less the allowable uncertainty (30 % at
  95 % confidence) only when NER_ERROR exceeds it (the functions below);
* ``none``: no deduction.

Either way project and leakage estimates move toward more emission and baseline estimates
toward less, so every deduction lowers the net benefit. The non-permanence buffer takes the
declared risk rating of removals (after their uncertainty deduction), never of reductions.

Reported figures are settled to :data:`RESOLUTION` with ``Decimal``: figures half-even,
deductions upward (against the project), issuable credits down to whole tonnes, never
``round()``; totals are exact sums of the settled figures.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from decimal import ROUND_CEILING, ROUND_FLOOR, ROUND_HALF_EVEN, Decimal, localcontext

__all__ = [
    "RESOLUTION",
    "LedgerEntry",
    "ledger",
    "settle",
    "settle_deduction",
    "vm0033_deduction",
    "vm0033_group_error",
    "vm0033_net_error",
]

#: Reported figures are settled to this resolution [t CO2e] (one gram).
RESOLUTION = Decimal("0.000001")


def settle(value: float) -> Decimal:
    """Settle a reported figure to :data:`RESOLUTION`, half-even [t CO2e]."""
    return _settled(value, ROUND_HALF_EVEN)


def settle_deduction(value: float) -> Decimal:
    """Settle a deduction to :data:`RESOLUTION`, rounding up: against the project [t CO2e]."""
    return _settled(value, ROUND_CEILING)


def _settled(value: float, rounding: str) -> Decimal:
    """Quantize exactly: the context holds the 309 integer digits of the largest finite float."""
    with localcontext() as context:
        context.prec = 320
        return Decimal(repr(float(value))).quantize(RESOLUTION, rounding=rounding)


@dataclass(frozen=True)
class LedgerEntry:
    """One period's place in the multi-period account [t CO2e; credits in whole tonnes]."""

    cumulative_net_benefit: Decimal
    cumulative_eligible: Decimal
    credits_issued_before: int
    issuable_credits: int
    reversal: Decimal
    buffer_cancellation: Decimal
    buffer_balance: Decimal


def ledger(periods: Sequence[tuple[Decimal, Decimal, Decimal]]) -> list[LedgerEntry]:
    """Carry net benefit, deductions, issuance, reversals and the buffer across periods.

    Each period gives ``(net_benefit, uncertainty_deduction, buffer_contribution)``, settled.
    Credits are issued for the cumulative eligible benefit (net less deductions) rounded down,
    less what was issued before, so fractions of a tonne are not lost between periods and a
    loss must be made good before anything more is issued. A period with a negative net is a
    reversal: it is recorded, and the buffer built up so far is cancelled to cover it as far as
    it goes.

    Returns
    -------
    list of LedgerEntry
        One entry per period, in order.
    """
    entries: list[LedgerEntry] = []
    cumulative_net = cumulative_eligible = balance = Decimal(0)
    issued = 0
    for net, deduction, buffer in periods:
        cumulative_net += net
        cumulative_eligible += net - deduction - buffer
        target = max(int(cumulative_eligible.to_integral_value(rounding=ROUND_FLOOR)), 0)
        issuable = max(target - issued, 0)
        reversal = -net if net < 0 else Decimal(0)
        cancellation = min(reversal, balance)
        balance = balance - cancellation + buffer
        entries.append(
            LedgerEntry(
                cumulative_net,
                cumulative_eligible,
                issued,
                issuable,
                reversal,
                cancellation,
                balance,
            )
        )
        issued += issuable
    return entries


def vm0033_group_error(estimates: Sequence[float], uncertainties: Sequence[float]) -> float:
    """Relative error of a sum of estimates, VM0033 v2.1 Eq 87-90 [fraction].

    sqrt(sum (U_k E_k)^2) / sum |E_k|: the denominator in absolute values (VM0033 §8.5.2), so
    terms of opposite sign cannot shrink it to near zero. ``estimates`` in any one unit,
    ``uncertainties`` as relative half-widths [fraction]; terms without one pass U = 0.
    Returns 0 when every estimate is 0.
    """
    denominator = math.fsum(abs(e) for e in estimates)
    if denominator == 0.0:
        return 0.0
    numerator = math.sqrt(
        math.fsum((u * e) ** 2 for e, u in zip(estimates, uncertainties, strict=True))
    )
    return numerator / denominator


def vm0033_net_error(baseline: float, u_baseline: float, project: float, u_project: float) -> float:
    """NER_ERROR of VM0033 v2.1 Eq 91 [fraction].

    sqrt((U_BSL GHG_BSL)^2 + (U_WPS GHG_WPS)^2) / (|GHG_BSL| + |GHG_WPS|), with GHG_BSL and
    GHG_WPS the baseline and project net emissions [t CO2e] and U their relative errors.
    """
    denominator = abs(baseline) + abs(project)
    if denominator == 0.0:
        return 0.0
    return math.hypot(u_baseline * baseline, u_project * project) / denominator


def vm0033_deduction(net: float, error: float, allowable: float) -> float:
    """Deduction of VM0033 v2.1 Eq 92 [t CO2e]: NER less adjusted NER.

    adjusted NER = NER x (1 - NER_ERROR + allowable) applies only when NER_ERROR > allowable,
    so the factor never exceeds 1; a net that is not positive is not cut (the cut would raise
    a net emission).
    """
    if net <= 0.0 or error <= allowable:
        return 0.0
    return net * min(error - allowable, 1.0)
