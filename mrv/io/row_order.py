"""A table's rows in an order set by their content, so that shuffling a file changes nothing.

Sums of floating-point numbers depend on the order they are added in, and under Monte Carlo a
per-row input draws from a stream of positions; with rows in the order the file lists them, a
shuffled table gave the same totals to the last few digits only, and other Monte Carlo draws.
Every table read is therefore put in a canonical order before a methodology sees it:

1. each column gets one unsigned 64-bit key per row: a number its float64 bits (``-0.0`` as
   ``0.0``, every NaN as one NaN), a text its rank among the column's sorted distinct values;
2. the keys of the columns, taken in the order of their names, are mixed into one hash per row
   (the SplitMix64 finaliser of Steele, Lea and Flood, "Fast splittable pseudorandom number
   generators", OOPSLA 2014), and the rows are sorted by it;
3. rows whose hashes are equal are sorted by their keys, so two different rows never depend on
   where the file put them; rows equal in every column are interchangeable.

The order is a function of the rows' content alone (the set of rows, not their positions, nor
the order of the columns). Text columns come back factorized with sorted distinct values. Each
row remembers its position in the file (``Table.file_rows``), so messages still name file rows.

A table spilled to disk (:mod:`mrv.io.spill`) keeps the file's order: gathering its rows in
another order would bring the whole table into memory.
"""

from __future__ import annotations

import hashlib
from collections.abc import Mapping, MutableMapping

import numpy as np
import numpy.typing as npt

from mrv.common.coded import Coded
from mrv.common.quantity import QuantityColumn

__all__ = ["canonical_order", "reorder"]

Column = QuantityColumn | npt.NDArray[np.str_] | Coded
Keys = npt.NDArray[np.uint64]

_GAMMA = np.uint64(0x9E3779B97F4A7C15)
_M1 = np.uint64(0xBF58476D1CE4E5B9)
_M2 = np.uint64(0x94D049BB133111EB)
_CANONICAL_NAN = np.array([np.nan], dtype=np.float64).view(np.uint64)[0]


def _mix(values: Keys) -> Keys:
    """SplitMix64 finaliser (Steele, Lea and Flood 2014): a bijection that spreads every bit."""
    values = values ^ (values >> np.uint64(30))
    values *= _M1
    values ^= values >> np.uint64(27)
    values *= _M2
    values ^= values >> np.uint64(31)
    return values


def _salt(name: str) -> np.uint64:
    return np.uint64(int.from_bytes(hashlib.sha256(name.encode("utf-8")).digest()[:8], "little"))


def _sorted_levels(coded: Coded) -> tuple[npt.NDArray[np.str_], npt.NDArray[np.intp]]:
    """Distinct values sorted, and the rank of each of ``coded``'s levels among them."""
    import pyarrow as pa  # noqa: PLC0415 - tables need pyarrow anyway
    import pyarrow.compute as pc  # noqa: PLC0415

    if coded.levels.size == 0:
        return coded.levels, np.empty(0, dtype=np.intp)
    order = np.asarray(pc.sort_indices(pa.array(coded.levels)), dtype=np.intp)
    ordered = coded.levels[order]
    new = np.empty(ordered.size, dtype=bool)
    new[0] = True
    np.not_equal(ordered[1:], ordered[:-1], out=new[1:])
    rank = np.empty(ordered.size, dtype=np.intp)
    rank[order] = np.cumsum(new) - 1
    return ordered[new], rank


def _factor(column: Column, factor: Coded | None) -> Coded:
    """Return a text column as sorted distinct values and a code (its rank) per row."""
    coded = factor if factor is not None else (column if isinstance(column, Coded) else None)
    if coded is None:
        coded = Coded.of(np.asarray(column))
    levels, rank = _sorted_levels(coded)
    codes = rank[coded.codes] if rank.size else np.zeros(coded.codes.shape, dtype=np.intp)
    return Coded(levels, codes.astype(np.int32))


def _number_keys(column: QuantityColumn) -> Keys:
    magnitude = np.asarray(column.magnitude, dtype=np.float64) + 0.0  # -0.0 becomes 0.0
    keys = magnitude.view(np.uint64).copy()
    keys[np.isnan(magnitude)] = _CANONICAL_NAN
    return keys


def canonical_order(
    columns: Mapping[str, Column], factors: Mapping[str, Coded], rows: int
) -> tuple[npt.NDArray[np.intp], dict[str, Coded]]:
    """Return the canonical order of a table's rows, and its text columns factorized and sorted.

    Parameters
    ----------
    columns : mapping
        Columns by name: numbers as :class:`QuantityColumn`, text as arrays or :class:`Coded`.
    factors : mapping
        The reader's factorization of text columns, where it made one.
    rows : int
        Number of rows.

    Returns
    -------
    order : numpy.ndarray
        File positions of the rows in canonical order.
    coded : dict
        Every text column with sorted distinct values, in file order (codes not yet reordered).
    """
    coded = {
        name: _factor(column, factors.get(name))
        for name, column in columns.items()
        if not isinstance(column, QuantityColumn)
    }

    def key(name: str) -> Keys:
        column = columns[name]
        if isinstance(column, QuantityColumn):
            return _number_keys(column)
        return coded[name].codes.astype(np.uint64)

    names = sorted(columns)
    hashed = np.zeros(rows, dtype=np.uint64)
    for name in names:
        hashed += _mix(key(name) ^ _salt(name))
        hashed = _mix(hashed + _GAMMA)
    order = np.argsort(hashed).astype(np.intp)
    in_order = hashed[order]
    del hashed
    same = in_order[1:] == in_order[:-1]
    if same.any():  # equal hashes: equal rows, or (rarely) a collision; sort those by content
        tied = np.flatnonzero(np.r_[same, False] | np.r_[False, same])
        members = order[tied]
        by_content = np.lexsort([key(name)[members] for name in reversed(names)] + [in_order[tied]])
        order[tied] = members[by_content]
    return order, coded


def reorder(
    columns: MutableMapping[str, Column], factors: MutableMapping[str, Coded], rows: int
) -> tuple[dict[str, Column], dict[str, Coded], npt.NDArray[np.intp]]:
    """Return a table's columns and factors in canonical order, and each row's file position.

    Text columns come back as arrays of str (or :class:`Coded` where they were) with sorted
    distinct values; numbers keep their units. The columns are taken out of ``columns`` and
    ``factors`` as they are reordered, so that memory holds one column twice, not the table.
    """
    order, coded = canonical_order(columns, factors, rows)
    factors.clear()
    ordered: dict[str, Column] = {}
    ordered_factors: dict[str, Coded] = {}
    for name in list(columns):
        column = columns.pop(name)
        if isinstance(column, QuantityColumn):
            ordered[name] = QuantityColumn(np.asarray(column.magnitude)[order], column.unit)
            continue
        factor = coded.pop(name).take(order)
        ordered_factors[name] = factor
        ordered[name] = factor if isinstance(column, Coded) else factor.values()
    return ordered, ordered_factors, order
