"""Commands on one project: methodologies, schema, validate, compute, report, verify, export."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, Any

import typer

from mrv.interface.console import (
    _VERBOSITY,
    EXIT_MATERIAL,
    SHOWN_DISCREPANCIES,
    AllowPath,
    Lang,
    ProjectArgument,
    Scheduler,
    UseDask,
    Workers,
    _guarded,
    _outputs,
    _registry,
    _say,
    _say_json,
    _working,
    app,
)
from mrv.interface.reporting import (
    _check_lang,
    _executor,
    _html_text,
    _json_text,
    _load,
    _summary,
)


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
    signature: Annotated[
        Path | None,
        typer.Option(
            "--signature", help="DSSE envelope of the report (mrv sign), shown on the page"
        ),
    ] = None,
    public_key: Annotated[
        list[Path] | None,
        typer.Option("--public-key", help="a trusted public key for --signature (repeatable)"),
    ] = None,
) -> None:
    """Render an existing report as one self-contained HTML page (no network needed to view it).

    With --signature and --public-key the page says who signed the report and whether the
    signature holds.

    Example: mrv report report.json --html report.html --lang en
    """
    from mrv.interface.html import render_html  # noqa: PLC0415
    from mrv.verify import load_report  # noqa: PLC0415

    _check_lang(lang)
    with _outputs() as outputs:
        page = outputs.add("--html", html)
        loaded = load_report(source)
        check = _signature_of(source, signature, public_key or []) if signature else None
        outputs.stage(page, render_html(loaded, lang, check))
    _say(f"{html}: {_summary(loaded)}")


@app.command()
@_guarded
def verify(
    report: Annotated[Path, typer.Argument(help="report to verify (JSON written by mrv compute)")],
    project: Annotated[
        Path | None,
        typer.Option("--project", help="the project document the report claims to come from"),
    ] = None,
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
    signature: Annotated[
        Path | None,
        typer.Option("--signature", help="DSSE envelope written by mrv sign, to check too"),
    ] = None,
    public_key: Annotated[
        list[Path] | None,
        typer.Option("--public-key", help="a trusted public key for --signature (repeatable)"),
    ] = None,
    engagement: Annotated[
        Path | None,
        typer.Option(
            "--engagement",
            help="YAML of the engagement: verifier, assurance, criteria, scope, dates",
        ),
    ] = None,
    html: Annotated[
        Path | None, typer.Option("--html", help="also write the statement as one HTML page")
    ] = None,
    lang: Lang = "en",
    report_page: Annotated[
        str, typer.Option("--report-page", help="the report's HTML page, for links into its trace")
    ] = "",
) -> None:
    """Recompute a report and compare every field: exit 0 if verified, 1 if not.

    Prints the verification statement (JSON). With --signature (and --public-key), also checks
    that the report is exactly what the key's holder signed; that needs no project files.

    Example: mrv verify report.json --project examples/cropland-soil/project.yaml --materiality iso
    """
    from mrv.common.errors import InputError, Problem  # noqa: PLC0415
    from mrv.io.documents import load_document  # noqa: PLC0415
    from mrv.verify import load_report  # noqa: PLC0415
    from mrv.verify import verify as run  # noqa: PLC0415

    if project is None and signature is None:
        raise InputError(
            [
                Problem(
                    "",
                    "--project",
                    "give --project to recompute, or --signature to check a signature",
                )
            ]
        )
    signed = _signature_of(report, signature, public_key or []) if signature else None
    if signed is not None:
        _say(f"{report}: {signed.summary}")
    holds = signed is None or bool(signed.holds)
    if project is None:
        if not holds:
            raise typer.Exit(EXIT_MATERIAL)
        return
    _check_lang(lang)
    declared = _engagement(engagement) if engagement is not None else None
    if declared is not None:
        materiality = declared.materiality
    claimed_figures = load_document(claimed) if claimed is not None else None
    if claimed_figures is not None and not isinstance(claimed_figures, dict):
        raise InputError([Problem(str(claimed), "", "expected a mapping of figures")])
    with _outputs() as outputs:
        target = outputs.add("--output", Path("-") if output is None else output)
        page = outputs.add("--html", html)
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
        if declared is not None:
            statement = statement.model_copy(update={"engagement": declared})
        outputs.stage(target, _json_text(statement))
        if page is not None:
            from mrv.interface.html.statement import render_statement_html  # noqa: PLC0415

            outputs.stage(page, render_statement_html(statement, lang, report_page, signed))
        _say_statement(report, statement)
    if statement.verdict != "verified" or not holds:
        raise typer.Exit(EXIT_MATERIAL)


def _say_statement(report: Path, statement: Any) -> None:
    """Print a statement's headline, checks and (some) discrepancies."""
    from mrv.verify import describe  # noqa: PLC0415

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


def _engagement(path: Path) -> Any:
    """Read the engagement a verifier declares (YAML or JSON)."""
    from pydantic import ValidationError  # noqa: PLC0415

    from mrv.common.errors import InputError, problems_from_validation  # noqa: PLC0415
    from mrv.io.documents import load_document  # noqa: PLC0415
    from mrv.model.verification import Engagement  # noqa: PLC0415

    try:
        return Engagement.model_validate(load_document(path))
    except ValidationError as error:
        raise InputError(problems_from_validation(error.errors(), str(path))) from None


def _signature_of(document: Path, envelope: Path, keys: list[Path]) -> Any:
    """Check the signature of a document against the trusted keys; return the check."""
    from mrv.common.errors import InputError, Problem  # noqa: PLC0415
    from mrv.io.documents import load_document  # noqa: PLC0415
    from mrv.verify.signing import check_envelope, load_public_key  # noqa: PLC0415

    if not keys:
        raise InputError([Problem("", "--public-key", "--signature needs the signer's public key")])
    return check_envelope(
        load_document(envelope),
        load_document(document),
        [load_public_key(key) for key in keys],
        str(envelope),
    )


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
