"""Columns of tables too large for memory, written to disk batch by batch and memory-mapped.

A table whose columns would exceed the memory budget (``MRV_TABLE_MEMORY``, a quarter of the
machine's memory by default) is not assembled in memory: each checked batch is appended to one
file per column in a spill folder (``MRV_SPILL_DIR``, the system's temporary folder by
default), and the finished columns are opened read-only with :class:`numpy.memmap`, so the
operating system pages them in as a calculation reads them. Text columns are spilled as codes;
their distinct values stay in memory.

The files are unlinked as soon as they are mapped (the mapping keeps the data until it is
released), and the spill folder is removed when the process exits.
"""

from __future__ import annotations

import atexit
import os
import re
import shutil
import tempfile
from pathlib import Path
from typing import Any

import numpy as np
import numpy.typing as npt

from mrv.common.coded import Coded
from mrv.common.errors import InputError, Problem

__all__ = ["ColumnSpill", "TextSpill", "memory_budget", "spill_folder"]

_SIZE = re.compile(r"^\s*(\d+(?:\.\d+)?)\s*([KMGT]?)(i?)B?\s*$", re.IGNORECASE)
_POWERS = {"": 0, "K": 1, "M": 2, "G": 3, "T": 4}
_folder: Path | None = None


def memory_budget() -> int:
    """Bytes a table's columns may take in memory before they are spilled to disk.

    ``MRV_TABLE_MEMORY`` (``512MiB``, ``2GB``, a number of bytes) when set, else a quarter of
    the machine's physical memory.

    Raises
    ------
    InputError
        If ``MRV_TABLE_MEMORY`` is not a size.
    """
    declared = os.environ.get("MRV_TABLE_MEMORY")
    if declared:
        match = _SIZE.match(declared)
        if match is None:
            message = f"{declared!r} is not a size such as 512MiB or 2GB"
            raise InputError([Problem("environment", "MRV_TABLE_MEMORY", message)])
        number, prefix, binary = match.groups()
        base = 1024 if binary else 1000
        return int(float(number) * base ** _POWERS[prefix.upper()])
    try:
        return os.sysconf("SC_PHYS_PAGES") * os.sysconf("SC_PAGE_SIZE") // 4
    except (AttributeError, ValueError, OSError):  # not a POSIX system: assume 8 GiB
        return 2 << 30


def spill_folder() -> Path:
    """Return the process's spill folder, made on first use and removed at exit."""
    global _folder  # noqa: PLW0603 - one folder per process
    if _folder is None:
        parent = os.environ.get("MRV_SPILL_DIR") or None
        _folder = Path(tempfile.mkdtemp(prefix="mrv-spill-", dir=parent))
        atexit.register(shutil.rmtree, _folder, ignore_errors=True)
    return _folder


class ColumnSpill:
    """One column written to disk batch by batch, then mapped read-only."""

    def __init__(self, dtype: npt.DTypeLike) -> None:
        self.dtype = np.dtype(dtype)
        handle, name = tempfile.mkstemp(suffix=".column", dir=spill_folder())
        self.path = Path(name)
        self._stream = os.fdopen(handle, "wb")
        self.rows = 0

    def append(self, values: npt.ArrayLike) -> None:
        """Write one batch of values at the end of the column."""
        array = np.ascontiguousarray(values, dtype=self.dtype)
        self._stream.write(array.tobytes())
        self.rows += array.size

    def discard(self) -> None:
        """Close and remove the file: the table was not well formed after all."""
        self._stream.close()
        self.path.unlink(missing_ok=True)

    def finish(self) -> npt.NDArray[Any]:
        """Close the file and return the column memory-mapped, read-only."""
        self._stream.close()
        if self.rows == 0:
            self.path.unlink(missing_ok=True)
            return np.empty(0, dtype=self.dtype)
        mapped: npt.NDArray[Any] = np.memmap(
            self.path, dtype=self.dtype, mode="r", shape=(self.rows,)
        )
        try:
            self.path.unlink()  # the mapping keeps the data; nothing is left behind
        except OSError:  # a system that cannot unlink a mapped file: removed at exit
            pass
        return mapped


class TextSpill:
    """A text column spilled as codes, its distinct values gathered across batches in memory."""

    def __init__(self) -> None:
        self.codes = ColumnSpill(np.int32)
        self._index: dict[str, int] = {}

    def append(self, batch: Coded) -> None:
        """Add one batch's factorization, recoded to the distinct values seen so far."""
        mapping = np.array(
            [self._index.setdefault(level, len(self._index)) for level in batch.levels.tolist()],
            dtype=np.int32,
        )
        self.codes.append(mapping[batch.codes] if mapping.size else batch.codes)

    def discard(self) -> None:
        """Close and remove the codes' file."""
        self.codes.discard()

    def finish(self) -> Coded:
        """Return the column as its distinct values and memory-mapped codes."""
        levels = np.array(list(self._index), dtype=np.str_) if self._index else np.empty(0, np.str_)
        return Coded(levels, self.codes.finish())
