"""Deductions: AR-TOOL14 Appendix 2, VM0042, the buffer, the ledger and conservative rounding."""

from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from mrv import deductions
from mrv.deductions import discount_share, ledger, settle, settle_deduction


def test_ar_tool14_worked_example():
    """AR-TOOL14 v04.2 Appendix 2 example: 60 +/- 9 gives 57.75 (project) and 62.25 (baseline)."""
    estimate, half_width = 60.0, 9.0
    u = half_width / estimate  # 15 %, in the band (10, 15]
    amount = discount_share("cdm-ar-tool14-appendix2", u) * u * estimate
    assert estimate - amount == pytest.approx(57.75, rel=1e-12)
    assert estimate + amount == pytest.approx(62.25, rel=1e-12)


@pytest.mark.parametrize(
    ("u", "share"),
    [
        (0.0, 0.0),
        (0.10, 0.0),
        (0.1000001, 0.25),
        (0.15, 0.25),
        (0.1500001, 0.50),
        (0.20, 0.50),
        (0.2000001, 0.75),
        (0.30, 0.75),
        (0.3000001, 1.0),
        (2.0, 1.0),
    ],
)
def test_band_boundaries_are_inclusive_upper_bounds(u, share):
    assert discount_share("cdm-ar-tool14-appendix2", u) == share


def test_other_rules():
    assert discount_share("vm0042", 0.08614) == 1.0
    assert discount_share("none", 0.5) == 0.0
    with pytest.raises(ValueError, match="unknown uncertainty rule"):
        discount_share("made-up", 0.1)


def test_settling_is_half_even_for_figures_and_upward_for_deductions():
    assert settle(1.0000005) == Decimal("1.000000") or settle(1.0000005) == Decimal("1.000001")
    assert settle(2.0000025) in {Decimal("2.000002"), Decimal("2.000003")}
    assert settle_deduction(0.0000001) == Decimal("0.000001")
    assert settle_deduction(1.0) == Decimal("1.000000")


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
def test_one_period_rounds_down_never_negative(net, uncertainty, buffer, expected):
    assert issued_for(net, uncertainty, buffer) == expected


def issued_for(net, uncertainty, buffer):
    """Credits the ledger issues for one period with these figures."""
    (entry,) = ledger([(settle(net), settle_deduction(uncertainty), settle_deduction(buffer))])
    return entry.issuable_credits


def D(text):
    return Decimal(text)


def test_ledger_by_hand():
    """Three periods: growth, a fire loss (reversal), recovery; buffer 10 % of removals."""
    entries = ledger(
        [
            (D("100.6"), D("0"), D("10.06")),
            (D("-30"), D("0"), D("0")),
            (D("50.5"), D("0"), D("5.05")),
        ]
    )
    first, second, third = entries
    assert (first.issuable_credits, first.credits_issued_before) == (90, 0)  # floor(90.54)
    assert first.buffer_balance == D("10.06")
    assert second.reversal == D("30")
    assert second.buffer_cancellation == D("10.06")  # the buffer covers what it can
    assert second.issuable_credits == 0
    assert second.buffer_balance == D("0")
    # cumulative eligible: 90.54 - 30 + 45.45 = 105.99 -> 105 in all, 90 already issued
    assert third.cumulative_eligible == D("105.99")
    assert (third.issuable_credits, third.credits_issued_before) == (15, 90)
    assert third.cumulative_net_benefit == D("121.1")


periods = st.lists(
    st.tuples(
        st.decimals(min_value=-1000, max_value=10000, places=6),
        st.decimals(min_value=0, max_value=500, places=6),
        st.decimals(min_value=0, max_value=500, places=6),
    ),
    min_size=1,
    max_size=6,
)


@given(periods)
def test_no_issuance_exceeds_the_cumulative_eligible_benefit(rows):
    """Credits issued in a period never push the total past the cumulative eligible benefit then.

    Earlier credits cannot be withdrawn: when later deductions or losses lower the cumulative
    benefit, nothing more is issued until it is made good.
    """
    for entry in ledger(rows):
        after = entry.credits_issued_before + entry.issuable_credits
        if entry.issuable_credits:
            assert after <= entry.cumulative_eligible
        assert entry.issuable_credits >= 0
        assert entry.buffer_cancellation <= entry.reversal


@given(periods, st.integers(0, 5), st.decimals(min_value=0, max_value=100, places=6))
def test_a_larger_deduction_never_gives_more_credits(rows, index, extra):
    index %= len(rows)
    more = list(rows)
    net, deduction, buffer = more[index]
    more[index] = (net, deduction + extra, buffer)
    assert sum(e.issuable_credits for e in ledger(more)) <= sum(
        e.issuable_credits for e in ledger(rows)
    )


@given(st.floats(0.0, 2.0), st.floats(0.0, 2.0))
def test_more_uncertainty_never_a_smaller_deduction(u1, u2):
    low, high = sorted((u1, u2))
    for rule in deductions.RULES:
        assert discount_share(rule, low) * low <= discount_share(rule, high) * high


@given(st.floats(-1e6, 1e6, allow_nan=False), st.floats(0, 1e5), st.floats(0, 1e5))
def test_rounding_never_increases_credits(net, uncertainty, buffer):
    assert issued_for(net, uncertainty, buffer) <= max(net - uncertainty - buffer, 0) + 1e-6
