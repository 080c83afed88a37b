"""Field-by-field comparison of a document as claimed with the same document recomputed.

Every leaf is compared (:mod:`mrv.verify.leaves`): numbers within a relative and absolute
tolerance, everything else exactly (ids, versions, profiles, parameter sources, digests,
findings, units). A leaf present on one side only is a difference too.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from mrv.model.verification import Discrepancy
from mrv.verify.leaves import Leaf, child, keyed, leaves

__all__ = ["DEFAULT_TOLERANCE", "Reference", "TraceInfo", "compare_fields"]

#: Relative and absolute tolerance within which a recomputed figure reproduces (float64 sums of
#: the same values in the same order agree exactly; this allows for the last bits).
DEFAULT_TOLERANCE = 1e-9

_ABSENT = "(absent)"


@dataclass(frozen=True, slots=True)
class TraceInfo:
    """The trace entry a path falls in: its id, equation and what it depends on."""

    trace_id: str
    equation: str
    inputs: tuple[str, ...]
    unit: str


def _shown(leaf: Leaf | None) -> int | float | str | bool | None:
    if leaf is None:
        return _ABSENT
    value = leaf.value
    if value is None or isinstance(value, (int, float, str, bool)):
        return value
    return str(value)


@dataclass(frozen=True, slots=True)
class Reference:
    """A recomputed document as JSON data, with how many leaves it has."""

    document: Any
    count: int

    @classmethod
    def of(cls, document: Any) -> Reference:
        """Build the reference of a recomputed document (JSON data)."""
        return cls(document, len(leaves(document)))


Pair = tuple[str, Leaf | None, Leaf | None]
"""A path with its claimed and recomputed leaf (None: absent on that side)."""


def _is_quantity(node: Any) -> bool:
    return (
        type(node) is dict
        and len(node) == 2  # noqa: PLR2004 - value and unit
        and "value" in node
        and type(node.get("unit")) is str
    )


def _flat(path: str, mine: Any, theirs: Any, out: list[Pair]) -> None:
    """Pair the leaves of two subtrees, by path (where they differ in shape, or at a leaf)."""
    left, right = leaves(mine, path), leaves(theirs, path)
    out.extend((key, leaf, right.get(key)) for key, leaf in left.items())
    out.extend((key, None, leaf) for key, leaf in right.items() if key not in left)


def _diff(path: str, mine: Any, theirs: Any, out: list[Pair]) -> None:
    """Collect the leaf pairs under ``path`` that may differ, descending only where they do.

    Equal subtrees (Python equality, evaluated in C) are skipped whole: the same data
    compare equal, and numbers that compare equal reproduce within any tolerance.
    """
    if mine == theirs and type(mine) is type(theirs):
        return
    if (
        type(mine) is dict
        and type(theirs) is dict
        and mine
        and theirs
        and not _is_quantity(mine)
        and not _is_quantity(theirs)
    ):
        _children(mine, theirs, lambda key: child(path, str(key)), out)
        return
    if type(mine) is list and type(theirs) is list and mine and theirs:
        ids, other_ids = keyed(mine), keyed(theirs)
        if ids is not None and other_ids is not None:
            mine_by, theirs_by = (
                dict(zip(ids, mine, strict=True)),
                dict(zip(other_ids, theirs, strict=True)),
            )
            _children(mine_by, theirs_by, lambda key: f"{path}[{key}]", out)
            return
        if ids is None and other_ids is None:
            _children(
                dict(enumerate(mine)), dict(enumerate(theirs)), lambda key: f"{path}[{key}]", out
            )
            return
    _flat(path, mine, theirs, out)


def _children(
    mine: dict[Any, Any], theirs: dict[Any, Any], name: Callable[[Any], str], out: list[Pair]
) -> None:
    for key, item in mine.items():
        if key in theirs:
            _diff(name(key), item, theirs[key], out)
        else:
            out.extend((path, leaf, None) for path, leaf in leaves(item, name(key)).items())
    for key, item in theirs.items():
        if key not in mine:
            out.extend((path, None, leaf) for path, leaf in leaves(item, name(key)).items())


def compare_fields(
    claimed: Any,
    reference: Reference,
    *,
    threshold: float,
    tolerance: float = DEFAULT_TOLERANCE,
    scale_of: Callable[[str, Leaf | None], float | None] = lambda _path, _leaf: None,
    trace_of: Callable[[str], TraceInfo | None] = lambda _path: None,
) -> tuple[list[Discrepancy], int]:
    """Compare every leaf of ``claimed`` with the recomputed document.

    Parameters
    ----------
    claimed : JSON data
        The document as received (``model_dump(mode="json")`` of its validated model).
    reference : Reference
        The recomputed document.
    threshold : float
        Materiality threshold [fraction].
    tolerance : float
        Relative and absolute tolerance for numbers [fraction; the figure's unit].
    scale_of : callable
        What a figure at a path (given its recomputed leaf) is weighed against [its unit]:
        a total of the statement, or None for the figure's own recomputed value.
    trace_of : callable
        The trace entry a path falls in, if any.

    Returns
    -------
    tuple
        The discrepancies, most telling first (over-issuance, material figures, fields,
        immaterial figures, digests; document order within each), and how many fields were
        compared (the union of both documents' leaves).
    """
    pairs: list[Pair] = []
    _diff("", claimed, reference.document, pairs)
    found = [
        _discrepancy(path, leaf, other, threshold, scale_of, trace_of)
        for path, leaf, other in pairs
        if leaf is None or other is None or not _same(leaf, other, tolerance)
    ]
    found.sort(key=_priority)  # stable: document order within a rank
    extra = sum(1 for _, _, other in pairs if other is None)
    return found, reference.count + extra


def _priority(item: Discrepancy) -> int:
    """Rank a discrepancy for a reader: over-issuance, material figures, fields, the rest, digests."""
    if item.over_issuance:
        return 0
    if item.kind == "figure":
        return 1 if item.material else 3
    return 4 if item.path.endswith("sha256") else 2


def _same(leaf: Leaf, other: Leaf, tolerance: float) -> bool:
    if leaf == other and type(leaf.value) is type(other.value):
        return True
    if leaf.unit != other.unit:
        return False
    if leaf.is_number and other.is_number:
        return math.isclose(leaf.value, other.value, rel_tol=tolerance, abs_tol=tolerance)
    return type(leaf.value) is type(other.value) and leaf.value == other.value


def _discrepancy(
    path: str,
    leaf: Leaf | None,
    other: Leaf | None,
    threshold: float,
    scale_of: Callable[[str, Leaf | None], float | None],
    trace_of: Callable[[str], TraceInfo | None],
) -> Discrepancy:
    trace = trace_of(path)
    where: dict[str, Any] = (
        {"trace_id": trace.trace_id, "equation": trace.equation, "inputs": trace.inputs}
        if trace is not None
        else {}
    )
    unit = (other or leaf or Leaf(None)).unit or (trace.unit if trace is not None else "")
    numeric = (
        leaf is not None
        and other is not None
        and leaf.is_number
        and other.is_number
        and leaf.unit == other.unit
    )
    if not numeric:
        return Discrepancy(
            path=path,
            kind="field",
            claimed=_shown(leaf),
            recomputed=_shown(other),
            unit=unit,
            material=True,
            **where,
        )
    assert leaf is not None and other is not None  # noqa: S101 - numeric says so
    absolute = abs(float(leaf.value) - float(other.value))
    relative = absolute / abs(float(other.value)) if other.value else None
    scale = scale_of(path, other)
    weight = abs(float(other.value)) if scale is None else abs(scale)
    misstatement = absolute / weight if weight else math.inf
    over = path.endswith("issuable_credits") and leaf.value > other.value
    return Discrepancy(
        path=path,
        claimed=leaf.value,
        recomputed=other.value,
        unit=unit,
        absolute_difference=absolute,
        relative_difference=relative,
        misstatement=misstatement if math.isfinite(misstatement) else None,
        over_issuance=over,
        material=over or misstatement >= threshold,
        **where,
    )
