"""Measurement records: what was measured, where, when, how and by whom."""

from __future__ import annotations

import datetime as dt
from enum import StrEnum

from pydantic import Field, model_validator

from mrv.model.base import Identifier, Model

__all__ = ["Measurement", "MeasurementMethod"]


class MeasurementMethod(StrEnum):
    """How a value was obtained."""

    FIELD_PLOT = "field_plot"
    LAB_ANALYSIS = "lab_analysis"
    UAV = "uav"
    SATELLITE = "satellite"
    METER_RECORD = "meter_record"
    DEFAULT_VALUE = "default_value"
    MODEL = "model"


class Measurement(Model):
    """A measurement campaign or record that tables and values refer to by ``id``."""

    id: Identifier
    method: MeasurementMethod
    description: str = ""
    date: dt.date | None = Field(
        None, description="date of the measurement, or first day of a campaign"
    )
    end_date: dt.date | None = Field(None, description="last day of a campaign")
    strata: tuple[Identifier, ...] = Field((), description="strata the measurement covers")
    instrument: str = ""
    performed_by: str = ""
    evidence: str = Field(
        "", description="reference to the evidence (field sheets, lab report, image id)"
    )

    @model_validator(mode="after")
    def _dates_ordered(self) -> Measurement:
        if self.end_date is not None:
            if self.date is None:
                raise ValueError("end_date needs date")
            if self.end_date < self.date:
                raise ValueError(f"end_date {self.end_date} is before date {self.date}")
        return self
