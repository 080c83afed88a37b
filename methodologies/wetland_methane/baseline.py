"""The baseline of each stratum: drained organic soil, or no emission where the standard allows (VM0033 v2.1 §8.1)."""

from __future__ import annotations

import datetime as dt

from mrv.model.project import MonitoringPeriod

from . import equations as eq
from .context import (
    Calculation,
    Cells,
    Scenario,
)
from .inputs import DRAINED_ORGANIC_USES, Stratum


# ----- baseline ------------------------------------------------------------------------------
def _baseline(
    calc: Calculation, period: MonitoringPeriod, stratum: Stratum, cells: Cells, out: Scenario
) -> None:
    """Soil CO2, CH4 and N2O of the land use the stratum would continue."""
    use = stratum.baseline.land_use
    if use in DRAINED_ORGANIC_USES:
        depleted = stratum.baseline.peat_depletion_year
        if depleted is not None:
            remaining = calc.cells(period, stratum.id, (period.start, dt.date(depleted, 12, 31)))
            if remaining is None:
                reason = f"VM0033 v2.1 §8.1.4 (t_PDT): the drained peat is used up by the end of {depleted}; no baseline soil emissions after it"
                out.add("soil_co2_c", calc.zero("t C", reason))
                out.add("ch4", calc.zero("t CH4_biogenic", reason))
                out.add("n2o", calc.zero("t N2O", reason))
                return
            cells = remaining
        key = {"land_use": use, "zone": calc.ws_zone}
        co2, u_co2 = calc.factor("ws_drained_co2", **key)
        doc, u_doc = calc.factor("ws_drained_doc", **key)
        value = eq.organic_soil_co2_c(co2, doc, cells.area, cells.span)
        out.add("soil_co2_c", value, calc.combined((co2, u_co2), (doc, u_doc)))
        if calc.inputs.drained_baseline == "vm0033":
            reason = "VM0033 v2.1 §8.1.4.1: CH4 and N2O of strata exposed through drainage are conservatively zero"
            out.add("ch4", calc.zero("t CH4_biogenic", reason))
            out.add("n2o", calc.zero("t N2O", reason))
            return
        land, u_land = calc.factor("ws_drained_ch4_land", **key)
        ditch, u_ditch = calc.factor("ws_drained_ch4_ditch", **key)
        fraction = (
            calc.trace.input(f"inputs.strata[{stratum.id}].ditch_fraction", stratum.ditch_fraction)
            if stratum.ditch_fraction is not None
            else calc.parameters.get("ws_frac_ditch", land_use=use)
        )
        share = float(fraction.scalar("1"))
        out.add(
            "ch4",
            eq.drained_ch4(land, ditch, fraction, cells.area, cells.span),
            calc.combined((land, u_land), (ditch, u_ditch), weights=(1 - share, share)),
        )
        n2o, u_n2o = calc.factor("ws_drained_n2o", **key)
        out.add("n2o", eq.nitrous_oxide(n2o, cells.area, cells.span), u_n2o)
        return
    if stratum.soil == "mineral":
        drained = stratum.baseline.drained_since
        start = calc.document.project.crediting_period.start.year
        limit = calc.parameters.get("sdt_drainage_years").scalar("yr")
        why = (
            f"drained since {drained}, more than {limit:g} years before the start"
            if drained is not None and start - drained > limit
            else "no SOC depletion time is determined"
        )
        out.add(
            "soil_co2_c",
            calc.zero("t C", f"VM0033 v2.1 §5.1.2: baseline mineral-soil CO2 is zero ({why})"),
        )
    else:
        out.add(
            "soil_co2_c",
            calc.zero(
                "t C", f"baseline {use} on organic soil is not drained: no WS Ch. 2 CO2 is claimed"
            ),
        )
    reason = "VM0033 v2.1 §8.1.4.5 and §8.1.4.4: baseline CH4 and N2O conservatively set to zero"
    out.add("ch4", calc.zero("t CH4_biogenic", reason))
    out.add("n2o", calc.zero("t N2O", reason))
