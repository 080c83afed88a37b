"""Text columns as their distinct values and one integer code per row.

A column of a million management records holds a handful of practices ("full", "reduced",
"none"); comparing a million strings for every lookup is the slow way to use it. A
:class:`Coded` column keeps the distinct values (``levels``) and a code per row, so a
parameter lookup, a join or a group-by works on the few levels and gathers by code.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

__all__ = ["Coded"]


@dataclass(frozen=True, eq=False)
class Coded:
    """Text values as ``levels[codes]``: distinct strings and the position of each row's value.

    Levels need not be sorted or all used (a subset of rows keeps its table's levels), but each
    code must index ``levels``.
    """

    levels: npt.NDArray[np.str_]
    codes: npt.NDArray[np.integer]

    @classmethod
    def of(cls, values: npt.ArrayLike) -> Coded:
        """Factorize text values by hashing them (pyarrow ``dictionary_encode``), in one pass."""
        import pyarrow as pa  # noqa: PLC0415 - pyarrow is slow to import; tables need it anyway
        import pyarrow.compute as pc  # noqa: PLC0415

        array = np.asarray(values)
        if array.dtype.kind != "U":
            array = array.astype(np.str_)
        if array.size == 0:
            return cls(np.empty(0, dtype=np.str_), np.empty(array.shape, dtype=np.int32))
        encoded = pc.dictionary_encode(pa.array(array.ravel()))
        levels = encoded.dictionary.to_numpy(zero_copy_only=False).astype(np.str_)
        codes = encoded.indices.to_numpy(zero_copy_only=False).reshape(array.shape)
        return cls(levels, codes)

    @classmethod
    def constant(cls, value: str, size: int) -> Coded:
        """Return ``size`` rows that all hold ``value``."""
        return cls(np.array([value]), np.zeros(size, dtype=np.int32))

    def values(self) -> npt.NDArray[np.str_]:
        """Return the text of every row (one gather)."""
        if self.levels.size == 0:
            return np.empty(self.codes.shape, dtype=np.str_)
        values: npt.NDArray[np.str_] = self.levels[self.codes]
        return values

    def take(self, rows: npt.NDArray[np.intp] | npt.NDArray[np.bool_]) -> Coded:
        """Return the selected rows (an index array or a boolean mask), with the same levels."""
        return Coded(self.levels, self.codes[rows])

    def recode(self, levels: list[str]) -> npt.NDArray[np.intp]:
        """Position of each row's value among ``levels``, -1 where absent.

        Only the distinct values are compared; the answer is gathered by code.
        """
        index = {level: position for position, level in enumerate(levels)}
        mapping = np.array([index.get(str(level), -1) for level in self.levels.tolist()], np.intp)
        if mapping.size == 0:
            return np.full(self.codes.shape, -1, dtype=np.intp)
        recoded: npt.NDArray[np.intp] = mapping[self.codes]
        return recoded
