"""Conservative rounding of issuable credits."""

import pytest

from mrv.deductions import issuable_credits


@pytest.mark.parametrize(
    ("net", "uncertainty", "buffer", "expected"),
    [
        (500.5, 0.0, 0.0, 500),
        (500.999999, 0.0, 0.0, 500),
        (99.99999999999999, 0.0, 0.0, 100),  # binary noise of an exact 100 is settled first
        (100.0, 0.5, 0.0, 99),
        (100.0, 10.0, 20.0, 70),
        (-3.2, 0.0, 0.0, 0),
        (0.4, 0.0, 0.0, 0),
        (1e9 + 0.7, 0.0, 0.0, 1_000_000_000),
    ],
)
def test_rounds_down_never_negative(net, uncertainty, buffer, expected):
    assert issuable_credits(net, uncertainty, buffer) == expected
