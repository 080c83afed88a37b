"""Rules that deduct for each uncertain term: none, VM0042, CDM AR-TOOL14 Appendix 2.

Each uncertain term's estimate E moves by share x U x |E| toward more emission (project and
leakage) or less (baseline), so every step lowers the net benefit; the period's deduction is
the sum of the steps. The share is 1 for VM0042 ((1 - UNC) on the estimate), the band's d for
AR-TOOL14 v04.2 Appendix 2 (a parameter table), 0 for none.
"""

from __future__ import annotations

import functools
import math
from collections.abc import Callable
from pathlib import Path

from mrv.contract.parameters import ParameterSet
from mrv.contract.rules import RuleContext, UncertaintyRule
from mrv.contract.traced import Traced

__all__ = ["AR_TOOL14", "BANDS_TABLE", "NONE", "SHARES", "VM0042", "band_share"]

CO2E = "t CO2e"
DATA = Path(__file__).resolve().parents[2] / "data" / "rules"
#: The parameter table of AR-TOOL14 Appendix 2: share deducted by inclusive upper bound of U.
BANDS_TABLE = "ar_tool14_appendix2_share"

#: A share of U x |E| for an uncertainty U: the share and the parameter ids it rests on.
Share = Callable[[ParameterSet, float], tuple[float, list[str]]]


def band_share(parameters: ParameterSet, uncertainty: float) -> tuple[float, list[str]]:
    """Share of U x |estimate| that AR-TOOL14 v04.2 Appendix 2 deducts at U [fraction].

    The bands are the rows of :data:`BANDS_TABLE`, keyed by their inclusive upper bound of U
    (``inf`` for the last); the share of the first band that holds U applies.
    """
    table = parameters.table(BANDS_TABLE)
    bounds = sorted(table.values, key=lambda row: float(row.key["upper_bound"]))
    chosen = next(
        (row for row in bounds if uncertainty <= float(row.key["upper_bound"])), bounds[-1]
    )
    share = parameters.get(BANDS_TABLE, upper_bound=chosen.key["upper_bound"])
    return float(share.to("1")), [ref.removeprefix("parameter:") for ref in share.refs]


def _no_share(parameters: ParameterSet, uncertainty: float) -> tuple[float, list[str]]:
    return 0.0, []


def _whole_share(parameters: ParameterSet, uncertainty: float) -> tuple[float, list[str]]:
    return 1.0, []


def _per_term(rule_id: str, title: str, share_of: Share) -> Callable[[RuleContext], Traced]:
    """Return the deduction of a per-term rule, picklable (rules travel to worker processes)."""
    return functools.partial(_deduct_per_term, rule_id, title, share_of)


def _deduct_per_term(rule_id: str, title: str, share_of: Share, context: RuleContext) -> Traced:
    """Deduct share x U x |E| for each uncertain term, and sum the steps [t CO2e]."""
    trace = context.trace
    steps: list[Traced] = []
    with trace.scope("deductions"):
        for group, pairs in context.terms.items():
            for term, value in pairs:
                if term.uncertainty is None:
                    continue
                u = term.uncertainty.scalar("1")
                share, cited = share_of(context.parameters, u)
                side = (
                    "raises the baseline estimate" if group == "baseline" else "lowers the estimate"
                )
                steps.append(
                    trace.record(
                        f"{group}/{term.name}",
                        f"{title}: share {share:g} x U {u:.6g} x |estimate|; {side}",
                        share * u * abs(value.scalar(CO2E)),
                        CO2E,
                        inputs=[("estimate", ref) for ref in value.refs]
                        + [("u", ref) for ref in term.uncertainty.refs],
                        parameters=cited,
                    )
                )
    if not steps:
        reason = (
            "none: no term carries an uncertainty"
            if rule_id != "none"
            else "none: the methodology applies no uncertainty deduction"
        )
        return trace.record("uncertainty_deduction", reason, 0.0, CO2E)
    return trace.record(
        "uncertainty_deduction",
        f"sum of the deductions under {rule_id} (docs/index.md#deductions-and-issuance)",
        math.fsum(step.scalar(CO2E) for step in steps),
        CO2E,
        inputs=[(f"step{index}", step.refs[0]) for index, step in enumerate(steps)],
    )


#: The share each per-term rule deducts, by rule id.
SHARES: dict[str, Share] = {
    "none": _no_share,
    "vm0042": _whole_share,
    "cdm-ar-tool14-appendix2": band_share,
}

NONE = UncertaintyRule(
    "none",
    "no uncertainty deduction",
    _per_term("none", "no uncertainty deduction", SHARES["none"]),
)
VM0042 = UncertaintyRule(
    "vm0042",
    "Verra VM0042 (1 - UNC) on the estimate",
    _per_term("vm0042", "Verra VM0042 (1 - UNC) on the estimate", SHARES["vm0042"]),
)
AR_TOOL14 = UncertaintyRule(
    "cdm-ar-tool14-appendix2",
    "CDM AR-TOOL14 v04.2 Appendix 2",
    _per_term(
        "cdm-ar-tool14-appendix2",
        "CDM AR-TOOL14 v04.2 Appendix 2",
        SHARES["cdm-ar-tool14-appendix2"],
    ),
    parameters=DATA / "cdm-ar-tool14-appendix2",
    source={
        "document": "CDM AR-TOOL14 v04.2",
        "paragraph": "Appendix 2 (adjustment for uncertainty)",
    },
)
