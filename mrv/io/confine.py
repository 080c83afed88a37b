"""Which files a project may read: regular files inside its own folder, unless allowed more.

A project names its tables and boundary files by path. By default only regular files inside the
project's folder are read, after resolving symbolic links (so ``../../etc/passwd``, an absolute
path elsewhere, or a link pointing out are refused), and never a FIFO, a device or a folder
(``/dev/zero`` would never end). An embedder or user may allow more folders explicitly
(``--allow-path DIR``; ``mrv.compute(..., allow=[DIR])``). A refused path is never opened.
"""

from __future__ import annotations

import stat
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

__all__ = ["Confinement"]


@dataclass(frozen=True)
class Confinement:
    """The folders a project may read files from (resolved), the project's own first."""

    roots: tuple[Path, ...]

    @classmethod
    def of(cls, base: Path, allow: Iterable[Path | str] = ()) -> Confinement:
        """Confine to ``base`` (the project's folder) and the folders in ``allow``."""
        return cls((Path(base).resolve(), *(Path(folder).resolve() for folder in allow)))

    def resolve(self, base: Path, reference: str) -> Path:
        """Return the file ``reference`` (relative to ``base``) names, if it may be read.

        A workbook sheet (``FILE.xlsx#SHEET``) keeps its ``#SHEET``; a missing file is returned
        as it is, for the reader to report.

        Raises
        ------
        ValueError
            The file lies outside every allowed folder, or is not a regular file.
        """
        name, mark, sheet = reference.partition("#")
        if not name.lower().endswith(".xlsx"):  # only a workbook names a sheet after '#'
            name, mark, sheet = reference, "", ""
        given = base / name
        real = given.resolve()
        if not any(real == root or real.is_relative_to(root) for root in self.roots):
            raise ValueError(
                f"{reference!r} resolves to {real}, outside the project folder {self.roots[0]}; "
                "the project may read only files inside its folder (allow another with --allow-path DIR)"
            )
        try:
            mode = real.stat().st_mode
        except FileNotFoundError:
            return Path(f"{given}{mark}{sheet}")
        except OSError as error:
            raise ValueError(f"{reference!r} cannot be read: {error.strerror}") from None
        if not stat.S_ISREG(mode):
            kind = (
                "a folder"
                if stat.S_ISDIR(mode)
                else "not a regular file (a FIFO, device or socket)"
            )
            raise ValueError(f"{reference!r} is {kind}; a table or boundary must be a regular file")
        return Path(f"{real}{mark}{sheet}")
