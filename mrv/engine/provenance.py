"""Canonical JSON, SHA-256 digests and atomic writes: what makes a report reproducible."""

from __future__ import annotations

import hashlib
import json
import math
import re
from typing import Any

from mrv.io.outputs import write_atomic

__all__ = ["canonical_json", "pretty_json", "sha256_hex", "write_atomic"]


_AS_IS = frozenset({str, int, bool, type(None)})


def _normalise(value: Any) -> Any:
    kind = type(value)  # exact types first: a report holds hundreds of thousands of values
    if kind in _AS_IS or (kind is not float and isinstance(value, (str, int))):
        return value  # bool is an int; str and int subclasses (enums) print as their values
    if kind is dict or isinstance(value, dict):
        return {
            key if type(key) is str else str(key): _normalise(item) for key, item in value.items()
        }
    if kind is list or kind is tuple or isinstance(value, (list, tuple)):
        return [_normalise(item) for item in value]
    if isinstance(value, float) or hasattr(value, "__float__"):
        number = float(value)
        if not math.isfinite(number):
            raise ValueError(f"a report may not hold {number}")
        return 0.0 if number == 0 else number  # -0.0 and 0.0 print alike
    return value


def canonical_json(value: Any) -> str:
    """Serialise JSON data canonically: sorted keys, no spaces, shortest round-trip floats.

    Python writes a float as the shortest string that reads back to the same double, on every
    platform, so the same data gives the same bytes. Data that json writes as it stands (text
    keys, plain numbers, no negative zero) is written by its C encoder at once; anything else
    is normalised first, which gives the same bytes for the same data.
    """
    try:
        text = json.dumps(value, **_CANONICAL)
    except (TypeError, ValueError):  # numpy integers, non-finite numbers: normalise to tell
        text = None
    if text is None or _NEGATIVE_ZERO.search(text):
        text = json.dumps(_normalise(value), **_CANONICAL)
    return text


_CANONICAL: dict[str, Any] = {
    "sort_keys": True,
    "separators": (",", ":"),
    "ensure_ascii": False,
    "allow_nan": False,
}
_NEGATIVE_ZERO = re.compile(r"-0\.0(?![0-9])")
"""A negative zero as json writes it (or the same characters inside a text): normalise then."""


def pretty_json(value: Any) -> str:
    """Serialise JSON data for people: canonical order and numbers, indented, newline-terminated."""
    return (
        json.dumps(_normalise(value), sort_keys=True, indent=2, ensure_ascii=False, allow_nan=False)
        + "\n"
    )


def sha256_hex(value: Any) -> str:
    """Return the SHA-256 of the canonical JSON of ``value``."""
    return hashlib.sha256(canonical_json(value).encode("utf-8")).hexdigest()
