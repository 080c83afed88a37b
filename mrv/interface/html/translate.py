"""Words of the pages for the codes a report carries, from ``translations.yaml``.

English shows the code's own text (a methodology's title, a term's name); Chinese takes the
table's entry keyed by the code. Screening figures whose names carry a value
(``water_level_10cm``, ``net_AR6``) are keyed by their prefix.
"""

from __future__ import annotations

from functools import cache
from importlib import resources
from typing import Any

__all__ = ["SECTIONS", "translated", "translations"]

SECTIONS = ("kinds", "severities", "groups", "methodologies", "terms", "screening", "findings")


@cache
def translations() -> dict[str, dict[str, Any]]:
    """Return the Chinese table by section, then code."""
    import yaml  # noqa: PLC0415

    text = resources.files("mrv.interface.html").joinpath("translations.yaml").read_text("utf-8")
    return {section: dict(entries) for section, entries in yaml.safe_load(text).items()}


def _entry(section: str, code: str) -> Any:
    table = translations()[section]
    if code in table:
        return table[code]
    prefixes = [key for key in table if key.endswith("_") and code.startswith(key)]
    return table[max(prefixes, key=len)] if prefixes else None


def translated(section: str, code: str, lang: str, english: str, part: int = 0) -> str:
    """Return the words for ``code`` in ``lang``: ``english`` in English, the table's in Chinese.

    A screening entry holds a name and a reason (``part`` 0 and 1). A code with no entry keeps
    its English words (a test requires an entry for every code mrv and its methodologies use).
    """
    if lang == "en":
        return english
    entry = _entry(section, code)
    if entry is None:
        return english
    return str(entry[part] if isinstance(entry, list) else entry)
