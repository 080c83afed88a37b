"""A plug-in that registers an uncertainty rule of its own (tests only).

``programme-five-percent`` deducts a share (the table ``programme_share``, 5 %) of the
absolute project figure of each period.
"""

from pathlib import Path

import mrv
from mrv.contract.rules import RuleContext, UncertaintyRule


def deduct(context: RuleContext):
    share = context.parameters.get("programme_share")
    project = context.figures["project"]
    return context.trace.record(
        "uncertainty_deduction",
        "test programme §4.2: share x |project|",
        share.scalar("1") * abs(project.scalar("t CO2e")),
        "t CO2e",
        inputs=[("project", project.refs[0])],
        parameters=["programme_share"],
    )


RULE = UncertaintyRule(
    "programme-five-percent",
    "test programme §4.2",
    deduct,
    parameters=Path(__file__).parent / "parameters",
    source={"document": "mrv test fixture: a programme rule", "paragraph": "§4.2"},
)


class Rules:
    @mrv.hookimpl
    def mrv_uncertainty_rules(self):
        yield RULE


class TakesABuiltIn:
    @mrv.hookimpl
    def mrv_uncertainty_rules(self):
        yield UncertaintyRule("vm0033", "not the real one", deduct)
