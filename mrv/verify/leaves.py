"""Every leaf of a JSON document, by a path a person can read.

A report is compared field by field: each number, text, flag and null is a leaf named by its
path, e.g. ``periods[MP1].net_benefit`` or ``trace[MP1/c_tree].value.sum``. Lists whose items
all carry a distinct ``id`` (periods, trace entries, options) are keyed by that id, so a removed
or inserted item shows as itself and does not shift every item after it; other lists are keyed
by position. A ``{"value", "unit"}`` pair is one leaf: a quantity.
"""

from __future__ import annotations

import re
from functools import lru_cache
from typing import Any, NamedTuple

__all__ = ["Leaf", "child", "keyed", "leaves"]

_NAME = re.compile(r"^[A-Za-z_][A-Za-z0-9_]*$")


class Leaf(NamedTuple):
    """One value of a document: a number, text, flag or null, or a quantity with its unit."""

    value: Any
    unit: str | None = None

    @property
    def is_number(self) -> bool:
        """Whether the value is a number (a flag is not)."""
        return isinstance(self.value, (int, float)) and not isinstance(self.value, bool)


@lru_cache(maxsize=4096)
def _suffix(key: str) -> str:
    return f".{key}" if _NAME.match(key) else f'["{key}"]'


_CONTAINERS = (dict, list)


def _ids(items: list[Any]) -> list[str] | None:
    if not all(type(item) is dict and "id" in item for item in items):
        return None
    ids = [str(item["id"]) for item in items]
    return ids if len(set(ids)) == len(ids) else None


def leaves(document: Any, prefix: str = "") -> dict[str, Leaf]:
    """Return every leaf of JSON data by its path, in document order.

    Parameters
    ----------
    document : JSON data
        A mapping, list or scalar as ``json.loads`` or ``model_dump(mode="json")`` gives it.
    prefix : str
        The path of ``document`` inside a larger document ("" for the whole).

    Returns
    -------
    dict
        Path to :class:`Leaf`. An empty mapping or list is a leaf of its own (``{}``/``[]``),
        so removing every item of a list is still seen.
    """
    found: dict[str, Leaf] = {}

    def visit(path: str, node: Any) -> None:
        kind = type(node)
        if kind is dict:
            if len(node) == 2 and "value" in node and type(node.get("unit")) is str:  # noqa: PLR2004
                found[path] = Leaf(node["value"], node["unit"])
            elif not node:
                found[path] = Leaf("{}")
            else:
                for key, item in node.items():
                    visit(child(path, str(key)), item)
        elif kind is list:
            visit_list(path, node)
        else:
            found[path] = Leaf(node)

    def visit_list(path: str, node: list[Any]) -> None:
        if not node:
            found[path] = Leaf("[]")
            return
        ids = _ids(node)
        if ids is not None:
            for ident, item in zip(ids, node, strict=True):
                visit(f"{path}[{ident}]", item)
        elif all(type(item) not in _CONTAINERS for item in node):  # numbers: no call each
            found.update((f"{path}[{index}]", Leaf(item)) for index, item in enumerate(node))
        else:
            for index, item in enumerate(node):
                visit(f"{path}[{index}]", item)

    visit(prefix, document)
    return found


def child(path: str, key: str) -> str:
    """Return the path of ``key`` in the mapping at ``path``, as :func:`leaves` writes it."""
    return path + _suffix(key) if path else key


def keyed(items: list[Any]) -> list[str] | None:
    """Return the ids that key a list's items, or None when it is keyed by position."""
    return _ids(items) if items else None
