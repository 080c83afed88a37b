"""Example plug-in ``grass-cover``: herbaceous cover established on mine spoil.

The smallest complete methodology: inputs checked by pydantic with units, one equation with
its source, one parameter table with its source, and a calculation that returns one
``PeriodOutcome`` per monitoring period. It is documentation, not a methodology to credit.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

from pydantic import BaseModel, ConfigDict

import mrv
from mrv.common.quantity import Fraction
from mrv.contract.equations import equation

HERE = Path(__file__).parent


class Cover(BaseModel):
    """Herb cover of a stratum at the start and at the end of every monitoring period."""

    model_config = ConfigDict(extra="forbid", arbitrary_types_allowed=True)

    stratum: str
    start: Fraction
    end: dict[str, Fraction]  # by monitoring period id


class GrassInputs(BaseModel):
    """The ``inputs`` section of a grass-cover project document."""

    model_config = ConfigDict(extra="forbid", arbitrary_types_allowed=True)

    cover: tuple[Cover, ...]


@equation(
    "Verra VM0033 v2.1",
    "Eq 25 (Delta C_herb = C_herb,t - C_herb,t-T, C_herb = default x cover)",
    returns="t C",
    args={"c_herb": "t C / ha", "after": "1", "before": "1", "area": "ha"},
    symbol="herb_gain",
)
def herb_gain(c_herb, after, before, area):
    """Herbaceous carbon gained by a stratum over a period [t C]."""
    return c_herb * (after - before) * area


def calculate(context: mrv.CalculationContext) -> list[mrv.PeriodOutcome]:
    """One outcome per period: the herb carbon gained is a removal of the project."""
    areas = {s.id: s.area for s in context.document.project.strata}
    c_herb = context.parameters.get("herb_carbon")
    outcomes = []
    for period in context.document.monitoring_periods:
        terms = []
        with context.trace.scope(period.id):
            for cover in context.inputs.cover:
                before = cover.start
                for earlier in context.document.monitoring_periods:
                    if earlier.id == period.id:
                        break
                    before = cover.end[earlier.id]
                with context.trace.scope(cover.stratum):
                    gain = herb_gain(
                        c_herb,
                        context.trace.input(
                            f"inputs.cover[{cover.stratum}].end.{period.id}", cover.end[period.id]
                        ),
                        context.trace.input(f"inputs.cover[{cover.stratum}].before", before),
                        context.trace.input(
                            f"project.strata[{cover.stratum}].area", areas[cover.stratum]
                        ),
                    )
                    # A net emission is the removal negated; the trace records it as derived.
                    net = (-gain).named("herb_net")
                terms.append(mrv.Term(f"herb_{cover.stratum}", net, "stock_change"))
        outcomes.append(mrv.PeriodOutcome(period.id, project=tuple(terms)))
    return outcomes


GRASS_COVER = mrv.Methodology(
    id="grass-cover",
    version="0.1.0",
    title="Herbaceous cover established on mine spoil (example plug-in)",
    standards=("Verra VM0033 v2.1 Eq 25",),
    inputs=GrassInputs,
    calculate=calculate,
    parameters=HERE / "parameters",
    uncertainty_rule="vm0033",  # VM0033 v2.1 Eq 87-92; a methodology must name its rule
    description=__doc__ or "",
)


@mrv.hookimpl
def mrv_methodologies() -> Iterator[mrv.Methodology]:
    """Register ``grass-cover`` (the entry point in pyproject.toml names this module)."""
    yield GRASS_COVER
