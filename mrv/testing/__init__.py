"""Test kit for plug-in authors: conformance checks and hypothesis strategies.

Run the conformance kit on an example project of your methodology in your own tests::

    from mrv.testing import check_methodology

    def test_conformance():
        check_methodology("examples/my-method/project.yaml")

The kit is also a pytest plug-in (entry point ``pytest11``): the fixture ``mrv_conformance``
returns :func:`check_methodology`.
"""

from mrv.testing.audit import audit_equation
from mrv.testing.conformance import (
    check_determinism,
    check_identities,
    check_methodology,
    check_permutation_invariance,
    check_schema_round_trip,
    check_unit_invariance,
)

__all__ = [
    "audit_equation",
    "check_determinism",
    "check_identities",
    "check_methodology",
    "check_permutation_invariance",
    "check_schema_round_trip",
    "check_unit_invariance",
]
