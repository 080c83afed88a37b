"""Conservative rounding of credits (DESIGN principle 6).

Issuable credits are whole t CO2e rounded toward minus infinity with ``decimal.ROUND_FLOOR``,
never with ``round()``; a negative or zero net gives zero credits (the report keeps the
negative net, so a reversal is visible, not clamped away).
"""

from __future__ import annotations

from decimal import ROUND_FLOOR, ROUND_HALF_EVEN, Decimal

__all__ = ["RESOLUTION", "issuable_credits"]

#: Figures are settled to this resolution [t CO2e] (one gram) before the floor, so that binary
#: noise such as 99.99999999999999 for an exact 100 does not cost a whole credit.
RESOLUTION = Decimal("0.000001")


def issuable_credits(
    net_benefit: float, uncertainty_deduction: float, buffer_contribution: float
) -> int:
    """Whole credits from a period's net benefit after deductions.

    Parameters
    ----------
    net_benefit : float
        Net GHG benefit [t CO2e].
    uncertainty_deduction : float
        Deduction for uncertainty [t CO2e], >= 0.
    buffer_contribution : float
        Non-permanence buffer contribution [t CO2e], >= 0.

    Returns
    -------
    int
        Credits [whole t CO2e], rounded down, never negative.
    """
    remaining = (
        Decimal(repr(net_benefit))
        - Decimal(repr(uncertainty_deduction))
        - Decimal(repr(buffer_contribution))
    )
    settled = remaining.quantize(RESOLUTION, rounding=ROUND_HALF_EVEN)
    whole = int(settled.to_integral_value(rounding=ROUND_FLOOR))
    return max(whole, 0)
