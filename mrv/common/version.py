"""The installed version of mrv, read from its package metadata (cheap: nothing else imported)."""

from __future__ import annotations

from functools import cache

__all__ = ["mrv_version"]


@cache
def mrv_version() -> str:
    """Return the installed mrv version (read once: it is the running code's)."""
    from importlib.metadata import PackageNotFoundError, version  # noqa: PLC0415

    try:
        return version("mrv")
    except PackageNotFoundError:  # pragma: no cover - running from a source tree
        return "0+unknown"
