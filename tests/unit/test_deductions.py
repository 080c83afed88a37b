"""Deductions: AR-TOOL14 Appendix 2, VM0042, the buffer, the ledger and conservative rounding."""

import math
from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from mrv.contract.parameters import ParameterSet, load_parameter_folder
from mrv.engine.deductions import (
    ledger,
    settle,
    settle_deduction,
    vm0033_deduction,
    vm0033_group_error,
    vm0033_net_error,
)
from mrv.engine.rules import BUILT_IN_RULES, find_rule
from mrv.engine.rules.per_term import AR_TOOL14, SHARES
from mrv.engine.rules.vm0033 import ALLOWABLE_TABLE, VM0033

RULE_TABLES = ParameterSet(
    {**load_parameter_folder(AR_TOOL14.parameters), **load_parameter_folder(VM0033.parameters)}
)


def discount_share(rule: str, u: float) -> float:
    """The share of U x |estimate| a per-term rule deducts, from its shipped tables."""
    return SHARES[rule](RULE_TABLES, u)[0]


def vm0033_allowable() -> tuple[float, dict]:
    table = RULE_TABLES.table(ALLOWABLE_TABLE)
    return RULE_TABLES.get(ALLOWABLE_TABLE, confidence="0.95").scalar("1"), dict(
        table.source.model_dump(exclude_none=True)
    )


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
    with pytest.raises(KeyError, match="unknown uncertainty rule 'made-up'; known: "):
        find_rule("made-up")


def test_the_core_refuses_a_plug_in_rule_with_a_built_in_id():
    """The registry's list of reserved ids is the list of rules the engine ships."""
    from mrv.contract.plugins import BUILT_IN_RULE_IDS

    assert set(BUILT_IN_RULES) == BUILT_IN_RULE_IDS


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
    for rule in SHARES:
        assert discount_share(rule, low) * low <= discount_share(rule, high) * high
    allowable = vm0033_allowable()[0]
    assert vm0033_deduction(100.0, low, allowable) <= vm0033_deduction(100.0, high, allowable)


@given(st.floats(-1e6, 1e6, allow_nan=False), st.floats(0, 1e5), st.floats(0, 1e5))
def test_rounding_never_increases_credits(net, uncertainty, buffer):
    assert issued_for(net, uncertainty, buffer) <= max(net - uncertainty - buffer, 0) + 1e-6


def test_vm0033_net_error_takes_absolute_denominators():
    """Formula sheet wetland.md §2.3 test vector: GHG_BSL 1000 and GHG_WPS -900 at U 10 % each
    give sqrt(100^2 + 90^2) / 1900 = 7.081 %; a signed denominator (100) would give 134.5 %."""
    error = vm0033_net_error(1000.0, 0.10, -900.0, 0.10)
    assert error == pytest.approx(math.hypot(100.0, 90.0) / 1900.0, rel=1e-12)
    assert round(error * 100, 3) == 7.081


def test_vm0033_group_error_by_hand():
    """Eq 87-90 over terms of opposite sign: sqrt((0.5 x 200)^2 + (0.1 x -300)^2) / 500."""
    assert vm0033_group_error([200.0, -300.0, 50.0], [0.5, 0.1, 0.0]) == pytest.approx(
        math.hypot(100.0, 30.0) / 550.0, rel=1e-12
    )
    assert vm0033_group_error([0.0, 0.0], [0.3, 0.3]) == 0.0


def test_vm0033_deduction_only_above_the_allowable_and_never_a_factor_above_one():
    """Eq 92 applies only when NER_ERROR exceeds the allowable (30 % at 95 %); the pitfall the
    sheet lists (§5, an adjustment 1 - NER_ERROR + allowable applied regardless) would raise
    NER when the error is small."""
    allowable, source = vm0033_allowable()
    assert allowable == 0.30 and source["document"] == "Verra VM0033 v2.1"
    assert vm0033_deduction(1000.0, 0.07081, allowable) == 0.0
    assert vm0033_deduction(1000.0, 0.45, allowable) == pytest.approx(150.0)
    assert vm0033_deduction(-500.0, 0.9, allowable) == 0.0
    assert vm0033_deduction(1000.0, 2.5, allowable) == 1000.0


def test_a_profile_overrides_a_rule_parameter(tmp_path):
    """A programme that prescribes 20 % allowable uncertainty at 95 % overrides one row."""
    import toy_methodology

    from mrv.contract.methodology import ParameterProfile
    from mrv.engine.loading import load_parameters

    (tmp_path / "vm0033_allowable_uncertainty.yaml").write_text(
        "id: vm0033_allowable_uncertainty\ndescription: programme value\nunit: '1'\n"
        "setting: true\nsource: {document: a programme's rules}\ndimensions: [confidence]\n"
        "values:\n  - {confidence: '0.95', value: 0.20}\n",
        encoding="utf-8",
    )
    profile = ParameterProfile("toy-stock", "programme", "programme values", tmp_path)
    tables = load_parameters(toy_methodology.TOY, profile, VM0033)
    merged = ParameterSet(tables)
    assert merged.get(ALLOWABLE_TABLE, confidence="0.95").scalar("1") == 0.20
    assert merged.get(ALLOWABLE_TABLE, confidence="0.90").scalar("1") == 0.20
    assert (
        merged.used[f"{ALLOWABLE_TABLE}[confidence=0.95]"].source.document == "a programme's rules"
    )
    assert "cf" in tables  # the methodology's own tables are still there
