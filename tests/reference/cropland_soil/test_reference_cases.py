"""Worked examples of the cropland formula sheet, each intermediate checked (rtol 1e-6)."""

from pathlib import Path

import pytest

from mrv.testing.cases import check_case, find_cases

CASES = find_cases(Path(__file__).parent)


@pytest.mark.parametrize("case", CASES, ids=lambda path: path.name)
def test_reference_case(case):
    check_case(case)


def test_every_case_is_found():
    assert {case.name for case in CASES} >= {
        "ex1_tier1",
        "ex2a_2019_disaggregated",
        "ex2b_2019_aggregated",
        "ex2c_2006",
        "ex3_full_chain",
    }
