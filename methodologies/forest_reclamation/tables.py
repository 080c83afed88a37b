"""The tables of a forest-reclamation project: plots, trees and dead wood, with their checks."""

from __future__ import annotations

import numpy as np

from mrv.common.errors import Problem
from mrv.model.table import Column, Table, TableSpec

PLOTS = TableSpec(
    columns=(
        Column("period", description="monitoring period id"),
        Column("stratum", description="stratum id", refers="strata"),
        Column("plot", description="plot id"),
        Column(
            "plot_area",
            "[area]",
            "m**2",
            positive=True,
            required=False,
            allow_empty=True,
            description="horizontal plot area (tree_allometry route)",
        ),
        Column(
            "agb",
            "[mass] / [area]",
            "t / ha",
            nonnegative=True,
            required=False,
            allow_empty=True,
            description="above-ground biomass (plot_biomass route)",
        ),
        Column(
            "volume",
            "[volume] / [area]",
            "m**3 / ha",
            nonnegative=True,
            required=False,
            allow_empty=True,
            description="stem volume (plot_volume route)",
        ),
        Column(
            "litter",
            "[mass] / [area]",
            "t / ha",
            nonnegative=True,
            required=False,
            allow_empty=True,
            description="litter dry mass (measured dead-organic-matter route)",
        ),
        Column(
            "transect_length",
            "[length]",
            "m",
            positive=True,
            required=False,
            allow_empty=True,
            description="length of the line-intersect transects in the plot (measured route)",
        ),
    ),
    description="one row per sample plot and period",
)


TREES = TableSpec(
    columns=(
        Column("period", description="monitoring period id"),
        Column("plot", description="plot id"),
        Column("dbh", "[length]", "cm", nonnegative=True, description="diameter at breast height"),
        Column("height", "[length]", "m", nonnegative=True, description="tree height"),
    ),
    description="one row per measured tree (tree_allometry route)",
)


#: AR-TOOL12 Eq 4 applies to pieces taller than this; shorter ones need a measured mid-height diameter.
TAPER_HEIGHT_M = 4.0


def _check_stump_diameters(stumps: Table) -> list[Problem]:
    """Tall pieces need DBH (Eq 4), short ones a measured mid-height diameter."""
    height = stumps.number("height").to("m")
    tall = height > TAPER_HEIGHT_M
    problems = []
    for column, rows, need in (
        ("dbh", tall, "taller than 4 m need DBH (AR-TOOL12 Eq 4)"),
        ("mid_diameter", ~tall, "up to 4 m need a measured mid-height diameter"),
    ):
        values = (
            stumps.number(column).magnitude
            if column in stumps.columns
            else np.full(stumps.n_rows, np.nan)
        )
        missing = stumps.where(rows & np.isnan(values))
        if missing.size:
            listed = stumps.name_rows(missing)
            problems.append(
                Problem(
                    stumps.reference,
                    "inputs.stumps",
                    f"pieces {need}; empty in rows {listed}",
                    column=column,
                )
            )
    return problems


STANDING_DEAD = TableSpec(
    columns=(
        Column("period", description="monitoring period id"),
        Column("plot", description="plot id"),
        Column("dbh", "[length]", "cm", nonnegative=True),
        Column("height", "[length]", "m", nonnegative=True),
        Column("state", description="leaves_lost or branches_lost (AR-TOOL12 Eq 2 alpha)"),
    ),
    description="one row per standing dead tree (measured dead-organic-matter route)",
)


LYING_DEAD = TableSpec(
    columns=(
        Column("period", description="monitoring period id"),
        Column("plot", description="plot id"),
        Column(
            "diameter",
            "[length]",
            "cm",
            nonnegative=True,
            description="diameter where the piece crosses the transect",
        ),
        Column("decay_class", description="sound, intermediate or rotten (AR-TOOL12 Eq 6 beta)"),
    ),
    description="one row per piece of lying dead wood (>= 10 cm) crossing a transect",
)


STUMPS = TableSpec(
    columns=(
        Column("period", description="monitoring period id"),
        Column("plot", description="plot id"),
        Column(
            "height",
            "[length]",
            "m",
            nonnegative=True,
            description="height of the stump or broken tree",
        ),
        Column(
            "dbh",
            "[length]",
            "cm",
            nonnegative=True,
            required=False,
            allow_empty=True,
            description="DBH, for pieces taller than 4 m (Eq 4)",
        ),
        Column(
            "mid_diameter",
            "[length]",
            "cm",
            nonnegative=True,
            required=False,
            allow_empty=True,
            description="measured diameter at mid-height, for pieces up to 4 m",
        ),
        Column("decay_class", description="sound, intermediate or rotten (beta of Eq 5)"),
    ),
    description="one row per stump or broken tree (measured dead-organic-matter route)",
)
