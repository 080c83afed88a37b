"""Climate zones: the IPCC codes a document may give, and the coarser zones each source uses.

The Wetlands Supplement tabulates boreal, temperate and tropical factors; the 2019 Refinement
Vol. 4 Ch. 7 aggregates the IPCC zones into six for flooded land (its flooded-land CH4
factors by climate zone). Every code is mapped explicitly; nothing falls back to another zone.
"""

from __future__ import annotations

from enum import StrEnum

__all__ = ["FLOODED_ZONE", "WETLANDS_SUPPLEMENT_ZONE", "ClimateZone", "expected_zone"]


class ClimateZone(StrEnum):
    """The twelve IPCC climate zones (2006 GL Vol. 4 Ch. 3 Annex 3A.5, Figure 3A.5.1)."""

    TROPICAL_MONTANE = "tropical_montane"
    TROPICAL_WET = "tropical_wet"
    TROPICAL_MOIST = "tropical_moist"
    TROPICAL_DRY = "tropical_dry"
    WARM_TEMPERATE_MOIST = "warm_temperate_moist"
    WARM_TEMPERATE_DRY = "warm_temperate_dry"
    COOL_TEMPERATE_MOIST = "cool_temperate_moist"
    COOL_TEMPERATE_DRY = "cool_temperate_dry"
    BOREAL_MOIST = "boreal_moist"
    BOREAL_DRY = "boreal_dry"
    POLAR_MOIST = "polar_moist"
    POLAR_DRY = "polar_dry"


#: Wetlands Supplement zones (its Tables 2.1-2.5 and 3.1-3.3 are by boreal, temperate, tropical).
WETLANDS_SUPPLEMENT_ZONE: dict[ClimateZone, str] = {
    ClimateZone.TROPICAL_MONTANE: "tropical",
    ClimateZone.TROPICAL_WET: "tropical",
    ClimateZone.TROPICAL_MOIST: "tropical",
    ClimateZone.TROPICAL_DRY: "tropical",
    ClimateZone.WARM_TEMPERATE_MOIST: "temperate",
    ClimateZone.WARM_TEMPERATE_DRY: "temperate",
    ClimateZone.COOL_TEMPERATE_MOIST: "temperate",
    ClimateZone.COOL_TEMPERATE_DRY: "temperate",
    ClimateZone.BOREAL_MOIST: "boreal",
    ClimateZone.BOREAL_DRY: "boreal",
    ClimateZone.POLAR_MOIST: "boreal",
    ClimateZone.POLAR_DRY: "boreal",
}

#: 2019 Refinement Vol. 4 Ch. 7 aggregated zones of flooded land (zone mapping corroborated by
#: the public transcription THEBEST-cloud/IPCC-Tier-2 app/climate_zones.py).
FLOODED_ZONE: dict[ClimateZone, str] = {
    ClimateZone.TROPICAL_MONTANE: "tropical_dry_montane",
    ClimateZone.TROPICAL_DRY: "tropical_dry_montane",
    ClimateZone.TROPICAL_WET: "tropical_moist_wet",
    ClimateZone.TROPICAL_MOIST: "tropical_moist_wet",
    ClimateZone.WARM_TEMPERATE_MOIST: "warm_temperate_moist",
    ClimateZone.WARM_TEMPERATE_DRY: "warm_temperate_dry",
    ClimateZone.COOL_TEMPERATE_MOIST: "cool_temperate",
    ClimateZone.COOL_TEMPERATE_DRY: "cool_temperate",
    ClimateZone.BOREAL_MOIST: "boreal",
    ClimateZone.BOREAL_DRY: "boreal",
    ClimateZone.POLAR_MOIST: "boreal",
    ClimateZone.POLAR_DRY: "boreal",
}

#: IPCC 2006 GL Vol. 4 Ch. 3 Annex 3A.5 thresholds (not yet read in the annex itself, so used only
#: for a warning): warm temperate above 10 degC MAT, cool temperate 0-10 degC; moist where
#: MAP/PET > 1. Used only to warn about a zone that the declared climate contradicts.
WARM_TEMPERATE_MAT_C = 10.0


def expected_zone(temperature_c: float, precipitation_mm: float, pet_mm: float) -> str:
    """Return the temperate zone that MAT and MAP/PET point to, for a site declared temperate.

    temperature_c: mean annual air temperature [degC]; precipitation_mm and pet_mm: mean annual
    precipitation and potential evapotranspiration [mm].
    """
    warmth = "warm" if temperature_c > WARM_TEMPERATE_MAT_C else "cool"
    moisture = "moist" if precipitation_mm > pet_mm else "dry"
    return f"{warmth}_temperate_{moisture}"
