"""AR-TOOL08 v04.0.0: non-CO2 emissions of site-preparation burning and of fires."""

from __future__ import annotations

import datetime as dt

import numpy as np

import mrv
from mrv.contract.equations import Traced
from mrv.tools.timespan import years_between

from . import equations as eq
from .inputs import Stratum
from .stocks import Stock


class Burning:
    """CH4 and N2O of burning biomass and dead organic matter."""

    def _burning(self, period_id: str) -> Traced | None:
        events = list(self.inputs.period(period_id).site_preparation_burning)
        if not events:
            return None
        label = f"inputs.periods.{period_id}.site_preparation_burning"
        return eq.ghg_site_preparation(
            self.trace.input(
                f"{label}[*].area", np.array([e.area.m_as("ha") for e in events]), "ha"
            ),
            self.trace.input(
                f"{label}[*].tree_biomass",
                np.array([e.tree_biomass.m_as("t / ha") for e in events]),
                "t / ha",
            ),
            self.parameters.get("cf_fire"),
            self.parameters.get("bdr_sf"),
            self.parameters.get("cf_fire"),
            self.trace.input(
                f"{label}[*].shrub_cover",
                np.array([e.shrub_cover.m_as("dimensionless") for e in events]),
                "1",
            ),
            self.trace.input(
                f"{label}[*].b_forest",
                np.array([e.b_forest.m_as("t / ha") for e in events]),
                "t / ha",
            ),
            self.parameters.get("fire_nonco2_ratio"),
        )

    def _fires(self, period_id: str, previous: Stock | None) -> list[mrv.Term]:
        events = list(self.inputs.period(period_id).fires)
        threshold = self.parameters.get("fire_threshold").scalar("1")
        project_area = float(np.sum(np.asarray(self.area.magnitude)))
        by_year: dict[int, float] = {}
        for event in events:
            by_year[event.date.year] = by_year.get(event.date.year, 0.0) + event.area.m_as("ha")
        counted = [e for e in events if by_year[e.date.year] >= threshold * project_area]
        if not counted or previous is None or previous.b_stratum is None:
            return []  # AR-TOOL08: below 5 % of the area, or first verification (no b_TREE,tL)
        index = [self.ids.index(e.stratum) for e in counted]
        label = f"inputs.periods.{period_id}.fires"
        area = self.trace.input(
            f"{label}[*].area", np.array([e.area.m_as("ha") for e in counted]), "ha"
        )
        b_last = previous.b_stratum[..., index]
        b_tree = Traced(b_last, "t / ha", previous.value.refs)
        comf = self.parameters.lookup(
            "fire_combustion_factor",
            biome=np.full(len(counted), self.biome),
            age_class=np.array(
                [
                    self._age_class(self.strata[i], e.date)
                    for i, e in zip(index, counted, strict=True)
                ]
            ),
        )
        ch4 = eq.fire_ch4(area, b_tree, comf, self.parameters.get("fire_ef_ch4", biome=self.biome))
        n2o = eq.fire_n2o(area, b_tree, comf, self.parameters.get("fire_ef_n2o", biome=self.biome))
        terms = [mrv.Term("fire_ch4", ch4, "emission"), mrv.Term("fire_n2o", n2o, "emission")]
        per_hectare = eq.c_per_area(b_tree, self.cf, trace_as="c_tree_per_ha_burnt")
        dead_wood = eq.c_dead_organic_matter_per_area(
            per_hectare, self._dom_factor("dead_wood"), trace_as="c_dw_per_ha_burnt"
        )
        litter = eq.c_dead_organic_matter_per_area(
            per_hectare, self._dom_factor("litter"), trace_as="c_li_per_ha_burnt"
        )
        emitted = eq.fire_dead_organic_matter(
            area, dead_wood, litter, self.parameters.get("fire_nonco2_ratio")
        )
        terms.append(mrv.Term("fire_dead_organic_matter", emitted, "emission"))
        return terms

    def _age_class(self, stratum: Stratum, day: dt.date) -> str:
        if self.biome != "tropical":
            return "all"
        age = years_between(stratum.planting_date, day) if day > stratum.planting_date else 0.0
        for upper, name in ((6, "3to5"), (11, "6to10"), (18, "11to17")):
            if age < upper:
                return name
        return "18plus"
