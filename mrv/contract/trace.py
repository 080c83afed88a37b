"""The calculation trace: every equation and derived value of a run, with its inputs.

``with trace.active():`` makes a :class:`Trace` the one equations and traced arithmetic
record into; ``with trace.scope("MP1", "S1"):`` prefixes the ids of what is computed inside.
Under Monte Carlo (a trace with a sampler) inputs named in the uncertainty settings are drawn
and nothing is recorded.
"""

from __future__ import annotations

import contextlib
from collections.abc import Iterator, Mapping, Sequence
from typing import Any, cast

import numpy as np
import numpy.typing as npt

from mrv.common import units
from mrv.contract.traced import CURRENT, Magnitude, Traced, total

__all__ = ["TRACE_VALUES_LIMIT", "Trace", "Traced", "current_trace", "total"]

#: Arrays up to this size are written into the trace in full; larger ones as a summary.
TRACE_VALUES_LIMIT = 64


def current_trace() -> Trace | None:
    """Return the trace that is recording in this context, if any."""
    return cast("Trace | None", CURRENT.get())


class Trace:
    """Records every traced equation evaluated while it is active.

    Use ``with trace.active():`` around a calculation and ``with trace.scope("MP1", "S1"):`` to
    prefix the ids of what is computed inside.
    """

    def __init__(self, sampler: Any = None, distributions: Mapping[str, Any] | None = None) -> None:
        self.entries: list[dict[str, Any]] = []
        self._ids: dict[str, int] = {}
        self._scope: list[str] = []
        self.sampler = sampler
        self.distributions = dict(distributions or {})
        self.inputs_seen: set[str] = set()

    @property
    def drawing(self) -> bool:
        """Whether this trace runs Monte Carlo iterations (nothing is recorded then)."""
        return self.sampler is not None

    @contextlib.contextmanager
    def active(self) -> Iterator[Trace]:
        """Make this trace the one equations record into."""
        token = CURRENT.set(self)
        try:
            yield self
        finally:
            CURRENT.reset(token)

    @contextlib.contextmanager
    def scope(self, *labels: str) -> Iterator[None]:
        """Prefix trace ids recorded inside with ``labels``."""
        self._scope.extend(labels)
        try:
            yield
        finally:
            del self._scope[len(self._scope) - len(labels) :]

    def blocks(self, rows: int) -> Iterator[slice]:
        """Yield blocks of ``rows`` (``mrv.model.rows.ROW_BLOCK`` each); each entry is recorded once.

        For tables too large to compute at once: the loop body runs the same traced equations
        on each block, and what the second and later blocks record merges into the first
        block's entries (counts and sums added, the least and greatest kept), so the trace reads
        as if the whole column had been computed in one step. Under Monte Carlo the rows come
        as one block, since per-row draws follow row positions.
        """
        from mrv.model.table import row_blocks  # noqa: PLC0415 - tables import this module

        if self.drawing:
            yield slice(0, rows)
            return
        ids_before = dict(self._ids)
        first = len(self.entries)
        for rows_of_block in row_blocks(rows):
            if rows_of_block.start:
                self._ids = dict(ids_before)  # the same names give the same ids again
            recorded = len(self.entries)
            yield rows_of_block
            if rows_of_block.start:
                later = self.entries[recorded:]
                del self.entries[recorded:]
                by_id = {entry["id"]: entry for entry in self.entries[first:recorded]}
                for entry in later:
                    _merge_entry(by_id[entry["id"]], entry)
        if rows == 0:
            yield slice(0, 0)

    def _new_id(self, name: str) -> str:
        base = "/".join([*self._scope, name])
        count = self._ids.get(base, 0) + 1
        self._ids[base] = count
        return base if count == 1 else f"{base}#{count}"

    def input(
        self, path: str, value: Any, unit: str | None = None, keys: Sequence[str] | None = None
    ) -> Traced:
        """Wrap an input value for use in traced equations.

        Parameters
        ----------
        path : str
            Field path in the document (``inputs.strata[0].area``) or table column
            (``inputs.plots:agb``).
        value : pint.Quantity, QuantityColumn, float or numpy.ndarray
            The value; plain numbers need ``unit``.
        unit : str or None
            Unit of a plain number or array.
        keys : sequence of str or None
            Names of the elements of an array (stratum ids), so that each has its own random
            stream under Monte Carlo; positions are used when omitted.
        """
        from mrv.common.quantity import QuantityColumn  # noqa: PLC0415

        if isinstance(value, QuantityColumn):
            magnitude, unit = value.magnitude, value.unit
        elif hasattr(value, "units") and hasattr(value, "magnitude"):
            magnitude, unit = (
                np.asarray(value.magnitude, dtype=np.float64),
                units.format_unit(value.units),
            )
        elif unit is None:
            raise ValueError(f"input {path!r} is a plain number; give its unit")
        else:
            magnitude = np.asarray(value, dtype=np.float64)
        self.inputs_seen.add(path)
        if self.drawing and path in self.distributions:
            return Traced(self._draw(path, np.asarray(magnitude), keys), unit, (f"input:{path}",))
        return Traced(_plain(np.asarray(magnitude, dtype=np.float64)), unit, (f"input:{path}",))

    def _draw(
        self, path: str, center: npt.NDArray[np.float64], keys: Sequence[str] | None
    ) -> npt.NDArray[np.float64]:
        from mrv.contract.draws import relative_draw  # noqa: PLC0415

        flat = center.reshape(-1)
        elements: list[str] | int = (
            list(keys) if keys is not None else (["0"] if center.ndim == 0 else flat.size)
        )
        draws = self.sampler.draw(
            f"input:{path}", elements, relative_draw(self.distributions[path], flat)
        )
        return np.asarray(draws if center.ndim else draws.reshape(-1, 1), dtype=np.float64)

    def record(
        self,
        name: str,
        equation_reference: str,
        magnitude: Magnitude,
        unit: str,
        *,
        inputs: Sequence[tuple[str, str] | tuple[str, str, Traced]] = (),
        parameters: Sequence[str] = (),
    ) -> Traced:
        """Add an entry and return the recorded value as :class:`Traced`.

        ``inputs`` are (argument, ref) pairs; an input of the document or a table may carry its
        value as a third item, written into the entry as the value substituted (summarised as
        entry values are).
        """
        array = np.asarray(magnitude, dtype=np.float64)
        identifier = self._new_id(name)
        if self.drawing:
            return Traced(_plain(array), unit, (identifier,))
        self.entries.append(
            {
                "id": identifier,
                "equation": equation_reference,
                "value": _trace_value(array, unit),
                "inputs": [_trace_input(*item) for item in inputs],
                "parameters": sorted(set(parameters)),
            }
        )
        return Traced(_plain(array), unit, (identifier,))

    def rename_latest(self, value: Traced, name: str) -> Traced:
        """Give the latest entry, which ``value`` was recorded as, the id ``name`` in this scope.

        Nothing can cite the latest entry yet, so renaming it changes no other entry. Under
        Monte Carlo nothing is recorded and ``value`` comes back as it is.
        """
        if self.drawing:
            return value
        latest = self.entries[-1] if self.entries else None
        if latest is None or value.refs != (latest["id"],):
            raise ValueError(
                f"only the value just recorded can be named; {value.refs} is not the latest entry"
            )
        old = latest["id"]
        base = old.split("#", 1)[0]
        self._ids[base] -= 1
        latest["id"] = self._new_id(name)
        return Traced(value.magnitude, value.unit, (latest["id"],))


def _trace_input(argument: str, ref: str, value: Traced | None = None) -> dict[str, Any]:
    item: dict[str, Any] = {"argument": argument, "ref": ref}
    if value is not None:
        item["value"] = _trace_value(np.asarray(value.magnitude, dtype=np.float64), value.unit)
    return item


def _plain(array: npt.NDArray[np.float64]) -> Magnitude:
    return float(array) if array.ndim == 0 else array


def _trace_value(array: npt.NDArray[np.float64], unit: str) -> dict[str, Any]:
    if array.ndim == 0:
        return {"value": float(array), "unit": unit}
    flat = array.ravel()
    summary: dict[str, Any] = {
        "unit": unit,
        "count": int(flat.size),
        "sum": float(flat.sum()) if flat.size else 0.0,
        "min": float(flat.min()) if flat.size else 0.0,
        "max": float(flat.max()) if flat.size else 0.0,
    }
    if flat.size <= TRACE_VALUES_LIMIT:
        summary["values"] = [float(value) for value in flat]
    return summary


def _merge_entry(entry: dict[str, Any], later: dict[str, Any]) -> None:
    """Fold the entry a later row block recorded into the first block's (see Trace.blocks)."""
    entry["value"] = _merge_values(entry["value"], later["value"])
    for item, more in zip(entry["inputs"], later["inputs"], strict=True):
        if "value" in item:
            item["value"] = _merge_values(item["value"], more["value"])
    entry["parameters"] = sorted({*entry["parameters"], *later["parameters"]})


def _merge_values(value: dict[str, Any], more: dict[str, Any]) -> dict[str, Any]:
    """Summarise two blocks of rows as one: a scalar must agree, arrays add up."""
    if "count" not in value:
        if value != more:
            raise ValueError(f"a scalar differs between row blocks: {value} and {more}")
        return value
    present = [part for part in (value, more) if part["count"]] or [value]
    merged = {
        "unit": value["unit"],
        "count": value["count"] + more["count"],
        "sum": value["sum"] + more["sum"],
        "min": min(part["min"] for part in present),
        "max": max(part["max"] for part in present),
    }
    if merged["count"] <= TRACE_VALUES_LIMIT:
        merged["values"] = value.get("values", []) + more.get("values", [])
    return merged
