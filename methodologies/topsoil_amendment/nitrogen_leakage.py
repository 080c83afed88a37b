"""N2O of applied nitrogen (IPCC 2019 Vol. 4 Ch. 11) and the leakage of diverted or donor material."""

from __future__ import annotations

import numpy as np
import numpy.typing as npt

import mrv
from mrv.model.project import MonitoringPeriod
from mrv.tools.soil_n2o import n2o_n_direct, n2o_n_leaching, n2o_n_volatilisation

from . import equations as eq
from .context import DELIVERIES, ORGANIC_N, SYNTHETIC_N, Calculation


# ----- N2O and leakage ------------------------------------------------------------------------
def _n2o(calc: Calculation, chosen: npt.NDArray[np.bool_]) -> mrv.Term:
    """N2O from the N of the period's amendments (IPCC 2019 Vol. 4 Ch. 11 Eq 11.1, 11.9, 11.10)."""
    p, trace = calc.parameters, calc.trace
    material = calc.deliveries.material
    nitrogen = np.nan_to_num(calc.table.number_or_nan("nitrogen", "1"))
    dry = np.asarray(calc.deliveries.dry.to("t"), dtype=np.float64)
    refs = [("dry", calc.deliveries.dry.refs[0]), ("nitrogen", f"input:{DELIVERIES}:nitrogen")]
    organic = trace.record(
        "f_on",
        "F_ON = sum dry mass x N fraction of organic amendments (IPCC 2006 GL Vol. 4 Ch. 11 Eq 11.3, F_ON)",
        float(np.sum(np.where(chosen & np.isin(material, ORGANIC_N), dry * nitrogen, 0.0))),
        "t N",
        inputs=refs,
    )
    synthetic = trace.record(
        "f_sn",
        "F_SN = sum dry mass x N fraction of nutrient agents",
        float(np.sum(np.where(chosen & np.isin(material, SYNTHETIC_N), dry * nitrogen, 0.0))),
        "t N",
        inputs=refs,
    )
    zero = trace.record(
        "zero_n", "no crop residue, SOM mineralisation or grazing N is claimed", 0.0, "t N"
    )
    climate = calc.inputs.climate
    leaches = climate.moisture == "wet" or climate.irrigated
    frac_leach = (
        p.get("frac_leach")
        if leaches
        else calc.zero(
            "kg N / kg N",
            "Frac_LEACH = 0: dry climate without irrigation (IPCC 2019 Vol. 4 Ch. 11)",
        )
    )
    ef1 = p.get("ef1")
    direct = n2o_n_direct(synthetic, organic, zero, zero, ef1, ef1)
    volatilised = n2o_n_volatilisation(
        synthetic, organic, zero, p.get("frac_gasf"), p.get("frac_gasm"), p.get("ef4")
    )
    leached = n2o_n_leaching(synthetic, organic, zero, zero, zero, frac_leach, p.get("ef5"))
    value = trace.record(
        "n2o_n",
        "N2O-N direct + volatilisation + leaching",
        direct.to("kg N2O_N") + volatilised.to("kg N2O_N") + leached.to("kg N2O_N"),
        "kg N2O_N",
        inputs=[
            ("direct", direct.refs[0]),
            ("volatilised", volatilised.refs[0]),
            ("leached", leached.refs[0]),
        ],
    )
    return mrv.Term("n2o", value, "emission")


def _diversion(calc: Calculation, chosen: npt.NDArray[np.bool_]) -> list[mrv.Term]:
    """Feedstock diverted from energy use, by the share of its production used in the period."""
    diverting = [p for p in calc.inputs.production if p.feedstock_prior_use == "energy"]
    if not diverting:
        return []
    dry = np.asarray(calc.deliveries.dry.to("t"), dtype=np.float64)
    production = calc.table.text_or_empty("production")
    used = np.array([float(np.sum(dry[chosen & (production == p.id)])) for p in diverting])
    produced = np.array([p.produced.m_as("t") for p in diverting])
    diverted = np.array(
        [p.diverted.m_as("t") if p.diverted is not None else 0.0 for p in diverting]
    )
    share = calc.trace.record(
        "share_used",
        "biochar of the period / biochar produced, per production",
        used / produced,
        "1",
    )
    return [
        mrv.Term(
            "biomass_diversion",
            eq.diverted_biomass(
                calc.trace.input("inputs.production[*].diverted", diverted, "t"),
                share,
                calc.parameters.get("biomass_ncv"),
                calc.parameters.get("substitute_fuel_co2"),
            ),
            "emission",
        )
    ]


def _donors(calc: Calculation, period: MonitoringPeriod) -> list[mrv.Term]:
    """Carbon lost at off-site topsoil donors, in the period of each unit's first topsoil."""
    deliveries = calc.deliveries
    chosen = []
    for donor in calc.inputs.donors:
        topsoil = (deliveries.unit == donor.unit) & (deliveries.material == "topsoil")
        if not topsoil.any():
            continue
        first = deliveries.dates[topsoil].min()
        if np.datetime64(period.start) <= first <= np.datetime64(period.end):
            chosen.append(donor)
    if not chosen:
        return []
    trace = calc.trace
    return [
        mrv.Term(
            "topsoil_donor",
            eq.donor_loss(
                trace.input(
                    "inputs.donors[*].mass", np.array([d.mass.m_as("t") for d in chosen]), "t"
                ),
                trace.input(
                    "inputs.donors[*].carbon",
                    np.array([d.carbon.m_as("1") for d in chosen]),
                    "t C / t",
                ),
                trace.input(
                    "inputs.donors[*].loss_fraction",
                    np.array([d.loss_fraction.m_as("1") for d in chosen]),
                    "1",
                ),
                trace.input(
                    "inputs.donors[*].foregone_accrual",
                    np.array([d.foregone_accrual.m_as("t C") for d in chosen]),
                    "t C",
                ),
            ),
            "stock_change",
        )
    ]
