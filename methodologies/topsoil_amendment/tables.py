"""The tables of a topsoil-amendment project: deliveries, fuel, SOC samples, and what they derive."""

from __future__ import annotations

import numpy as np
import numpy.typing as npt

from mrv.model.table import Column, Table, TableSpec

from .limits import ATOMIC_WEIGHT_C, ATOMIC_WEIGHT_H, MATERIALS

DELIVERIES = TableSpec(
    columns=(
        Column("date", description="delivery date YYYY-MM-DD"),
        Column("unit", description="reclaimed unit (stratum) id"),
        Column("material", description="material delivered", choices=MATERIALS),
        Column("production", required=False, allow_empty=True, description="biochar production id"),
        Column("mass", "[mass]", "t", positive=True, description="mass delivered"),
        Column(
            "mass_basis",
            description="every delivery states its mass basis, wet (as hauled) or dry",
            choices=("wet", "dry"),
        ),
        Column("moisture", "", "%", nonnegative=True, description="water content"),
        Column(
            "moisture_basis",
            description="every delivery states its moisture basis, wet (of the wet mass) or dry (of the dry mass)",
            choices=("wet", "dry"),
        ),
        Column("carbon", "", "%", nonnegative=True, required=False, allow_empty=True),
        Column(
            "carbon_basis",
            required=False,
            allow_empty=True,
            description="the basis of the carbon content, organic or total",
            choices=("organic", "total"),
        ),
        Column("inorganic_carbon", "", "%", nonnegative=True, required=False, allow_empty=True),
        Column("hydrogen", "", "%", nonnegative=True, required=False, allow_empty=True),
        Column(
            "h_corg",
            "",
            "1",
            nonnegative=True,
            required=False,
            allow_empty=True,
            description="molar H/Corg from the laboratory, where the hydrogen content is not given",
        ),
        Column("nitrogen", "", "%", nonnegative=True, required=False, allow_empty=True),
        Column("feedstock", required=False, allow_empty=True),
        Column(
            "process", required=False, allow_empty=True, description="pyrolysis or gasification"
        ),
        Column(
            "production_temperature",
            "[temperature]",
            "degC",
            required=False,
            allow_empty=True,
        ),
        Column(
            "haul",
            "[length]",
            "km",
            required=False,
            allow_empty=True,
            description="one-way haul distance; empty when the haul is in the fuel records",
        ),
        Column(
            "vehicle",
            required=False,
            allow_empty=True,
            description="vehicle class of a haul by tonne-km (CDM TOOL12)",
            choices=("light", "heavy"),
        ),
    ),
    description="one row per delivery of material to a unit",
)


FUEL = TableSpec(
    columns=(
        Column("date", description="YYYY-MM-DD"),
        Column("activity", description="what the fuel did", choices=("hauling", "earthworks")),
        Column("volume", "[volume]", "L", positive=True, description="diesel burnt"),
        Column("density", "[mass] / [volume]", "kg / L", positive=True, description="measured"),
        Column(
            "road_class",
            required=False,
            allow_empty=True,
            description="road class by vehicle and road type; empty counts as off_road",
            choices=("on_road", "off_road"),
        ),
    ),
    description="diesel records of hauling and earthworks (CDM TOOL12 Option A, TOOL03)",
)


SAMPLES = TableSpec(
    columns=(
        Column("round", description="sampling round id; the earliest date is t0"),
        Column("date", description="YYYY-MM-DD"),
        Column("site_type", description="project or control plot", choices=("project", "control")),
        Column("unit", description="reclaimed unit id"),
        Column("plot", description="plot id (project and control plots paired by id)"),
        Column("top", "[length]", "cm", nonnegative=True),
        Column("bottom", "[length]", "cm", positive=True),
        Column("soc", "", "%", nonnegative=True, description="organic carbon, dry basis"),
        Column("bulk_density", "[mass] / [volume]", "g / cm**3", positive=True),
        Column("coarse_fraction", "", "%", nonnegative=True, description="mass share above 2 mm"),
        Column(
            "coal_fraction",
            "",
            "%",
            nonnegative=True,
            required=False,
            allow_empty=True,
            description="share of the measured carbon that is fossil (14C or chemo-thermal)",
        ),
    ),
    description="soil layers of project and control plots at each round",
)


def organic_carbon(table: Table) -> npt.NDArray[np.float64]:
    """Return the organic carbon of each delivery [%]: C_org, or C_tot - C_inorg; NaN if not given."""
    carbon = table.number_or_nan("carbon", "%")
    inorganic = np.nan_to_num(table.number_or_nan("inorganic_carbon", "%"))
    total = table.text_or_empty("carbon_basis") == "total"
    return np.asarray(np.where(total, carbon - inorganic, carbon), dtype=np.float64)


def delivery_h_corg(table: Table, organic_carbon: np.ndarray) -> npt.NDArray[np.float64]:
    """Return the molar H/Corg of each delivery (NaN where it cannot be known).

    The h_corg column where given, else computed from hydrogen [%] and organic carbon [%].
    """
    hydrogen = (
        table.number("hydrogen").to("%")
        if "hydrogen" in table.columns
        else np.full(table.n_rows, np.nan)
    )
    computed = molar_h_corg(hydrogen, organic_carbon)
    if "h_corg" not in table.columns:
        return computed
    given = table.number("h_corg").to("1")
    return np.asarray(np.where(np.isnan(given), computed, given), dtype=np.float64)


def molar_h_corg(hydrogen: np.ndarray, organic_carbon: np.ndarray) -> np.ndarray:
    """Molar H/Corg from mass fractions of one dry sample [%]: (H/1.008) / (C_org/12.011)."""
    with np.errstate(divide="ignore", invalid="ignore"):
        return np.asarray(
            (hydrogen / ATOMIC_WEIGHT_H) / (organic_carbon / ATOMIC_WEIGHT_C), dtype=np.float64
        )
