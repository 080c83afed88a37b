"""Verification: integrity of digests, reproduction of every field, and materiality."""

from mrv.verify.fields import DEFAULT_TOLERANCE, Reference, compare_fields
from mrv.verify.leaves import Leaf, leaves
from mrv.verify.materiality import ISO_14064_3_DEFAULT, materiality_threshold, statement_totals
from mrv.verify.report import judge, load_report, verify
from mrv.verify.verdict import decide, describe

__all__ = [
    "DEFAULT_TOLERANCE",
    "ISO_14064_3_DEFAULT",
    "Leaf",
    "Reference",
    "compare_fields",
    "decide",
    "describe",
    "judge",
    "leaves",
    "load_report",
    "materiality_threshold",
    "statement_totals",
    "verify",
]
