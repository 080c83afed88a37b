"""The tables of a cropland-soil project: fields, management records, SOC samples, climate."""

from __future__ import annotations

import numpy as np
import numpy.typing as npt

from mrv.common.errors import Problem
from mrv.model.table import Column, Table, TableSpec

from .records import (
    _SEPARATOR,
    FERTILISERS,
    INPUT_LEVELS,
    MINIMUM_DEPTH_CM,
    PER_CENT,
    TILLAGE,
)

FIELDS = TableSpec(
    columns=(
        Column("field", description="field id"),
        Column("stratum", description="stratum id", refers="strata"),
        Column("area", "[area]", "ha", positive=True, description="field area"),
        Column("clay", "", "%", nonnegative=True, description="clay content of the topsoil"),
    ),
    description="one row per field",
)


MANAGEMENT = TableSpec(
    columns=(
        Column("year", "", "1", description="calendar year"),
        Column("field", description="field id"),
        Column("tillage", description="tillage", choices=TILLAGE),
        Column(
            "fertiliser",
            required=False,
            description="main synthetic fertiliser",
            choices=FERTILISERS,
        ),
        Column(
            "input_level",
            description="carbon input level (IPCC 2006 Vol. 4 Table 5.5)",
            choices=INPUT_LEVELS,
        ),
        Column("synthetic_n", "[mass] * [nitrogen] / [area]", "kg N / ha", nonnegative=True),
        Column("organic_n", "[mass] * [nitrogen] / [area]", "kg N / ha", nonnegative=True),
        Column("urea", "[mass] / [area]", "kg / ha", nonnegative=True, required=False),
        Column(
            "residue_n",
            "[mass] * [nitrogen] / [area]",
            "kg N / ha",
            nonnegative=True,
            required=False,
        ),
        Column("limestone", "[mass] / [area]", "kg / ha", nonnegative=True, required=False),
        Column("dolomite", "[mass] / [area]", "kg / ha", nonnegative=True, required=False),
        Column("diesel", "[volume] / [area]", "L / ha", nonnegative=True, required=False),
        Column("gasoline", "[volume] / [area]", "L / ha", nonnegative=True, required=False),
        Column(
            "plant_carbon",
            "[mass] * [carbon] / [area]",
            "t C / ha",
            nonnegative=True,
            required=False,
            description="plant carbon returned to the soil (RothC input)",
        ),
        Column(
            "manure_carbon",
            "[mass] * [carbon] / [area]",
            "t C / ha",
            nonnegative=True,
            required=False,
            description="farmyard-manure carbon applied (RothC input)",
        ),
        Column(
            "imported_amendment",
            "[mass] / [area]",
            "t / ha",
            nonnegative=True,
            required=False,
            description="dry organic amendment brought in from outside the boundary (VM0042 Eq 33)",
        ),
        Column(
            "amendment_carbon",
            "",
            "%",
            nonnegative=True,
            required=False,
            allow_empty=True,
            description="carbon content of the imported amendment, dry basis",
        ),
        Column("crop_yield", "[mass] / [area]", "t / ha", nonnegative=True, required=False),
    ),
    description="one row per field and calendar year of the project",
)


SAMPLES = TableSpec(
    columns=(
        Column("round", description="sampling round id"),
        Column("date", description="sampling date, YYYY-MM-DD"),
        Column("site_type", description="project or control", choices=("project", "control")),
        Column("site", description="field id (project) or control-site id"),
        Column("stratum", description="stratum id", refers="strata"),
        Column("core", description="core (sampling point) id within the site"),
        Column("top", "[length]", "cm", nonnegative=True, description="top of the increment"),
        Column("bottom", "[length]", "cm", positive=True, description="bottom of the increment"),
        Column("soc", "", "%", nonnegative=True, description="organic carbon of the fine earth"),
        Column(
            "bulk_density",
            "[mass] / [volume]",
            "g / cm**3",
            positive=True,
            description="fine-earth bulk density",
        ),
        Column(
            "coarse_fraction",
            "",
            "%",
            nonnegative=True,
            required=False,
            description="volume share of fragments > 2 mm",
        ),
    ),
    description="one row per depth increment of a core",
)


CLIMATE = TableSpec(
    columns=(
        Column("stratum", description="stratum id"),
        Column("month", "", "1", description="month 1-12"),
        Column("temperature", "[temperature]", "degC", description="mean air temperature"),
        Column("rain", "[length]", "mm", nonnegative=True),
        Column(
            "evaporation", "[length]", "mm", nonnegative=True, description="open-pan evaporation"
        ),
    ),
    description="monthly climate normals of each stratum (RothC)",
)


def core_keys(table: Table) -> npt.NDArray[np.str_]:
    """One key per core: site type, site and core id."""
    return np.char.add(
        np.char.add(np.char.add(table.text("site_type"), _SEPARATOR), table.text("site")),
        np.char.add(_SEPARATOR, table.text("core")),
    )


def check_increments(table: Table) -> list[Problem]:
    """Each core's increments run from 0 cm without gaps down to at least 30 cm."""
    path = "inputs.soc_samples"
    keys = np.char.add(np.char.add(table.text("round"), _SEPARATOR), core_keys(table))
    top, bottom = table.number("top").to("cm"), table.number("bottom").to("cm")
    order = np.lexsort((top, keys))
    problems: list[Problem] = []
    inverted = table.where(bottom <= top)
    if inverted.size:
        return [
            table.problem(
                path,
                "the bottom of an increment must lie below its top",
                "bottom",
                inverted,
            )
        ]
    sorted_keys, sorted_top, sorted_bottom = keys[order], top[order], bottom[order]
    starts = np.r_[True, sorted_keys[1:] != sorted_keys[:-1]]
    ends = np.r_[starts[1:], True]
    not_surface = order[starts & (sorted_top != 0)]
    if not_surface.size:
        problems.append(
            table.problem(
                path,
                "a core's first increment must start at 0 cm; missing surface increments",
                "top",
                not_surface,
            )
        )
    gap = np.flatnonzero(~starts[1:] & (sorted_top[1:] != sorted_bottom[:-1])) + 1
    gap = gap[np.argsort(table.file_positions(order[gap]), kind="stable")]  # the file's first
    if gap.size:
        rows = order[gap]
        problems.append(
            table.problem(
                path,
                f"depth increments leave a gap or overlap: an increment starts at {sorted_top[gap[0]]:g} cm after one ending at {sorted_bottom[gap[0] - 1]:g} cm",
                "top",
                rows,
            )
        )
    shallow = order[ends & (sorted_bottom < MINIMUM_DEPTH_CM)]
    if shallow.size:
        problems.append(
            table.problem(
                path,
                f"cores must reach {MINIMUM_DEPTH_CM:g} cm (VM0042 v2.2 §8.2); the deepest increment stops short",
                "bottom",
                shallow,
            )
        )
    return problems


def _check_amendments(table: Table) -> list[Problem]:
    """Check that imported amendments state a carbon content (VM0042 Eq 33, CC_oa) of at most 100 %."""
    path = "inputs.management"
    problems: list[Problem] = []
    if "amendment_carbon" in table.columns:
        share = table.number("amendment_carbon").to("%")
        amount = (
            table.number("imported_amendment").magnitude
            if "imported_amendment" in table.columns
            else np.zeros(table.n_rows)
        )
        missing = table.where((amount > 0) & np.isnan(share))
        if missing.size:
            problems.append(
                table.problem(
                    path,
                    "imported amendment without its carbon content",
                    "amendment_carbon",
                    missing,
                )
            )
        over = table.where(share > PER_CENT)
        if over.size:
            problems.append(
                table.problem(
                    path,
                    "carbon content above 100 %",
                    "amendment_carbon",
                    over,
                )
            )
    elif (
        "imported_amendment" in table.columns
        and (table.number("imported_amendment").magnitude > 0).any()
    ):
        problems.append(
            Problem(
                table.reference,
                path,
                "imported amendments need an amendment_carbon column (VM0042 Eq 33, CC_oa)",
                row=1,
                column="amendment_carbon",
            )
        )
    return problems
