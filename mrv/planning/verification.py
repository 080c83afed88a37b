"""Verify a comparison of options: recompute it from its scenario file and compare every field.

A comparison carries no digest of its own; each option carries the digest of its own report.
Every field is recomputed and compared (:func:`mrv.verify.compare_fields`), an option's figures
in t CO2e weighed against that option's net benefit, and its issuable credits claimed above the
recomputed ones are over-issuance.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import Any

from mrv.common.units import REPORT_UNIT
from mrv.contract.plugins import PluginRegistry
from mrv.engine.provenance import sha256_hex
from mrv.io.documents import load_validated
from mrv.model.report import Report
from mrv.model.verification import VerificationStatement
from mrv.planning.compare import Comparison, ScenarioResult, compare
from mrv.verify import (
    DEFAULT_TOLERANCE,
    Leaf,
    compare_fields,
    decide,
    leaves,
    materiality_threshold,
)
from mrv.verify.fields import Reference
from mrv.verify.materiality import relative_misstatement

__all__ = ["judge_comparison", "load_comparison", "verify_comparison"]

_OPTION = re.compile(r"^scenarios\[([^\]]+)\]\.")


def _misstatement(claimed: Mapping[str, Any], key: str, option: ScenarioResult) -> float:
    """Return the larger relative misstatement of an option's net benefit and credits [fraction].

    An option missing from the claimed comparison, or a figure that is not a number, is
    misstated entirely.
    """
    given = next(
        (
            item
            for item in claimed.get("scenarios") or ()
            if isinstance(item, Mapping) and item.get("id") == key
        ),
        None,
    )
    if given is None:
        return 1.0
    found = leaves(given)
    net, credits = found.get("net_benefit"), found.get("issuable_credits")
    if net is None or credits is None or not net.is_number or not credits.is_number:
        return 1.0
    return max(
        relative_misstatement(net.value, option.net_benefit.value, option.net_benefit.value),
        relative_misstatement(credits.value, option.issuable_credits, option.issuable_credits),
    )


def load_comparison(path: Path, document: Any = None) -> Comparison:
    """Read and validate a comparison (or its ``document`` already read from ``path``).

    Raises
    ------
    InputError
        If the file is missing, malformed, or not a comparison of this schema.
    """
    return load_validated(path, Comparison, document)


def verify_comparison(
    comparison: Comparison,
    scenarios: Path,
    *,
    materiality: str = "iso",
    registry: PluginRegistry | None = None,
    tolerance: float = DEFAULT_TOLERANCE,
    allow: Iterable[Path | str] = (),
) -> VerificationStatement:
    """Recompute a comparison from ``scenarios`` and state what reproduces and what does not.

    Parameters
    ----------
    comparison : Comparison
        The comparison to verify.
    scenarios : pathlib.Path
        The scenario file it claims to come from.
    materiality : str
        ``iso`` (5 %), a share such as ``0.02``, or a CDM scale rule (read on the option with
        the largest net benefit).
    registry : PluginRegistry or None
        Installed plug-ins.
    tolerance : float
        Relative and absolute tolerance within which a figure reproduces.
    allow : iterable of paths
        Folders besides each option's own that its files may lie in.
    """
    recomputed, reports = compare(scenarios, registry=registry, allow=allow)
    return judge_comparison(
        comparison.model_dump(mode="json"),
        recomputed,
        reports,
        materiality=materiality,
        tolerance=tolerance,
    )


def judge_comparison(
    claimed: Mapping[str, Any],
    recomputed: Comparison,
    reports: Mapping[str, Report],
    *,
    materiality: str = "iso",
    tolerance: float = DEFAULT_TOLERANCE,
    reference: Reference | None = None,
) -> VerificationStatement:
    """Compare a comparison as received (its JSON data) with the recomputed one.

    Parameters
    ----------
    claimed : mapping
        The comparison as received, as JSON data.
    recomputed : Comparison
        The comparison recomputed from its scenario file.
    reports : mapping
        Each option's recomputed report, by option id.
    materiality : str
        As for :func:`verify_comparison`.
    tolerance : float
        Relative and absolute tolerance within which a figure reproduces.
    reference : Reference or None
        ``Reference.of(recomputed.model_dump(mode="json"))``, when the caller already has it.
    """
    largest = max(
        reports.values(),
        key=lambda r: abs(r.ex_ante_totals.net_benefit.value) if r.ex_ante_totals else 0.0,
    )
    threshold, basis = materiality_threshold(materiality, largest)
    options = {option.id: option for option in recomputed.scenarios}
    if reference is None:
        reference = Reference.of(recomputed.model_dump(mode="json"))

    def scale_of(path: str, leaf: Leaf | None) -> float | None:
        match = _OPTION.match(path)
        if match is None or match.group(1) not in options:
            return None
        if (leaf is not None and leaf.unit == REPORT_UNIT) or path.endswith("issuable_credits"):
            return options[match.group(1)].net_benefit.value
        return None

    discrepancies, compared = compare_fields(
        claimed, reference, threshold=threshold, tolerance=tolerance, scale_of=scale_of
    )
    aggregate = max(
        (_misstatement(claimed, key, option) for key, option in options.items()), default=0.0
    )
    decision = decide(
        hash_checks=(),
        discrepancies=discrepancies,
        claimed=(),
        compared=compared,
        tolerance=tolerance,
        aggregate=aggregate,
        threshold=threshold,
    )
    methodologies = sorted(
        {option.methodology.replace(" ", "@") for option in recomputed.scenarios}
    )
    return decision.statement(
        subject="comparison",
        project_id=recomputed.site_id,
        methodology=", ".join(methodologies),
        report_sha256=sha256_hex(claimed),
        compared_fields=compared,
        tolerance=tolerance,
        materiality_threshold=threshold,
        materiality_basis=basis,
        aggregate_misstatement=aggregate,
        hash_checks=(),
        discrepancies=tuple(discrepancies),
        findings=(),
    )
