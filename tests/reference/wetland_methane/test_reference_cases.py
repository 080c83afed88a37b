"""Worked examples of the wetland formula sheet, each intermediate checked (rtol 1e-6)."""

from pathlib import Path

import pytest

from mrv.testing.cases import check_case, find_cases

CASES = find_cases(Path(__file__).parent)


@pytest.mark.parametrize("case", CASES, ids=lambda path: path.name)
def test_reference_case(case):
    check_case(case)


def test_every_case_is_found():
    assert {case.name for case in CASES} >= {
        "ex1_rewetted_vm0033",
        "ex1_rewetted_ws_inventory",
        "ex2_water_levels",
        "ex3_ch4_outweighs_carbon",
        "ex4_two_strata_ar5_ar6",
    }
