"""Errors that name what is wrong and where: file, field path, table row and column."""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, replace
from typing import Any

__all__ = [
    "FieldProblems",
    "InputError",
    "PluginFailure",
    "Problem",
    "format_location",
    "problems_from_validation",
    "quote",
]


MAX_QUOTED = 60
"""Characters of a bad value quoted in a message; the rest is counted, not echoed."""
MAX_MESSAGE = 2000
"""Characters of a message printed, however long what it quotes."""


def quote(value: object, limit: int = MAX_QUOTED) -> str:
    """Quote a value for a message: its repr, cut to ``limit`` characters with the length said."""
    text = str(value)
    if len(text) <= limit:
        return repr(text) if isinstance(value, str) else text
    return f"{text[:limit]!r}... ({len(text):,} characters)"


def quote_free(text: str, limit: int = MAX_MESSAGE) -> str:
    """Cut an already formatted text to ``limit`` characters, saying how long it was."""
    return text if len(text) <= limit else f"{text[:limit]}... ({len(text):,} characters)"


@dataclass(frozen=True, order=True)
class Problem:
    """One problem in an input: where it is and what was expected.

    Attributes
    ----------
    file : str
        The file (document or table) that holds the problem, or ``""`` for in-memory input.
    path : str
        The field path inside the document, e.g. ``project.strata[1].area``.
    message : str
        What was expected and what was found.
    row : int or None
        Row of a table (the header is row 1).
    column : str or None
        Column of a table.
    line : int or None
        Line of a YAML or JSON document.
    """

    file: str
    path: str
    message: str
    row: int | None = None
    column: str | None = None
    line: int | None = None

    def __str__(self) -> str:
        where = [quote_free(self.file)] if self.file else []
        if self.line is not None:
            where.append(f"line {self.line}")
        if self.path:
            where.append(self.path)
        if self.row is not None:
            where.append(f"row {self.row}")
        if self.column is not None:
            where.append(f"column {self.column!r}")
        message = quote_free(self.message, MAX_MESSAGE)
        return f"{': '.join(where)}: {message}" if where else message


class InputError(Exception):
    """Bad input: one or more :class:`Problem`. The CLI prints one line each and exits 2."""

    def __init__(self, problems: Iterable[Problem]) -> None:
        self.problems: tuple[Problem, ...] = tuple(problems)
        super().__init__("\n".join(str(problem) for problem in self.problems))


class PluginFailure(Exception):
    """A plug-in raised or returned something outside its contract. The CLI exits 3."""

    def __init__(self, plugin: str, message: str) -> None:
        self.plugin = plugin
        super().__init__(f"plug-in {plugin!r} failed: {message}")


class TableProblems(ValueError):
    """Raised inside validation of a table field; carries problems with file, row and column."""

    def __init__(self, problems: Sequence[Problem]) -> None:
        self.problems = tuple(problems)
        super().__init__("; ".join(str(problem) for problem in self.problems))


class FieldProblems(ValueError):
    """Raised by a model validator with several problems, each at its own sub-path."""

    def __init__(self, items: Sequence[tuple[tuple[int | str, ...], str]]) -> None:
        self.items = tuple(items)
        super().__init__("; ".join(message for _, message in self.items))


def format_location(location: Sequence[int | str]) -> str:
    """Write a pydantic location tuple as a field path: ``("a", 0, "b")`` -> ``a[0].b``."""
    text = ""
    for part in location:
        if isinstance(part, int):
            text += f"[{part}]"
        else:
            text += f".{part}" if text else str(part)
    return text


_MESSAGES = {
    "missing": "missing required field",
    "extra_forbidden": "unknown field",
}


_FOUND_LIMIT = 60  # characters of a found value quoted in a message


def _found(value: Any) -> str:
    text = repr(value)
    return text if len(text) <= _FOUND_LIMIT else text[: _FOUND_LIMIT - 3] + "..."


def problems_from_validation(
    errors: Iterable[Mapping[str, Any]], file: str, prefix: Sequence[int | str] = ()
) -> list[Problem]:
    """Turn pydantic error dictionaries into problems, one per error, sorted by path.

    Errors raised by table fields expand into the table's own problems (file, row, column).
    """
    problems: list[Problem] = []
    errors = list(errors)
    failed_items = {tuple(error["loc"][:-1]) for error in errors if len(error["loc"]) > 1}
    for error in errors:
        if error["type"] == "too_short" and any(
            location[: len(error["loc"])] == tuple(error["loc"]) for location in failed_items
        ):
            continue  # a list emptied by its own invalid items: the item errors say why
        context = error.get("ctx") or {}
        cause = context.get("error")
        if isinstance(cause, TableProblems):
            field = format_location((*prefix, *error["loc"]))
            problems.extend(
                replace(problem, path=problem.path or field) for problem in cause.problems
            )
            continue
        if isinstance(cause, FieldProblems):
            for sub_path, message in cause.items:
                location = format_location((*prefix, *error["loc"], *sub_path))
                problems.append(Problem(file, location, message))
            continue
        path = format_location((*prefix, *error["loc"]))
        kind = error["type"]
        if kind in _MESSAGES:
            message = _MESSAGES[kind]
            if kind == "extra_forbidden":
                message += f" (found {_found(error.get('input'))})"
        elif kind == "value_error" and cause is not None:
            message = str(cause)
        else:
            message = error["msg"]
            if (
                kind not in {"quantity"}
                and "input" in error
                and not isinstance(error["input"], dict)
            ):
                message += f" (found {_found(error['input'])})"
        problems.append(Problem(file, path, message))
    return problems
