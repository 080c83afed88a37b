"""Fields, strata and management records of a project as index arrays, built once."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

from .inputs import CroplandInputs

FloatArray = npt.NDArray[np.float64]


@dataclass(frozen=True)
class Layout:
    """Fields, strata and management records as index arrays."""

    strata: list[str]
    code: npt.NDArray[np.intp]  # stratum of each field
    record_field: npt.NDArray[np.intp]  # field of each management record
    record_year: npt.NDArray[np.int64]
    area_ha: FloatArray


def layout_of(inputs: CroplandInputs) -> Layout:
    """Index the strata (sorted ids), each field's stratum and each record's field and year."""
    strata = sorted(stratum.id for stratum in inputs.strata)
    code = inputs.fields.positions("stratum", np.array(strata))  # strata checked on input
    record_field = inputs.management.positions("field", inputs.fields.text("field"))
    year = inputs.management.number("year").magnitude.astype(np.int64)
    return Layout(strata, code, record_field, year, inputs.fields.number("area").to("ha"))
