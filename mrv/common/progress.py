"""Progress of long work (Monte Carlo chunks, many projects), for whoever shows it.

The core only announces progress; the command line shows it as a bar on a terminal. Library
users may install their own reporter with :func:`reporting`.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar

__all__ = ["Reporter", "advance", "reporting"]

Reporter = Callable[[str, int, int], None]
"""Called with a task name, the work done and the work in all (e.g. iterations)."""

_reporter: ContextVar[Reporter | None] = ContextVar("mrv_progress", default=None)


@contextmanager
def reporting(reporter: Reporter) -> Iterator[None]:
    """Send progress announced inside the block to ``reporter``."""
    token = _reporter.set(reporter)
    try:
        yield
    finally:
        _reporter.reset(token)


def advance(task: str, done: int, total: int) -> None:
    """Announce progress of a task; nothing happens unless a reporter listens."""
    reporter = _reporter.get()
    if reporter is not None:
        reporter(task, done, total)
