"""Planning: options compared before digging, revenue estimates, early warning of weak sinks.

Nothing here changes an MRV figure: comparisons, prices and warnings read reports and label
their own results as estimates.
"""

from mrv.planning.compare import Comparison, ScenarioResult, compare, load_scenarios
from mrv.planning.warnings import DEFAULT_THRESHOLD, EarlyWarning, early_warnings

__all__ = [
    "DEFAULT_THRESHOLD",
    "Comparison",
    "EarlyWarning",
    "ScenarioResult",
    "compare",
    "early_warnings",
    "load_scenarios",
]
