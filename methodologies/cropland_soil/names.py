"""Names shared by the cropland-soil calculation: the management table's path, the array type."""

from __future__ import annotations

import numpy as np
import numpy.typing as npt

FloatArray = npt.NDArray[np.float64]


MANAGEMENT = "inputs.management"
