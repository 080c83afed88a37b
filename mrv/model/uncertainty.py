"""A project's declared uncertainty: Monte Carlo settings and the distributions of its inputs.

The draws themselves are made by :mod:`mrv.contract.draws` (IPCC 2006 GL Vol. 1 Ch. 3,
Approach 2).
"""

from __future__ import annotations

from typing import Literal

from pydantic import Field, model_validator

from mrv.model.base import Model

__all__ = ["InputDistribution", "MonteCarloSettings", "UncertaintySettings"]


class MonteCarloSettings(Model):
    """How many iterations, from which seed, in chunks of what size."""

    iterations: int = Field(ge=2, le=10_000_000)
    seed: int = Field(
        ge=0, description="entropy for numpy.random.SeedSequence; recorded in the report"
    )
    chunk: int = Field(
        1000,
        ge=1,
        description="iterations computed at once (memory bound), rounded down to whole blocks of 256 (at least one); does not change the result",
    )


class InputDistribution(Model):
    """The distribution of a traced input value, relative to the value itself."""

    kind: Literal["normal", "lognormal", "uniform", "triangular"]
    relative_sd: float | None = Field(
        None, gt=0, description="normal, lognormal: standard deviation as a share of the value"
    )
    relative_half_range: float | None = Field(
        None, gt=0, description="uniform, triangular: half the range as a share of the value"
    )

    @model_validator(mode="after")
    def _parameters(self) -> InputDistribution:
        needs = "relative_sd" if self.kind in {"normal", "lognormal"} else "relative_half_range"
        if getattr(self, needs) is None:
            raise ValueError(f"a {self.kind} distribution needs {needs}")
        return self


class UncertaintySettings(Model):
    """Monte Carlo settings and input distributions of a project."""

    monte_carlo: MonteCarloSettings
    distributions: dict[str, InputDistribution] = Field(
        default_factory=dict,
        description="input distributions by traced path, e.g. 'inputs.plots[period=MP1]:agb'",
    )
    parameters: bool = Field(
        True, description="draw parameter rows that give a distribution or a range"
    )
