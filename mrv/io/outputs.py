"""Files a command writes: checked before any work, committed together, or not at all.

An output is one of three kinds:

- ``-``: standard output;
- a stream that already exists and is not a regular file (a FIFO, a character device such as
  ``/dev/stdout`` or ``/dev/null``, or a symbolic link to one): written through, never replaced;
- a regular file, or a path that does not exist yet: written to a temporary file beside it and
  renamed over it at commit, so it is complete or untouched. A symbolic link to a regular file
  is followed: the file it points to is replaced and the link stays.

Anything else (a directory, a socket, a block device, a path under a regular file) is refused
before any work starts. Temporary files are named ``.NAME.PID.mrv-tmp``; one left behind by a
killed run (its process gone) is removed by the next write beside it.
"""

from __future__ import annotations

import contextlib
import os
import stat
import sys
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Literal

from mrv.common.errors import InputError, Problem

__all__ = ["STDOUT", "Output", "Outputs", "planned", "write_atomic"]

STDOUT = "-"
_SUFFIX = ".mrv-tmp"


def _create_mode() -> int:
    """Return the mode a new file gets under the process umask (0o666 less the umask)."""
    umask = os.umask(0)
    os.umask(umask)
    return 0o666 & ~umask


_CREATE_MODE = _create_mode()


@dataclass
class Output:
    """One planned output: where it goes, how it is written, and its text once staged."""

    option: str
    path: Path
    kind: Literal["stdout", "stream", "file"]
    data: bytes | None = None
    temporary: Path | None = None

    @property
    def name(self) -> str:
        """The output as the user gave it."""
        return str(self.path)


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:  # another user's process
        return True
    return True


def _remove_stale(folder: Path, name: str) -> None:
    """Remove temporary files of ``name`` left by runs whose process is gone."""
    with contextlib.suppress(OSError):
        for leftover in folder.glob(f".{name}.*{_SUFFIX}"):
            pid = leftover.name[len(name) + 2 : -len(_SUFFIX)]
            if pid.isdigit() and int(pid) != os.getpid() and not _alive(int(pid)):
                leftover.unlink(missing_ok=True)


def _is_stdout(status: os.stat_result) -> bool:
    try:
        mine = os.fstat(sys.stdout.fileno())
    except (OSError, ValueError, AttributeError):  # no real standard output (a test runner's)
        return False
    return (status.st_dev, status.st_ino) == (mine.st_dev, mine.st_ino)


def _target(option: str, given: Path) -> Output:
    """Check one output path now, before any work; InputError if it cannot be written."""
    if str(given) == STDOUT:
        return Output(option, given, "stdout")
    try:
        status = os.stat(given)  # follows symbolic links
    except FileNotFoundError:
        status = None
    except NotADirectoryError:
        raise InputError(
            [Problem(str(given), option, "cannot be created: a folder on its path is a file")]
        ) from None
    except OSError as error:
        raise InputError(
            [Problem(str(given), option, f"cannot be written: {error.strerror}")]
        ) from None
    mode = None if status is None else status.st_mode
    if status is not None and _is_stdout(status):
        return Output(option, given, "stdout")  # /dev/stdout, /proc/self/fd/1: the same stream
    if mode is not None and (stat.S_ISFIFO(mode) or stat.S_ISCHR(mode)):
        return Output(option, given, "stream")
    if mode is not None and stat.S_ISDIR(mode):
        raise InputError([Problem(str(given), option, "is a directory; give a file name")])
    if mode is not None and not stat.S_ISREG(mode):
        raise InputError(
            [
                Problem(
                    str(given), option, "exists and is neither a regular file nor a stream; refused"
                )
            ]
        )
    real = given.resolve() if given.is_symlink() else given
    for parent in real.parents:
        if parent.exists():
            if not parent.is_dir():
                raise InputError(
                    [Problem(str(given), option, f"cannot be created: {parent} is not a folder")]
                )
            break
    return Output(option, real, "file")


@dataclass
class Outputs:
    """The outputs of one command, checked when added and written together at :meth:`commit`."""

    planned: list[Output] = field(default_factory=list)

    def add(self, option: str, path: Path | str | None) -> Output | None:
        """Plan an output (None: the option was not given); refuse a path that cannot be written.

        Raises
        ------
        InputError
            A directory or other non-file, two options naming the same file, or ``-`` twice.
        """
        if path is None:
            return None
        target = _target(option, Path(path))
        for other in self.planned:
            if other.kind == target.kind == "stdout" or (
                target.kind != "stdout" and other.path == target.path
            ):
                raise InputError(
                    [Problem(target.name, option, f"is also the output of {other.option}")]
                )
        self.planned.append(target)
        return target

    @property
    def uses_stdout(self) -> bool:
        """Whether standard output carries data (so messages go to standard error)."""
        return any(output.kind == "stdout" for output in self.planned)

    def stage(self, output: Output | None, content: str | bytes) -> None:
        """Hold an output's content (text as UTF-8); a file's goes to its temporary file now."""
        if output is None:
            return
        output.data = content.encode("utf-8") if isinstance(content, str) else content
        if output.kind != "file":
            return
        folder = output.path.parent
        folder.mkdir(parents=True, exist_ok=True)
        _remove_stale(folder, output.path.name)
        temporary = folder / f".{output.path.name}.{os.getpid()}{_SUFFIX}"
        try:
            with temporary.open("wb") as stream:
                stream.write(output.data)
                stream.flush()
                os.fsync(stream.fileno())
            temporary.chmod(_CREATE_MODE)
        except BaseException:
            temporary.unlink(missing_ok=True)
            raise
        output.temporary = temporary

    def commit(self) -> None:
        """Rename every staged file over its target, then write streams and standard output."""
        for output in self.planned:
            if output.temporary is not None:
                output.temporary.replace(output.path)
                output.temporary = None
        for output in self.planned:
            if output.data is None:
                continue
            if output.kind == "stream":
                with output.path.open("wb") as stream:
                    stream.write(output.data)
            elif output.kind == "stdout":
                write_stdout(output.data)

    def discard(self) -> None:
        """Remove every staged temporary file: nothing is written."""
        for output in self.planned:
            if output.temporary is not None:
                output.temporary.unlink(missing_ok=True)
                output.temporary = None


def write_stdout(content: str | bytes) -> None:
    """Write to standard output; if its reader has gone (``| head -1``), go on quietly.

    The rest of the command's output is dropped, and its exit code is what it would have been.
    """
    try:
        if isinstance(content, bytes):
            sys.stdout.flush()
            sys.stdout.buffer.write(content)
            sys.stdout.buffer.flush()
        else:
            sys.stdout.write(content)
        sys.stdout.flush()
    except BrokenPipeError:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())  # later writes, and the flush at exit, go nowhere
        os.close(devnull)


@contextlib.contextmanager
def planned() -> Iterator[Outputs]:
    """Plan a command's outputs; commit them if the block ends normally, else write nothing."""
    outputs = Outputs()
    try:
        yield outputs
    except BaseException:
        outputs.discard()
        raise
    outputs.commit()


def write_atomic(path: Path, text: str) -> None:
    """Write one output whole or not at all (see the module's kinds of output)."""
    with planned() as outputs:
        outputs.stage(outputs.add("output", path), text)
