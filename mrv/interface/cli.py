"""The ``mrv`` command. Heavy modules are imported inside the commands, so ``--help`` is fast.

Exit codes (README, "Exit codes"): 0 success; 1 material discrepancy (verify); 2 bad input, one line per
problem on standard error; 3 a plug-in or internal failure, naming the plug-in.
"""

from __future__ import annotations

from mrv.interface.console import app

# The commands register themselves on ``app`` when imported, in the order of ``mrv --help``.
# isort: off
from mrv.interface import project_commands  # noqa: F401
from mrv.interface import portfolio_commands  # noqa: F401
from mrv.interface import verifier_commands  # noqa: F401

# isort: on

__all__ = ["app", "main"]


def main() -> None:
    """Run the command line (a real Ctrl-C interrupts; one raised by plug-in code is its fault)."""
    from mrv.contract.guard import mark_interrupts  # noqa: PLC0415

    mark_interrupts()
    app()
