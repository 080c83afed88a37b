"""CO2 from liming and urea, IPCC 2006 GL Vol. 4 Ch. 11 Eq 11.12 and 11.13.

Results are masses of carbon (unit ``C``); the registry turns them into CO2 by the ratio of molecular weights.
"""

from __future__ import annotations

from mrv.contract.equations import Numeric, equation

__all__ = ["co2_c_liming", "co2_c_urea"]

IPCC = "IPCC 2006 GL Vol. 4 Ch. 11"


@equation(
    IPCC,
    "Eq 11.12",
    returns="t C",
    args={"limestone": "t", "dolomite": "t", "ef_limestone": "t C / t", "ef_dolomite": "t C / t"},
    symbol="co2_c_liming",
)
def co2_c_liming(
    limestone: Numeric, dolomite: Numeric, ef_limestone: Numeric, ef_dolomite: Numeric
) -> Numeric:
    r"""Carbon emitted as CO2 from applied lime [t C].

    .. math:: CO_2\text{-}C = M_{Limestone} \cdot EF_{Limestone} + M_{Dolomite} \cdot EF_{Dolomite}

    Parameters
    ----------
    limestone, dolomite : float or array
        Masses applied, CaCO3 and CaMg(CO3)2 [t].
    ef_limestone, ef_dolomite : float
        Emission factors, 0.12 and 0.13 by default [t C / t].
    """
    return limestone * ef_limestone + dolomite * ef_dolomite


@equation(
    IPCC, "Eq 11.13", returns="t C", args={"urea": "t", "ef_urea": "t C / t"}, symbol="co2_c_urea"
)
def co2_c_urea(urea: Numeric, ef_urea: Numeric) -> Numeric:
    r"""Carbon emitted as CO2 from applied urea [t C].

    .. math:: CO_2\text{-}C = M \cdot EF

    Parameters
    ----------
    urea : float or array
        Urea applied [t].
    ef_urea : float
        Emission factor, 0.20 by default [t C / t].
    """
    return urea * ef_urea
