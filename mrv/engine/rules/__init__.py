"""The built-in uncertainty rules, and finding the rule a methodology names.

Rules are :class:`mrv.contract.rules.UncertaintyRule` records: the engine reads the record a
methodology's ``uncertainty_rule`` names (built-in, or registered by a plug-in through the
``mrv_uncertainty_rules`` hook) and calls its ``deduct`` for each period.
"""

from __future__ import annotations

from collections.abc import Mapping

from mrv.contract.rules import UncertaintyRule
from mrv.engine.rules.per_term import AR_TOOL14, NONE, VM0042
from mrv.engine.rules.vm0033 import VM0033

__all__ = ["BUILT_IN_RULES", "find_rule"]

#: The rules the core ships, by id.
BUILT_IN_RULES: dict[str, UncertaintyRule] = {
    rule.id: rule for rule in (NONE, AR_TOOL14, VM0042, VM0033)
}


def find_rule(
    rule_id: str, registered: Mapping[str, UncertaintyRule] | None = None
) -> UncertaintyRule:
    """Return the rule ``rule_id``: a built-in or one a plug-in registered.

    Raises
    ------
    KeyError
        Naming the known rules.
    """
    known = {**BUILT_IN_RULES, **(registered or {})}
    try:
        return known[rule_id]
    except KeyError:
        raise KeyError(
            f"unknown uncertainty rule {rule_id!r}; known: {', '.join(sorted(known))}"
        ) from None
