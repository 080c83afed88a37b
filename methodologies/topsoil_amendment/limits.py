"""Fixed values the topsoil-amendment inputs are checked against, each with its source."""

from __future__ import annotations

MATERIALS = ("biochar", "compost", "manure", "topsoil", "coal_bio_soil", "nutrient_agent")


#: Coal-based products are fossil carbon (IPCC 2006 GL Vol. 2 Ch. 1 Table 1.1): never a removal.
FOSSIL_MATERIALS = ("coal_bio_soil",)


PER_CENT = 100.0


#: Biochar moisture above 60 % (wet basis) is flagged: an mrv screening convention
#: (topsoil-amendment methodology page, Inputs), no standard limit.
BIOCHAR_MOISTURE_FLAG = 0.6


#: Plausible bulk density of (reclaimed) mineral soils, 0.8-2.0 g/cm3 (mrv screening range, the
#: method's page, Inputs).
BULK_DENSITY_RANGE = (0.8, 2.0)


#: IUPAC standard atomic weights (conventional values, CIAAW 2021) for the molar H/Corg ratio.
ATOMIC_WEIGHT_H = 1.008


ATOMIC_WEIGHT_C = 12.011


#: Biochar is material made above 350 degC (IPCC 2019 Refinement Vol. 4 Ch. 2 Appendix 4,
#: opening text): below it the material is not biochar.
BIOCHAR_MIN_TEMPERATURE_C = 350.0


#: VM0044 v1.2 soil-application eligibility gate: molar H/Corg at most 0.7.
H_CORG_LIMIT = 0.7
