"""The project document: who, where, which methodology, strata, periods and inputs."""

from __future__ import annotations

import datetime as dt
import math
from collections import Counter
from collections.abc import Iterable
from typing import Annotated, Any, Literal

import numpy as np
import numpy.typing as npt
from pydantic import Field, StringConstraints, field_validator, model_validator

from mrv.common import units
from mrv.common.errors import FieldProblems
from mrv.common.quantity import Area, Fraction, magnitudes
from mrv.model.base import Document, Identifier, Model
from mrv.model.measurement import Measurement
from mrv.model.uncertainty import UncertaintySettings

__all__ = [
    "AREA_TOLERANCE",
    "CreditingPeriod",
    "Location",
    "MethodologyRef",
    "MonitoringPeriod",
    "NonPermanence",
    "ProjectDocument",
    "ProjectInfo",
    "Stratum",
]

#: Relative tolerance between the sum of stratum areas and the project area (0.1 %): an mrv
#: convention (docs/index.md#the-project-document), so rounding in declared areas passes and a
#: stratum left out does not.
AREA_TOLERANCE = 1e-3

SemVer = Annotated[str, StringConstraints(pattern=r"^\d+\.\d+\.\d+$")]


def _duplicates(ids: Iterable[str]) -> list[str]:
    return sorted(key for key, count in Counter(ids).items() if count > 1)


class Location(Model):
    """Where the project is."""

    country: Annotated[str, StringConstraints(pattern=r"^[A-Z]{2}$")] = Field(
        description="ISO 3166-1 alpha-2"
    )
    region: str = ""
    site: str = ""
    latitude: float | None = Field(None, ge=-90, le=90, description="degrees north (WGS 84)")
    longitude: float | None = Field(None, ge=-180, le=180, description="degrees east (WGS 84)")


class CreditingPeriod(Model):
    """First and last day of the crediting period."""

    start: dt.date
    end: dt.date

    @model_validator(mode="after")
    def _ordered(self) -> CreditingPeriod:
        if self.end <= self.start:
            raise ValueError(f"end {self.end} must be after start {self.start}")
        return self


class MethodologyRef(Model):
    """Which methodology, at which version, with which parameter profile."""

    id: Identifier
    version: SemVer = Field(
        description="version the document was written for; the installed one must have the same major version and not be older"
    )
    profile: Identifier | None = Field(
        None, description="parameter profile; the methodology's default when omitted"
    )


class Stratum(Model):
    """A part of the project area treated alike."""

    id: Identifier
    name: str = ""
    area: Area
    description: str = ""
    boundary: str | None = Field(
        None,
        description="GeoJSON of the stratum (FILE.geojson, or FILE.geojson#ID for one feature); its geodesic area is checked against area",
    )


class NonPermanence(Model):
    """The project's non-permanence risk rating, as the registry's tool assessed it."""

    risk_rating: Fraction = Field(description="share of removals contributed to the buffer")
    tool: str = Field(
        min_length=1,
        description="the risk tool and version, e.g. 'VCS AFOLU Non-Permanence Risk Tool v4.2'",
    )
    assessed_on: dt.date | None = None
    inputs: dict[str, str] = Field(
        default_factory=dict,
        description="the ratings that add up to the risk rating (internal, external, natural risk ...)",
    )


class ProjectInfo(Model):
    """Identity, location, area and accounting settings of a project."""

    id: Identifier
    name: str
    description: str = ""
    proponent: str = ""
    location: Location
    area: Area
    boundary: str | None = Field(
        None,
        description="GeoJSON of the project boundary (FILE.geojson, or FILE.geojson#ID); its geodesic area is checked against area, and strata must lie inside it",
    )
    excluded_area: Area | None = Field(
        None, description="area inside the boundary that no stratum covers"
    )
    crediting_period: CreditingPeriod
    gwp_set: Literal["SAR", "AR4", "AR5", "AR6"] = Field(
        description="IPCC assessment report whose 100-year GWPs convert gases to CO2e"
    )
    methodology: MethodologyRef
    strata: tuple[Stratum, ...] = Field(min_length=1)
    non_permanence: NonPermanence | None = Field(
        None, description="risk rating for the non-permanence buffer; no buffer when omitted"
    )

    @property
    def strata_area_ha(self) -> npt.NDArray[np.float64]:
        """Area of each stratum in document order [ha], read-only, converted once per strata."""
        return self.derive("strata_area_ha", self.strata, self._convert_strata_areas)

    def _convert_strata_areas(self) -> npt.NDArray[np.float64]:
        areas = magnitudes([stratum.area for stratum in self.strata], "ha")
        areas.setflags(write=False)
        return areas

    @field_validator("gwp_set", mode="before")
    @classmethod
    def _known_gwp_set(cls, value: Any) -> Any:
        if isinstance(value, str) and value not in units.GWP_SETS:
            raise ValueError(
                f"unknown GWP set {value!r}; expected one of {', '.join(units.GWP_SETS)}"
            )
        return value

    @model_validator(mode="after")
    def _strata_consistent(self) -> ProjectInfo:
        duplicates = _duplicates(stratum.id for stratum in self.strata)
        if duplicates:
            raise FieldProblems(
                [(("strata",), f"stratum ids must be unique; repeated: {', '.join(duplicates)}")]
            )
        unit = units.parse_unit("ha")
        total = math.fsum(self.strata_area_ha.tolist())
        project = float(self.area.m_as(unit))
        excluded = float(self.excluded_area.m_as(unit)) if self.excluded_area is not None else 0.0
        expected = project - excluded
        if abs(total - expected) > AREA_TOLERANCE * max(expected, 1e-12):
            raise FieldProblems(
                [
                    (
                        ("strata",),
                        f"stratum areas add up to {total:g} ha; expected the project area less the excluded "
                        f"area, {expected:g} ha (tolerance {AREA_TOLERANCE:.1%})",
                    )
                ]
            )
        return self


class MonitoringPeriod(Model):
    """A monitoring (or ex-ante estimation) period, from ``start`` to ``end`` inclusive."""

    id: Identifier
    start: dt.date
    end: dt.date
    kind: Literal["ex-post", "ex-ante"] = Field(
        "ex-post",
        description="ex-ante estimates are labelled and never mixed with monitored figures",
    )

    @model_validator(mode="after")
    def _ordered(self) -> MonitoringPeriod:
        if self.end <= self.start:
            raise ValueError(f"end {self.end} must be after start {self.start}")
        return self


class ProjectDocument(Document):
    """A project and its monitoring data, as one methodology computes it.

    ``inputs`` is checked by the methodology's own input model (see ``mrv schema METHODOLOGY``).
    """

    project: ProjectInfo
    monitoring_periods: tuple[MonitoringPeriod, ...] = Field(min_length=1)
    measurements: tuple[Measurement, ...] = ()
    uncertainty: UncertaintySettings | None = Field(
        None, description="Monte Carlo settings and input distributions (IPCC Approach 2)"
    )
    inputs: dict[str, Any] = Field(description="methodology-specific inputs")

    @model_validator(mode="after")
    def _consistent(self) -> ProjectDocument:
        problems: list[tuple[tuple[int | str, ...], str]] = []
        periods = self.monitoring_periods
        duplicates = _duplicates(period.id for period in periods)
        if duplicates:
            problems.append(
                (
                    ("monitoring_periods",),
                    f"monitoring period ids must be unique; repeated: {', '.join(duplicates)}",
                )
            )
        crediting = self.project.crediting_period
        for index, period in enumerate(periods):
            if period.start < crediting.start or period.end > crediting.end:
                problems.append(
                    (
                        ("monitoring_periods", index),
                        f"period {period.start} to {period.end} lies outside the "
                        f"crediting period ({crediting.start} to {crediting.end})",
                    )
                )
        for index in range(1, len(periods)):
            previous, current = periods[index - 1], periods[index]
            if current.kind == previous.kind and current.start <= previous.end:
                problems.append(
                    (
                        ("monitoring_periods", index, "start"),
                        f"period {current.id!r} starts on {current.start}, not after "
                        f"{previous.id!r} ends ({previous.end}); periods must be in order and not overlap",
                    )
                )
        duplicates = _duplicates(measurement.id for measurement in self.measurements)
        if duplicates:
            problems.append(
                (
                    ("measurements",),
                    f"measurement ids must be unique; repeated: {', '.join(duplicates)}",
                )
            )
        strata = {stratum.id for stratum in self.project.strata}
        for index, measurement in enumerate(self.measurements):
            unknown = sorted(set(measurement.strata) - strata)
            if unknown:
                problems.append(
                    (("measurements", index, "strata"), f"unknown strata: {', '.join(unknown)}")
                )
        if problems:
            raise FieldProblems(problems)
        return self

    def stratum_ids(self) -> tuple[str, ...]:
        """Ids of the strata, in document order."""
        return tuple(stratum.id for stratum in self.project.strata)
