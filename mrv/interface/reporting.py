"""Helpers of the commands that compute and show reports: summaries, HTML, loading, executors."""

from __future__ import annotations

import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from mrv.interface.console import (
    _registry,
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
