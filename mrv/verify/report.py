"""Verify a report: recompute it from its project and compare every field.

The verifier recomputes with the methodology version, profile, parameters and GWP set the
project document names; checks the report's own digest against its body and the digests of
the inputs and parameters it holds; compares every field of the report with the recomputation
(:mod:`mrv.verify.fields`); and weighs misstatements against the materiality threshold
(:mod:`mrv.verify.materiality`). Every kind of report is checked the same way: ex-post,
ex-ante, or both.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import Any

from mrv.common.errors import InputError, Problem
from mrv.common.units import REPORT_UNIT
from mrv.contract.plugins import PluginRegistry
from mrv.engine.compute import compute, load_project, results_body
from mrv.engine.provenance import sha256_hex
from mrv.io.documents import load_validated
from mrv.model.report import FIGURES, Report, Totals
from mrv.model.verification import Discrepancy, HashCheck, VerificationStatement
from mrv.verify.fields import DEFAULT_TOLERANCE, Reference, TraceInfo, compare_fields
from mrv.verify.leaves import Leaf
from mrv.verify.materiality import materiality_threshold, relative_misstatement, statement_totals
from mrv.verify.verdict import decide

__all__ = ["judge", "load_report", "verify"]

_PERIOD = re.compile(r"^periods\[([^\]]+)\]\.")
_TRACE = re.compile(r"^trace\[([^\]]+)\]")
_COUNTED = ("issuable_credits", "credits_issued_before")
_FIGURE = re.compile(r"^periods\[([^\]]+)\]\.(\w+)(?:\.value)?$")
_TOTAL = re.compile(r"^(totals|ex_ante_totals)\.(\w+)(?:\.value)?$")
_RECORDED = (*FIGURES, "issuable_credits")


def load_report(path: Path, document: Any = None) -> Report:
    """Read and validate a report file (or its ``document`` already read from ``path``).

    Raises
    ------
    InputError
        If the file is missing, malformed, or not a report of this schema.
    """
    return load_validated(path, Report, document)


def _changed(claimed: Mapping[str, Any], recomputed: Mapping[str, Any]) -> list[str]:
    return sorted(
        key for key in claimed.keys() | recomputed.keys() if claimed.get(key) != recomputed.get(key)
    )


#: What a matching digest means, by digest.
_MATCHES = {
    "inputs_sha256": "the project document and the tables the verifier holds are those the report was computed from",
    "parameters_sha256": "the parameter tables are those the report was computed with",
    "results_sha256": "the report's figures are as they were computed",
}


def _hash_check(
    name: Any, claimed: Mapping[str, Any], recomputed: str, explanation: str
) -> HashCheck:
    """Compare one digest; the explanation says what a match, or a mismatch, means."""
    matches = claimed.get(name) == recomputed
    return HashCheck(
        name=name,
        claimed=str(claimed.get(name)),
        recomputed=recomputed,
        matches=matches,
        explanation=_MATCHES[name] if matches else explanation,
    )


def _hash_checks(claimed: Mapping[str, Any], recomputed: Report) -> list[HashCheck]:
    tables = _changed(claimed.get("tables") or {}, recomputed.tables)
    parameters = _changed(
        {k: (v or {}).get("value") for k, v in (claimed.get("parameters") or {}).items()},
        {k: v.value for k, v in recomputed.parameters.items()},
    )
    return [
        _hash_check(
            "inputs_sha256",
            claimed,
            recomputed.inputs_sha256,
            f"tables differ: {', '.join(tables)}"
            if tables
            else "the project document differs from the one the report was computed from",
        ),
        _hash_check(
            "parameters_sha256",
            claimed,
            recomputed.parameters_sha256,
            f"parameter values differ: {', '.join(parameters)}"
            if parameters
            else "a parameter table differs (not one the calculation used, or its source or range)",
        ),
        _hash_check(
            "results_sha256",
            claimed,
            sha256_hex(results_body(claimed)),
            "the report's figures were edited after it was computed",
        ),
    ]


def _trace_info(report: Report) -> dict[str, TraceInfo]:
    """Each trace entry's id, equation, what it depends on, and unit."""
    return {
        entry.id: TraceInfo(
            entry.id,
            entry.equation,
            tuple(item.ref for item in entry.inputs)
            + tuple(f"parameter:{p}" for p in entry.parameters),
            entry.value.unit,
        )
        for entry in report.trace
    }


class _Weights:
    """What each path of a report is weighed against, and the trace entry it falls in."""

    def __init__(self, recomputed: Report) -> None:
        self.totals = {
            "ex-post": recomputed.totals.net_benefit.value,
            "ex-ante": (recomputed.ex_ante_totals or recomputed.totals).net_benefit.value,
        }
        self.kinds = {period.id: period.kind for period in recomputed.periods}
        self.trace = recomputed.derive(
            "verify.trace", recomputed.trace, lambda: _trace_info(recomputed)
        )

    def scale(self, path: str, leaf: Leaf | None = None) -> float | None:
        last = path.rsplit(".", 1)[-1]
        statement = (
            last in _COUNTED or last in FIGURES or (leaf is not None and leaf.unit == REPORT_UNIT)
        )
        if not statement:
            return None
        if path.startswith("totals."):
            return self.totals["ex-post"]
        if path.startswith("ex_ante_totals."):
            return self.totals["ex-ante"]
        match = _PERIOD.match(path)
        if match and match.group(1) in self.kinds:
            return self.totals[self.kinds[match.group(1)]]
        return None

    def _figure_entry(self, path: str) -> TraceInfo | None:
        """Return the entry of a period's figure (<period>/<figure>), or a total's sum of them."""
        match = _FIGURE.match(path)
        if match and match.group(2) in _RECORDED:
            return self.trace.get(f"{match.group(1)}/{match.group(2)}")
        match = _TOTAL.match(path)
        if match and match.group(2) in _RECORDED:
            kind = "ex-post" if match.group(1) == "totals" else "ex-ante"
            parts = tuple(
                f"{period}/{match.group(2)}"
                for period, of_kind in self.kinds.items()
                if of_kind == kind and f"{period}/{match.group(2)}" in self.trace
            )
            return TraceInfo(
                "",
                f"sum over the {kind} periods of their settled figures (mrv convention, docs/index.md#deductions-and-issuance)",
                parts,
                self.trace[parts[0]].unit if parts else "",
            )
        return None

    def trace_of(self, path: str, claimed: Mapping[str, Any]) -> TraceInfo | None:
        """Return the trace entry a field is or rests on: trace leaves, period figures, totals."""
        figure = self._figure_entry(path)
        if figure is not None:
            return figure
        match = _TRACE.match(path)
        if match is None:
            return None
        ident = match.group(1)
        if ident in self.trace:
            return self.trace[ident]
        entry = next(  # an entry only the claimed report has
            (
                e
                for e in claimed.get("trace") or ()
                if isinstance(e, Mapping) and str(e.get("id")) == ident
            ),
            {},
        )
        return TraceInfo(ident, str(entry.get("equation", "")), (), "")


def _claimed_figures(
    claimed: Mapping[str, Any], recomputed: Report, threshold: float, scale: float
) -> list[Discrepancy]:
    totals, _ = statement_totals(recomputed)
    given = claimed.get("totals", claimed)
    if not isinstance(given, Mapping):
        raise InputError([Problem("", "claimed.totals", "expected a mapping of figures")])
    figures: dict[str, dict[str, Any]] = {"claimed": {}, "recomputed": {}}
    for name, value in given.items():
        if name == "periods":
            continue
        if name != "issuable_credits" and name not in FIGURES:
            raise InputError(
                [
                    Problem(
                        "",
                        f"claimed.{name}",
                        f"unknown figure; expected {', '.join((*FIGURES, 'issuable_credits'))}",
                    )
                ]
            )
        if isinstance(value, bool) or not isinstance(value, (int, float)):
            raise InputError(
                [Problem("", f"claimed.{name}", f"expected a number; found {value!r}")]
            )
        recomputed_value = (
            totals.issuable_credits if name == "issuable_credits" else getattr(totals, name).value
        )
        figures["claimed"][name] = {"value": value, "unit": REPORT_UNIT}
        figures["recomputed"][name] = {"value": recomputed_value, "unit": REPORT_UNIT}
    found, _ = compare_fields(
        figures["claimed"],
        Reference.of(figures["recomputed"]),
        threshold=threshold,
        scale_of=lambda _path, _leaf: scale,
    )
    return [item.model_copy(update={"path": f"claimed.{item.path}"}) for item in found]


def _misstatement(given: Any, totals: Totals, *, complete: bool) -> float:
    """Return the largest relative misstatement of the net benefit and the issuable credits [fraction].

    ``complete``: both figures must be there (a report); else only those given are weighed
    (figures claimed elsewhere). A figure missing or not a number is misstated entirely.
    """
    if not isinstance(given, Mapping):
        return 1.0
    parts = []
    net = given.get("net_benefit")
    if isinstance(net, Mapping):  # a quantity
        net = net.get("value")
    for value, recomputed in (
        (net, totals.net_benefit.value),
        (given.get("issuable_credits"), float(totals.issuable_credits)),
    ):
        if value is None and not complete:
            continue
        if isinstance(value, bool) or not isinstance(value, (int, float)):
            return 1.0
        parts.append(relative_misstatement(float(value), recomputed, recomputed))
    return max(parts, default=0.0)


def judge(
    claimed: Mapping[str, Any],
    recomputed: Report,
    *,
    materiality: str = "iso",
    figures: Mapping[str, Any] | None = None,
    tolerance: float = DEFAULT_TOLERANCE,
    reference: Reference | None = None,
) -> VerificationStatement:
    """Compare a report as received (its JSON data) with the recomputed report.

    Parameters
    ----------
    claimed : mapping
        The report as received, as JSON data (``Report.model_dump(mode="json")``).
    recomputed : Report
        The report recomputed from the project.
    materiality : str
        ``iso`` (5 %), a share such as ``0.02``, or ``cdm-large``/``cdm-small``/``cdm-micro``.
    figures : mapping or None
        Totals claimed elsewhere (e.g. a proponent's spreadsheet), with the keys of the report's
        totals [t CO2e; issuable credits in whole t CO2e].
    tolerance : float
        Relative and absolute tolerance within which a figure reproduces.
    reference : Reference or None
        ``Reference.of(recomputed.model_dump(mode="json"))``, when the caller already has it.
    """
    threshold, basis = materiality_threshold(materiality, recomputed)
    weights = _Weights(recomputed)
    discrepancies, compared = compare_fields(
        claimed,
        Reference.of(recomputed.model_dump(mode="json")) if reference is None else reference,
        threshold=threshold,
        tolerance=tolerance,
        scale_of=weights.scale,
        trace_of=lambda path: weights.trace_of(path, claimed),
    )
    totals, kind = statement_totals(recomputed)
    from_elsewhere = (
        _claimed_figures(figures, recomputed, threshold, totals.net_benefit.value)
        if figures is not None
        else []
    )
    aggregate = _misstatement(
        claimed.get("ex_ante_totals" if kind == "ex-ante" else "totals"), totals, complete=True
    )
    if figures is not None:
        aggregate = max(
            aggregate, _misstatement(figures.get("totals", figures), totals, complete=False)
        )
    checks = _hash_checks(claimed, recomputed)
    decision = decide(
        hash_checks=checks,
        discrepancies=discrepancies,
        claimed=from_elsewhere,
        compared=compared,
        tolerance=tolerance,
        aggregate=aggregate,
        threshold=threshold,
    )
    methodology = recomputed.methodology
    return decision.statement(
        subject="report",
        project_id=recomputed.project_id,
        methodology=f"{methodology.id}@{methodology.version}",
        report_sha256=sha256_hex(claimed),
        compared_fields=compared,
        tolerance=tolerance,
        materiality_threshold=threshold,
        materiality_basis=basis,
        aggregate_misstatement=aggregate,
        hash_checks=tuple(checks),
        discrepancies=tuple(discrepancies) + tuple(from_elsewhere),
        findings=tuple(
            dict.fromkeys(recomputed.findings)
        ),  # one finding raised in each period: once
    )


def _major(version: str) -> int | None:
    head = version.split(".", 1)[0]
    return int(head) if head.isdigit() else None


def verify(
    report: Report,
    project: Path,
    *,
    materiality: str = "iso",
    claimed: Mapping[str, Any] | None = None,
    registry: PluginRegistry | None = None,
    tolerance: float = DEFAULT_TOLERANCE,
    allow: Iterable[Path | str] = (),
) -> VerificationStatement:
    """Recompute ``report`` from ``project`` and state what reproduces and what does not.

    Parameters
    ----------
    report : Report
        The report to verify.
    project : pathlib.Path
        The project document (with its tables) the report claims to come from.
    materiality : str
        ``iso`` (5 %), a share such as ``0.02``, or ``cdm-large``/``cdm-small``/``cdm-micro``.
    claimed : mapping or None
        Totals claimed elsewhere (e.g. a proponent's spreadsheet), with the keys of the report's
        totals; compared with the recomputation as well.
    registry : PluginRegistry or None
        Installed plug-ins.
    tolerance : float
        Relative and absolute tolerance within which a figure reproduces.
    allow : iterable of paths
        Folders besides the project's own that its files may lie in.

    Raises
    ------
    InputError
        Bad input, or a methodology of another id or major version than the report's.
    """
    loaded = load_project(project, registry=registry, allow=allow)
    methodology = loaded.methodology
    if methodology.id != report.methodology.id:
        raise InputError(
            [
                Problem(
                    str(project),
                    "project.methodology.id",
                    f"the report was computed with {report.methodology.id}; the project names {methodology.id}",
                )
            ]
        )
    major = _major(report.methodology.version)
    if major is not None and methodology.major != major:
        raise InputError(
            [
                Problem(
                    str(project),
                    "project.methodology.version",
                    f"the report was computed with {methodology.id} {report.methodology.version}; installed is {methodology.version}: verify refuses a different major version",
                )
            ]
        )
    return judge(
        report.model_dump(mode="json"),
        compute(loaded),
        materiality=materiality,
        figures=claimed,
        tolerance=tolerance,
    )
