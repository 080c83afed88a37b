"""The ``mrv`` command. Heavy modules are imported inside the commands, so ``--help`` is fast.

Exit codes (README, "Exit codes"): 0 success; 1 material discrepancy (verify); 2 bad input, one line per
problem on standard error; 3 a plug-in or internal failure, naming the plug-in.
"""

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

__all__ = ["app", "main"]

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


_OUTPUTS: list[Any] = [None]
"""The outputs the running command planned: when one is standard output, messages go to
standard error."""
_VERBOSITY: list[int] = [1]
"""0 with --quiet (errors and data only), 1 by default, 2 with --verbose (everything listed)."""


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


@app.command()
@_guarded
def methodologies(
    as_json: Annotated[bool, typer.Option("--json", help="print JSON for scripts")] = False,
) -> None:
    """List installed methodologies, and broken plug-ins with the reason.

    Example: mrv methodologies --json
    """
    registry = _registry()
    if as_json:
        _say_json(
            {
                "methodologies": [
                    {
                        "id": methodology_id,
                        "version": m.version,
                        "title": m.title,
                        "standards": list(m.standards),
                        "profiles": sorted(registry.profiles(m)),
                        "plugin": registry.providers[methodology_id],
                    }
                    for methodology_id, m in sorted(registry.methodologies.items())
                ],
                "broken": [
                    {"name": b.name, "distribution": b.distribution, "error": b.error}
                    for b in registry.broken
                ],
                "notices": list(registry.notices),
            }
        )
        return
    if not registry.methodologies:
        _say("No methodologies installed.")
    for methodology_id, methodology in sorted(registry.methodologies.items()):
        profiles = ", ".join(sorted(registry.profiles(methodology)))
        _say(f"{methodology_id} {methodology.version}  {methodology.title}")
        _say(f"    standards: {'; '.join(methodology.standards)}")
        _say(f"    profiles: {profiles}    (plug-in: {registry.providers[methodology_id]})")
    for broken in registry.broken:
        origin = f" from {broken.distribution}" if broken.distribution else ""
        _say(f"BROKEN plug-in {broken.name}{origin}: {broken.error}")
    for notice in registry.notices:
        _say(f"note: {notice}")


@app.command()
@_guarded
def schema(
    name: Annotated[
        str | None, typer.Argument(help="core document (project, report, ...) or a methodology id")
    ] = None,
    write: Annotated[
        Path | None, typer.Option("--write", help="write every schema into this folder")
    ] = None,
) -> None:
    """Print the JSON Schema of a core document or of a methodology's inputs.

    Example: mrv schema cropland-soil > cropland-soil.inputs.schema.json
    """
    from mrv.common.errors import InputError, Problem  # noqa: PLC0415
    from mrv.interface.schemas import CORE_MODELS, core_schema, methodology_schema, write_schemas  # noqa: PLC0415

    registry = _registry()
    if write is not None:
        for path in write_schemas(write, registry.methodologies):
            _say(f"wrote {path}")
        return
    if name is None:
        names = [*CORE_MODELS, *sorted(registry.methodologies)]
        raise InputError([Problem("", "NAME", f"give a schema name: {', '.join(names)}")])
    if name in CORE_MODELS:
        _say_json(core_schema(name))
        return
    if name in registry.methodologies:
        _say_json(methodology_schema(registry.methodologies[name]))
        return
    names = [*CORE_MODELS, *sorted(registry.methodologies)]
    raise InputError(
        [Problem("", "NAME", f"unknown schema {name!r}; expected one of: {', '.join(names)}")]
    )


@app.command()
@_guarded
def validate(
    project: ProjectArgument,
    as_json: Annotated[bool, typer.Option("--json", help="print JSON for scripts")] = False,
    allow_path: AllowPath = None,
) -> None:
    """Check a project document and its tables without computing.

    Problems go to stderr, one line each naming file, field path, row and column; exit 2.

    Example: mrv validate examples/cropland-soil/project.yaml
    """
    with _working(f"checking {project}"):
        loaded = _load(project, allow_path)
    periods = len(loaded.document.monitoring_periods)
    if as_json:
        _say_json(
            {
                "project": str(project),
                "valid": True,
                "methodology": loaded.methodology.id,
                "version": loaded.methodology.version,
                "profile": loaded.profile.name,
                "strata": len(loaded.document.project.strata),
                "periods": periods,
                "tables": sorted(loaded.tables),
            }
        )
        return
    _say(
        f"{project}: valid ({loaded.methodology.id} {loaded.methodology.version}, profile "
        f"{loaded.profile.name}; {len(loaded.document.project.strata)} strata, {periods} periods, "
        f"{len(loaded.tables)} tables)"
    )


def _json_text(document: Any) -> str:
    """Return a document (report, statement, comparison) as the JSON mrv writes."""
    from mrv.engine.provenance import pretty_json  # noqa: PLC0415

    return pretty_json(document.model_dump(mode="json"))


def _figures(totals: Any) -> str:
    net = totals.net_benefit.value
    headline = (
        f"net benefit {net:,.3f} t CO2e"
        if net >= 0
        else f"net emission {-net:,.3f} t CO2e (net benefit {net:,.3f})"
    )
    return (
        f"{headline} "
        f"(baseline {totals.baseline.value:,.3f}, project {totals.project.value:,.3f}, "
        f"leakage {totals.leakage.value:,.3f}); issuable credits {totals.issuable_credits:,}"
    )


def _summary(report: Any) -> str:
    if report.estimate_reason:
        text = _plain_summary(report).replace("issuable credits", "credits if issuable")
        return f"estimate, not credits ({report.estimate_reason}): {text}"
    return _plain_summary(report)


def _plain_summary(report: Any) -> str:
    parts = []
    if report.totals.periods:
        parts.append(_figures(report.totals))
    if report.ex_ante_totals is not None:
        parts.append(f"ex-ante estimate: {_figures(report.ex_ante_totals)}")
    return "; ".join(parts) if parts else "no periods"


Lang = Annotated[str, typer.Option("--lang", help="language of the HTML report: en or zh")]


def _html_text(report: Any, lang: str) -> str:
    from mrv.interface.html import render_html  # noqa: PLC0415

    return render_html(report, lang)


def _check_lang(lang: str) -> None:
    from mrv.interface.html import LANGUAGES  # noqa: PLC0415

    if lang not in LANGUAGES:
        from mrv.common.errors import InputError, Problem  # noqa: PLC0415

        raise InputError([Problem("", "--lang", f"unknown language {lang!r}; expected en or zh")])


def _load(project: Path, allow: list[Path] | None) -> Any:
    """Load a project from its file, or from standard input for ``-``."""
    from mrv.engine.compute import load_project  # noqa: PLC0415

    if str(project) != "-":
        return load_project(project, registry=_registry(), allow=allow or ())
    from mrv.common.errors import InputError, Problem  # noqa: PLC0415
    from mrv.io.documents import parse_document_text  # noqa: PLC0415

    document = parse_document_text(sys.stdin.read(), "<stdin>")
    if not isinstance(document, dict):
        raise InputError([Problem("<stdin>", "", "expected a mapping at the top of the document")])
    return load_project(
        document, registry=_registry(), base_dir=Path.cwd(), allow=allow or (), name="<stdin>"
    )


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


@contextmanager
def _executor(workers: int, dask: bool, scheduler: str | None) -> Iterator[None]:
    """Run independent tasks on worker processes or Dask, as the options ask; here by default."""
    from mrv.engine.parallel import dask_executor, process_executor, running_on  # noqa: PLC0415

    if not dask and scheduler is None:
        if workers <= 1:
            yield
            return
        with process_executor(workers) as executor, running_on(executor):
            yield
        return
    try:
        import distributed  # noqa: F401, PLC0415 - optional dependency
    except ImportError:
        from mrv.common.errors import InputError, Problem  # noqa: PLC0415

        raise InputError(
            [Problem("", "--dask", "dask.distributed is not installed: pip install 'mrv[dask]'")]
        ) from None
    with dask_executor(scheduler, workers) as executor, running_on(executor):
        yield


@app.command()
@_guarded
def compute(
    project: ProjectArgument,
    output: Annotated[
        Path,
        typer.Option("-o", "--output", help="report file to write (JSON); - for standard output"),
    ],
    html: Annotated[
        Path | None, typer.Option("--html", help="also write the report as one HTML page")
    ] = None,
    lang: Lang = "en",
    workers: Workers = 1,
    dask: UseDask = False,
    scheduler: Scheduler = None,
    allow_path: AllowPath = None,
) -> None:
    """Compute a report. The file is written whole or not at all.

    Monte Carlo chunks run on --workers processes, or on Dask (--dask, --scheduler); the report
    is the same bytes either way.

    Example: mrv compute examples/cropland-soil/project.yaml -o report.json --html report.html --lang zh
    """
    from mrv.engine.compute import compute as run  # noqa: PLC0415

    _check_lang(lang)
    with _outputs() as outputs:
        report_file = outputs.add("--output", output)
        page = outputs.add("--html", html)
        with _working(f"computing {project}"), _executor(workers, dask, scheduler):
            report = run(_load(project, allow_path))
        outputs.stage(report_file, _json_text(report))
        if page is not None:
            outputs.stage(page, _html_text(report, lang))
    _say(f"{report_file.name if report_file else output}: {_summary(report)}")


@app.command()
@_guarded
def report(
    source: Annotated[Path, typer.Argument(help="report written by mrv compute (JSON)")],
    html: Annotated[Path, typer.Option("--html", help="HTML page to write")],
    lang: Lang = "en",
) -> None:
    """Render an existing report as one self-contained HTML page (no network needed to view it).

    Example: mrv report report.json --html report.html --lang en
    """
    from mrv.verify import load_report  # noqa: PLC0415

    _check_lang(lang)
    with _outputs() as outputs:
        page = outputs.add("--html", html)
        loaded = load_report(source)
        outputs.stage(page, _html_text(loaded, lang))
    _say(f"{html}: {_summary(loaded)}")


@app.command()
@_guarded
def verify(
    report: Annotated[Path, typer.Argument(help="report to verify (JSON written by mrv compute)")],
    project: Annotated[
        Path, typer.Option("--project", help="the project document the report claims to come from")
    ],
    materiality: Annotated[
        str,
        typer.Option(help="iso (5 %), a share such as 0.02, or cdm-large, cdm-small, cdm-micro"),
    ] = "iso",
    claimed: Annotated[
        Path | None,
        typer.Option(help="YAML/JSON of totals claimed elsewhere, with the report's keys"),
    ] = None,
    output: Annotated[
        Path | None,
        typer.Option(
            "-o",
            "--output",
            help="write the verification statement here (JSON); default: standard output",
        ),
    ] = None,
    allow_path: AllowPath = None,
) -> None:
    """Recompute a report and compare every field: exit 0 if verified, 1 if not.

    Prints the verification statement (JSON).

    Example: mrv verify report.json --project examples/cropland-soil/project.yaml --materiality iso
    """
    from mrv.common.errors import InputError, Problem  # noqa: PLC0415
    from mrv.io.documents import load_document  # noqa: PLC0415
    from mrv.verify import describe, load_report  # noqa: PLC0415
    from mrv.verify import verify as run  # noqa: PLC0415

    claimed_figures = load_document(claimed) if claimed is not None else None
    if claimed_figures is not None and not isinstance(claimed_figures, dict):
        raise InputError([Problem(str(claimed), "", "expected a mapping of figures")])
    with _outputs() as outputs:
        target = outputs.add("--output", Path("-") if output is None else output)
        document = load_document(report)
        with _working(f"recomputing {project}"):
            if isinstance(document, dict) and "scenarios" in document and "site_id" in document:
                from mrv.planning.verification import load_comparison, verify_comparison  # noqa: PLC0415

                statement = verify_comparison(
                    load_comparison(report, document),
                    project,
                    materiality=materiality,
                    registry=_registry(),
                    allow=allow_path or (),
                )
            else:
                statement = run(
                    load_report(report, document),
                    project,
                    materiality=materiality,
                    claimed=claimed_figures,
                    registry=_registry(),
                    allow=allow_path or (),
                )
        outputs.stage(target, _json_text(statement))
        _say(f"{report}: {statement.headline}")
        _say(
            f"  materiality {statement.materiality_threshold:.2%} ({statement.materiality_basis}); aggregate misstatement {statement.aggregate_misstatement:.4%}"
        )
        for check in statement.checks:
            _say(f"  {check.name}: {'passed' if check.passed else 'FAILED'}: {check.summary}")
        shown = len(statement.discrepancies) if _VERBOSITY[0] > 1 else SHOWN_DISCREPANCIES
        for item in statement.discrepancies[:shown]:
            _say(f"  {describe(item)}")
        if len(statement.discrepancies) > shown:
            _say(
                f"  ... and {len(statement.discrepancies) - shown} more discrepancies (see the statement)"
            )
    if statement.verdict != "verified":
        raise typer.Exit(EXIT_MATERIAL)


@app.command()
@_guarded
def export(
    source: Annotated[Path, typer.Argument(help="report written by mrv compute (JSON)")],
    output: Annotated[
        Path,
        typer.Option(
            "-o", "--output", help="a folder for csv or parquet tables; a .xlsx file for xlsx"
        ),
    ],
    format: Annotated[  # the option is --format
        str, typer.Option("--format", help="csv, xlsx or parquet")
    ] = "csv",
) -> None:
    """Export a report's figures as tidy tables: periods, terms, strata, deductions.

    Units are in the headers (net_benefit [t CO2e]); one row per period, term or stratum.

    Example: mrv export report.json --format xlsx -o report.xlsx
    """
    from mrv.common.errors import InputError, Problem  # noqa: PLC0415
    from mrv.interface.export import FORMATS, export_tables, table_bytes, workbook_bytes  # noqa: PLC0415
    from mrv.verify import load_report  # noqa: PLC0415

    if format not in FORMATS:
        raise InputError(
            [Problem("", "--format", f"unknown format {format!r}; expected {', '.join(FORMATS)}")]
        )
    with _outputs() as outputs:
        if format == "xlsx":
            targets = {"": outputs.add("--output", output)}
        else:
            if output.exists() and not output.is_dir():
                raise InputError(
                    [Problem(str(output), "--output", f"{format} tables go into a folder")]
                )
            targets = {
                name: outputs.add("--output", output / f"{name}.{format}")
                for name in ("periods", "terms", "strata", "deductions")
            }
        tables = export_tables(load_report(source))
        if format == "xlsx":
            outputs.stage(targets[""], workbook_bytes(tables))
        else:
            for name, target in targets.items():
                outputs.stage(target, table_bytes(tables[name], format))
    rows = ", ".join(f"{len(next(iter(t.values())))} {name}" for name, t in tables.items())
    _say(f"{output}: {rows} ({format})")


@app.command()
@_guarded
def compare(
    scenarios: Annotated[Path, typer.Argument(help="scenario file (YAML or JSON)")],
    output: Annotated[
        Path | None, typer.Option("-o", "--output", help="comparison to write (JSON)")
    ] = None,
    html: Annotated[
        Path | None, typer.Option("--html", help="also write the comparison as one HTML page")
    ] = None,
    lang: Lang = "en",
    allow_path: AllowPath = None,
) -> None:
    """Compare restoration options for one site ex-ante: net benefit, cost per tonne, revenue.

    Each option is a project document with ex-ante periods; costs and prices are the file's
    own assumptions, and every figure is labelled an estimate.

    Example: mrv compare examples/restoration-options/scenarios.yaml -o options.json --html options.html
    """
    from mrv.planning import compare as run  # noqa: PLC0415

    _check_lang(lang)
    with _outputs() as outputs:
        target = outputs.add("--output", output)
        page = outputs.add("--html", html)
        with _working(f"comparing the options of {scenarios}"):
            comparison, _ = run(scenarios, registry=_registry(), allow=allow_path or ())
        outputs.stage(target, _json_text(comparison))
        if page is not None:
            from mrv.interface.html.comparison import render_comparison_html  # noqa: PLC0415

            outputs.stage(page, render_comparison_html(comparison, lang))
    _say(comparison.label)
    _say(_comparison_table(comparison))


@app.command()
@_guarded
def warn(
    reports: Annotated[
        list[Path],
        typer.Argument(help="reports of one project, e.g. successive monitoring reports"),
    ],
    expected: Annotated[
        Path | None,
        typer.Option("--expected", help="ex-ante report giving each stratum's expected trajectory"),
    ] = None,
    threshold: Annotated[
        str, typer.Option("--threshold", help="shortfall or CH4 rise that is flagged, e.g. 20%")
    ] = "20%",
    as_json: Annotated[bool, typer.Option("--json", help="print JSON for scripts")] = False,
) -> None:
    """Warn of weakening sinks across periods: strata below trajectory, negative, or CH4 rising (exit 1 if any).

    Example: mrv warn report-2022.json report-2025.json --expected ex-ante.json --threshold 15%
    """
    from pydantic import TypeAdapter, ValidationError  # noqa: PLC0415

    from mrv.common.errors import InputError, Problem  # noqa: PLC0415
    from mrv.common.quantity import Fraction  # noqa: PLC0415
    from mrv.planning import early_warnings  # noqa: PLC0415
    from mrv.verify import load_report  # noqa: PLC0415

    try:
        share = float(TypeAdapter(Fraction).validate_python(threshold).m_as("dimensionless"))
    except ValidationError as error:
        message = error.errors()[0]["msg"]
        raise InputError([Problem("", "--threshold", message)]) from None
    loaded = [load_report(path) for path in reports]
    found = early_warnings(
        loaded,
        expected=load_report(expected) if expected is not None else None,
        threshold=share,
    )
    _say_found(
        [f"{item.code}: {item.message}" for item in found],
        {"threshold": share, "warnings": [x.model_dump(mode="json") for x in found]}
        if as_json
        else None,
        f"no warnings across {sum(len(r.periods) for r in loaded)} periods (threshold {share:.0%})",
    )


@app.command()
@_guarded
def batch(
    sources: Annotated[
        list[Path], typer.Argument(help="project documents, or folders of */project.yaml")
    ],
    output: Annotated[Path, typer.Option("-o", "--output", help="folder for the reports")],
    workers: Workers = 1,
    dask: UseDask = False,
    scheduler: Scheduler = None,
) -> None:
    """Compute many projects in parallel and summarise the portfolio by methodology, region, vintage.

    Writes <folder>.report.json per project, portfolio.json and portfolio.html (.zh.html). A project with bad input or a
    failing plug-in is listed and the others go on; the exit code is then 2 (bad input) or 3.

    Example: mrv batch portfolio/ --workers 2 -o portfolio-reports   (or --dask, --scheduler tcp://host:8786)
    """
    from mrv.engine.provenance import pretty_json, write_atomic  # noqa: PLC0415
    from mrv.portfolio.batch import find_projects, run_batch  # noqa: PLC0415

    projects = find_projects(sources)
    if not projects:
        from mrv.common.errors import InputError, Problem  # noqa: PLC0415

        raise InputError([Problem(", ".join(map(str, sources)), "", "no project documents found")])
    with _working(f"computing {len(projects)} projects"), _executor(workers, dask, scheduler):
        portfolio = run_batch(projects, output)
    write_atomic(output / "portfolio.json", pretty_json(portfolio.model_dump(mode="json")))
    from mrv.interface.html.portfolio import render_portfolio_html  # noqa: PLC0415

    write_atomic(output / "portfolio.html", render_portfolio_html(portfolio, "en"))
    write_atomic(output / "portfolio.zh.html", render_portfolio_html(portfolio, "zh"))
    _say(f"{output}/portfolio.json: {portfolio.computed} computed, {portfolio.failed} failed")
    for title, groups in (
        ("methodology", portfolio.by_methodology),
        ("region", portfolio.by_region),
        ("vintage", portfolio.by_vintage),
    ):
        rows = [
            (
                g.key,
                str(g.projects),
                f"{g.area.value:,.1f}",
                f"{g.net_benefit.value:,.3f}",
                f"{g.issuable_credits:,}",
                f"{g.estimated_credits:,}",
            )
            for g in (*groups, portfolio.totals)
        ]
        header = (title, "projects", "area (ha)", "net benefit (t CO2e)", "credits", "estimated")
        _say("")
        _say(_text_table(header, rows, (False, True, True, True, True, True)))
    failures = [p for p in portfolio.projects if p.status != "computed"]
    for failed in failures:
        for problem in failed.problems:
            _complain(f"error: {failed.source}: {problem}")
    if any(p.status == "plug-in failure" for p in failures):
        raise typer.Exit(EXIT_FAILURE)
    if failures:
        raise typer.Exit(EXIT_BAD_INPUT)


@app.command()
@_guarded
def overlap(
    sources: Annotated[
        list[Path],
        typer.Argument(help="project documents (their project.boundary) or .geojson files"),
    ],
    as_json: Annotated[bool, typer.Option("--json", help="print JSON for scripts")] = False,
) -> None:
    """Find land claimed twice: geodesic overlaps between project boundaries (exit 1 if any).

    Example: mrv overlap site-a/project.yaml site-b/project.yaml other-scheme.geojson
    """
    from mrv.common.errors import InputError, Problem  # noqa: PLC0415
    from mrv.io.boundaries import SLIVER, geodesic_area_ha, load_boundary, overlap_ha  # noqa: PLC0415
    from mrv.io.documents import load_document  # noqa: PLC0415

    shapes = []
    for source in sources:
        if source.suffix.lower() == ".geojson":
            shapes.append((str(source), load_boundary(source.name, source.parent, str(source), "")))
            continue
        document = load_document(source)
        project = document.get("project") if isinstance(document, dict) else None
        boundary = project.get("boundary") if isinstance(project, dict) else None
        if not isinstance(boundary, str):
            raise InputError(
                [Problem(str(source), "project.boundary", "the project gives no boundary")]
            )
        shapes.append(
            (str(source), load_boundary(boundary, source.parent, str(source), "project.boundary"))
        )
    found = []
    for i, (first, a) in enumerate(shapes):
        for second, b in shapes[i + 1 :]:
            shared = overlap_ha(a.geometry, b.geometry)
            smaller = min(geodesic_area_ha(a.geometry), geodesic_area_ha(b.geometry))
            if shared > SLIVER * smaller:
                found.append({"first": first, "second": second, "overlap_ha": round(shared, 4)})
    _say_found(
        [f"{x['first']} and {x['second']} overlap by {x['overlap_ha']:,.4f} ha" for x in found],
        {"sources": [name for name, _ in shapes], "overlaps": found} if as_json else None,
        f"no overlaps among {len(shapes)} boundaries",
    )


@app.command()
@_guarded
def template(
    methodology: Annotated[str, typer.Argument(help="methodology id")],
    directory: Annotated[
        Path, typer.Argument(help="folder to create (must not exist or be empty)")
    ],
    format: Annotated[  # the option is --format
        str,
        typer.Option("--format", help="csv tables, or xlsx: one workbook with a sheet per table"),
    ] = "csv",
) -> None:
    """Write a starter project for a methodology.

    With --format xlsx the tables go into tables.xlsx: labels and units in row 1, machine keys
    in row 2, data from row 3, drop-down lists for coded columns, and a guidance sheet.

    Example: mrv template wetland-methane my-site --format xlsx
    """
    import shutil  # noqa: PLC0415

    from mrv.common.errors import InputError, Problem  # noqa: PLC0415

    registry = _registry()
    try:
        record = registry.get(methodology)
    except KeyError as error:
        raise InputError([Problem("", "METHODOLOGY", str(error.args[0]))]) from None
    if record.template is None:
        raise InputError([Problem("", "METHODOLOGY", f"{methodology} ships no template")])
    if directory.exists() and any(directory.iterdir()):
        raise InputError(
            [
                Problem(
                    str(directory), "", "the folder exists and is not empty; refusing to overwrite"
                )
            ]
        )
    if format not in ("csv", "xlsx"):
        raise InputError(
            [Problem("", "--format", f"unknown format {format!r}; expected csv or xlsx")]
        )
    staging = directory.with_name(f".{directory.name}.partial")
    shutil.rmtree(staging, ignore_errors=True)
    shutil.copytree(record.template, staging)
    if format == "xlsx":
        from mrv.io.workbook import tables_to_workbook  # noqa: PLC0415

        document = staging / "project.yaml"
        document.write_text(
            tables_to_workbook(staging, record.inputs, document.read_text(encoding="utf-8")),
            encoding="utf-8",
        )
    if directory.exists():
        directory.rmdir()
    staging.rename(directory)
    _say(
        f"wrote a starter {methodology} project in {directory}; check it with: mrv validate {directory / 'project.yaml'}"
    )


@app.command()
@_guarded
def demo(
    examples: Annotated[
        Path, typer.Option(help="folder of example projects (*/project.yaml)")
    ] = Path("examples"),
    out: Annotated[Path, typer.Option(help="folder for the reports")] = Path("demo-output"),
) -> None:
    """Compute every example project and write its report as JSON and HTML (English, Chinese).

    Example: mrv demo --examples examples --out demo-output
    """
    from mrv.engine.compute import compute as run  # noqa: PLC0415

    registry = _registry()
    _say("Installed methodologies:")
    if not registry.methodologies:
        _say("  (none)")
    for methodology_id, record in sorted(registry.methodologies.items()):
        _say(f"  {methodology_id} {record.version}: {record.title}")
    for broken in registry.broken:
        _say(f"  BROKEN plug-in {broken.name}: {broken.error}")
    projects = sorted(examples.glob("*/project.yaml")) if examples.is_dir() else []
    if not projects:
        _say(
            f"Nothing to compute yet: no example projects under {examples}/ (each is <name>/project.yaml)."
        )
        return
    rows = []
    for index, project in enumerate(_progress(projects, "computing the examples"), start=1):
        name = project.parent.name
        _say(f"[{index}/{len(projects)}] {name}: computing {project}")
        report = run(project, registry=registry)
        output = out / f"{name}.report.json"
        with _outputs() as outputs:
            outputs.stage(outputs.add("--out", output), _json_text(report))
            for lang, suffix in (("en", ""), ("zh", ".zh")):
                page = outputs.add("--out", out / f"{name}.report{suffix}.html")
                outputs.stage(page, _html_text(report, lang))
        _say(f"    {output}: {_summary(report)}")
        rows.append(_demo_row(name, report))
    _say("")
    _say(
        _text_table(
            ("example", "methodology", "kind", "net benefit (t CO2e)", "credits"),
            rows,
            (False, False, False, True, True),
        )
    )
    for scenarios in sorted(examples.glob("*/scenarios.yaml")):
        _demo_comparison(scenarios, out)
    _say(
        f"Open the HTML reports in a browser: {out}/<example>.report.html (Chinese: .report.zh.html)"
    )


def _demo_comparison(scenarios: Path, out: Path) -> None:
    """Compare the options of a shipped scenario file, writing JSON and HTML (en, zh)."""
    from mrv.engine.provenance import pretty_json, write_atomic  # noqa: PLC0415
    from mrv.interface.html.comparison import render_comparison_html  # noqa: PLC0415
    from mrv.planning import compare as run  # noqa: PLC0415

    name = scenarios.parent.name
    _say(f"\ncomparing the options of {scenarios} (ex-ante, an estimate)")
    comparison, _ = run(scenarios, registry=_registry())
    write_atomic(out / f"{name}.comparison.json", pretty_json(comparison.model_dump(mode="json")))
    for lang, suffix in (("en", ""), ("zh", ".zh")):
        page = render_comparison_html(comparison, lang)
        write_atomic(out / f"{name}.comparison{suffix}.html", page)
    _say(_comparison_table(comparison))
    _say(f"    {out}/{name}.comparison.html (Chinese: .comparison.zh.html)")


def _comparison_table(comparison: Any) -> str:
    rows = [
        (
            s.id,
            f"{s.net_benefit.value:,.3f}",
            f"{s.net_benefit_per_hectare.value:,.3f}",
            "—"
            if s.abatement_cost is None
            else f"{s.abatement_cost.value:,.1f} {s.abatement_cost.unit}",
            str(len(s.warnings)),
        )
        for s in comparison.scenarios
    ]
    return _text_table(
        ("option", "net benefit (t CO2e)", "per ha", "cost per t", "warnings"),
        rows,
        (False, True, True, True, True),
    )


def _demo_row(name: str, report: Any) -> tuple[str, ...]:
    totals = report.totals if report.totals.periods else report.ex_ante_totals
    kind = (
        "estimate"
        if report.estimate_reason
        else ("ex-ante" if not report.totals.periods else "ex-post")
    )
    return (
        name,
        f"{report.methodology.id} {report.methodology.version}",
        kind,
        f"{totals.net_benefit.value:,.3f}",
        f"{totals.issuable_credits:,}",
    )


def _text_table(
    header: tuple[str, ...], rows: Sequence[tuple[str, ...]], numeric: tuple[bool, ...]
) -> str:
    """Lay out rows as a plain-text table for a terminal or a log; numeric columns align right."""
    widths = [max(len(row[i]) for row in [header, *rows]) for i in range(len(header))]

    def line(row: tuple[str, ...]) -> str:
        cells = (
            cell.rjust(width) if right else cell.ljust(width)
            for cell, width, right in zip(row, widths, numeric, strict=True)
        )
        return "  ".join(cells).rstrip()

    rule = "  ".join("-" * width for width in widths)
    return "\n".join([line(header), rule, *(line(row) for row in rows)])


def main() -> None:
    """Run the command line (a real Ctrl-C interrupts; one raised by plug-in code is its fault)."""
    from mrv.contract.guard import mark_interrupts  # noqa: PLC0415

    mark_interrupts()
    app()
