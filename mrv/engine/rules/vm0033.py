"""Verra VM0033 v2.1 Eq 87-92: one uncertainty deduction for the period's net, not per term.

The baseline's and the project's relative errors (Eq 87-90, absolute values in every
denominator) combine into NER_ERROR (Eq 91), and the net is cut by NER_ERROR less the
allowable uncertainty only when NER_ERROR exceeds it (Eq 92). The allowable uncertainty is a
parameter table (30 % at 95 % confidence, the level of the IPCC default ranges the terms carry),
so a profile can set another where a programme prescribes it.
"""

from __future__ import annotations

from pathlib import Path

from mrv.contract.rules import RuleContext, UncertaintyRule
from mrv.contract.traced import Traced
from mrv.engine import deductions

__all__ = ["ALLOWABLE_TABLE", "VM0033"]

CO2E = "t CO2e"
DATA = Path(__file__).resolve().parents[2] / "data" / "rules"
#: Allowable uncertainty by confidence level (VM0033 v2.1 §8.5.2).
ALLOWABLE_TABLE = "vm0033_allowable_uncertainty"
#: Term half-widths are 95 % intervals (the IPCC default ranges), so the 95 % row applies.
CONFIDENCE = "0.95"
SOURCE = {
    "document": "Verra VM0033 v2.1",
    "equation": "Eq 92",
    "paragraph": "8.5.2: allowable_uncert is 20 % at a 90 % confidence level or 30 % at 95 %",
}


def _deduct(context: RuleContext) -> Traced:
    """One deduction for the period by VM0033 v2.1 Eq 87-92; each step is traced [t CO2e]."""
    trace, figures = context.trace, context.figures
    parameter = context.parameters.get(ALLOWABLE_TABLE, confidence=CONFIDENCE)
    allowable = parameter.scalar("1")
    errors: dict[str, Traced] = {}
    with trace.scope("deductions"):
        for group in ("baseline", "project"):
            pairs = context.terms[group]
            errors[group] = trace.record(
                f"u_{group}",
                "Verra VM0033 v2.1 Eq 87-90: sqrt(sum (U_k E_k)^2) / sum |E_k| over the terms",
                deductions.vm0033_group_error(
                    [value.scalar(CO2E) for _, value in pairs],
                    [0.0 if t.uncertainty is None else t.uncertainty.scalar("1") for t, _ in pairs],
                ),
                "1",
                inputs=[(term.name, ref) for term, value in pairs for ref in value.refs]
                + [
                    (f"u_{term.name}", ref)
                    for term, _ in pairs
                    if term.uncertainty is not None
                    for ref in term.uncertainty.refs
                ],
            )
        error = trace.record(
            "ner_error",
            "Verra VM0033 v2.1 Eq 91: NER_ERROR = sqrt((U_BSL GHG_BSL)^2 + (U_WPS GHG_WPS)^2) / (|GHG_BSL| + |GHG_WPS|)",
            deductions.vm0033_net_error(
                figures["baseline"].scalar(CO2E),
                errors["baseline"].scalar("1"),
                figures["project"].scalar(CO2E),
                errors["project"].scalar("1"),
            ),
            "1",
            inputs=[
                ("ghg_bsl", figures["baseline"].refs[0]),
                ("u_bsl", errors["baseline"].refs[0]),
                ("ghg_wps", figures["project"].refs[0]),
                ("u_wps", errors["project"].refs[0]),
            ],
        )
    net = figures["net_benefit"].scalar(CO2E)
    applies = error.scalar("1") > allowable
    return trace.record(
        "uncertainty_deduction",
        f"Verra VM0033 v2.1 Eq 92: NER x (NER_ERROR - {allowable:g}) when NER_ERROR exceeds the allowable {allowable:g} "
        f"({SOURCE['paragraph']}); {'applies' if applies else 'NER_ERROR within the allowable: no deduction'}",
        deductions.vm0033_deduction(net, error.scalar("1"), allowable),
        CO2E,
        inputs=[("ner", figures["net_benefit"].refs[0]), ("ner_error", error.refs[0])],
        parameters=[ref.removeprefix("parameter:") for ref in parameter.refs],
    )


VM0033 = UncertaintyRule(
    "vm0033",
    "Verra VM0033 v2.1 Eq 87-92 on the period's net",
    _deduct,
    parameters=DATA / "vm0033",
    source=SOURCE,
)
