"""The scenario file of ``mrv compare``: one site, several restoration options, prices and costs."""

from __future__ import annotations

from collections import Counter

from pydantic import Field, model_validator

from mrv.common.errors import FieldProblems
from mrv.common.quantity import Area, Fraction
from mrv.model.base import Document, Identifier, Model
from mrv.planning.money import CostPerArea, CostPerAreaPerYear, Price, currency_of

__all__ = ["PriceScenario", "Scenario", "ScenarioCosts", "ScenarioFile", "Site"]


class Site(Model):
    """The land the options are for."""

    id: Identifier
    name: str
    area: Area = Field(
        description="the site's area; each option's own project area is used for its figures"
    )
    description: str = ""


class ScenarioCosts(Model):
    """What an option costs, per hectare of its project area."""

    restoration: CostPerArea = Field(
        description="one-off cost at the start (earthworks, planting, amendment)"
    )
    maintenance: CostPerAreaPerYear | None = Field(
        None,
        description="yearly cost over the periods (tending, monitoring), paid at each period's end",
    )
    source: str = Field("", description="where the costs come from (quotation, budget, study)")


class Scenario(Model):
    """One restoration option: a project document with ex-ante periods, and its costs."""

    id: Identifier
    name: str
    project: str = Field(description="path of the option's project document, relative to this file")
    costs: ScenarioCosts | None = None
    description: str = ""


class PriceScenario(Model):
    """A price the credits might fetch (a market, a year, a hope), in one currency."""

    id: Identifier
    price: Price
    description: str = ""


class ScenarioFile(Document):
    """Options for one site, compared ex-ante; prices and costs give estimates, never credits."""

    site: Site
    discount_rate: Fraction = Field(0.0, description="annual rate for present values (e.g. 6 %)")
    prices: tuple[PriceScenario, ...] = ()
    scenarios: tuple[Scenario, ...] = Field(min_length=2)

    @model_validator(mode="after")
    def _consistent(self) -> ScenarioFile:
        problems: list[tuple[tuple[str | int, ...], str]] = []
        for name, ids in (
            ("scenarios", [s.id for s in self.scenarios]),
            ("prices", [p.id for p in self.prices]),
        ):
            counts = Counter(ids)
            for index, identifier in enumerate(ids):
                if counts[identifier] > 1:
                    problems.append(((name, index, "id"), f"duplicate id {identifier!r}"))
        costed = [(i, s.costs) for i, s in enumerate(self.scenarios) if s.costs is not None]
        currencies = {
            (i, field): currency_of(value)
            for i, costs in costed
            for field, value in (
                ("restoration", costs.restoration),
                ("maintenance", costs.maintenance),
            )
            if value is not None
        }
        if len(set(currencies.values())) > 1:
            first = next(iter(currencies.values()))
            for (i, field), currency in currencies.items():
                if currency != first:
                    problems.append(
                        (
                            ("scenarios", i, "costs", field),
                            f"costs are in {currency}, others in {first}: compare options in one currency",
                        )
                    )
        if problems:
            raise FieldProblems(problems)
        return self
