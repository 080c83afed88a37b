"""Nitrous oxide from managed soils, IPCC 2006 GL Vol. 4 Ch. 11 (same forms in the 2019 Refinement).

Results are masses of N2O-N (unit ``N2O_N``); the unit registry turns them into N2O by molecular weight and the
engine into CO2e in the project's GWP set, so no equation carries a molecular-weight ratio or a GWP. Emission
factors are arguments: a methodology picks the 2006, the 2019 aggregated or the 2019
disaggregated values from its parameter tables.
"""

from __future__ import annotations

from mrv.contract.equations import Numeric, equation

__all__ = ["n2o_n_direct", "n2o_n_leaching", "n2o_n_volatilisation"]

IPCC = "IPCC 2006 GL Vol. 4 Ch. 11"
N_INPUT = "kg N"
EMISSION_FACTOR = "kg N2O_N / kg N"


@equation(
    IPCC,
    "Eq 11.1 (N inputs to managed soils)",
    returns="kg N2O_N",
    args={
        "f_sn": N_INPUT,
        "f_on": N_INPUT,
        "f_cr": N_INPUT,
        "f_som": N_INPUT,
        "ef1_synthetic": EMISSION_FACTOR,
        "ef1_other": EMISSION_FACTOR,
    },
    symbol="n2o_n_direct",
)
def n2o_n_direct(
    f_sn: Numeric,
    f_on: Numeric,
    f_cr: Numeric,
    f_som: Numeric,
    ef1_synthetic: Numeric,
    ef1_other: Numeric,
) -> Numeric:
    r"""Direct N2O-N from N added to mineral soils [kg N2O-N].

    .. math:: N_2O\text{-}N_{N\,inputs} = F_{SN} \cdot EF_{1,SN} + (F_{ON} + F_{CR} + F_{SOM}) \cdot EF_{1,other}

    The 2019 Refinement disaggregates EF1 in wet climates (synthetic 0.016, other inputs 0.006);
    with an aggregated factor pass the same value twice.

    Parameters
    ----------
    f_sn, f_on, f_cr, f_som : float or array
        Synthetic fertiliser N, organic N, crop-residue N and N mineralised from lost SOM [kg N].
    ef1_synthetic, ef1_other : float
        EF1 for synthetic and for other inputs [kg N2O-N / kg N].
    """
    return f_sn * ef1_synthetic + (f_on + f_cr + f_som) * ef1_other


@equation(
    IPCC,
    "Eq 11.9",
    returns="kg N2O_N",
    args={
        "f_sn": N_INPUT,
        "f_on": N_INPUT,
        "f_prp": N_INPUT,
        "frac_gasf": "kg N / kg N",
        "frac_gasm": "kg N / kg N",
        "ef4": EMISSION_FACTOR,
    },
    symbol="n2o_n_volatilisation",
)
def n2o_n_volatilisation(
    f_sn: Numeric,
    f_on: Numeric,
    f_prp: Numeric,
    frac_gasf: Numeric,
    frac_gasm: Numeric,
    ef4: Numeric,
) -> Numeric:
    r"""Indirect N2O-N from N volatilised as NH3 and NOx and deposited again [kg N2O-N].

    .. math:: N_2O_{(ATD)}\text{-}N = [F_{SN} \cdot Frac_{GASF} + (F_{ON} + F_{PRP}) \cdot Frac_{GASM}] \cdot EF_4

    Parameters
    ----------
    f_sn, f_on, f_prp : float or array
        Synthetic, organic and grazing-deposited N [kg N].
    frac_gasf, frac_gasm : float
        Shares volatilised from synthetic and from organic N [kg N / kg N].
    ef4 : float
        EF4 [kg N2O-N / kg N volatilised].
    """
    return (f_sn * frac_gasf + (f_on + f_prp) * frac_gasm) * ef4


@equation(
    IPCC,
    "Eq 11.10",
    returns="kg N2O_N",
    args={
        "f_sn": N_INPUT,
        "f_on": N_INPUT,
        "f_prp": N_INPUT,
        "f_cr": N_INPUT,
        "f_som": N_INPUT,
        "frac_leach": "kg N / kg N",
        "ef5": EMISSION_FACTOR,
    },
    symbol="n2o_n_leaching",
)
def n2o_n_leaching(
    f_sn: Numeric,
    f_on: Numeric,
    f_prp: Numeric,
    f_cr: Numeric,
    f_som: Numeric,
    frac_leach: Numeric,
    ef5: Numeric,
) -> Numeric:
    r"""Indirect N2O-N from N leached and run off [kg N2O-N].

    .. math:: N_2O_{(L)}\text{-}N = (F_{SN} + F_{ON} + F_{PRP} + F_{CR} + F_{SOM}) \cdot Frac_{LEACH-(H)} \cdot EF_5

    Parameters
    ----------
    f_sn, f_on, f_prp, f_cr, f_som : float or array
        N inputs [kg N].
    frac_leach : float
        Share of N lost by leaching and run-off where it occurs (0 elsewhere) [kg N / kg N].
    ef5 : float
        EF5 [kg N2O-N / kg N leached].
    """
    return (f_sn + f_on + f_prp + f_cr + f_som) * frac_leach * ef5
