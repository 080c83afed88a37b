"""The verdict and its deciding reason, from the three checks of a verification.

Integrity (the document's own digests, and the digests of the inputs and parameters the verifier
holds) comes first: if it fails, the document was edited or the verifier holds other inputs,
and nothing after it can be trusted. Reproduction (every field recomputed) comes next: a
document whose digests were recomputed after an edit passes integrity and fails here. Last,
materiality: figures claimed elsewhere (a spreadsheet) and the aggregate misstatement,
issuable credits included, against the threshold. A document is verified only when all three
pass.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any, Literal

from mrv.common.version import mrv_version
from mrv.io.arrow_tables import LINES_PER_BLOCK
from mrv.model.base import SCHEMA_VERSION
from mrv.model.verification import Check, Discrepancy, HashCheck, VerificationStatement

__all__ = ["Decision", "decide", "describe"]


#: Magnitudes written in plain decimals; smaller and larger ones in scientific notation.
_PLAIN = (1e-3, 1e15)


@dataclass(frozen=True, slots=True)
class Decision:
    """The verdict, its reason, a one-sentence headline, and the three checks."""

    verdict: Literal["verified", "not_verified"]
    reason: Literal["", "integrity", "reproduction", "materiality"]
    headline: str
    checks: tuple[Check, ...]

    def statement(self, **fields: Any) -> VerificationStatement:
        """Return the verification statement of this decision, with what was verified.

        ``fields`` are the statement's other fields (subject, project, methodology, digests,
        discrepancies...); the schema version and mrv version are this mrv's.
        """
        return VerificationStatement(
            schema_version=SCHEMA_VERSION,
            verdict=self.verdict,
            reason=self.reason,
            headline=self.headline,
            checks=self.checks,
            mrv_version=mrv_version(),
            **fields,
        )


def _figure(value: object) -> str:
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        return repr(value) if isinstance(value, str) else str(value)
    if isinstance(value, int):
        return f"{value:,}"
    if value and not _PLAIN[0] <= abs(value) < _PLAIN[1]:
        return f"{value:,.6g}"
    return f"{value:,.6f}".rstrip("0").rstrip(".")


_BLOCK = re.compile(r'^table_blocks\["(?P<table>.+)"\]\[(?P<block>\d+)\]$')


def describe(item: Discrepancy) -> str:
    """One discrepancy in words: path, claimed, recomputed, and why it matters.

    A changed block of a table's lines is named by its lines, so a verifier holding other
    files knows which rows to look at.
    """
    block = _BLOCK.match(item.path)
    if block is not None:
        first = int(block["block"]) * LINES_PER_BLOCK + 1
        return (
            f"input table {block['table']}: lines {first:,}-{first + LINES_PER_BLOCK - 1:,} "
            "differ from the file the recomputation read (the header is line 1)"
        )
    unit = f" {item.unit}" if item.unit and item.kind == "figure" else ""
    text = f"{item.path}: claimed {_figure(item.claimed)}{unit}, recomputed {_figure(item.recomputed)}{unit}"
    if item.over_issuance:
        return f"{text} (over-issuance: always material)"
    if item.kind == "field":
        return f"{text} (a field that must match exactly)"
    if item.misstatement is not None:
        return f"{text} ({'material' if item.material else 'immaterial'}: {item.misstatement:.4%} misstatement)"
    return f"{text} ({'material' if item.material else 'immaterial'})"


def decide(
    *,
    hash_checks: Sequence[HashCheck],
    discrepancies: Sequence[Discrepancy],
    claimed: Sequence[Discrepancy],
    compared: int,
    tolerance: float,
    aggregate: float,
    threshold: float,
) -> Decision:
    """Decide the verdict from the checks.

    Parameters
    ----------
    hash_checks : sequence of HashCheck
        The digest checks (empty for a document without digests of its own).
    discrepancies : sequence of Discrepancy
        Fields of the document that differ from the recomputation.
    claimed : sequence of Discrepancy
        Figures claimed elsewhere that differ from the recomputation.
    compared : int
        How many fields were compared.
    tolerance : float
        Tolerance of a figure [fraction].
    aggregate : float
        Aggregate misstatement [fraction].
    threshold : float
        Materiality threshold [fraction].
    """
    broken = [check for check in hash_checks if not check.matches]
    integrity = Check(
        name="integrity",
        passed=not broken,
        summary=(
            "; ".join(f"{check.name} does not match: {check.explanation}" for check in broken)
            if broken
            else (
                f"{len(hash_checks)} digests match (the document's own, and the inputs and parameters held)"
                if hash_checks
                else "the document carries no digest of its own; every field is recomputed"
            )
        ),
    )
    reproduction = Check(
        name="reproduction",
        passed=not discrepancies,
        summary=(
            f"{len(discrepancies):,} of {compared:,} fields differ from the recomputation; the first: {describe(discrepancies[0])}"
            if discrepancies
            else f"all {compared:,} fields reproduce (figures within {tolerance:g}, everything else exactly)"
        ),
    )
    over = any(item.over_issuance for item in (*discrepancies, *claimed))
    material_claims = [item for item in claimed if item.material]
    passed = aggregate < threshold and not over and not material_claims
    if passed:
        summary = f"aggregate misstatement {aggregate:.4%}, below the threshold of {threshold:.2%}"
        if claimed:
            summary += f"; {len(claimed)} figure(s) claimed elsewhere differ immaterially"
    elif over:
        summary = f"issuable credits are claimed above the recomputed ones (over-issuance); aggregate misstatement {aggregate:.4%}"
    elif material_claims:
        summary = (
            f"a figure claimed elsewhere is materially misstated: {describe(material_claims[0])}"
        )
    else:
        summary = f"aggregate misstatement {aggregate:.4%} reaches the threshold of {threshold:.2%}"
    materiality = Check(name="materiality", passed=passed, summary=summary)
    checks = (integrity, reproduction, materiality)
    failed = next((check for check in checks if not check.passed), None)
    if failed is None:
        return Decision(
            "verified", "", f"verified: {reproduction.summary}; {integrity.summary}", checks
        )
    return Decision(
        "not_verified", failed.name, f"not verified ({failed.name}): {failed.summary}", checks
    )
