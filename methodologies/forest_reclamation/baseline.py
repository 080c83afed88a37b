"""AR-TOOL14 v04.2 Eq 13-16 on pre-project cover and para 12(e): the baseline's trees."""

from __future__ import annotations

import datetime as dt

import numpy as np

from mrv.contract.equations import Numeric, Traced, equation
from mrv.tools.parts import in_proportion
from mrv.tools.timespan import years_between

from . import equations as eq


@equation(
    "AR-TOOL14 v04.2",
    "para 12(e) (mine spoils: baseline change is zero)",
    returns="t CO2e",
    args={"stock": "t CO2e"},
    symbol="dc_tree_bsl",
)
def zero_change(stock: Numeric) -> Numeric:
    """Zero baseline change under the mine-spoil rule [t CO2e]."""
    return stock * 0.0


class Baseline:
    """Baseline tree stock change (zero on mine spoils)."""

    def _baseline_trees(
        self, start: dt.date, end: dt.date, reference: Traced
    ) -> tuple[Traced, np.ndarray | None]:
        """Baseline tree change (AR-TOOL14 Eq 9-10 over the period), and its parts by stratum."""
        spoil = self._derived(
            "spoil", lambda: [bool(s.baseline.mine_spoil_evidence) for s in self.strata]
        )
        if all(spoil):
            return zero_change(reference), np.zeros(len(self.ids))
        cover = [
            0.0 if spoil[i] else float(s.baseline.tree_crown_cover.m_as("dimensionless"))
            for i, s in enumerate(self.strata)
        ]
        increment = [
            float(s.baseline.delta_b_forest.m_as("t / ha / yr"))
            if s.baseline.delta_b_forest is not None
            else 0.0
            for s in self.strata
        ]
        annual = eq.dc_tree_baseline(
            self._stratum_array(
                increment, "inputs.strata[*].baseline.delta_b_forest", "t / ha / yr"
            ),
            self.parameters.get("root_shoot_tree"),
            self._stratum_array(cover, "inputs.strata[*].baseline.tree_crown_cover", "1"),
            self.area,
            self.cf,
        )
        crediting = self.document.project.crediting_period.start
        limit = dt.date(crediting.year + 20, crediting.month, min(crediting.day, 28))
        last = min(end + dt.timedelta(days=1), limit)  # to the end of the period's last day
        years = years_between(start, last) if last > start else 0.0
        label = "years of the period within 20 years of the start (Δb_FOREST = 0 after year 20)"
        change = eq.change_over_years(
            annual, self.trace.input(label, years, "yr"), trace_as="dc_tree_bsl"
        )
        weights = np.array(increment) * np.array(cover) * np.asarray(self.area.magnitude)
        return change, in_proportion(change.to("t CO2e"), weights)
