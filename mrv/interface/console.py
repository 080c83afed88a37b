"""The command line's shared parts: the app, its exit codes, what it says, and the guard every command runs in."""

from __future__ import annotations

import inspect
import os
import sys
import warnings
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from functools import wraps
from pathlib import Path
from typing import Annotated, Any, TypeVar

import typer

F = TypeVar("F", bound=Callable[..., Any])


EXIT_MATERIAL = 1


SHOWN_DISCREPANCIES = 20  # listed on the terminal; the statement holds them all


EXIT_BAD_INPUT = 2


SHOWN_PROBLEMS = 200  # lines of bad input printed; --json lists every problem


EXIT_FAILURE = 3


app = typer.Typer(
    name="mrv",
    help="MRV of carbon in mined-land restoration: validate projects, compute and verify reports.",
    no_args_is_help=True,
    pretty_exceptions_enable=False,
    context_settings={"help_option_names": ["-h", "--help"]},
)


_OUTPUTS: list[Any] = [None]
"""The outputs the running command planned: when one is standard output, messages go to
standard error."""
_VERBOSITY: list[int] = [1]
"""0 with --quiet (errors and data only), 1 by default, 2 with --verbose (everything listed)."""


AllowPath = Annotated[
    list[Path] | None,
    typer.Option(
        "--allow-path",
        help="a folder besides the project's own whose files its tables and boundaries may name (repeatable)",
    ),
]
ProjectArgument = Annotated[
    Path,
    typer.Argument(
        help="project document (YAML or JSON); - reads it from standard input, its tables then relative to the working directory"
    ),
]


Lang = Annotated[str, typer.Option("--lang", help="language of the HTML report: en or zh")]


Workers = Annotated[
    int, typer.Option("--workers", min=1, help="worker processes (or Dask workers started here)")
]
UseDask = Annotated[
    bool, typer.Option("--dask", help="run on a local Dask cluster started for this run")
]
Scheduler = Annotated[
    str | None,
    typer.Option("--scheduler", help="address of an existing Dask scheduler (tcp://host:8786)"),
]


def _show_version(value: bool) -> None:
    if value:
        from mrv.common.version import mrv_version  # noqa: PLC0415

        typer.echo(f"mrv {mrv_version()}")
        raise typer.Exit


@app.callback()
def _main(
    version: Annotated[
        bool,
        typer.Option(
            "--version", callback=_show_version, is_eager=True, help="print the version and exit"
        ),
    ] = False,
) -> None:
    """MRV of carbon in mined-land restoration: validate projects, compute and verify reports.

    Exit codes: 0 success; 1 not verified (verify) or something found (warn, overlap);
    2 bad input; 3 a plug-in or internal failure. NO_COLOR is respected; MRV_DEBUG=1 shows
    tracebacks.
    """
    del version


def _say(text: str, level: int = 1) -> None:
    if _VERBOSITY[0] < level:
        return
    if _OUTPUTS[0] is not None and _OUTPUTS[0].uses_stdout:
        typer.echo(text, err=True)
        return
    from mrv.io.outputs import write_stdout  # noqa: PLC0415

    write_stdout(f"{text}\n")


@contextmanager
def _outputs() -> Iterator[Any]:
    """Plan a command's outputs (checked as added), committed together when it succeeds."""
    from mrv.io.outputs import planned  # noqa: PLC0415

    with planned() as outputs:
        _OUTPUTS[0] = outputs
        yield outputs


def _complain(text: str) -> None:
    typer.echo(text, err=True)


def _say_json(data: Any) -> None:
    from mrv.engine.provenance import pretty_json  # noqa: PLC0415
    from mrv.io.outputs import write_stdout  # noqa: PLC0415

    write_stdout(pretty_json(data))


def _say_problems(problems: Sequence[Any]) -> None:
    """Print problems as JSON on standard output (``--json``; ``schemas/problems.schema.json``)."""
    from mrv.model.base import SCHEMA_VERSION  # noqa: PLC0415
    from mrv.model.problems import problems_document  # noqa: PLC0415

    _say_json(problems_document(problems, SCHEMA_VERSION).model_dump(mode="json"))


def _say_found(lines: list[str], as_json: Any, nothing: str) -> None:
    """Print what a check found, one line each (or ``as_json``, or ``nothing``); exit 1 if any."""
    if as_json is not None:
        _say_json(as_json)
    else:
        for line in lines or [nothing]:
            _say(line)
    if lines:
        raise typer.Exit(EXIT_MATERIAL)


@contextmanager
def _working(description: str) -> Iterator[None]:
    """Show progress on a terminal while long work runs: a spinner, and a bar for Monte Carlo."""
    if not sys.stderr.isatty():
        yield
        return
    from rich.console import Console  # noqa: PLC0415
    from rich.progress import BarColumn, Progress, SpinnerColumn, TextColumn  # noqa: PLC0415

    from mrv.common.progress import reporting  # noqa: PLC0415

    columns = (
        SpinnerColumn(),
        TextColumn("{task.description}"),
        BarColumn(),
        TextColumn("{task.completed}/{task.total}"),
    )
    with Progress(*columns, console=Console(stderr=True), transient=True) as progress:
        tasks: dict[str, Any] = {}
        main = progress.add_task(description, total=None)

        def show(task: str, done: int, total: int) -> None:
            if task not in tasks:
                tasks[task] = progress.add_task(task, total=total)
            progress.update(tasks[task], completed=done)

        with reporting(show):
            yield
        progress.remove_task(main)


def _progress(items: list[Any], description: str) -> Any:
    """Iterate with a progress bar on a terminal (rich), silently otherwise."""
    if not sys.stderr.isatty():
        return items
    from rich.progress import track  # noqa: PLC0415

    return track(items, description=description, console=None, transient=True)


_LOUDNESS = (
    inspect.Parameter(
        "quiet",
        inspect.Parameter.KEYWORD_ONLY,
        default=False,
        annotation=Annotated[
            bool, typer.Option("-q", "--quiet", help="print only errors (and data asked for)")
        ],
    ),
    inspect.Parameter(
        "verbose",
        inspect.Parameter.KEYWORD_ONLY,
        default=False,
        annotation=Annotated[
            bool, typer.Option("-v", "--verbose", help="print everything found, not a summary")
        ],
    ),
)


def _problem_order(problem: Any) -> tuple[str, int, int]:
    """Sort problems by file, then row (or line); problems without one keep their order first."""
    return (problem.file, problem.row or 0, problem.line or 0)


def _guarded(command: F) -> F:
    """Turn mrv's errors into their exit codes and one line per problem, never a traceback.

    Every verb it wraps also takes ``-q/--quiet`` and ``-v/--verbose``.
    """

    @wraps(command)
    def run(*args: Any, quiet: bool = False, verbose: bool = False, **kwargs: Any) -> Any:
        from mrv.common.errors import InputError, PluginFailure  # noqa: PLC0415

        _OUTPUTS[0] = None
        _VERBOSITY[0] = 0 if quiet else 2 if verbose else 1
        try:
            with warnings.catch_warnings():
                if not os.environ.get("MRV_DEBUG"):
                    # Floating-point overflow warnings from numpy: every figure is checked to be
                    # finite and reported as an error naming its field, so they only add noise.
                    warnings.simplefilter("ignore", RuntimeWarning)
                return command(*args, **kwargs)
        except InputError as error:
            problems = sorted(error.problems, key=_problem_order)
            for problem in problems[:SHOWN_PROBLEMS]:
                _complain(f"error: {problem}")
            if len(problems) > SHOWN_PROBLEMS:
                _complain(
                    f"error: ... and {len(problems) - SHOWN_PROBLEMS} more problems (--json lists them all)"
                )
            if kwargs.get("as_json"):
                _say_problems(problems)
            raise typer.Exit(EXIT_BAD_INPUT) from None
        except PluginFailure as error:
            _complain(f"error: {error}")
            raise typer.Exit(EXIT_FAILURE) from None
        except typer.Exit:
            raise
        except Exception as error:
            if os.environ.get("MRV_DEBUG"):
                raise
            _complain(
                f"error: internal failure: {type(error).__name__}: {error} (set MRV_DEBUG=1 for the traceback)"
            )
            raise typer.Exit(EXIT_FAILURE) from None

    signature = inspect.signature(command, eval_str=True)
    run.__signature__ = signature.replace(  # type: ignore[attr-defined]
        parameters=[*signature.parameters.values(), *_LOUDNESS]
    )
    return run  # type: ignore[return-value]


def _registry() -> Any:
    from mrv.contract.plugins import load_plugins  # noqa: PLC0415

    return load_plugins()
