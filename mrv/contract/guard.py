"""Calling plug-in code so that nothing it does takes mrv down: exceptions, exits, hangs.

A plug-in may raise anything, ``SystemExit`` and ``KeyboardInterrupt`` included, and a hook may
never return. :func:`plugin_call` runs plug-in code and turns every such fault into a
:class:`PluginFault` naming what it was doing; hooks and imports also run under a time bound
(``MRV_HOOK_TIMEOUT`` seconds, 10 by default). A real Ctrl-C of the user still interrupts:
the command line marks the signal (:func:`mark_interrupts`), and only an interrupt that no
signal caused is counted against the plug-in.
"""

from __future__ import annotations

import os
import signal
import threading
from collections.abc import Callable
from typing import Any, TypeVar

__all__ = [
    "HOOK_TIMEOUT_VARIABLE",
    "PluginFault",
    "hook_timeout",
    "mark_interrupts",
    "plugin_call",
]

T = TypeVar("T")

#: Environment variable: seconds a hook or a plug-in's import may take (default 10).
HOOK_TIMEOUT_VARIABLE = "MRV_HOOK_TIMEOUT"
_DEFAULT_TIMEOUT = 10.0
_interrupted = threading.Event()


class PluginFault(Exception):
    """Plug-in code failed: it raised, exited, or did not return in time."""


def hook_timeout() -> float:
    """Seconds a hook or an import of a plug-in may take (``MRV_HOOK_TIMEOUT``)."""
    text = os.environ.get(HOOK_TIMEOUT_VARIABLE, "")
    try:
        value = float(text) if text else _DEFAULT_TIMEOUT
    except ValueError:
        return _DEFAULT_TIMEOUT
    return value if value > 0 else _DEFAULT_TIMEOUT


def mark_interrupts() -> None:
    """Note a real SIGINT before Python raises KeyboardInterrupt (call once, in the main thread)."""

    def note(number: int, frame: Any) -> None:
        _interrupted.set()
        raise KeyboardInterrupt

    signal.signal(signal.SIGINT, note)


def _describe(error: BaseException) -> str:
    if isinstance(error, SystemExit):
        return f"SystemExit({error.code!r}): plug-in code may not exit the process"
    if isinstance(error, KeyboardInterrupt):
        return "KeyboardInterrupt raised by plug-in code"
    return f"{type(error).__name__}: {error}"


def plugin_call(function: Callable[[], T], what: str, *, timeout: float | None = None) -> T:
    """Run plug-in code; any exception, exit or (with ``timeout``) a hang is a :class:`PluginFault`.

    Parameters
    ----------
    function : callable
        The plug-in code, without arguments.
    what : str
        What it is doing, for the message (``"mrv_methodologies hook"``).
    timeout : float or None
        Seconds it may take; it then runs in a daemon thread, which is left behind if it hangs.
    """
    if timeout is None:
        try:
            return function()
        except KeyboardInterrupt:
            if _interrupted.is_set():
                raise
            raise PluginFault(f"{what} raised KeyboardInterrupt") from None
        except (Exception, SystemExit) as error:
            raise PluginFault(f"{what} raised {_describe(error)}") from error
    outcome: dict[str, Any] = {}

    def run() -> None:
        try:
            outcome["value"] = function()
        except BaseException as error:
            outcome["error"] = error

    worker = threading.Thread(target=run, name=f"mrv plug-in: {what}", daemon=True)
    worker.start()
    worker.join(timeout)
    if worker.is_alive():
        raise PluginFault(
            f"{what} did not return within {timeout:g} s ({HOOK_TIMEOUT_VARIABLE} sets the bound)"
        )
    if "error" in outcome:
        raised: BaseException = outcome["error"]
        raise PluginFault(f"{what} raised {_describe(raised)}") from raised
    return outcome["value"]  # type: ignore[no-any-return]
