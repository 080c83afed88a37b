"""AR-TOOL15 v02.0: leakage from displacing pre-project agricultural activity."""

from __future__ import annotations

import numpy as np

from mrv.contract.equations import Traced, total

from . import equations as eq


class Leakage:
    """Leakage of a period."""

    def _leakage(self, period_id: str) -> Traced | None:
        events = list(self.inputs.period(period_id).displacements)
        events = [e for e in events if not (e.activity == "grazing" and e.grazing_exemption)]
        if not events:
            return None
        label = f"inputs.periods.{period_id}.displacements"
        area = self.trace.input(
            f"{label}[*].area", np.array([e.area.m_as("ha") for e in events]), "ha"
        )
        biomass = eq.biomass_loss(
            self.trace.input(
                f"{label}[*].b_tree", np.array([e.b_tree.m_as("t / ha") for e in events]), "t / ha"
            ),
            self.parameters.get("leakage_rules", rule="root_shoot_tree"),
            self.trace.input(
                f"{label}[*].b_shrub",
                np.array([e.b_shrub.m_as("t / ha") for e in events]),
                "t / ha",
            ),
            self.parameters.get("leakage_rules", rule="root_shoot_shrub"),
            self.parameters.get("cf_leakage"),
            area,
            self.parameters.get("leakage_rules", rule="dead_matter_factor"),
        )
        before = np.array(
            [np.prod([f.m_as("dimensionless") for f in e.factors_before]) for e in events]
        )
        after = np.array(
            [np.prod([f.m_as("dimensionless") for f in e.factors_after]) for e in events]
        )
        soc = eq.soc_loss_displacement(
            self.trace.input(
                f"{label}[*].soc_ref",
                np.array([e.soc_ref.m_as("t C / ha") for e in events]),
                "t C / ha",
            ),
            self.trace.input(f"{label}[*].factors_before (product)", before, "1"),
            self.trace.input(f"{label}[*].factors_after (product)", after, "1"),
            area,
        )
        total_biomass = Traced(total(biomass.magnitude), "t C", biomass.refs)
        total_soc = Traced(total(soc.magnitude), "t C", soc.refs)
        return eq.leakage(total_biomass, total_soc)
