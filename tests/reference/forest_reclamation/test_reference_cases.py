"""Worked examples of the forest formula sheet, each intermediate checked (rtol 1e-4)."""

from pathlib import Path

import pytest

from mrv.testing.cases import check_case, find_cases

CASES = find_cases(Path(__file__).parent)


@pytest.mark.parametrize("case", CASES, ids=lambda path: path.name)
def test_reference_case(case):
    check_case(case)


def test_every_case_is_found():
    assert {case.name for case in CASES} >= {
        "ex1",
        "ex2",
        "ex3",
        "ex2_tropical_moist",
        "ex2_tropical_wet_precipitation",
    }
