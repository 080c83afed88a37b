"""AR-TOOL16 v01.1.0: the change of soil organic carbon after site preparation."""

from __future__ import annotations

import datetime as dt

import numpy as np

from mrv.contract.equations import Numeric, Traced, equation
from mrv.tools.parts import in_proportion
from mrv.tools.timespan import calendar_year_shares

from . import equations as eq
from .applicability import soc_excluded_because


@equation(
    "AR-TOOL16 v01.1.0",
    "Eq 4-6 (by year, pro rata to the period)",
    returns="t C / ha",
    args={
        "loss": "t C / ha",
        "rate": "t C / ha / yr",
        "preparation_year": None,
        "years": None,
        "shares": None,
        "transition": "yr",
    },
    symbol="dsoc_period",
)
def dsoc_in_period(
    loss: Numeric,
    rate: Numeric,
    preparation_year: Numeric,
    years: Numeric,
    shares: Numeric,
    transition: Numeric,
) -> Numeric:
    """SOC change of each stratum over the period's calendar years [t C/ha].

    dSOC is -SOC_LOSS in the year of site preparation, the capped rate in each of the 20 years
    after it, and zero otherwise (Eq 4-6); each year counts by the share of it inside the period.
    """
    year = years[:, None]
    lost = np.asarray(loss)[..., None, :]
    gained = np.asarray(rate)[..., None, :]
    after = (year > preparation_year) & (year <= preparation_year + transition)
    per_year = np.where(year == preparation_year, -lost, np.where(after, gained, 0.0))
    return np.sum(per_year * shares[:, None], axis=-2)


class SoilCarbon:
    """SOC change of the eligible strata over a period's calendar years."""

    def _soc_change(self, start: dt.date, end: dt.date) -> tuple[Traced, np.ndarray | None] | None:
        """SOC change of the strata that account for it (AR-TOOL16), and its parts by stratum."""
        eligible = self._derived(
            "soc_eligible",
            lambda: [
                index
                for index, s in enumerate(self.strata)
                if not soc_excluded_because(s, self.climate)
            ],
        )
        if not eligible:
            return None
        chosen = [self.strata[index] for index in eligible]
        soils = [s.soil_carbon for s in chosen]
        assert all(soil is not None for soil in soils)  # noqa: S101
        regime = np.full(len(chosen), self.regime)
        soc_ref = self.parameters.lookup(
            "soc_ref",
            climate=np.full(len(chosen), self.climate),
            soil=np.array([s.soil_type for s in chosen]),
        )
        land_use = np.array([soil.land_use for soil in soils])  # type: ignore[union-attr]
        group = np.where(np.char.startswith(land_use, "cropland"), "cropland", "grassland")
        f_lu = self.parameters.lookup("soc_f_lu", land_use=land_use, regime=regime)
        f_mg = self.parameters.lookup(
            "soc_f_mg",
            land_use=group,
            management=np.array([soil.management for soil in soils]),
            regime=regime,
        )  # type: ignore[union-attr]
        f_in = self.parameters.lookup(
            "soc_f_in",
            land_use=group,
            input=np.array([soil.input_level for soil in soils]),
            regime=regime,
        )  # type: ignore[union-attr]
        initial = eq.soc_initial(soc_ref, f_lu, f_mg, f_in)
        disturbance = self._stratum_array(
            [float(soil.disturbance_fraction.m_as("dimensionless")) for soil in soils],
            "inputs.strata[*].soil_carbon.disturbance_fraction",
            "1",
        )  # type: ignore[union-attr]
        loss = eq.soc_loss(
            initial,
            self.parameters.get("soc_rules", rule="loss_fraction"),
            disturbance,
            self.parameters.get("soc_rules", rule="disturbance_threshold"),
        )
        transition = self.parameters.get("soc_transition")
        rate = eq.dsoc_rate(soc_ref, initial, loss, transition, self.parameters.get("soc_rate_cap"))
        shares = calendar_year_shares(start, end)
        prep = np.array([soil.preparation_year for soil in soils])  # type: ignore[union-attr]
        dsoc = dsoc_in_period(
            loss, rate, prep, np.array(list(shares)), np.array(list(shares.values())), transition
        )
        area = Traced(np.asarray(self.area.magnitude)[eligible], "ha", self.area.refs)
        change = eq.delta_soc(area, dsoc)
        shares = in_proportion(
            change.to("t CO2e"), np.asarray(area.magnitude) * np.asarray(dsoc.magnitude)
        )
        if shares is None:
            return change, None
        parts = np.zeros((*np.shape(shares)[:-1], len(self.ids)))
        parts[..., eligible] = shares
        return change, parts
