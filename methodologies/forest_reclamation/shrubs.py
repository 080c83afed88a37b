"""AR-TOOL14 v04.2 Eq 26-27 and para 12(e): shrub stocks and their change."""

from __future__ import annotations

import numpy as np

from mrv.contract.equations import Traced
from mrv.tools.parts import in_proportion

from . import equations as eq
from .stocks import _difference

MINIMUM_SHRUB_COVER = 0.05  # AR-TOOL14 §9: strata with shrub cover below 5 % count as zero


class ShrubStocks:
    """Shrub stocks from crown cover, in the project and the baseline."""

    def _shrub_b_forest(self) -> list[float]:
        return self._derived(
            "shrub_b_forest",
            lambda: [
                float(s.shrubs.b_forest.m_as("t / ha")) if s.shrubs else 0.0 for s in self.strata
            ],
        )

    def _shrub_parts(self, stock: Traced, cover: list[float]) -> np.ndarray | None:
        """Each stratum's part of a shrub stock: weights A_i b_FOREST,i CC_i (Eq 26-27) [t CO2e]."""
        counted = np.where(np.array(cover) < MINIMUM_SHRUB_COVER, 0.0, cover)
        weights = np.asarray(self.area.magnitude) * np.array(self._shrub_b_forest()) * counted
        return in_proportion(stock.to("t CO2e"), weights)

    def _shrub_stock(self, cover: list[float], label: str, name: str) -> Traced:
        return eq.c_shrub(
            self._stratum_array(
                self._shrub_b_forest(), "inputs.strata[*].shrubs.b_forest", "t / ha"
            ),
            self.parameters.get("bdr_sf"),
            self._stratum_array(cover, label, "1"),
            self.area,
            self.parameters.get("root_shoot_shrub"),
            self.parameters.get("cf_shrub"),
            self.trace.input("AR-TOOL14 §9 minimum shrub cover", MINIMUM_SHRUB_COVER, "1"),
            trace_as=name,
        )

    def _shrub_change(self, period_id: str, ex_ante: bool) -> tuple[Traced, np.ndarray | None]:
        """Change of the shrub stock (AR-TOOL14 Eq 26-27 at both ends), and its parts by stratum."""
        if ex_ante:
            zero = self.trace.input(
                "ex-ante shrub change may be zero (AR-TOOL14 para 13)", 0.0, "t CO2e"
            )
            return eq.change_in_stock(zero, zero, trace_as="dc_shrub"), np.zeros(len(self.ids))
        covers_now = self.inputs.period(period_id).shrub_cover
        before_period = self._previous_shrub_cover(period_id)
        now = [
            float(covers_now[s.id].m_as("dimensionless"))
            if s.id in covers_now
            else before_period[i]
            for i, s in enumerate(self.strata)
        ]
        c2 = self._shrub_stock(now, f"inputs.periods.{period_id}.shrub_cover", "c_shrub_t2")
        c1 = self._shrub_stock(
            before_period, "shrub cover at the previous inventory (or baseline)", "c_shrub_t1"
        )
        change = eq.change_in_stock(c2, c1, trace_as="dc_shrub")
        return change, _difference(self._shrub_parts(c2, now), self._shrub_parts(c1, before_period))

    def _baseline_shrub_change(self) -> Traced:
        """Baseline shrubs keep their pre-project cover (zero change; para 12(e) where declared)."""
        cover = [
            float(s.shrubs.baseline_cover.m_as("dimensionless")) if s.shrubs else 0.0
            for s in self.strata
        ]
        stock = self._shrub_stock(cover, "inputs.strata[*].shrubs.baseline_cover", "c_shrub_bsl")
        return eq.change_in_stock(stock, stock, trace_as="dc_shrub_bsl")

    def _previous_shrub_cover(self, period_id: str) -> list[float]:
        cover = [
            float(s.shrubs.baseline_cover.m_as("dimensionless")) if s.shrubs else 0.0
            for s in self.strata
        ]
        for period in self.document.monitoring_periods:
            if period.id == period_id:
                break
            if period.kind == "ex-post":
                given = self.inputs.period(period.id).shrub_cover
                cover = [
                    float(given[s.id].m_as("dimensionless")) if s.id in given else cover[i]
                    for i, s in enumerate(self.strata)
                ]
        return cover
