"""AR-TOOL08 v04.0.0: non-CO2 emissions from burning (site preparation and fire)."""

from __future__ import annotations

from mrv.contract.equations import UNIT_RATIO, Numeric, equation, total

from .documents import TOOL08, K

# --- AR-TOOL08: non-CO2 emissions from burning ---------------------------------------------


@equation(
    TOOL08,
    "Eq 3",
    returns="t CO2e",
    args={
        "area": "ha",
        "b_tree": "t / ha",
        "cf_tree": "t C / t",
        "bdr": "1",
        "cf_shrub": "t C / t",
        "cover": "1",
        "b_forest": "t / ha",
        "ratio": "1",
        "co2_per_c": K,
    },
    symbol="ghg_spf",
)
def ghg_site_preparation(
    area: Numeric,
    b_tree: Numeric,
    cf_tree: Numeric,
    bdr: Numeric,
    cf_shrub: Numeric,
    cover: Numeric,
    b_forest: Numeric,
    ratio: Numeric,
    co2_per_c: Numeric = UNIT_RATIO,
) -> Numeric:
    r"""Non-CO2 emission from burning for site preparation [t CO2e].

    .. math:: GHG_{SPF} = 0.07 \sum_i A_{SPF,i} \frac{44}{12} (CF_{TREE} b_{TREE,i} + BDR_{SF} CF_S CC_{SHRUB,i} B_{FOREST})
    """
    return ratio * total(area * co2_per_c * (cf_tree * b_tree + bdr * cf_shrub * cover * b_forest))


def _burnt(area: Numeric, b_tree: Numeric, comf: Numeric, emission_factor: Numeric) -> Numeric:
    return total(area * b_tree * comf * emission_factor)


@equation(
    TOOL08,
    "Eq 6-7 (CH4)",
    returns="t CH4",
    args={"area": "ha", "b_tree": "t / ha", "comf": "1", "emission_factor": "t CH4 / t"},
    symbol="ghg_ff_tree_ch4",
)
def fire_ch4(area: Numeric, b_tree: Numeric, comf: Numeric, emission_factor: Numeric) -> Numeric:
    r"""Methane emitted by a forest fire [t CH4].

    .. math:: E_{CH4} = \sum_i A_{BURN,i} \cdot b_{TREE,i,tL} \cdot COMF \cdot EF_{CH4}

    The tool's 0.001 converts the factor from g/kg; here the declared unit does it (the table is
    in g CH4/kg and converts to t CH4/t on the way in). The engine applies the project's GWP set.
    """
    return _burnt(area, b_tree, comf, emission_factor)


@equation(
    TOOL08,
    "Eq 6-7 (N2O)",
    returns="t N2O",
    args={"area": "ha", "b_tree": "t / ha", "comf": "1", "emission_factor": "t N2O / t"},
    symbol="ghg_ff_tree_n2o",
)
def fire_n2o(area: Numeric, b_tree: Numeric, comf: Numeric, emission_factor: Numeric) -> Numeric:
    r"""Nitrous oxide emitted by a forest fire [t N2O].

    .. math:: E_{N2O} = \sum_i A_{BURN,i} \cdot b_{TREE,i,tL} \cdot COMF \cdot EF_{N2O}
    """
    return _burnt(area, b_tree, comf, emission_factor)


@equation(
    TOOL08,
    "Eq 8 (per-hectare stocks)",
    returns="t CO2e",
    args={"area": "ha", "c_dw": "t CO2e / ha", "c_li": "t CO2e / ha", "ratio": "1"},
    symbol="ghg_ff_dom",
)
def fire_dead_organic_matter(
    area: Numeric, c_dw: Numeric, c_li: Numeric, ratio: Numeric
) -> Numeric:
    r"""Non-CO2 emission from burnt dead wood and litter [t CO2e].

    .. math:: GHG_{FF,DOM} = 0.07 \sum_i A_{BURN,i} (C_{DW,i,tL} + C_{LI,i,tL}) / A_i

    Declared interpretation of AR-TOOL08 v04.0.0 Eq 8 (mrv convention): per-hectare stocks, no
    0.6 factor.
    """
    return ratio * total(area * (c_dw + c_li))
