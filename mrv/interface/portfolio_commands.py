"""Commands across projects and options: compare, warn, batch, overlap, template, demo."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import Annotated, Any

import typer

from mrv.interface.console import (
    EXIT_BAD_INPUT,
    EXIT_FAILURE,
    AllowPath,
    Lang,
    Scheduler,
    UseDask,
    Workers,
    _complain,
    _guarded,
    _outputs,
    _progress,
    _registry,
    _say,
    _say_found,
    _working,
    app,
)
from mrv.interface.reporting import (
    _check_lang,
    _executor,
    _html_text,
    _json_text,
    _summary,
)


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
