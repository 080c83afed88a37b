"""The verifier's commands besides verify: keygen and sign (checked by verify --signature), diff."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Annotated

import typer

from mrv.interface.console import Lang, _guarded, _outputs, _say, _say_json, app


@app.command()
@_guarded
def keygen(
    key: Annotated[
        Path, typer.Argument(help="private key file to write; KEY.pub gets the public key")
    ],
) -> None:
    """Write a new Ed25519 key pair for signing reports and statements (never overwrites).

    Keep KEY private (it is written readable by you only); give KEY.pub to whoever checks.

    Example: mrv keygen verifier-key
    """
    from mrv.verify import signing  # noqa: PLC0415

    private, public = signing.keygen(key)
    short = signing.key_id(signing.load_public_key(public))[:16]
    _say(f"wrote {private} (private) and {public} (public), key {short}…")


@app.command()
@_guarded
def sign(
    document: Annotated[Path, typer.Argument(help="report or statement to sign (JSON)")],
    key: Annotated[Path, typer.Option("--key", help="private key written by mrv keygen")],
    output: Annotated[
        Path | None,
        typer.Option("-o", "--output", help="envelope to write (default: DOCUMENT.dsse.json)"),
    ] = None,
) -> None:
    """Sign a report or a verification statement: an Ed25519 DSSE envelope over its canonical bytes.

    Example: mrv sign report.json --key my-key -o report.dsse.json
    """
    from mrv.io.documents import load_document  # noqa: PLC0415
    from mrv.verify.signing import load_private_key, sign_document  # noqa: PLC0415

    with _outputs() as outputs:
        path = output or document.with_name(document.name.removesuffix(".json") + ".dsse.json")
        target = outputs.add("--output", path)
        private = load_private_key(key)
        envelope = sign_document(load_document(document), private)
        outputs.stage(target, json.dumps(envelope, indent=2) + "\n")
    _say(
        f"{path}: signed {document} ({envelope['payloadType']}) with key {envelope['signatures'][0]['keyid'][:16]}…"
    )


@app.command()
@_guarded
def diff(
    first: Annotated[Path, typer.Argument(help="report A (JSON written by mrv compute)")],
    second: Annotated[Path, typer.Argument(help="report B, read as the newer one (B - A)")],
    html: Annotated[
        Path | None, typer.Option("--html", help="also write the comparison as one HTML page")
    ] = None,
    lang: Lang = "en",
    as_json: Annotated[
        bool, typer.Option("--json", help="print the whole comparison as JSON")
    ] = False,
) -> None:
    """Compare two reports of one project: inputs, parameters, methodology, figures, trace.

    A resubmission, another parameter profile or another methodology version: what changed,
    with the trace entries that explain each figure's change, largest first.

    Example: mrv diff report-2019.json report-2006.json --html diff.html --lang zh
    """
    from mrv.interface.html.diff import render_diff_html  # noqa: PLC0415
    from mrv.interface.reporting import _check_lang  # noqa: PLC0415
    from mrv.verify import load_report  # noqa: PLC0415
    from mrv.verify.diff import diff_reports  # noqa: PLC0415

    _check_lang(lang)
    with _outputs() as outputs:
        page = outputs.add("--html", html)
        comparison = diff_reports(load_report(first), load_report(second), str(first), str(second))
        if page is not None:
            outputs.stage(page, render_diff_html(comparison, lang))
    if as_json:
        _say_json(comparison.model_dump(mode="json"))
        return
    _say(f"{first} -> {second}: project {comparison.project_id}")
    for field in comparison.identity:
        _say(f"  {field.field}: {field.a} -> {field.b}")
    _say(
        f"  input tables changed: {len(comparison.tables)}; parameters changed: {len(comparison.parameters)}"
    )
    for figure in comparison.figures:
        if figure.where == "totals":
            _say(
                f"  totals.{figure.figure}: {figure.a:,.3f} -> {figure.b:,.3f} ({figure.difference:+,.3f} {figure.unit})"
            )
    for step in comparison.trace[:5]:
        if step.difference is not None:
            _say(f"  {step.id}: {step.difference:+,.6g} {step.unit} ({step.equation[:80]})")
