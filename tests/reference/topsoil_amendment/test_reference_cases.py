"""Worked examples of the topsoil-amendment formula sheet, each intermediate checked."""

from pathlib import Path

import pytest

from mrv.testing.cases import check_case, find_cases

CASES = find_cases(Path(__file__).parent)


@pytest.mark.parametrize("case", CASES, ids=lambda path: path.name)
def test_reference_case(case):
    check_case(case)


def test_every_case_is_found():
    assert {case.name for case in CASES} >= {
        "ex1_biochar",
        "ex1_biochar_vm0044_transport",
        "ex2a_topsoil_tonne_km",
        "ex2b_topsoil_fuel",
        "ex3_compost_topsoil_remeasured",
        "ex3_compost_after_t0",
    }
